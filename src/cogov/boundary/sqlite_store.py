"""The embedded event store: one SQLite file per ledger (standard library :mod:`sqlite3`).

Layout (format ``cogov.sqlite-store``, version 1)::

    meta(key, value)                     format, version, charter key and document,
                                         community document (structure + appointments)
    batches(id, first_seq, count, head)  one row per appended batch
    events(seq, batch, body, hash)       one row per event: its JSON (exactly what
                                         cogov.boundary.codec.encode_event writes), its
                                         16-byte chain hash, the batch that wrote it

The file runs in WAL mode, so readers (other connections, other processes) read a consistent
snapshot while a writer appends.  ``durability="full"`` (the default) fsyncs every commit so a
committed batch survives power loss; ``"normal"`` survives a crash of the process (SIGKILL)
but may lose the last batches on power loss, and is faster.

One :class:`SQLiteStore` object is not thread-safe; open one per thread or process.  Several
writers may share a file: each append takes SQLite's write lock, first folds in whatever
other writers appended, then validates its batch against the up-to-date ledger.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

from cogov.boundary import sqlite_faults
from cogov.boundary.codec import (
    CommunityDocument,
    dumps_charter,
    dumps_community,
    loads_community_document,
)
from cogov.boundary.event_rows import decode_row, encode_row, parse_row
from cogov.boundary.store import Batch
from cogov.engine.chain import GENESIS, chain_hash
from cogov.engine.guards import Guard
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError, InvalidFieldError, StoreError, TamperedHistoryError
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["STORE_FORMAT", "STORE_VERSION", "SQLiteStore"]

STORE_FORMAT: Final = "cogov.sqlite-store"
STORE_VERSION: Final = 1

Durability = Literal["full", "normal"]

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE batches (id INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, "
    "count INTEGER NOT NULL, head BLOB NOT NULL, recorded_at TEXT NOT NULL)",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, body BLOB NOT NULL, "
    "hash BLOB NOT NULL)",
)
_INSERT_EVENT = "INSERT INTO events (seq, batch, body, hash) VALUES (?, ?, ?, ?)"


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk step creates many objects.

    Why: a million new events and records trigger hundreds of full collections that find
    nothing (events hold no cycles); pausing halves load time.  Collection resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _damaged(seq: int, what: str) -> TamperedHistoryError:
    msg = (
        f"event #{seq} in the store is damaged: {what}; restore the file from a backup "
        "(the events before it are intact)"
    )
    return TamperedHistoryError(msg, seq)


def _decode(seq: int, body: bytes) -> Event:
    try:
        return decode_row(parse_row(body))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _damaged(seq, f"its stored JSON does not decode ({type(error).__name__}: {error})") from None


def _joined_hashes(rows: list[Any]) -> bytes:
    """The chain hashes of ``(body, hash)`` rows, one after another; a hash that is not a
    hash's length of bytes (a damaged column) is named by its event."""
    size = len(GENESIS)
    hashes = b"".join([h if type(h) is bytes else b"" for _, h in rows])
    if len(hashes) != size * len(rows):
        seq = next(i for i, (_, h) in enumerate(rows) if type(h) is not bytes or len(h) != size)
        raise _damaged(seq, f"its chain hash is {rows[seq][1]!r}, not {size} bytes")
    return hashes


class SQLiteStore:
    """An :class:`~cogov.boundary.store.EventStore` in one SQLite file.

    Create a store with :meth:`create`, open an existing one with :meth:`open`.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        charter: Charter,
        document: CommunityDocument,
        *,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
    ) -> None:
        self._db = connection
        self._readonly = readonly
        self.path = path
        self._charter = charter
        self._document = document
        self._community = document.community()
        self._guards = guards
        self._ledger: Ledger | None = None
        self._count: int = self._db.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM events").fetchone()[0]

    # -- opening --------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path, *, readonly: bool, durability: Durability) -> sqlite3.Connection:
        return sqlite_faults.connect(path, readonly=readonly, durability=durability)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        charter: Charter,
        community: Community,
        appointments: Iterable[Appointment] = (),
        *,
        guards: Mapping[str, Guard] | None = None,
        durability: Durability = "full",
    ) -> Self:
        """Create a new store at ``path`` for ``community`` under ``charter``.

        The community structure and the initial appointments are recorded with it; the
        appointments are checked now (eligibility, levels, holder limits).
        """
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            msg = f"cannot create a store at {str(path)!r}: the file exists; open it with SQLiteStore.open or choose a new path"
            raise StoreError(msg)
        appointments = tuple(appointments)
        Ledger(charter, community, appointments=appointments, guards=guards)  # validates them
        document = CommunityDocument.of(community, appointments)
        # Build the file aside and link it into place: a crash never leaves a half-made
        # store at ``path``, and two creators racing cannot both win.
        building = path.with_name(f"{path.name}.creating-{os.getpid()}")
        building.unlink(missing_ok=True)
        try:
            db = sqlite3.connect(building, isolation_level=None)
        except sqlite3.Error as error:
            raise sqlite_faults.store_error(path, "create", error) from None
        try:
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                db.execute(statement)
            meta = {
                "format": STORE_FORMAT,
                "version": str(STORE_VERSION),
                "charter_key": charter.key,
                "charter": dumps_charter(charter, indent=False),
                "community": dumps_community(document, indent=False),
                "created_at": datetime.now(UTC).isoformat(),
            }
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            db.execute("COMMIT")
            db.close()
            with building.open("rb") as handle:
                os.fsync(handle.fileno())
            try:
                os.link(building, path)
            except FileExistsError:
                msg = (
                    f"cannot create a store at {str(path)!r}: the file exists; open it with SQLiteStore.open"
                )
                raise StoreError(msg) from None
        except sqlite3.Error as error:
            raise sqlite_faults.store_error(path, "create", error) from None
        finally:
            db.close()
            building.unlink(missing_ok=True)
        db = cls._connect(path, readonly=False, durability=durability)
        return cls(db, path, charter, document, guards=guards)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        charter: Charter,
        *,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
        durability: Durability = "full",
    ) -> Self:
        """Open the store at ``path``; ``charter`` must be the one it was recorded under.

        ``readonly=True`` opens a reader that never takes the write lock.
        """
        path = Path(path)
        if not path.exists():
            msg = f"no store at {str(path)!r}; create one with SQLiteStore.create"
            raise StoreError(msg)
        db = cls._connect(path, readonly=readonly, durability=durability)
        try:
            meta = sqlite_faults.read_meta(db, path, store_format=STORE_FORMAT, store_version=STORE_VERSION)
            cls._check_charter(meta, charter, path)
            try:
                document = loads_community_document(meta["community"])
                document.community()
            except CogovError as error:
                raise sqlite_faults.damaged_meta(path, "community", error) from None
            return cls(db, path, charter, document, guards=guards, readonly=readonly)
        except sqlite3.Error as error:
            db.close()
            raise sqlite_faults.store_error(path, "read", error) from None
        except BaseException:
            db.close()
            raise

    @staticmethod
    def _check_charter(meta: Mapping[str, str], charter: Charter, path: Path) -> None:
        try:
            stored = json.loads(meta["charter"])
        except ValueError as error:
            raise sqlite_faults.damaged_meta(path, "charter", error) from None
        given = json.loads(dumps_charter(charter, indent=False))
        if not isinstance(stored, dict):
            raise sqlite_faults.damaged_meta(path, "charter", ValueError("it is not a JSON object"))
        if stored != given:
            differ = sorted(k for k in stored.keys() | given.keys() if stored.get(k) != given.get(k))
            msg = (
                f"store {str(path)!r} was recorded under charter {meta['charter_key']!r}; the charter "
                f"given ({charter.key!r}) differs in {differ}. Open it with the charter it was recorded under"
            )
            raise StoreError(msg)

    # -- the EventStore interface ---------------------------------------------------------
    @property
    def charter(self) -> Charter:
        return self._charter

    @property
    def community(self) -> Community:
        return self._community

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        return self._document.appointments

    def __len__(self) -> int:
        return self._count

    def append(self, events: Iterable[Event]) -> Batch:
        """Validate ``events`` through the ledger, then write them in one transaction.

        A refused event raises its :class:`~cogov.errors.CogovError` (with a note giving its
        position in the batch); nothing of the batch is written and everything recorded
        before stays as it was.
        """
        if self._readonly:
            msg = f"store {str(self.path)!r} was opened read-only; open it with readonly=False to append"
            raise StoreError(msg)
        batch = list(events)
        if not batch:
            msg = "append: the batch is empty; pass at least one event"
            raise InvalidFieldError(msg)
        with _bulk():
            return self._append(batch)

    def _append(self, batch: list[Event]) -> Batch:
        # Encode first: an event that cannot be written is refused before anything changes.
        bodies = [encode_row(event).encode() for event in batch]
        db = self._db
        ledger = self._ledger or self._build_ledger()
        db.execute("BEGIN IMMEDIATE")
        start = len(ledger)
        try:
            self._catch_up(ledger)
            start = len(ledger)
            ledger.apply_all(batch)
            hash_of = ledger.hash_of
            batch_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM batches").fetchone()[0]
            db.executemany(
                _INSERT_EVENT,
                [(start + i, batch_id, body, hash_of(start + i)) for i, body in enumerate(bodies)],
            )
            head = hash_of(start + len(batch) - 1)
            db.execute(
                "INSERT INTO batches (id, first_seq, count, head, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (batch_id, start, len(batch), head, datetime.now(UTC).isoformat()),
            )
            db.execute("COMMIT")
        except BaseException as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if len(ledger) != start:
                # The batch passed validation but was not written: rebuild from disk next time.
                self._ledger = None
            if isinstance(error, sqlite3.Error):
                raise sqlite_faults.store_error(
                    self.path, f"append {len(batch)} events (none was written) to", error
                ) from None
            raise
        self._count = start + len(batch)
        return Batch(batch_id, start, len(batch), head)

    def _build_ledger(self) -> Ledger:
        self._ledger = self.load()
        return self._ledger

    def _catch_up(self, ledger: Ledger) -> None:
        """Fold in events other writers appended since ``ledger`` was built."""
        known = len(ledger)
        rows = self._db.execute("SELECT seq, body, hash FROM events WHERE seq >= ? ORDER BY seq", (known,))
        for seq, body, stored in rows:
            if seq != len(ledger):
                raise _damaged(len(ledger), "it is missing (sequence numbers jump)")
            ledger.apply(_decode(seq, body))
            if ledger.hash_of(seq) != stored:
                raise _damaged(seq, "it does not match its recorded chain hash")
        total = self._db.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM events").fetchone()[0]
        if total < known:
            msg = f"store {str(self.path)!r} holds {total} events but {known} were read before; it was truncated"
            raise StoreError(msg)

    @sqlite_faults.translate_errors("read")
    def events(self, start: int = 0) -> Iterator[Event]:
        for seq, body in self._db.execute(
            "SELECT seq, body FROM events WHERE seq >= ? ORDER BY seq", (start,)
        ):
            yield _decode(seq, body)

    @sqlite_faults.translate_errors("read")
    def batches(self) -> tuple[Batch, ...]:
        rows = self._db.execute("SELECT id, first_seq, count, head FROM batches ORDER BY id")
        return tuple(Batch(*row) for row in rows)

    @sqlite_faults.translate_errors("read")
    def load(self) -> Ledger:
        """Replay every stored event into a new ledger (one consistent snapshot)."""
        db = self._db
        db.execute("BEGIN")
        try:
            rows = db.execute("SELECT body, hash FROM events ORDER BY seq").fetchall()
        finally:
            db.execute("COMMIT")
        parse, decode = parse_row, decode_row
        with _bulk():
            try:
                events = [decode(parse(body)) for body, _ in rows]
            except (ValueError, KeyError, TypeError, AttributeError):
                # Slow path only on failure: find and name the damaged row.
                for seq, (body, _) in enumerate(rows):
                    _decode(seq, body)
                raise
            hashes = _joined_hashes(rows)
            del rows
            self._count = len(events)
            return Ledger.replay(
                self._charter,
                self._community,
                events,
                appointments=self._document.appointments,
                guards=self._guards,
                validate=False,
                hashes=hashes,
            )

    @sqlite_faults.translate_errors("verify")
    def verify(self) -> bytes:
        """Check every stored row and the chain; raise naming the first bad event.

        Each row must decode, must be byte-for-byte what cogov writes for the decoded event
        (so no change to its JSON goes unseen, even one that decodes to an equal value), must
        sit at the next sequence number, and must carry the chain hash recomputed from its
        predecessors.  Batches must tile the events exactly.  Returns the head hash.
        """
        db = self._db
        db.execute("BEGIN")
        try:
            rows = db.execute("SELECT seq, body, hash FROM events ORDER BY seq").fetchall()
            batches = self.batches()
        finally:
            db.execute("COMMIT")
        head = GENESIS
        for expected, (seq, body, stored) in enumerate(rows):
            if seq != expected:
                raise _damaged(expected, "it is missing (sequence numbers jump)")
            event = _decode(seq, body)
            try:
                written = encode_row(event).encode()
            except (InvalidFieldError, UnicodeEncodeError) as error:
                raise _damaged(seq, f"it decodes to values cogov cannot write ({error})") from None
            if written != body:
                raise _damaged(
                    seq, "its stored JSON is not what cogov writes for it (the bytes were changed)"
                )
            head = chain_hash(head, event)
            if head != stored:
                raise _damaged(seq, "it does not match its recorded chain hash (it or its hash was changed)")
        self._check_batches(batches, rows)
        self._count = len(rows)
        return head

    @staticmethod
    def _check_batches(batches: tuple[Batch, ...], rows: list[Any]) -> None:
        next_seq = 0
        for batch in batches:
            if batch.first_seq != next_seq or batch.count < 1:
                raise _damaged(next_seq, f"batch {batch.id} does not start where the previous one ended")
            last = batch.first_seq + batch.count - 1
            if last >= len(rows) or rows[last][2] != batch.head:
                raise _damaged(
                    min(last, len(rows)), f"batch {batch.id} does not end with its recorded head hash"
                )
            next_seq = last + 1
        if next_seq != len(rows):
            raise _damaged(next_seq, "it belongs to no committed batch")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SQLiteStore {str(self.path)!r} charter={self._charter.key!r} events={self._count}>"
