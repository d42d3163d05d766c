"""Decoding errors as one line per bad value, each with its JSON path.

The converter (:mod:`cogov.boundary.codec`) decodes fast and stops at the first error; when
decoding fails, :func:`diagnose` walks the same value again field by field with a detailed
converter and runs every field's validator, so one report names *every* bad value::

    $.events[3].at: naive date-time '2022-05-01T09:00:00' has no UTC offset; ...
    $.events[3].channel: 'App' is not a valid key; ...
"""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

import attrs
import cattrs

from cogov.boundary.strict_json import shown
from cogov.errors import CogovError, InvalidFieldError
from cogov.model.charter import Charter
from cogov.model.events import EVENT_TYPES, Event

__all__ = ["EVENT_BY_TAG", "TAG", "diagnose", "message", "unknown_tag"]

#: the key naming an event's type in every serialised event
TAG = "type"

EVENT_BY_TAG: dict[str, type[Event]] = {cls.type: cls for cls in EVENT_TYPES}


def unknown_tag(tag: object) -> InvalidFieldError:
    if tag is None:
        msg = f"an event needs a {TAG!r} tag naming its type, e.g. 'issue_collected'"
    elif type(tag) is not str:
        msg = f"the {TAG!r} tag must be a string naming the event type, e.g. 'issue_collected'; got {type(tag).__name__}"
    else:
        msg = f"unknown event type {tag!r}; known types: {', '.join(sorted(EVENT_BY_TAG))}"
    return InvalidFieldError(msg)


_OWNER_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*: ")


def message(error: BaseException) -> str:
    if isinstance(error, CogovError):
        # Validators name "Class.field"; the path already says where.
        return _OWNER_PREFIX.sub("", str(error), count=1)
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(error.extra_fields)}; remove or rename them"
    return f"{type(error).__name__}: {error}"


def _format(error: BaseException, _: type | None) -> str:
    return message(error)


def _cattrs_problems(error: BaseException, path: str) -> list[str]:
    lines = cattrs.transform_error(error, path=path, format_exception=_format)
    problems = []
    for line in lines:
        message, _, where = line.rpartition(" @ ")
        problems.append(f"{where}: {message}" if message else line)
    return problems


def diagnose(value: Any, tp: Any, path: str, converter: cattrs.Converter) -> list[str]:
    """Every problem decoding ``value`` as ``tp``, each prefixed with its JSON path."""
    if tp is Event or (isinstance(tp, type) and issubclass(tp, Event)):
        if not isinstance(value, dict):
            return [f"{path}: expected an event object, got {shown(value)}"]
        tag = value.get(TAG)
        cls = EVENT_BY_TAG.get(tag) if type(tag) is str else None
        if cls is None:
            return [f"{path}.{TAG}: {message(unknown_tag(value.get(TAG)))}"]
        return _diagnose_attrs({k: v for k, v in value.items() if k != TAG}, cls, path, converter)
    if attrs.has(tp):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {shown(value)}"]
        return _diagnose_attrs(value, tp, path, converter)
    origin = get_origin(tp)
    if origin is tuple and isinstance(value, list):
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis and (attrs.has(args[0]) or args[0] is Event):
            return [
                p for i, item in enumerate(value) for p in diagnose(item, args[0], f"{path}[{i}]", converter)
            ]
    try:
        converter.structure(value, tp)
    except Exception as error:
        return _cattrs_problems(error, path)
    return []


def _diagnose_attrs(
    value: dict[str, Any], cls: type[Any], path: str, converter: cattrs.Converter
) -> list[str]:
    fields = attrs.fields_dict(cls)
    if cls is Charter:
        fields = {k: f for k, f in fields.items() if k != "rules"}
    accepted = {f.alias or name for name, f in fields.items() if f.init}
    problems = [
        f"{path}: unknown field {key!r}; fields of {cls.__name__} are {sorted(accepted)}"
        for key in value
        if key not in accepted
    ]
    structured: dict[str, Any] = {}
    failed = False
    types = attrs.resolve_types(cls)
    for name, field in fields.items():
        if not field.init:
            continue
        key = field.alias or name
        where = f"{path}.{key}"
        if key not in value:
            if field.default is attrs.NOTHING:
                problems.append(f"{where}: required field is missing")
                failed = True
            continue
        field_type: Any = attrs.fields_dict(types)[name].type
        found = diagnose(value[key], field_type, where, converter)
        if found:
            problems.extend(found)
            failed = True
            continue
        item = converter.structure(value[key], field_type)
        try:
            if field.converter is not None:
                item = field.converter(item)  # type: ignore[operator]
            structured[name] = item
        except CogovError as error:
            problems.append(f"{where}: {message(error)}")
            failed = True
    problems += _validator_problems(cls, fields, structured, path)
    if problems or failed:
        return problems
    if isinstance(cls, type) and issubclass(cls, Event):
        # event classes decode through the tagged union, which needs the tag stripped above
        value = {TAG: cls.type, **value}
    try:
        converter.structure(value, cls)
    except cattrs.ClassValidationError as error:
        problems.extend(_cattrs_problems(error, path))
    except CogovError as error:
        problems.append(f"{path}: {message(error)}")
    return problems


def _validator_problems(
    cls: type[Any], fields: dict[str, attrs.Attribute[Any]], structured: dict[str, Any], path: str
) -> list[str]:
    """Run the validators of the fields that decoded, so one pass names every bad value."""
    stub = object.__new__(cls)
    for name, item in structured.items():
        object.__setattr__(stub, name, item)
    problems = []
    for name, item in structured.items():
        validator = fields[name].validator
        if validator is None:
            continue
        try:
            validator(stub, fields[name], item)
        except CogovError as error:
            problems.append(f"{path}.{fields[name].alias or name}: {message(error)}")
        except Exception:  # noqa: S112 - a validator reading a field that failed to decode
            continue
    return problems
