"""Fields added to a recorded class after records of it exist.

Events are hashed into the chain and charters and genesis records into digests, field by
field (:func:`cogov.engine.chain.canonical_value`), and stores keep their JSON.  A field
added to one of those classes would change the hash of every event of that type recorded
before it existed, and every digest: a store written by an earlier release would no longer
verify, though nothing in it changed.

A field declared with :func:`added` is left out of the canonical form, and of the JSON, while
it holds its default, and written (tagged with its name) otherwise.  A record made before the
field existed therefore keeps its hash and its bytes, and one that uses the field is hashed
with it.  Two rules keep this sound, and tests in the suite enforce both: a new field of a
recorded class is declared with :func:`added`, and an added field's default never changes
(a record that left the field out means the default it had then).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["ADDED", "added", "added_fields", "at_default"]

#: the attrs metadata key marking an added field; its value is the release that added it
ADDED: Final = "cogov.added"


def added(since: str, *, default: Any, **kwargs: Any) -> Any:
    """An attrs field added in release ``since`` to a class whose records already exist.

    Takes ``default`` (required: a record from before the field means the default) and any
    other :func:`attrs.field` argument (``validator``, ``converter``, ``kw_only``…).
    """
    if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
        msg = "an added field's default cannot depend on the instance (it must mean one value)"
        raise TypeError(msg)
    metadata = {**kwargs.pop("metadata", {}), ADDED: since}
    return attrs.field(default=default, metadata=metadata, **kwargs)


def added_fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The fields of attrs class ``cls`` declared with :func:`added`, in declaration order."""
    return tuple(f for f in attrs.fields(cls) if ADDED in f.metadata)


def at_default(field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether ``value`` is ``field``'s default (so an added field is left out)."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return bool(value == default)
