"""Store backends as the store conformance suite (:mod:`cogov.testing.stores`) sees them.

A backend makes stores by *key* (a name unique within the backend), tells the suite their
address, and reaches past the store into its raw rows, as an attacker with the database's
password would: reading and rewriting an event's JSON and hash, deleting a row, editing the
genesis record, replacing the whole history.  :class:`SQLiteBackend` and
:class:`PostgresBackend` are cogov's own; a third-party store implements
:class:`StoreBackend`'s abstract methods for its database and runs the same suite.
"""

from __future__ import annotations

import abc
import sqlite3
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cogov.boundary.addresses import open_store
from cogov.boundary.store import EventStore
from cogov.engine.genesis import ClockKind
from cogov.engine.guards import Guard
from cogov.engine.timing import Clock
from cogov.model.charter import Charter
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["PostgresBackend", "SQLiteBackend", "StoreBackend"]


class StoreBackend(abc.ABC):
    """Stores by key, and raw access to their rows.  Subclasses implement the raw methods and
    :meth:`address`; :meth:`create` and :meth:`open` go through
    :func:`cogov.boundary.addresses.open_store` unless overridden."""

    #: whether one address holds many communities (the suite then tests them side by side)
    many_communities = False

    @abc.abstractmethod
    def address(self, key: str) -> str:
        """The store address of ``key``'s store (for :func:`~cogov.boundary.addresses.open_store`)."""

    def community(self, key: str) -> str | None:
        """The community code of ``key``'s store within its address (None: the address's only one)."""
        return None

    def create(
        self,
        key: str,
        charter: Charter,
        structure: Community,
        appointments: Iterable[Appointment] = (),
        *,
        clock: ClockKind | Clock = "events",
        guards: Mapping[str, Guard] | None = None,
    ) -> EventStore:
        return open_store(
            self.address(key),
            community=self.community(key),
            charter=charter,
            create=True,
            structure=structure,
            appointments=appointments,
            clock=clock,
            guards=guards,
        )

    def open(
        self, key: str, charter: Charter | None = None, *, readonly: bool = False, verify: bool = True
    ) -> EventStore:
        return open_store(
            self.address(key),
            community=self.community(key),
            charter=charter,
            readonly=readonly,
            verify=verify,
        )

    def writer_command(self, key: str, *args: str) -> list[str]:
        """The command that runs :mod:`cogov.testing.store_writer` on ``key``'s store."""
        where = [self.address(key), self.community(key) or "-"]
        return [sys.executable, "-m", "cogov.testing.store_writer", args[0], *where, *args[1:]]

    # -- raw access (what an attacker with the database's password can do) ---------------
    @abc.abstractmethod
    def event_row(self, key: str, seq: int) -> tuple[bytes, bytes]:
        """The stored JSON and chain hash of event ``seq``."""

    @abc.abstractmethod
    def set_event_row(
        self, key: str, seq: int, *, body: bytes | None = None, hash: bytes | None = None
    ) -> None:
        """Overwrite event ``seq``'s stored JSON and/or chain hash, as they are given."""

    @abc.abstractmethod
    def delete_event_row(self, key: str, seq: int) -> None:
        """Delete event ``seq``'s row (a gap in the sequence)."""

    @abc.abstractmethod
    def delete_tail(self, key: str, count: int) -> None:
        """Drop the last ``count`` events and every batch that held one (a dropped tail)."""

    @abc.abstractmethod
    def genesis_text(self, key: str) -> str:
        """The stored genesis record, as text."""

    @abc.abstractmethod
    def set_genesis_text(self, key: str, text: str) -> None:
        """Overwrite the stored genesis record with ``text``."""

    @abc.abstractmethod
    def rewrite_history(self, key: str, rows: Sequence[tuple[int, bytes, bytes]], head: bytes) -> None:
        """Replace every event with ``rows`` (seq, JSON, hash), all in one batch ending at ``head``."""

    def cleanup(self) -> None:  # noqa: B027 - a backend with nothing to remove keeps this one
        """Remove what the backend made (called once at the end)."""


class SQLiteBackend(StoreBackend):
    """SQLite files in ``directory``, one per key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def address(self, key: str) -> str:
        return str(self.directory / f"{key}.db")

    def _sql(self, key: str, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        db = sqlite3.connect(self.address(key), isolation_level=None)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def event_row(self, key: str, seq: int) -> tuple[bytes, bytes]:
        body, stored = self._sql(key, "SELECT body, hash FROM events WHERE seq = ?", (seq,))[0]
        return bytes(body), bytes(stored)

    def set_event_row(
        self, key: str, seq: int, *, body: bytes | None = None, hash: bytes | None = None
    ) -> None:
        if body is not None:
            self._sql(key, "UPDATE events SET body = ? WHERE seq = ?", (body, seq))
        if hash is not None:
            self._sql(key, "UPDATE events SET hash = ? WHERE seq = ?", (hash, seq))

    def delete_event_row(self, key: str, seq: int) -> None:
        self._sql(key, "DELETE FROM events WHERE seq = ?", (seq,))

    def delete_tail(self, key: str, count: int) -> None:
        (total,) = self._sql(key, "SELECT COUNT(*) FROM events")[0]
        self._sql(key, "DELETE FROM events WHERE seq >= ?", (total - count,))
        self._sql(key, "DELETE FROM batches WHERE first_seq + count > ?", (total - count,))

    def genesis_text(self, key: str) -> str:
        return str(self._sql(key, "SELECT value FROM meta WHERE key = 'genesis'")[0][0])

    def set_genesis_text(self, key: str, text: str) -> None:
        self._sql(key, "UPDATE meta SET value = ? WHERE key = 'genesis'", (text,))

    def rewrite_history(self, key: str, rows: Sequence[tuple[int, bytes, bytes]], head: bytes) -> None:
        db = sqlite3.connect(self.address(key), isolation_level=None)
        try:
            db.execute("BEGIN")
            db.execute("DELETE FROM events")
            db.executemany(
                "INSERT INTO events (seq, batch, body, hash, recorded) VALUES (?, 1, ?, ?, NULL)", rows
            )
            db.execute("DELETE FROM batches")
            db.execute(
                "INSERT INTO batches (id, first_seq, count, head, recorded_at) VALUES (1, 0, ?, ?, '')",
                (len(rows), head),
            )
            db.execute("COMMIT")
        finally:
            db.close()


class PostgresBackend(StoreBackend):
    """Communities in a fresh schema of the PostgreSQL database at ``address`` (dropped by
    :meth:`cleanup`), one community per key."""

    many_communities = True

    def __init__(self, address: str) -> None:
        import psycopg  # noqa: PLC0415 - the postgres extra

        self._psycopg = psycopg
        self.server = address
        self.schema = f"t_{uuid.uuid4().hex[:16]}"
        joiner = "&" if "?" in address else "?"
        self._address = f"{address}{joiner}schema={self.schema}"

    def address(self, key: str) -> str:
        return self._address

    def community(self, key: str) -> str | None:
        return key

    def _sql(self, key: str, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """Run ``sql`` with ``{s}`` the schema and ``%(c)s`` key's community id."""
        with self._psycopg.connect(self.server, autocommit=True) as db:
            found = db.execute(
                f"SELECT id FROM {self.schema}.communities WHERE code = %s",  # noqa: S608
                (key,),
            ).fetchone()
            assert found is not None, f"no community {key!r}"
            community = found[0]
            cursor = db.execute(
                sql.format(s=self.schema), {"c": community, **{str(i): value for i, value in enumerate(args)}}
            )
            return cursor.fetchall() if cursor.description else []

    def event_row(self, key: str, seq: int) -> tuple[bytes, bytes]:
        sql = "SELECT body, hash FROM {s}.events WHERE community = %(c)s AND seq = %(0)s"
        body, stored = self._sql(key, sql, [seq])[0]
        return bytes(body), bytes(stored)

    def set_event_row(
        self, key: str, seq: int, *, body: bytes | None = None, hash: bytes | None = None
    ) -> None:
        if body is not None:
            self._sql(
                key, "UPDATE {s}.events SET body = %(0)s WHERE community = %(c)s AND seq = %(1)s", [body, seq]
            )
        if hash is not None:
            self._sql(
                key, "UPDATE {s}.events SET hash = %(0)s WHERE community = %(c)s AND seq = %(1)s", [hash, seq]
            )

    def delete_event_row(self, key: str, seq: int) -> None:
        self._sql(key, "DELETE FROM {s}.events WHERE community = %(c)s AND seq = %(0)s", [seq])

    def delete_tail(self, key: str, count: int) -> None:
        ((total,),) = self._sql(key, "SELECT COUNT(*) FROM {s}.events WHERE community = %(c)s")
        self._sql(key, "DELETE FROM {s}.events WHERE community = %(c)s AND seq >= %(0)s", [total - count])
        self._sql(
            key,
            "DELETE FROM {s}.batches WHERE community = %(c)s AND first_seq + count > %(0)s",
            [total - count],
        )

    def genesis_text(self, key: str) -> str:
        return str(self._sql(key, "SELECT genesis FROM {s}.communities WHERE id = %(c)s")[0][0])

    def set_genesis_text(self, key: str, text: str) -> None:
        self._sql(key, "UPDATE {s}.communities SET genesis = %(0)s WHERE id = %(c)s", [text])

    def rewrite_history(self, key: str, rows: Sequence[tuple[int, bytes, bytes]], head: bytes) -> None:
        with self._psycopg.connect(self.server) as db:
            s = self.schema
            found = db.execute(f"SELECT id FROM {s}.communities WHERE code = %s", (key,)).fetchone()  # noqa: S608
            assert found is not None, f"no community {key!r}"
            community = found[0]
            db.execute(f"DELETE FROM {s}.events WHERE community = %s", (community,))  # noqa: S608
            db.cursor().executemany(
                f"INSERT INTO {s}.events (community, seq, batch, body, hash) VALUES (%s, %s, 1, %s, %s)",  # noqa: S608
                [(community, *row) for row in rows],
            )
            db.execute(f"DELETE FROM {s}.batches WHERE community = %s", (community,))  # noqa: S608
            db.execute(
                f"INSERT INTO {s}.batches VALUES (%s, 1, 0, %s, %s, now())",  # noqa: S608
                (community, len(rows), head),
            )

    def cleanup(self) -> None:
        with self._psycopg.connect(self.server, autocommit=True) as db:
            db.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
