"""The recorded forms stay fixed: what a stored event, charter or genesis record is hashed from.

Every attrs class an event, a charter or a genesis record is made of is encoded field by field
into the chain's hashes and digests (and into the stores' JSON).  A field added, removed,
renamed or moved in one of them changes the hash of every record of it made before, and
stores written by an earlier release would no longer verify.  This test pins each class's
fields; a new field must be declared with :func:`cogov.model.added_fields.added` (left out of
the hash at its default), and an added field's default must never change.

When a change is meant (a new ledger format, with an upgrade path for old stores),
regenerate the pinned forms with ``python -m tests.core.test_recorded_forms`` and say so in
the changelog.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import attrs

from cogov.engine.genesis import Genesis
from cogov.model.added_fields import ADDED
from cogov.model.charter import Charter
from cogov.model.events import EVENT_TYPES

PINNED = Path(__file__).with_name("recorded_forms.json")


def _classes_in(tp: Any) -> typing.Iterator[type]:
    if attrs.has(tp):
        yield tp
    for arg in typing.get_args(tp):
        yield from _classes_in(arg)


def recorded_classes() -> dict[str, type]:
    """Every attrs class reachable from a charter, a genesis record or an event, by name."""
    found: dict[str, type] = {}
    todo: list[type] = [Charter, Genesis, *EVENT_TYPES]
    while todo:
        cls = todo.pop()
        if found.get(cls.__name__) is cls:
            continue
        assert cls.__name__ not in found, f"two recorded classes are named {cls.__name__}: hashes tag by name"
        found[cls.__name__] = cls
        attrs.resolve_types(cls)
        for field in attrs.fields(cls):
            todo.extend(_classes_in(field.type))
    return found


def recorded_forms() -> dict[str, dict[str, Any]]:
    """Each recorded class's hashed fields in order, and its added fields with their defaults."""
    forms = {}
    for name, cls in sorted(recorded_classes().items()):
        fields = [f for f in attrs.fields(cls) if f.init and not (cls is Charter and f.name == "rules")]
        forms[name] = {
            "fields": [f.name for f in fields if ADDED not in f.metadata],
            "added": {f.name: [f.metadata[ADDED], repr(f.default)] for f in fields if ADDED in f.metadata},
        }
    return forms


def test_the_recorded_forms_are_the_pinned_ones() -> None:
    """No recorded class changes its hashed fields; new classes and added fields get pinned."""
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    now = recorded_forms()
    breaking = {
        name: {"pinned": pinned[name], "now": now.get(name)}
        for name in pinned
        if now.get(name) is None
        or now[name]["fields"] != pinned[name]["fields"]
        or not pinned[name]["added"].items() <= now[name]["added"].items()
    }
    assert not breaking, (
        "recorded classes changed in a way that changes the hashes of records made before them; "
        "declare a new field with cogov.model.added_fields.added, and never change an added "
        "field's default.  Only a new ledger format (with an upgrade for old stores) may change "
        f"them: {json.dumps(breaking, indent=1, ensure_ascii=False)}"
    )
    unpinned = sorted(name for name in now if now[name] != pinned.get(name))
    assert not unpinned, (
        f"new recorded classes or added fields in {unpinned}: pin them (their added fields' "
        "defaults are fixed from then on) with python -m tests.core.test_recorded_forms"
    )


if __name__ == "__main__":
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in recorded_forms().items()]
    PINNED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {PINNED}")
