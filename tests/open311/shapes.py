"""The shapes GeoReport v2 documents for its resources, as checks the tests share."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from cogov.open311 import REQUEST_FIELDS

SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
ATTRIBUTE_FIELDS = (
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
)


def _check_object(item: Any, fields: tuple[str, ...]) -> None:
    assert isinstance(item, dict)
    assert tuple(item) == fields


def check_services_json(body: bytes) -> list[dict[str, Any]]:
    items = json.loads(body)
    assert isinstance(items, list)
    for item in items:
        _check_object(item, SERVICE_FIELDS)
        assert item["type"] in ("realtime", "batch", "blackbox")
        assert isinstance(item["metadata"], bool)
    return items


def check_requests_json(body: bytes) -> list[dict[str, Any]]:
    items = json.loads(body)
    assert isinstance(items, list)
    for item in items:
        _check_object(item, REQUEST_FIELDS)
        assert item["status"] in ("open", "closed")
        for number in ("lat", "long"):
            assert item[number] is None or isinstance(item[number], float)
    return items


def _children(element: ET.Element) -> tuple[str, ...]:
    return tuple(child.tag for child in element)


def check_xml_list(body: bytes, root: str, item: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    tree = ET.fromstring(body)
    assert tree.tag == root
    found = []
    for child in tree:
        assert child.tag == item
        assert _children(child) == fields
        found.append({c.tag: c.text or "" for c in child})
    return found


def check_services_xml(body: bytes) -> list[dict[str, str]]:
    items = check_xml_list(body, "services", "service", SERVICE_FIELDS)
    for item in items:
        assert item["metadata"] in ("true", "false")
    return items


def check_requests_xml(body: bytes) -> list[dict[str, str]]:
    items = check_xml_list(body, "service_requests", "request", REQUEST_FIELDS)
    for item in items:
        assert item["status"] in ("open", "closed")
    return items


def check_errors(body: bytes, fmt: str, code: int) -> str:
    if fmt == "xml":
        tree = ET.fromstring(body)
        assert tree.tag == "errors"
        errors = [{c.tag: c.text for c in e} for e in tree]
        assert all(tuple(e) == ("code", "description") for e in errors)
        assert errors[0]["code"] == str(code)
        return str(errors[0]["description"])
    errors = json.loads(body)
    assert isinstance(errors, list)
    assert errors
    assert all(tuple(e) == ("code", "description") for e in errors)
    assert errors[0]["code"] == code
    return str(errors[0]["description"])
