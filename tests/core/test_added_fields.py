"""A field added to a recorded class leaves the hashes, digests and JSON of older records alone.

Two versions of one class, before and after a field is added with
:func:`cogov.model.added_fields.added`: a record that leaves the new field at its default
hashes and encodes exactly as the old class did; one that uses it hashes differently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.codec import make_converter
from cogov.engine.chain import GENESIS, canonical_value, chain_hash
from cogov.model import fields
from cogov.model.added_fields import added, added_fields, at_default
from cogov.model.event_base import Event
from cogov.testing import EPOCH

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def _versions() -> tuple[type[Any], type[Any]]:
    """``Noted`` as first released, and with a field added later (the same type name)."""

    @attrs.frozen(kw_only=True)
    class Noted(Event):
        type: ClassVar[str] = "test_noted"
        note: str = attrs.field(validator=fields.text)

    first = Noted

    @attrs.frozen(kw_only=True)  # type: ignore[no-redef]
    class Noted(Event):
        type: ClassVar[str] = "test_noted"
        note: str = attrs.field(validator=fields.text)
        mood: str | None = added("0.3", default=None)
        tags: tuple[str, ...] = added("0.3", default=(), converter=tuple)

    return first, Noted


BEFORE, AFTER = _versions()


@given(note=texts, minutes=st.integers(0, 10**6))
def test_at_its_default_an_added_field_leaves_the_hash_as_it_was(note: str, minutes: int) -> None:
    """An event recorded before the field existed hashes the same under the new class."""
    at = datetime.fromtimestamp(EPOCH.timestamp() + 60 * minutes, EPOCH.tzinfo)
    old = BEFORE(at=at, actor="p-1", note=note)
    new = AFTER(at=at, actor="p-1", note=note)
    assert chain_hash(GENESIS, old) == chain_hash(GENESIS, new)
    assert canonical_value(old) == canonical_value(new)


@given(note=texts, mood=st.one_of(texts, st.none()), tags=st.lists(texts, max_size=3))
def test_an_added_field_that_is_used_is_hashed(note: str, mood: str | None, tags: list[str]) -> None:
    """Setting the field changes the hash iff it differs from the default; each value apart."""
    plain = AFTER(at=EPOCH, actor="p-1", note=note)
    used = AFTER(at=EPOCH, actor="p-1", note=note, mood=mood, tags=tags)
    assert (chain_hash(GENESIS, used) == chain_hash(GENESIS, plain)) == (mood is None and not tags)
    other = AFTER(at=EPOCH, actor="p-1", note=note, mood=(mood or "") + "x", tags=tags)
    assert chain_hash(GENESIS, other) != chain_hash(GENESIS, used)


def test_an_added_value_never_reads_as_a_positional_one() -> None:
    """A note ending where a tagged added part would begin does not collide with it."""
    tagged = AFTER(at=EPOCH, actor="p-1", note="a", mood="b")
    assert chain_hash(GENESIS, tagged) != chain_hash(
        GENESIS, BEFORE(at=EPOCH, actor="p-1", note="a\x1f@mood=1:b")
    )


def test_in_json_an_added_field_is_left_out_at_its_default_and_read_back_either_way() -> None:
    """A record's JSON from before the field decodes under the new class, and re-encodes to the same."""

    @attrs.frozen
    class Part:
        key: str
        weight: float = added("0.3", default=1.0)

    converter = make_converter()
    assert converter.unstructure(Part("k")) == {"key": "k"}
    assert converter.unstructure(Part("k", 2.0)) == {"key": "k", "weight": 2.0}
    assert converter.structure({"key": "k"}, Part) == Part("k")
    assert converter.structure({"key": "k", "weight": 2.0}, Part) == Part("k", 2.0)
    assert [f.name for f in added_fields(Part)] == ["weight"]
    assert at_default(attrs.fields(Part).weight, 1.0)


def test_an_added_field_needs_a_default_that_means_one_value() -> None:
    """A default computed from the instance could mean different things for old records."""
    with pytest.raises(TypeError, match="cannot depend on the instance"):
        added("0.3", default=attrs.Factory(lambda self: self.key, takes_self=True))
