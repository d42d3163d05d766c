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
from datetime import datetime
from typing import Any

import attrs

from cogov.model.events import Event

__all__ = ["DIGEST_SIZE", "GENESIS", "canonical_bytes", "chain_hash"]

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
    msg = f"cannot hash a field value of type {type(value).__name__}"
    raise TypeError(msg)


def _template(cls: type[Event]) -> str:
    """The f-string body encoding an event ``e`` of ``cls``."""
    attrs.resolve_types(cls)
    parts = [cls.type]
    for field in attrs.fields(cls):
        name = field.name
        if field.type is str:
            parts.append(f"{{len(e.{name})}}:{{e.{name}}}")
        elif field.type is datetime:
            parts.append(f"{{e.{name}.isoformat()}}")
        else:
            parts.append(f"{{_v(e.{name})}}")
    return "\x1f".join(parts)


def _compile(cls: type[Event]) -> tuple[Callable[[Event], bytes], Callable[[bytes, Event], bytes]]:
    # The repr of the template is a valid f-string literal; exec compiles it once.  The
    # hasher inlines the encoding (why: one Python call per event instead of two).
    literal = "f" + repr(_template(cls))
    source = (
        f"def encode(e):\n    return {literal}.encode()\n"
        f"def hasher(previous, e):\n"
        f"    h = _fresh()\n"
        f"    h.update(previous)\n"
        f"    h.update({literal}.encode())\n"
        f"    return h.digest()\n"
    )
    namespace: dict[str, Any] = {"_v": _v, "_fresh": _EMPTY.copy}
    exec(source, namespace)  # noqa: S102 - generated from attrs field names only
    return namespace["encode"], namespace["hasher"]


def _encoder_for(cls: type[Event]) -> Callable[[Event], bytes]:
    encode, hasher = _compile(cls)
    _HASHERS[cls] = hasher
    return encode


def _hasher_for(cls: type[Event]) -> Callable[[bytes, Event], bytes]:
    encode, hasher = _compile(cls)
    _ENCODERS[cls] = encode
    return hasher


_ENCODERS: dict[type[Event], Callable[[Event], bytes]] = {}
_HASHERS: dict[type[Event], Callable[[bytes, Event], bytes]] = {}


def canonical_bytes(event: Event) -> bytes:
    """The canonical encoding of ``event`` used for hashing."""
    cls = type(event)
    encode = _ENCODERS.get(cls)
    if encode is None:
        encode = _ENCODERS[cls] = _encoder_for(cls)
    return encode(event)


def chain_hash(previous: bytes, event: Event) -> bytes:
    """The hash of ``event`` following a predecessor whose hash is ``previous``."""
    hasher = _HASHERS.get(type(event))
    if hasher is None:
        hasher = _HASHERS[type(event)] = _hasher_for(type(event))
    return hasher(previous, event)
