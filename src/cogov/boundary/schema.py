"""JSON Schema (draft 2020-12) for cogov's documents, generated from the model.

Nothing here is written by hand: each attrs class becomes a ``$defs`` entry whose properties
come from its fields' types, refined by their validators (keys and codes get their patterns,
labels must not be blank, counts have their minimum), so the schema changes when the model
does.  The generated files ship in ``cogov/boundary/schemas/`` (a test keeps them equal to
fresh output); read them with :func:`shipped_schema`, print them with :func:`print_schema`
or ``cogov schema events`` on the command line.

Schemas: ``events`` (the event document; ``#/$defs/Event`` is one line of a JSON Lines
stream, ``#/$defs/Header`` its header line), ``community`` and ``charter``.

The schemas describe what cogov writes.  The decoder is a little more lenient on input in one
respect: it accepts any ISO 8601 date-time Python reads, as long as it has an offset.
"""

from __future__ import annotations

import enum
import json
import sys
from datetime import date, datetime
from importlib import resources
from typing import IO, Any, Final, get_args, get_origin

import attrs

from cogov.boundary.codec import (
    CHARTER_FORMAT,
    COMMUNITY_FORMAT,
    EVENTS_FORMAT,
    FORMAT_VERSION,
    CommunityDocument,
)
from cogov.errors import UnknownKeyError
from cogov.model import fields
from cogov.model.charter import Charter
from cogov.model.events import CORE_ACTIONS, EVENT_TYPES

__all__ = ["SCHEMA_NAMES", "generate_schema", "print_schema", "shipped_schema", "write_schemas"]

SCHEMA_NAMES: Final = ("events", "community", "charter")
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://cogov.invalid/schemas/"

#: ISO 8601 date-time as cogov writes it: always with a UTC offset (or Z)
DATETIME_PATTERN: Final = (
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)$"
)
DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"


def _anchored(pattern: str) -> str:
    return f"^(?:{pattern})$"


_KEY = {"type": "string", "pattern": _anchored(fields.KEY_RE.pattern)}
_CODE = {"type": "string", "pattern": _anchored(fields.CODE_RE.pattern)}
_LABEL = {"type": "string", "minLength": 1, "pattern": r"\S"}

#: how a field validator narrows the schema of its value (by validator function name)
_BY_VALIDATOR: dict[str, dict[str, Any]] = {
    "key": _KEY,
    "code": _CODE,
    "label": _LABEL,
    "codes": {"type": "array", "items": _CODE},
    "_some_codes": {"type": "array", "items": _CODE, "minItems": 1, "uniqueItems": True},
    "keys": {"type": "array", "items": _KEY, "uniqueItems": True},
    "non_negative": {"type": "number", "minimum": 0},
    "_positive_or_none": {"type": "integer", "minimum": 1},
    "_weight": {"type": "number", "minimum": 0, "maximum": 1},
    "non_negative_int": {"type": "integer", "minimum": 0},
    "_plugin_action": {**_KEY, "not": {"enum": sorted(CORE_ACTIONS)}},
    "field_changes": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "array",
            "prefixItems": [{"type": "string", "minLength": 1}, {"type": "string", "minLength": 1}],
            "minItems": 2,
            "maxItems": 2,
        },
    },
    "_weekdays": {
        "type": "array",
        "items": {"type": "integer", "minimum": 0, "maximum": 6},
        "uniqueItems": True,
        "maxItems": 6,
    },
}


def _validator_names(validator: Any) -> tuple[str, bool]:
    """The validator's name and whether it allows ``None``, seeing through and_/optional."""
    if validator is None:
        return "", False
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        names = [_validator_names(v) for v in inner]
        found = [n for n in names if n[0] in _BY_VALIDATOR or n[0].startswith("optional_")]
        return found[0] if found else ("", False)
    wrapped = getattr(validator, "validator", None)
    if wrapped is not None:
        return _validator_names(wrapped)[0], True
    name: str = getattr(validator, "__name__", "")
    if name.startswith("optional_"):
        return name.removeprefix("optional_"), True
    if name == "_end_after_start":
        return "", True
    return name, False


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        if tp is type(None):
            return {"type": "null"}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is datetime:
            return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
        if tp is date:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if attrs.has(tp):
            return self.ref(tp)
        origin, args = get_origin(tp), get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin is tuple:
            items = [self.type_schema(a) for a in args]
            return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}
        if origin is frozenset:
            return {"type": "array", "items": self.type_schema(args[0]), "uniqueItems": True}
        if type(None) in args:
            (inner,) = (a for a in args if a is not type(None))
            return {"anyOf": [self.type_schema(inner), {"type": "null"}]}
        msg = f"no JSON Schema for type {tp!r}; teach cogov.boundary.schema about it"
        raise TypeError(msg)

    def field_schema(self, field: attrs.Attribute[Any]) -> dict[str, Any]:
        name, nullable = _validator_names(field.validator)
        tp = field.type
        if type(None) in get_args(tp):
            nullable = True
            tp = next(a for a in get_args(tp) if a is not type(None))
        base = self.type_schema(tp)
        refined = _BY_VALIDATOR.get(name)
        if refined is not None and base.get("type") == refined["type"]:
            base = {**base, **refined}
        elif refined is not None and base.get("type") == "number" and refined["type"] == "integer":
            base = {**base, "minimum": refined["minimum"]}
        return {"anyOf": [base, {"type": "null"}]} if nullable else base

    def object_schema(
        self, cls: type[Any], *, tag: str | None = None, omit: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        fields = [f for f in attrs.fields(attrs.resolve_types(cls)) if f.init and f.name not in omit]
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            properties["type"] = {"const": tag}
            required.append("type")
        for field in fields:
            key = field.alias or field.name
            properties[key] = self.field_schema(field)
            if field.default is attrs.NOTHING:
                required.append(key)
        doc = (cls.__doc__ or cls.__name__).strip().split("\n\n")[0]
        return {
            "title": cls.__name__,
            "description": " ".join(doc.split()),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursion stops here
            omit = ("rules",) if cls is Charter else ()
            self.defs[name] = self.object_schema(cls, omit=omit)
        return {"$ref": f"#/$defs/{name}"}


def _header(fmt: str) -> dict[str, Any]:
    return {
        "format": {"const": fmt},
        "version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
    }


def _document(
    name: str, title: str, properties: dict[str, Any], required: list[str], defs: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": _DIALECT,
        "$id": f"{_ID_BASE}{name}.schema.json",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": ["format", "version", *required],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def generate_schema(name: str) -> dict[str, Any]:
    """Build the schema ``name`` (one of :data:`SCHEMA_NAMES`) from the model, now."""
    builder = _Builder()
    if name == "events":
        for cls in EVENT_TYPES:
            builder.defs[cls.__name__] = builder.object_schema(cls, tag=cls.type)
        builder.defs["Event"] = {
            "title": "Event",
            "description": "Any cogov event, tagged by its stable 'type' name; one line of a JSON Lines stream.",
            "oneOf": [{"$ref": f"#/$defs/{cls.__name__}"} for cls in EVENT_TYPES],
        }
        builder.defs["Header"] = {
            "title": "Header",
            "description": "The first line of a JSON Lines event stream.",
            "type": "object",
            "properties": _header(EVENTS_FORMAT),
            "required": ["format", "version"],
            "additionalProperties": False,
        }
        properties = {
            **_header(EVENTS_FORMAT),
            "events": {"type": "array", "items": {"$ref": "#/$defs/Event"}},
        }
        return _document(name, "cogov event stream", properties, ["events"], builder.defs)
    if name == "community":
        body = builder.object_schema(CommunityDocument)
        properties = {**_header(COMMUNITY_FORMAT), **body["properties"]}
        return _document(name, "cogov community structure", properties, body["required"], builder.defs)
    if name == "charter":
        body = builder.object_schema(Charter, omit=("rules",))
        properties = {**_header(CHARTER_FORMAT), **body["properties"]}
        return _document(name, "cogov charter (without rules)", properties, body["required"], builder.defs)
    msg = f"unknown schema {name!r}; schemas are {', '.join(SCHEMA_NAMES)}"
    raise UnknownKeyError(msg)


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` as shipped in the package (equal to :func:`generate_schema`)."""
    if name not in SCHEMA_NAMES:
        msg = f"unknown schema {name!r}; schemas are {', '.join(SCHEMA_NAMES)}"
        raise UnknownKeyError(msg)
    text = resources.files("cogov.boundary").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def print_schema(name: str, file: IO[str] | None = None) -> None:
    """Print the shipped schema ``name`` (``events``, ``community`` or ``charter``)."""
    (file or sys.stdout).write(_text(shipped_schema(name)))


def write_schemas(directory: Any) -> None:
    """Regenerate every schema file into ``directory`` (a :class:`pathlib.Path`)."""
    for name in SCHEMA_NAMES:
        (directory / f"{name}.schema.json").write_text(_text(generate_schema(name)), "utf-8")
