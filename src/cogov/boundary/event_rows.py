"""Events as stored rows: the store's hot path, generated from the model.

A store writes every event as the compact JSON of :func:`cogov.boundary.codec.dumps_event`
and reads it back millions of times, so both directions are compiled once per event class
from its attrs fields (as :mod:`cogov.engine.chain` does for hashing) instead of walking
cattrs hooks per value:

* :func:`encode_row` returns exactly the bytes the converter would (a property test pins
  this), about four times faster;
* :func:`decode_row` rebuilds an event from a parsed row *without* re-running validators:
  rows were validated when appended and a store's ``verify()`` re-encodes every row and
  recomputes the hash chain, so a damaged row cannot pass unnoticed.  Outside data goes
  through :func:`cogov.boundary.codec.loads_events`, which validates everything.

``orjson`` parses rows when it is installed (``pip install cogov[fast]``; about twice as fast
as :mod:`json`); it is never used to *write*, so the stored bytes do not depend on it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, get_args, get_origin

import attrs

from cogov.errors import InvalidFieldError
from cogov.model.events import EVENT_TYPES, Event
from cogov.model.fields import shared_zone

__all__ = ["decode_row", "decode_row_for_folding", "encode_row", "parse_row"]

try:  # pragma: no cover - depends on the environment
    from orjson import loads as _orjson_loads

    parse_row: Callable[[bytes | str], Any] = _orjson_loads
except ImportError:  # pragma: no cover
    parse_row = json.loads

_fromisoformat = datetime.fromisoformat


def _dt(text: str) -> datetime:
    return shared_zone(_fromisoformat(text))


def _number(value: float) -> str:
    # As json writes them: an int as an int, a float by its repr (so "2" and "2.0" differ).
    if type(value) is int:
        return int.__repr__(value)
    if math.isfinite(value):
        return float.__repr__(value)
    msg = f"cannot write {value!r} as JSON; event fields take finite numbers"
    raise InvalidFieldError(msg)


def _iso(value: datetime) -> str:
    if value.utcoffset() is None:
        msg = f"cannot write naive datetime {value!r}; give it a tzinfo"
        raise InvalidFieldError(msg)
    return value.isoformat()


def _kind(tp: Any) -> str:
    """Which generated snippet a field type uses."""
    optional = False
    args = get_args(tp)
    if type(None) in args and len(args) == 2:
        optional = True
        tp = next(a for a in args if a is not type(None))
    if tp is str:
        kind = "str"
    elif tp is datetime:
        kind = "datetime"
    elif tp is float:
        kind = "float"
    elif tp is int:
        kind = "int"
    elif get_origin(tp) is tuple and get_args(tp) == (str, ...):
        kind = "strs"
    elif get_origin(tp) is frozenset and get_args(tp) == (str,):
        kind = "keys"
    elif get_origin(tp) is tuple and get_args(tp) == (tuple[str, str], ...):
        kind = "pairs"
    else:  # pragma: no cover - guarded by the tests over EVENT_TYPES
        msg = f"no row encoding for field type {tp!r}; teach cogov.boundary.event_rows about it"
        raise TypeError(msg)
    return f"optional_{kind}" if optional else kind


_ENCODE = {
    "str": "_s(e.{n})",
    "datetime": "'\"' + _iso(e.{n}) + '\"'",
    "float": "_n(e.{n})",
    "strs": "'[' + ','.join(map(_s, e.{n})) + ']'",
    "int": "int.__repr__(e.{n})",
    "keys": "'[' + ','.join(map(_s, sorted(e.{n}))) + ']'",
    "pairs": "'[' + ','.join('[' + _s(a) + ',' + _s(b) + ']' for a, b in e.{n}) + ']'",
}
_DECODE = {
    "str": "d[{k!r}]",
    "datetime": "_dt(d[{k!r}])",
    "float": "d[{k!r}]",
    "strs": "tuple(d[{k!r}])",
    "int": "d[{k!r}]",
    "keys": "frozenset(d[{k!r}])",
    "pairs": "tuple(tuple(p) for p in d[{k!r}])",
}


def _compile(
    cls: type[Event], dt: Callable[[str], datetime] = _dt
) -> tuple[Callable[[Event], str], Callable[[dict[str, Any]], Event]]:
    fields = attrs.fields(attrs.resolve_types(cls))
    pieces = [repr('{"type":' + json.dumps(cls.type))]
    setters: dict[str, Any] = {}
    lines = ["def decode(d):", "    e = _new(_cls)"]
    for field in fields:
        kind = _kind(field.type)
        name = field.name
        base = kind.removeprefix("optional_")
        value = _ENCODE[base].format(n=name)
        if kind.startswith("optional_"):
            value = f"('null' if e.{name} is None else {value})"
        pieces.append(repr(f',"{name}":'))
        pieces.append(value)
        read = _DECODE[base].format(k=name)
        if kind.startswith("optional_"):
            read = f"(None if d[{name!r}] is None else {read})"
        setters[f"_set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    _set_{name}(e, {read})")
    pieces.append("'}'")
    lines.append("    return e")
    # One join of a tuple: faster than a chain of "+" over a dozen pieces.
    source = "def encode(e):\n    return ''.join((" + ", ".join(pieces) + "))\n\n" + "\n".join(lines) + "\n"
    namespace: dict[str, Any] = {
        "_s": encode_basestring,
        "_iso": _iso,
        "_n": _number,
        "_dt": dt,
        "_new": object.__new__,
        "_cls": cls,
        **setters,
    }
    exec(compile(source, f"<cogov row codec for {cls.__name__}>", "exec"), namespace)  # noqa: S102 - built from attrs field names only
    return namespace["encode"], namespace["decode"]


_ENCODERS: dict[type[Event], Callable[[Event], str]] = {}
_DECODERS: dict[str, Callable[[dict[str, Any]], Event]] = {}
_FOLD_DECODERS: dict[str, Callable[[dict[str, Any]], Event]] = {}
for _cls in EVENT_TYPES:
    _ENCODERS[_cls], _DECODERS[_cls.type] = _compile(_cls)
    _FOLD_DECODERS[_cls.type] = _compile(_cls, _fromisoformat)[1]


def encode_row(event: Event) -> str:
    """``event`` as compact JSON, byte-for-byte what :func:`~cogov.boundary.codec.dumps_event` gives."""
    try:
        encode = _ENCODERS[type(event)]
    except KeyError:
        msg = f"cannot store {event!r}: {type(event).__name__} is not one of cogov's EVENT_TYPES"
        raise InvalidFieldError(msg) from None
    try:
        return encode(event)
    except (TypeError, AttributeError) as error:
        msg = (
            f"cannot write {type(event).__name__}: a field holds a value of the wrong type ({error}); "
            "build events with their constructors so every field is validated"
        )
        raise InvalidFieldError(msg) from error


def decode_row(document: dict[str, Any]) -> Event:
    """Rebuild a stored event from its parsed row (trusted: see the module docstring).

    Raises ``KeyError``/``TypeError``/``ValueError`` on a row that does not have the shape
    of its type; stores report those as damaged rows.
    """
    return _DECODERS[document["type"]](document)


def decode_row_for_folding(document: dict[str, Any]) -> Event:
    """:func:`decode_row` for a trusted fold, which compares no times: each datetime keeps the
    tzinfo its parser made (why: sharing one per offset costs a copy of every datetime, which
    only pays where a ledger compares times, as validation does)."""
    return _FOLD_DECODERS[document["type"]](document)
