"""The embedded event store: one SQLite file per ledger (standard library :mod:`sqlite3`).

Layout (format ``cogov.sqlite-store``, version 2)::

    meta(key, value)                     format, version, the genesis record (cogov.genesis
                                         JSON: what the chain's first link commits to) and,
                                         for error messages only, the charter's JSON
    batches(id, first_seq, count, head,  one row per appended batch
            recorded_at)
    events(seq, batch, body, hash,       one row per event: its JSON (exactly what
           recorded)                     cogov.boundary.codec.dumps_event writes), its
                                         16-byte chain hash, its batch and, for a ledger on
                                         a wall clock, when it was recorded (microseconds
                                         since the epoch; in the chain too)
    checkpoints(count, head, at,         checkpoints published from this store
                signature)

Nothing outside the chain changes what the ledger means: the community, the register and the
appointments are in the genesis record or in events, the recorded times are hashed, and the
charter is checked against the digest the genesis record holds.

The file runs in WAL mode, so readers (other connections, other processes) read a consistent
snapshot while a writer appends.  ``durability="full"`` (the default) fsyncs every commit so a
committed batch survives power loss; ``"normal"`` survives a crash of the process (SIGKILL)
but may lose the last batches on power loss, and is faster.

One :class:`SQLiteStore` object is not thread-safe; open one per thread or process.  Several
writers may share a file: each append takes SQLite's write lock, first folds in (and checks)
whatever other writers appended, then validates its batch against the up-to-date ledger.

Version-1 stores (no genesis record) open and verify; :meth:`SQLiteStore.upgrade` rewrites one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

from cogov.boundary import sqlite_faults
from cogov.boundary.chained_rows import (
    StoredEvents,
    chain_batch,
    check_batches,
    decode_stored,
    empty_ledger,
    encode_bodies,
    fold_in,
    fold_stored,
    ledger_from,
    read_stored,
)
from cogov.boundary.codec import (
    dumps_charter,
    dumps_genesis,
)
from cogov.boundary.sqlite_rows import check_charter, genesis_of, legacy_genesis, load_legacy
from cogov.boundary.store import Batch, RecordedStore
from cogov.engine.batches import gc_paused
from cogov.engine.chain import GENESIS
from cogov.engine.checkpoints import Checkpoint
from cogov.engine.genesis import ClockKind, Genesis
from cogov.engine.guards import Guard
from cogov.engine.integrity import from_micros, micros
from cogov.engine.ledger import Ledger
from cogov.engine.timing import Clock
from cogov.errors import InvalidFieldError, StoreError
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["STORE_FORMAT", "STORE_VERSION", "SQLiteStore"]

STORE_FORMAT: Final = "cogov.sqlite-store"
STORE_VERSION: Final = 2

Durability = Literal["full", "normal"]

#: rows a trusted load reads and folds at a time (chained_rows.fold_stored)
_CHUNK: Final = 8192
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE batches (id INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, "
    "count INTEGER NOT NULL, head BLOB NOT NULL, recorded_at TEXT NOT NULL)",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, body BLOB NOT NULL, "
    "hash BLOB NOT NULL, recorded INTEGER)",
    "CREATE TABLE checkpoints (count INTEGER NOT NULL, head BLOB NOT NULL, at INTEGER NOT NULL, "
    "signature BLOB)",
)
_INSERT_EVENT = "INSERT INTO events (seq, batch, body, hash, recorded) VALUES (?, ?, ?, ?, ?)"


class SQLiteStore(RecordedStore):
    """An :class:`~cogov.boundary.store.EventStore` in one SQLite file.

    Create a store with :meth:`create`, open an existing one with :meth:`open`.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        charter: Charter,
        genesis: Genesis,
        *,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
        verify: bool = True,
        clock: Clock | None = None,
        legacy: bool = False,
    ) -> None:
        self._db = connection
        self._readonly = readonly
        self.path = path
        self._charter = charter
        self._genesis = genesis
        self._guards = guards
        self._verify_on_load = verify
        self._clock = clock
        #: a version-1 store (no genesis in its chain): readable, verifiable, upgradable
        self.legacy = legacy
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
        community: Community | Genesis,
        appointments: Iterable[Appointment] = (),
        *,
        clock: ClockKind | Clock = "wall",
        created_at: datetime | None = None,
        public_key: str | None = None,
        guards: Mapping[str, Guard] | None = None,
        durability: Durability = "full",
    ) -> Self:
        """Create a new store at ``path`` for ``community`` under ``charter``.

        The genesis record (charter digest, community, appointments, creation time, clock) is
        written with it; the appointments are checked now (eligibility, levels, holder
        limits).  ``clock="wall"`` (the default) records every event at the system's time;
        ``clock="events"`` makes a store whose clock follows its events (an archive of past
        records, imported in order); a function returning the time stands in for the wall
        clock.  ``public_key`` names the Ed25519 key that signs this ledger's checkpoints.
        Given a :class:`~cogov.engine.genesis.Genesis` record instead of a community (a copy of
        another store), the new store starts from exactly that record.
        """
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            msg = f"cannot create a store at {str(path)!r}: the file exists; open it with SQLiteStore.open or choose a new path"
            raise StoreError(msg)
        ledger = Ledger(
            charter,
            community,
            appointments=appointments,
            clock=clock,
            created_at=created_at,
            public_key=public_key,
            guards=guards,
        )  # validates the appointments and fixes the genesis record
        cls._write_new(path, charter, ledger.genesis)
        db = cls._connect(path, readonly=False, durability=durability)
        store = cls(db, path, charter, ledger.genesis, guards=guards, clock=ledger._now)
        store._ledger = ledger
        return store

    @classmethod
    def _write_new(cls, path: Path, charter: Charter, genesis: Genesis) -> None:
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
                "genesis": dumps_genesis(genesis, indent=False),
                "charter": dumps_charter(charter, indent=False),
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

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        charter: Charter,
        *,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
        durability: Durability = "full",
        verify: bool = True,
        clock: Clock | None = None,
    ) -> Self:
        """Open the store at ``path``; ``charter`` must be the one it was recorded under.

        ``readonly=True`` opens a reader that never takes the write lock.  With ``verify``
        (the default) the ledger is fully verified when it is first loaded (for :meth:`load`
        or the first append): every hash and every event's meaning; ``verify=False`` trusts
        the file (very large stores you keep yourself; :meth:`verify` still checks on demand).
        """
        path = Path(path)
        if not path.exists():
            msg = f"no store at {str(path)!r}; create one with SQLiteStore.create"
            raise StoreError(msg)
        db = cls._connect(path, readonly=readonly, durability=durability)
        try:
            meta = sqlite_faults.read_meta(db, path, store_format=STORE_FORMAT, store_version=STORE_VERSION)
            legacy = int(meta["version"]) < STORE_VERSION
            if legacy:
                # A version-1 store is read under the charter given: a full verification (every
                # event validated again under it) is what shows the two agree.
                genesis = legacy_genesis(meta, path, charter)
            else:
                genesis = genesis_of(meta, path)
                check_charter(meta, genesis, charter, path)
            return cls(
                db,
                path,
                charter,
                genesis,
                guards=guards,
                readonly=readonly,
                verify=verify,
                clock=clock,
                legacy=legacy,
            )
        except sqlite3.Error as error:
            db.close()
            raise sqlite_faults.store_error(path, "read", error) from None
        except BaseException:
            db.close()
            raise

    # -- the EventStore interface ---------------------------------------------------------
    def append(self, events: Iterable[Event]) -> Batch:
        """Validate ``events`` through the ledger, then write them in one transaction.

        The whole batch is recorded at one reading of the store's clock.  A refused event
        raises its :class:`~cogov.errors.CogovError` (with a note giving its position in the
        batch); nothing of the batch is written and everything recorded before stays as it was.
        """
        if self._readonly:
            msg = f"store {str(self.path)!r} was opened read-only; open it with readonly=False to append"
            raise StoreError(msg)
        if self.legacy:
            msg = (
                f"store {str(self.path)!r} has format version 1 (no genesis record in its chain); "
                "upgrade it first: cogov store upgrade PATH (or SQLiteStore.upgrade)"
            )
            raise StoreError(msg)
        batch = list(events)
        if not batch:
            msg = "append: the batch is empty; pass at least one event"
            raise InvalidFieldError(msg)
        with gc_paused():
            return self._append(batch)

    def _append(self, batch: list[Event]) -> Batch:
        bodies = encode_bodies(batch)
        db = self._db
        ledger = self._ledger or self._build_ledger()
        db.execute("BEGIN IMMEDIATE")
        start = len(ledger)
        try:
            self._catch_up(ledger)
            start = len(ledger)
            batch_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM batches").fetchone()[0]
            prepared = chain_batch(ledger, batch, bodies, batch_id)
            db.executemany(_INSERT_EVENT, prepared.rows)
            db.execute(
                "INSERT INTO batches (id, first_seq, count, head, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (batch_id, start, len(batch), prepared.head, prepared.when.astimezone(UTC).isoformat()),
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
        return Batch(batch_id, start, len(batch), prepared.head)

    def _build_ledger(self) -> Ledger:
        self._ledger = self.load()
        return self._ledger

    def _catch_up(self, ledger: Ledger) -> None:
        """Fold in (and check) events other writers appended since ``ledger`` was built."""
        known = len(ledger)
        fold_in(
            ledger,
            self._db.execute(
                "SELECT seq, body, hash, recorded FROM events WHERE seq >= ? ORDER BY seq", (known,)
            ),
        )
        total = self._db.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM events").fetchone()[0]
        if total < known:
            msg = f"store {str(self.path)!r} holds {total} events but {known} were read before; it was truncated"
            raise StoreError(msg)

    @sqlite_faults.translate_errors("read")
    def events(self, start: int = 0) -> Iterator[Event]:
        for seq, body in self._db.execute(
            "SELECT seq, body FROM events WHERE seq >= ? ORDER BY seq", (start,)
        ):
            yield decode_stored(seq, body)

    @sqlite_faults.translate_errors("read")
    def batches(self) -> tuple[Batch, ...]:
        rows = self._db.execute("SELECT id, first_seq, count, head FROM batches ORDER BY id")
        return tuple(Batch(*row) for row in rows)

    def _rows(self) -> tuple[list[Any], tuple[Batch, ...], list[Checkpoint]]:
        """Every event row, batch and checkpoint, from one consistent snapshot."""
        db = self._db
        db.execute("BEGIN")
        try:
            # (a version-1 store kept no recorded times)
            recorded = "NULL" if self.legacy else "recorded"
            rows = db.execute(f"SELECT seq, body, hash, {recorded} FROM events ORDER BY seq").fetchall()  # noqa: S608 - a column name
            batches = self.batches()
            checkpoints = self.checkpoints()
        finally:
            db.execute("COMMIT")
        return rows, batches, checkpoints

    @sqlite_faults.translate_errors("read")
    def load(self, *, verify: bool | None = None) -> Ledger:
        """The ledger from genesis and every stored event (one consistent snapshot).

        By default (as the store was opened) the ledger is fully verified as it is rebuilt:
        every event validated again and every stored hash compared, so a broken store is
        refused with a :class:`TamperedHistoryError` naming the first bad event.
        ``verify=False`` trusts the stored events (a trusted replay with the stored hashes).
        """
        check = self._verify_on_load if verify is None else verify
        if not check and not self.legacy:
            return self._load_trusted()
        rows, _, _ = self._rows()
        with gc_paused():
            stored = read_stored([rows], wall=self._wall, reading="check" if check else "fold")
            del rows
            return self._ledger_of(stored, check=check)

    def _load_trusted(self) -> Ledger:
        """The ledger folded from the rows as they stream in (one consistent snapshot)."""
        db = self._db
        db.execute("BEGIN")
        try:
            cursor = db.execute("SELECT seq, body, hash, recorded FROM events ORDER BY seq")
            chunks = iter(lambda: cursor.fetchmany(_CHUNK), [])
            with gc_paused():
                ledger = fold_stored(self._empty_ledger(), chunks, wall=self._wall)
        finally:
            db.execute("COMMIT")
        self._count = len(ledger)
        return ledger

    @property
    def _wall(self) -> bool:
        return self._genesis.clock == "wall" and not self.legacy

    def _ledger_of(self, stored: StoredEvents, *, check: bool) -> Ledger:
        """The ledger of the ``stored`` events (one snapshot): verified or trusted."""
        self._count = len(stored)
        if self.legacy:
            return load_legacy(self._empty_ledger(), stored.events, bytes(stored.hashes), check=check)
        return ledger_from(self._empty_ledger(), stored, check=check)

    def _empty_ledger(self) -> Ledger:
        return empty_ledger(self._charter, self._genesis, self._guards, self._clock, str(self.path))

    @sqlite_faults.translate_errors("verify")
    def verify(self, *, hashes_only: bool = False, checkpoint: Checkpoint | None = None) -> bytes:
        """Check every stored row, the genesis record and the meaning of every event.

        Each row must decode, must be byte-for-byte what cogov writes for the decoded event
        (so no change to its JSON goes unseen, even one that decodes to an equal value), must
        sit at the next sequence number and carry the chain hash recomputed from the genesis
        record and its predecessors; unless ``hashes_only``, every event is validated again
        (authority, workflow, guards, recording time).  Batches must tile the events exactly,
        and every checkpoint stored here (and ``checkpoint``, one published elsewhere) must lie
        on the chain.  Returns the head hash; raises :class:`TamperedHistoryError` naming the
        first bad event.
        """
        rows, batches, checkpoints = self._rows()
        with gc_paused():
            stored = read_stored([rows], wall=self._wall, reading="exact")
            del rows
            # the same snapshot and the same decoded events: nothing read or decoded twice
            ledger = self._ledger_of(stored, check=not hashes_only)
        if hashes_only and not self.legacy:
            ledger.verify(hashes_only=True)
        check_batches(batches, stored.hashes)
        for published in (*checkpoints, *([checkpoint] if checkpoint is not None else [])):
            published.check(ledger)
        self._count = len(stored)
        if self.legacy:  # the head its own chain (rooted at zeros) published
            return bytes(stored.hashes[-16:]) if len(stored) else GENESIS
        return ledger.head

    # -- checkpoints ----------------------------------------------------------------------
    def checkpoint(self, *, private_key: bytes | None = None) -> Checkpoint:
        """Publish a checkpoint of the store as it stands: kept here, and returned for you to
        keep elsewhere (``Checkpoint.dumps()``), where whoever rewrites this file cannot reach."""
        if self._readonly:
            msg = f"store {str(self.path)!r} was opened read-only; open it with readonly=False to publish a checkpoint"
            raise StoreError(msg)
        ledger = self.load()
        self._ledger = ledger
        when = ledger.clock or self._genesis.created_at or datetime.now(UTC)
        point = Checkpoint.of(ledger, at=when, private_key=private_key)
        self._db.execute(
            "INSERT INTO checkpoints (count, head, at, signature) VALUES (?, ?, ?, ?)",
            (point.count, point.head, micros(point.at), point.signature),
        )
        return point

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints published from this store, oldest first."""
        if self.legacy:
            return []
        root = self._genesis.digest()
        rows = self._db.execute("SELECT count, head, at, signature FROM checkpoints ORDER BY rowid")
        return [
            Checkpoint(root=root, count=count, head=head, at=from_micros(at), signature=signature)
            for count, head, at, signature in rows
        ]

    # -- upgrading ------------------------------------------------------------------------
    @classmethod
    def upgrade(
        cls,
        path: str | os.PathLike[str],
        charter: Charter,
        *,
        guards: Mapping[str, Guard] | None = None,
    ) -> Path:
        """Rewrite a version-1 store at ``path`` in the current format, after verifying it fully.

        The events are re-recorded from a genesis record built from the old store's community
        and appointments, on a clock that follows the events (their recording times were not
        kept), in the same batches.  The old file is kept beside the new one as
        ``PATH.v1.bak``; returns that path.
        """
        path = Path(path)
        old = cls.open(path, charter, guards=guards, readonly=True)
        try:
            if not old.legacy:
                msg = f"store {str(path)!r} already has format version {STORE_VERSION}; nothing to upgrade"
                raise StoreError(msg)
            head = old.verify()
            ledger = old.load()
            batches = old.batches()
        finally:
            old.close()
        genesis = Genesis.of(
            charter,
            old._genesis.community(),
            old._genesis.appointments,
            note=f"upgraded from a version-1 store (head {head.hex()}) on {datetime.now(UTC).date().isoformat()}",
        )
        fresh = path.with_name(f"{path.name}.upgrading-{os.getpid()}")
        fresh.unlink(missing_ok=True)
        cls._write_new(fresh, charter, genesis)
        new = cls.open(fresh, charter, guards=guards, verify=False)
        try:
            new._ledger = new._empty_ledger()
            events = list(ledger.events)
            for batch in batches:
                new.append(events[batch.first_seq : batch.first_seq + batch.count])
        finally:
            new.close()
        backup = path.with_name(f"{path.name}.v1.bak")
        os.replace(path, backup)
        os.replace(fresh, path)
        return backup

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
