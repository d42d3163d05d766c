"""What every event store does with its rows, whatever database keeps them.

A store keeps each event as a row ``(seq, body, hash, recorded)``: its sequence number, the
compact JSON :func:`~cogov.boundary.event_rows.encode_row` writes, its 16-byte chain hash and,
on a wall clock, when it was recorded (microseconds since the epoch).  This module is the
part of a store that does not depend on the database:

* :func:`chain_batch` validates a batch through the ledger and gives the rows to write;
* :func:`fold_in` folds rows other writers appended into a ledger, checking their hashes;
* :func:`read_stored` reads rows arriving in chunks (a database cursor's pages) into events,
  hashes and recorded times, naming the first damaged row; only one chunk of raw rows is
  held at a time;
* :func:`ledger_from` rebuilds the ledger from them, fully verified or trusted;
* :func:`fold_stored` is a trusted load that folds each chunk as it arrives;
* :func:`check_batches` proves the batches tile the events.

Every fault is a :class:`~cogov.errors.TamperedHistoryError` naming the first event it touches.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import attrs

from cogov.boundary.event_rows import decode_row, decode_row_for_folding, encode_row, parse_row
from cogov.boundary.store import Batch
from cogov.engine.chain import GENESIS
from cogov.engine.genesis import Genesis
from cogov.engine.guards import Guard
from cogov.engine.ledger import Ledger
from cogov.engine.replay import adopt_stored, fold_trusted, rebuild_checked, replay
from cogov.engine.timing import Clock
from cogov.errors import CogovError, InvalidFieldError, TamperedHistoryError
from cogov.model.charter import Charter
from cogov.model.events import Event

__all__ = [
    "PreparedBatch",
    "Reading",
    "StoredEvents",
    "chain_batch",
    "check_batches",
    "check_sequence",
    "damaged",
    "decode_stored",
    "empty_ledger",
    "encode_bodies",
    "fold_in",
    "fold_stored",
    "joined_hashes",
    "ledger_from",
    "read_stored",
]

Reading = Literal["fold", "check", "exact"]


def damaged(seq: int, what: str) -> TamperedHistoryError:
    msg = (
        f"event #{seq} in the store is damaged: {what}; restore the store from a backup "
        "(the events before it are intact)"
    )
    return TamperedHistoryError(msg, seq)


def decode_stored(seq: int, body: bytes) -> Event:
    try:
        return decode_row(parse_row(body))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise damaged(seq, f"its stored JSON does not decode ({type(error).__name__}: {error})") from None


def check_sequence(rows: Sequence[Any], start: int = 0) -> None:
    """Rows ordered by their (unique, integer) sequence numbers must number ``start`` on without
    a gap; the ends say so at once, and only a gap costs a walk to name the first missing event."""
    if rows and (rows[0][0] != start or rows[-1][0] != start + len(rows) - 1):
        for expected, row in enumerate(rows, start):
            if row[0] != expected:
                raise damaged(expected, "it is missing (sequence numbers jump)")


def joined_hashes(rows: Sequence[Any], start: int = 0) -> bytes:
    """The chain hashes of the event rows, one after another; a hash that is not a hash's
    length of bytes (a damaged column) is named by its event."""
    size = len(GENESIS)
    try:
        hashes = b"".join([row[2] for row in rows])
    except TypeError:  # a hash column holding something else: found below
        hashes = b""
    if len(hashes) != size * len(rows):
        at = next(i for i, row in enumerate(rows) if type(row[2]) is not bytes or len(row[2]) != size)
        raise damaged(start + at, f"its chain hash is {rows[at][2]!r}, not {size} bytes")
    return hashes


def check_batches(batches: Sequence[Batch], hashes: bytes | bytearray) -> None:
    """Batches must tile the events (whose ``hashes`` are given) exactly, each ending with its
    recorded head hash."""
    count = len(hashes) // 16
    next_seq = 0
    for batch in batches:
        if batch.first_seq != next_seq or batch.count < 1:
            raise damaged(next_seq, f"batch {batch.id} does not start where the previous one ended")
        last = batch.first_seq + batch.count - 1
        if last >= count or hashes[16 * last : 16 * last + 16] != batch.head:
            raise damaged(min(last, count), f"batch {batch.id} does not end with its recorded head hash")
        next_seq = last + 1
    if next_seq != count:
        raise damaged(next_seq, "it belongs to no committed batch")


# -- writing ------------------------------------------------------------------------------------
def encode_bodies(batch: Sequence[Event]) -> list[bytes]:
    """Each event's row JSON, encoded first: an event that cannot be written is refused before
    anything changes."""
    return [encode_row(event).encode() for event in batch]


@attrs.frozen
class PreparedBatch:
    """A validated batch: its rows to write, where it starts, its head hash and recorded time."""

    start: int
    rows: list[tuple[Any, ...]]
    head: bytes
    when: datetime


def chain_batch(
    ledger: Ledger,
    batch: Sequence[Event],
    bodies: Sequence[bytes],
    batch_id: int,
    prefix: tuple[Any, ...] = (),
) -> PreparedBatch:
    """Apply ``batch`` to ``ledger`` (all or nothing) and give its rows as
    ``(*prefix, seq, batch_id, body, hash, recorded)``; the caller writes them or, if writing
    fails, drops the ledger (it now holds events the store does not)."""
    start = len(ledger)
    ledger.apply_all(batch)
    head = ledger.hash_of(start + len(batch) - 1)  # (hashes any event not hashed yet)
    hashes = ledger._chain.hashes  # one 16-byte hash per event
    recorded = ledger._chain.recorded
    rows = [
        (
            *prefix,
            start + i,
            batch_id,
            body,
            bytes(hashes[16 * (start + i) : 16 * (start + i) + 16]),
            None if recorded is None else recorded[start + i],
        )
        for i, body in enumerate(bodies)
    ]
    when = ledger.clock  # the batch's last event was just recorded: the ledger's time
    assert when is not None
    return PreparedBatch(start, rows, head, when)


def fold_in(ledger: Ledger, rows: Iterable[Sequence[Any]]) -> None:
    """Fold rows ``(seq, body, hash, recorded)`` appended after ``ledger``'s last event (by
    another writer) into it, validating each event and checking its stored hash."""
    for seq, body, stored, recorded in rows:
        if seq != len(ledger):
            raise damaged(len(ledger), "it is missing (sequence numbers jump)")
        ledger._apply(decode_stored(seq, body), recorded)
        if ledger.hash_of(seq) != stored:
            raise damaged(seq, "it does not match its recorded chain hash")


# -- reading ------------------------------------------------------------------------------------
@attrs.define
class StoredEvents:
    """Events read from a store, with their stored hashes and (on a wall clock) recorded times."""

    events: list[Event] = attrs.Factory(list)
    hashes: bytearray = attrs.Factory(bytearray)
    recorded: list[Any] | None = None

    def __len__(self) -> int:
        return len(self.events)


def read_stored(chunks: Iterable[Sequence[Any]], *, wall: bool, reading: Reading) -> StoredEvents:
    """Rows ``(seq, body, hash, recorded)`` in order, arriving in ``chunks``, as events.

    ``reading`` says how far each row is checked: ``"fold"`` decodes for a trusted fold,
    ``"check"`` for a validating rebuild, ``"exact"`` also proves each row's bytes are exactly
    what cogov writes for its event (so no change to its JSON goes unseen, even one that
    decodes to an equal value).  Only one chunk of raw rows is held at a time.
    """
    stored = StoredEvents(recorded=[] if wall else None)
    decode = decode_row_for_folding if reading == "fold" else decode_row
    events, hashes = stored.events, stored.hashes
    for chunk in chunks:
        start = len(events)
        check_sequence(chunk, start)
        if reading == "exact":
            for seq, body, *_ in chunk:
                events.append(_exact(seq, body))
        else:
            try:
                events += [decode(parse_row(row[1])) for row in chunk]
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                # Slow path only on failure: find and name the damaged row.
                for row in chunk:
                    decode_stored(row[0], row[1])
                raise
        hashes += joined_hashes(chunk, start)
        if stored.recorded is not None:
            stored.recorded += [row[3] for row in chunk]
    return stored


def _exact(seq: int, body: bytes) -> Event:
    event = decode_stored(seq, body)
    try:
        written = encode_row(event).encode()
    except (InvalidFieldError, UnicodeEncodeError) as error:
        raise damaged(seq, f"it decodes to values cogov cannot write ({error})") from None
    if written != body:
        raise damaged(seq, "its stored JSON is not what cogov writes for it (the bytes were changed)")
    return event


def empty_ledger(
    charter: Charter, genesis: Genesis, guards: Mapping[str, Guard] | None, clock: Clock | None, where: str
) -> Ledger:
    """A new ledger from a store's ``genesis`` record (``where`` names the store in errors)."""
    try:
        return Ledger(charter, genesis, guards=guards, clock=clock or "wall")
    except CogovError as error:
        # A genesis that cannot begin a ledger was not written by one: it was edited.
        msg = (
            f"store {where!r}: the genesis record was changed: it does not describe a ledger that "
            f"could have begun ({str(error).splitlines()[0]}); restore the store from a backup"
        )
        raise TamperedHistoryError(msg, 0) from None


def ledger_from(empty: Ledger, stored: StoredEvents, *, check: bool) -> Ledger:
    """``empty`` (a new ledger from the store's genesis) with the stored events: with ``check``
    every event validated again and every stored hash compared, else a trusted fold that adopts
    the stored hashes."""
    recorded = _times(stored.recorded)
    if check:
        failure = rebuild_checked(empty, stored.events, stored.hashes, recorded)
        if failure is not None:
            raise damaged(*failure)
        return empty
    return replay(empty, stored.events, validate=False, hashes=bytes(stored.hashes), recorded=recorded)


def fold_stored(empty: Ledger, chunks: Iterable[Sequence[Any]], *, wall: bool) -> Ledger:
    """A trusted load: ``empty`` (a new ledger from the store's genesis) with the rows of
    ``chunks`` folded in as each chunk arrives, taking the stored hashes (and, on a ``wall``
    clock, the recorded times).

    Why not :func:`read_stored` then :func:`ledger_from`: folded a chunk at a time, a chunk's
    rows are still in the CPU's cache when its events are folded and no list of every event is
    built beside the ledger's own; a trusted load of a million events is about a tenth faster
    (``benchmarks/store.py``).
    """
    hashes = bytearray()
    times: list[Any] | None = [] if wall else None
    seq = 0
    decode = decode_row_for_folding
    for chunk in chunks:
        check_sequence(chunk, seq)
        try:
            events = [decode(parse_row(row[1])) for row in chunk]
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # Slow path only on failure: find and name the damaged row.
            for row in chunk:
                decode_stored(row[0], row[1])
            raise
        hashes += joined_hashes(chunk, seq)
        if times is not None:
            times += [row[3] for row in chunk]
        fold_trusted(empty, events)
        seq += len(chunk)
    return adopt_stored(empty, bytes(hashes), _times(times))


def _times(recorded: list[Any] | None) -> Sequence[int] | None:
    if recorded is None:
        return None
    try:
        return array("q", recorded)
    except TypeError:  # a wall-clock store's row without its recorded time
        seq = next(i for i, value in enumerate(recorded) if type(value) is not int)
        raise damaged(seq, f"its recorded time is {recorded[seq]!r}, not a number") from None
