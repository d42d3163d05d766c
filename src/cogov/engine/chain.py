"""The hash chain that makes recorded history tamper-evident.

Each event is encoded canonically (its stable ``type`` tag, then every field in declaration
order, strings length-prefixed so no two events share an encoding) and hashed together with
its predecessor's hash: ``h[i] = blake2b(h[i-1] + canonical(e[i]))``.  Changing, inserting or
dropping any recorded event changes every later hash.

Encoders are generated once per event class (why: a generic per-field loop costs several
times more, and the ledger hashes every event it applies).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

import attrs

from cogov.model.added_fields import ADDED, at_default
from cogov.model.events import Event

__all__ = ["DIGEST_SIZE", "GENESIS", "canonical_value", "chain_hash", "digest"]

DIGEST_SIZE = 16
GENESIS = bytes(DIGEST_SIZE)

#: an empty hasher to copy (why: copying is about twice as fast as constructing with digest_size)
_EMPTY = hashlib.blake2b(digest_size=DIGEST_SIZE)


def _s(value: str) -> str:
    return f"{len(value)}:{value}"


def _v(value: Any) -> str:
    # Generic fallback for fields whose type is not known statically.
    if value is None:
        return "~"
    if isinstance(value, str):
        return _s(value)
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return f"({len(value)}:" + ",".join(_v(v) for v in value) + ")"
    if isinstance(value, frozenset):
        return f"{{{len(value)}:" + ",".join(sorted(_v(v) for v in value)) + "}"
    msg = f"cannot hash a field value of type {type(value).__name__}"
    raise TypeError(msg)


def canonical_value(value: Any) -> str:
    """A canonical text of any model value: attrs instances field by field (init fields only,
    in declaration order, tagged with the class name), tuples in order, sets sorted, dicts by
    key.  Two equal values encode alike; used for digests of a genesis record and a charter.
    """
    encode = _CANONICAL.get(type(value))
    if encode is None:
        encode = _CANONICAL[type(value)] = _canonical_encoder(type(value))
    return encode(value)


def _canonical_encoder(cls: type) -> Callable[[Any], str]:
    """How values of ``cls`` are encoded (why per class: a genesis record holds tens of
    thousands of units and people, and looking up their fields once per class keeps a
    ledger's construction cheap)."""
    if attrs.has(cls):
        # One generated f-string per class: string fields inline, the rest through
        # canonical_value (the same text as a field-by-field loop, several times faster).
        attrs.resolve_types(cls)
        parts = []
        later: list[str] = []
        namespace: dict[str, Any] = {"_c": canonical_value}
        for field in attrs.fields(cls):
            if not field.init:
                continue
            if ADDED in field.metadata:
                namespace[f"_a{len(later)}"] = _added_part(field, f"\x1f{field.name}=", canonical_value)
                later.append(f"{{_a{len(later)}(v.{field.name})}}")
            elif field.type is str:
                parts.append(f"{field.name}={{len(v.{field.name})}}:{{v.{field.name}}}")
            else:
                parts.append(f"{field.name}={{_c(v.{field.name})}}")
        literal = "f" + repr(f"<{cls.__name__}:" + "\x1f".join(parts) + "".join(later) + ">")
        exec(f"def encode(v):\n    return {literal}\n", namespace)  # noqa: S102 - attrs field names only
        encoder: Callable[[Any], str] = namespace["encode"]
        return encoder
    if issubclass(cls, list | tuple):
        return lambda value: f"({len(value)}:" + ",".join([canonical_value(v) for v in value]) + ")"
    if issubclass(cls, frozenset | set):
        return lambda value: f"{{{len(value)}:" + ",".join(sorted(canonical_value(v) for v in value)) + "}"
    if issubclass(cls, dict):

        def encode_dict(value: Any) -> str:
            items = sorted((canonical_value(k), canonical_value(v)) for k, v in value.items())
            return f"[{len(items)}:" + ",".join(f"{k}={v}" for k, v in items) + "]"

        return encode_dict
    if issubclass(cls, Enum):
        return lambda value: f"{type(value).__name__}.{value.name}"
    if issubclass(cls, timedelta):
        return lambda value: f"{value.total_seconds()!r}s"
    if issubclass(cls, date) and not issubclass(cls, datetime):
        return date.isoformat
    if cls is str:
        return _s
    return _v


_CANONICAL: dict[type, Callable[[Any], str]] = {}


def digest(text: str) -> bytes:
    """The chain's hash of a text (a genesis record's canonical form, a charter's)."""
    h = _EMPTY.copy()
    h.update(text.encode())
    return h.digest()


def _added_part(field: attrs.Attribute[Any], tag: str, encode: Callable[[Any], str]) -> Callable[[Any], str]:
    """How an added field enters an encoding: not at all at its default, else tagged by name
    (so records from before it existed keep their hashes; see :mod:`cogov.model.added_fields`)."""

    def part(value: Any) -> str:
        return "" if at_default(field, value) else tag + encode(value)

    return part


def _template(cls: type[Event], namespace: dict[str, Any]) -> str:
    """The f-string body encoding an event ``e`` of ``cls`` (helpers it needs go in ``namespace``)."""
    attrs.resolve_types(cls)
    parts = [cls.type]
    later: list[str] = []
    for field in attrs.fields(cls):
        name = field.name
        if ADDED in field.metadata:
            # '@' starts no other part (strings start with their length, values with a digit,
            # '~', 'T', 'F', '(' or '{'), so a tagged part is never read as a positional one
            namespace[f"_a{len(later)}"] = _added_part(field, f"\x1f@{name}=", _v)
            later.append(f"{{_a{len(later)}(e.{name})}}")
        elif field.type is str:
            parts.append(f"{{len(e.{name})}}:{{e.{name}}}")
        elif field.type is datetime:
            parts.append(f"{{e.{name}.isoformat()}}")
        else:
            parts.append(f"{{_v(e.{name})}}")
    return "\x1f".join(parts) + "".join(later)


def _compile(cls: type[Event]) -> Callable[[bytes, Event], bytes]:
    # The repr of the template is a valid f-string literal; exec compiles it once.  The
    # hasher inlines the encoding (why: one Python call per event instead of two).
    namespace: dict[str, Any] = {"_v": _v, "_fresh": _EMPTY.copy}
    literal = "f" + repr(_template(cls, namespace))
    source = (
        f"def hasher(previous, e):\n"
        f"    h = _fresh()\n"
        f"    h.update(previous)\n"
        f"    h.update({literal}.encode())\n"
        f"    return h.digest()\n"
    )
    exec(source, namespace)  # noqa: S102 - generated from attrs field names only
    hasher: Callable[[bytes, Event], bytes] = namespace["hasher"]
    return hasher


_HASHERS: dict[type[Event], Callable[[bytes, Event], bytes]] = {}


def chain_hash(previous: bytes, event: Event) -> bytes:
    """The hash of ``event`` following a predecessor whose hash is ``previous``."""
    hasher = _HASHERS.get(type(event))
    if hasher is None:
        hasher = _HASHERS[type(event)] = _compile(type(event))
    return hasher(previous, event)
