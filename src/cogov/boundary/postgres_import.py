"""Write a ledger built in memory into a new community of a PostgreSQL store, as it stands.

The server's counterpart of :mod:`cogov.boundary.sqlite_import`: a simulated community's
ledger validated, authorised and hash-chained every event as it was applied, so its very
chain (genesis record, every event's row and 16-byte chain hash) goes in as one batch, with
``COPY``, in one transaction.  Opening the community afterwards verifies the whole chain
unless the reader chooses to trust it.
"""

from __future__ import annotations

from datetime import UTC

from cogov.boundary.event_rows import encode_row
from cogov.boundary.postgres_faults import psycopg, store_error
from cogov.boundary.postgres_store import DEFAULT_SCHEMA, PostgresStore
from cogov.engine.batches import gc_paused
from cogov.engine.ledger import Ledger
from cogov.errors import StoreError

__all__ = ["write_ledger"]


def write_ledger(address: str, ledger: Ledger, *, code: str, schema: str = DEFAULT_SCHEMA) -> str:
    """Create community ``code`` in the database at ``address`` holding ``ledger``'s genesis
    and events as one batch; returns ``code``.

    Refuses a ledger on a wall clock with events (its recorded times would have to be copied
    too; append them to a store instead) and a community the database already holds.
    """
    count = len(ledger)
    if ledger.genesis.clock == "wall" and count:
        msg = "write_ledger: a ledger on a wall clock is written by appending its events to a store"
        raise StoreError(msg)
    with gc_paused():
        bodies = [encode_row(event).encode() for event in ledger.events]
    store = PostgresStore.create(address, ledger.charter, ledger.genesis, code=code, schema=schema)
    try:
        if not count:
            return code
        head = ledger.hash_of(count - 1)  # hashes every event not hashed yet
        hashes = ledger._chain.hashes
        when = ledger.clock
        assert when is not None  # a ledger with events has a clock
        db, s, community = store._db, store.schema, store._id
        try:
            with db.transaction(), db.cursor() as cursor:
                with cursor.copy(
                    f"COPY {s}.events (community, seq, batch, body, hash, recorded) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["int4", "int8", "int8", "bytea", "bytea", "int8"])
                    for seq, body in enumerate(bodies):
                        copy.write_row(
                            (community, seq, 1, body, bytes(hashes[16 * seq : 16 * seq + 16]), None)
                        )
                cursor.execute(
                    f"INSERT INTO {s}.batches (community, id, first_seq, count, head, recorded_at) "  # noqa: S608 - checked schema name
                    "VALUES (%s, 1, 0, %s, %s, %s)",
                    (community, count, head, when.astimezone(UTC)),
                )
        except psycopg().Error as error:
            raise store_error(store.where, f"write {count} events to", error) from None
    finally:
        store.close()
    return code
