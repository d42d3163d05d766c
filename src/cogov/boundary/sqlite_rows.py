"""What the SQLite store checks of the rows it reads, and what it reads of a version-1 store.

A row whose JSON does not decode, a gap in the sequence numbers, a hash that is not a hash,
batches that do not tile the events: each is a :class:`~cogov.errors.TamperedHistoryError`
naming the first event it touches.  A version-1 store kept its community beside the chain,
which was rooted at zeros; :func:`legacy_genesis` and :func:`check_legacy_chain` read it so it
can be verified and upgraded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cogov.boundary import sqlite_faults
from cogov.boundary.codec import CommunityDocument, dumps_charter, loads_community_document, loads_genesis
from cogov.boundary.event_rows import decode_row, parse_row
from cogov.boundary.store import Batch
from cogov.engine.chain import GENESIS, chain_hash
from cogov.engine.genesis import Genesis, charter_digest
from cogov.engine.ledger import Ledger
from cogov.engine.replay import replay
from cogov.errors import CogovError, StoreError, TamperedHistoryError
from cogov.model.charter import Charter
from cogov.model.events import Event

__all__ = [
    "check_batches",
    "check_charter",
    "check_legacy_chain",
    "check_sequence",
    "damaged",
    "decode_stored",
    "genesis_of",
    "joined_hashes",
    "legacy_genesis",
    "load_legacy",
]


def damaged(seq: int, what: str) -> TamperedHistoryError:
    msg = (
        f"event #{seq} in the store is damaged: {what}; restore the file from a backup "
        "(the events before it are intact)"
    )
    return TamperedHistoryError(msg, seq)


def decode_stored(seq: int, body: bytes) -> Event:
    try:
        return decode_row(parse_row(body))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise damaged(seq, f"its stored JSON does not decode ({type(error).__name__}: {error})") from None


def check_sequence(rows: Sequence[Any], start: int = 0) -> None:
    """Rows ordered by their (unique, integer) sequence numbers must number ``start`` on with no
    gap; the ends say so at once, and only a gap costs a walk to name the first missing event."""
    if rows and (rows[0][0] != start or rows[-1][0] != start + len(rows) - 1):
        for expected, row in enumerate(rows, start):
            if row[0] != expected:
                raise damaged(expected, "it is missing (sequence numbers jump)")


def joined_hashes(rows: Sequence[Any], start: int = 0) -> bytes:
    """The chain hashes of the event rows (numbered from ``start``), one after another; a hash
    that is not a hash's length of bytes (a damaged column) is named by its event."""
    size = len(GENESIS)
    try:
        hashes = b"".join([row[2] for row in rows])
    except TypeError:  # a hash column holding something else: found below
        hashes = b""
    if len(hashes) != size * len(rows):
        at = next(i for i, row in enumerate(rows) if type(row[2]) is not bytes or len(row[2]) != size)
        raise damaged(start + at, f"its chain hash is {rows[at][2]!r}, not {size} bytes")
    return hashes


def check_batches(batches: tuple[Batch, ...], rows: list[Any]) -> None:
    """Batches must tile the rows exactly, each ending with its recorded head hash."""
    next_seq = 0
    for batch in batches:
        if batch.first_seq != next_seq or batch.count < 1:
            raise damaged(next_seq, f"batch {batch.id} does not start where the previous one ended")
        last = batch.first_seq + batch.count - 1
        if last >= len(rows) or rows[last][2] != batch.head:
            raise damaged(min(last, len(rows)), f"batch {batch.id} does not end with its recorded head hash")
        next_seq = last + 1
    if next_seq != len(rows):
        raise damaged(next_seq, "it belongs to no committed batch")


# -- the meta table ----------------------------------------------------------------------------
def genesis_of(meta: Mapping[str, str], path: Path) -> Genesis:
    text = meta.get("genesis")
    if not isinstance(text, str):
        msg = f"store {str(path)!r} is damaged: it has no genesis record; restore it from a backup"
        raise StoreError(msg)
    try:
        return loads_genesis(text)
    except CogovError as error:
        raise sqlite_faults.damaged_meta(path, "genesis", error) from None


def check_charter(meta: Mapping[str, str], genesis: Genesis, charter: Charter, path: Path) -> None:
    # The copy of the charter is kept only to say what differs; a copy that does not
    # decode is still damage to the file, and is reported as such.
    try:
        stored = json.loads(meta["charter"])
    except ValueError as error:
        raise sqlite_faults.damaged_meta(path, "charter", error) from None
    if not isinstance(stored, dict):
        raise sqlite_faults.damaged_meta(path, "charter", ValueError("it is not a JSON object"))
    if charter_digest(charter) == genesis.charter_digest:
        return
    given = json.loads(dumps_charter(charter, indent=False))
    differ = sorted(k for k in stored.keys() | given.keys() if stored.get(k) != given.get(k))
    msg = (
        f"store {str(path)!r} was recorded under charter {genesis.charter_key!r}; the charter "
        f"given ({charter.key!r}) differs in {differ}. Open it with the charter it was recorded under"
    )
    raise StoreError(msg)


# -- version-1 stores ---------------------------------------------------------------------------
def legacy_genesis(meta: Mapping[str, str], path: Path, charter: Charter) -> Genesis:
    """The genesis a version-1 store implies (its chain does not commit to it)."""
    try:
        document: CommunityDocument = loads_community_document(meta["community"])
        community = document.community()
    except (KeyError, CogovError) as error:
        raise sqlite_faults.damaged_meta(path, "community", error) from None
    return Genesis.of(
        charter,
        community,
        document.appointments,
        note=(
            f"from a version-1 store recorded under charter {meta.get('charter_key', '?')!r}, "
            f"created {meta.get('created_at', '?')}"
        ),
    )


def check_legacy_chain(events: Sequence[Event], hashes: bytes) -> None:
    """A version-1 store's own chain, rooted at zeros (it did not commit to its community)."""
    head = GENESIS
    for seq, event in enumerate(events):
        head = chain_hash(head, event)
        if hashes[16 * seq : 16 * seq + 16] != head:
            raise damaged(seq, "it does not match its recorded (version-1) chain hash")


def load_legacy(ledger: Ledger, events: Sequence[Event], hashes: bytes, *, check: bool) -> Ledger:
    """A version-1 store's events folded into ``ledger`` (new, from the genesis the store
    implies); with ``check``, its own chain and every event's meaning verified first."""
    if not check:
        return replay(ledger, events, validate=False, hashes=None, recorded=None)
    check_legacy_chain(events, hashes)
    for seq, event in enumerate(events):
        try:
            ledger.apply(event)
        except CogovError as error:
            raise damaged(seq, f"it fails validation ({str(error).splitlines()[0]})") from None
    return ledger
