"""GeoReport v2's two formats: JSON and XML, shaped as the specification shows them.

JSON is a list of objects (a service definition and the discovery document are one object).
XML has one root per resource — ``<services><service>``, ``<service_requests><request>``,
``<service_definition>``, ``<discovery>``, ``<errors><error>`` — with each field an element
in the order the specification lists it, an absent value an empty element, and the list
fields (``attributes``, ``values``, ``endpoints``, ``formats``) one element per item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal
from xml.sax.saxutils import escape

from cogov.errors import Open311Error

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Format",
    "Open311Error",
    "check_format",
    "errors_document",
    "render",
    "render_list",
]

Format = Literal["json", "xml"]
FORMATS: Final = ("json", "xml")
MEDIA_TYPES: Final[Mapping[str, str]] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
#: list fields and the element each of their items is written as
_ITEM: Final = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
#: characters XML 1.0 cannot hold even escaped (C0 controls but tab, newline, return)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_format(value: str) -> Format:
    """``"json"`` or ``"xml"``, or a 400 :class:`Open311Error` naming the formats."""
    if value == "json":
        return "json"
    if value == "xml":
        return "xml"
    msg = f"format {value!r} is not served; use .json or .xml"
    raise Open311Error(400, msg)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_NOT_XML.sub("", str(value)))


def _element(tag: str, value: object) -> str:
    if isinstance(value, Mapping):
        return f"<{tag}>{''.join(_element(k, v) for k, v in value.items())}</{tag}>"
    if isinstance(value, list | tuple):
        item = _ITEM.get(tag, "item")
        return f"<{tag}>{''.join(_element(item, v) for v in value)}</{tag}>"
    text = _text(value)
    return f"<{tag}>{text}</{tag}>" if text else f"<{tag}></{tag}>"


_DECLARATION: Final = '<?xml version="1.0" encoding="utf-8"?>'


def render_list(items: Sequence[Mapping[str, Any]], fmt: Format, root: str, item: str) -> bytes:
    """A list resource: a JSON array, or ``<root><item>…</item>…</root>``."""
    if fmt == "json":
        return json.dumps(list(items), ensure_ascii=False, separators=(",", ":")).encode()
    body = "".join(_element(item, entry) for entry in items)
    return f"{_DECLARATION}<{root}>{body}</{root}>".encode()


def render(document: Mapping[str, Any], fmt: Format, root: str) -> bytes:
    """A single-object resource (a service definition, discovery): an object, or ``<root>…</root>``."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{_DECLARATION}{_element(root, document)}".encode()


def errors_document(errors: Sequence[tuple[int, str]], fmt: Format) -> bytes:
    """The specification's error list: ``[{"code": …, "description": …}]`` / ``<errors><error>``."""
    items = [{"code": code, "description": description} for code, description in errors]
    return render_list(items, fmt, "errors", "error")
