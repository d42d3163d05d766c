"""Write a ledger built in memory into a new SQLite store, exactly as it stands.

A simulation's ledger has validated, authorised and hash-chained every event as it was
applied; :func:`write_ledger` records that very chain — its genesis record, every event's row
and its 16-byte chain hash — in a new store in one transaction, instead of validating every
event a second time through :meth:`~cogov.boundary.sqlite_store.SQLiteStore.append`.  The
store is then indistinguishable from one appended to event by event: opening it verifies the
whole chain (hashes and the meaning of every event) unless the reader chooses to trust it.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC
from pathlib import Path
from typing import Literal

from cogov.boundary import sqlite_faults
from cogov.boundary.event_rows import encode_row
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.engine.batches import gc_paused
from cogov.engine.ledger import Ledger
from cogov.errors import StoreError

__all__ = ["write_ledger"]

_INSERT_EVENT = "INSERT INTO events (seq, batch, body, hash, recorded) VALUES (?, ?, ?, ?, ?)"


def write_ledger(
    path: str | os.PathLike[str], ledger: Ledger, *, durability: Literal["full", "normal"] = "full"
) -> Path:
    """Create a store at ``path`` holding ``ledger``'s genesis and events as one batch; returns the path.

    Refuses a ledger on a wall clock with events (its recorded times would have to be copied
    too; append them to a store instead) and an existing file.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        msg = f"cannot write a ledger to {str(path)!r}: the file exists; choose a new path"
        raise StoreError(msg)
    count = len(ledger)
    if ledger.genesis.clock == "wall" and count:
        msg = "write_ledger: a ledger on a wall clock is written by appending its events to a store"
        raise StoreError(msg)
    with gc_paused():
        bodies = [encode_row(event).encode() for event in ledger.events]
    SQLiteStore._write_new(path, ledger.charter, ledger.genesis)
    if not count:
        return path
    head = ledger.hash_of(count - 1)  # hashes every event not hashed yet
    hashes = ledger._chain.hashes
    when = ledger.clock
    assert when is not None  # a ledger with events has a clock
    db = sqlite_faults.connect(path, readonly=False, durability=durability)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            _INSERT_EVENT,
            (
                (seq, 1, body, bytes(hashes[16 * seq : 16 * seq + 16]), None)
                for seq, body in enumerate(bodies)
            ),
        )
        db.execute(
            "INSERT INTO batches (id, first_seq, count, head, recorded_at) VALUES (?, ?, ?, ?, ?)",
            (1, 0, count, head, when.astimezone(UTC).isoformat()),
        )
        db.execute("COMMIT")
    except sqlite3.Error as error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise sqlite_faults.store_error(path, f"write {count} events to", error) from None
    finally:
        db.close()
    return path
