"""Copying a community's ledger from one store to another, whatever keeps either.

A copy is the same chain: the target starts from the source's genesis record and receives the
source's events in the source's batches, each batch recorded at the time the source recorded
it (on a wall clock), so every hash is the same.  The source is fully verified first; the
target validates every event again as it appends, and each batch's head must equal the
source's, so a copy that differs in a single bit stops with a
:class:`~cogov.errors.StoreError` at the batch where it happened.  Events from a JSON Lines
file start a new ledger instead (:func:`import_events`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import attrs

from cogov.boundary.addresses import open_store
from cogov.boundary.store import EventStore, community_code
from cogov.engine.guards import Guard
from cogov.errors import StoreError
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["Copied", "copy_store", "import_events"]

#: events per batch when a file's events are imported (a file has no batches of its own)
IMPORT_BATCH = 10_000


@attrs.frozen
class Copied:
    """What a copy wrote: the community's code in the target, its events, batches and head."""

    community: str
    events: int
    batches: int
    head: bytes = attrs.field(repr=lambda h: h.hex())


def copy_store(
    source: EventStore,
    target: str | os.PathLike[str],
    *,
    community: str,
    guards: Mapping[str, Guard] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Copied:
    """Copy ``source``'s ledger into a new store of ``community`` at the address ``target``.

    ``progress`` is called with the number of events copied after each batch.
    """
    head = source.verify()
    ledger = source.load(verify=False)  # verified just now, from the same rows
    recorded: list[datetime | None] = [None]
    made = open_store(
        target,
        community=community,
        charter=source.charter,
        create=True,
        structure=source.genesis,
        clock=lambda: recorded[0] or datetime.now().astimezone(),
        guards=guards,
    )
    events = ledger.events
    wall = source.genesis.clock == "wall"
    try:
        batches = source.batches()
        for batch in batches:
            if wall:  # the source's recorded time of the batch, so the hashes agree
                recorded[0] = ledger.recorded_at(batch.first_seq)
            written = made.append(events[batch.first_seq : batch.first_seq + batch.count])
            if written.head != batch.head:
                msg = (
                    f"copy of community {community!r} differs from its source at batch {batch.id} "
                    f"(events #{batch.first_seq}-#{batch.first_seq + batch.count - 1}); nothing after it was copied"
                )
                raise StoreError(msg)
            if progress is not None:
                progress(batch.first_seq + batch.count)
        copied = made.verify()
    finally:
        made.close()
    if copied != head:  # pragma: no cover - every batch's head was compared above
        msg = f"copy of community {community!r} ends at head {copied.hex()}, its source at {head.hex()}"
        raise StoreError(msg)
    return Copied(community, len(events), len(batches), head)


def import_events(
    events: Iterable[Event],
    target: str | os.PathLike[str],
    *,
    charter: Charter,
    community: Community,
    appointments: Iterable[Appointment] = (),
    code: str | None = None,
    guards: Mapping[str, Guard] | None = None,
    batch: int = IMPORT_BATCH,
) -> Copied:
    """A new store at ``target`` for ``community`` holding ``events`` (an archive: its clock
    follows the events), appended in batches of ``batch``, each validated."""
    made = open_store(
        target,
        community=code,
        charter=charter,
        create=True,
        structure=community,
        appointments=appointments,
        clock="events",
        guards=guards,
    )
    stream = list(events)
    try:
        count = 0
        for start in range(0, len(stream), batch):
            made.append(stream[start : start + batch])
            count += 1
        head = made.verify()
    finally:
        made.close()
    return Copied(code or community_code(community), len(stream), count, head)
