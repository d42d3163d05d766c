"""The server store: many communities' ledgers in one PostgreSQL database (psycopg 3).

Layout (format ``cogov.postgres-store``, version 1), in one schema (``cogov`` by default)::

    meta(key, value)                       format and version of the layout
    communities(id, code, genesis,         one row per community: its code, its genesis
                charter, charter_key)      record (what its chain's first link commits to)
                                           and, for error messages only, the charter's JSON
    batches(community, id, first_seq,      one row per appended batch
            count, head, recorded_at)
    events(community, seq, batch, body,    one row per event: its JSON (exactly what
           hash, recorded)                 cogov.boundary.codec.encode_event writes), its
                                           16-byte chain hash and, on a wall clock, when it
                                           was recorded (microseconds since the epoch)
    checkpoints(community, n, count,       checkpoints published from the store
                head, at, signature)

Each community is its own hash chain.  An append locks its community's row
(``SELECT ... FOR UPDATE``), folds in whatever other writers appended, validates its batch
against the up-to-date ledger and writes it with ``COPY`` in the same transaction: writers on
one community are serialised and never fork its chain, while a writer on another community
never waits.  A batch is all or nothing (a killed writer's transaction is rolled back by the
server), and every commit is durable as the server's ``synchronous_commit`` makes it.

Reads take one consistent snapshot (a repeatable-read, read-only transaction) and stream the
rows through a server-side cursor, one page at a time, so a large ledger's raw rows are never
all in memory beside its events.  What the rows mean and how they are checked is every
store's: :mod:`cogov.boundary.chained_rows`.

One :class:`PostgresStore` object is not thread-safe; open one per thread or process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Final, Self

from cogov.boundary.chained_rows import (
    Reading,
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
from cogov.boundary.codec import dumps_charter, dumps_genesis
from cogov.boundary.postgres_faults import connect, masked, psycopg, store_error, translate_errors
from cogov.boundary.prefetch import prefetched
from cogov.boundary.sqlite_rows import check_charter, genesis_of
from cogov.boundary.store import Batch, RecordedStore, community_code
from cogov.engine.batches import gc_paused
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

__all__ = ["DEFAULT_SCHEMA", "STORE_FORMAT", "STORE_VERSION", "PostgresStore"]

STORE_FORMAT: Final = "cogov.postgres-store"
STORE_VERSION: Final = 1
DEFAULT_SCHEMA: Final = "cogov"
#: rows fetched per page of a streamed read
PAGE: Final = 20_000

_SCHEMA = (
    "CREATE TABLE {s}.meta (key text PRIMARY KEY, value text NOT NULL)",
    "CREATE TABLE {s}.communities (id serial PRIMARY KEY, code text NOT NULL UNIQUE, "
    "genesis text NOT NULL, charter text NOT NULL, charter_key text NOT NULL, "
    "created timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE {s}.batches (community integer NOT NULL, id bigint NOT NULL, first_seq bigint NOT NULL, "
    "count integer NOT NULL, head bytea NOT NULL, recorded_at timestamptz NOT NULL, PRIMARY KEY (community, id))",
    "CREATE TABLE {s}.events (community integer NOT NULL, seq bigint NOT NULL, batch bigint NOT NULL, "
    "body bytea NOT NULL, hash bytea NOT NULL, recorded bigint, PRIMARY KEY (community, seq))",
    "CREATE TABLE {s}.checkpoints (community integer NOT NULL, n bigserial, count bigint NOT NULL, "
    "head bytea NOT NULL, at bigint NOT NULL, signature bytea, PRIMARY KEY (community, n))",
)
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _schema_name(schema: str) -> str:
    if not _NAME.fullmatch(schema):
        msg = f"PostgreSQL schema {schema!r} is not a plain lower-case name (letters, digits, _)"
        raise StoreError(msg)
    return schema


def _check_code(code: str) -> str:
    if not code or not code.isprintable() or code != code.strip():
        msg = f"community code {code!r} must be printable text without surrounding spaces, e.g. 420325100001"
        raise InvalidFieldError(msg)
    return code


def _has_layout(db: Any, schema: str) -> bool:
    found = db.execute("SELECT to_regclass(%s)", (f"{schema}.meta",)).fetchone()
    return found is not None and found[0] is not None


def _check_layout(db: Any, schema: str, where: str) -> None:
    if not _has_layout(db, schema):
        msg = f"{where}: the database holds no cogov stores (no schema {schema!r}); create a store first"
        raise StoreError(msg)
    meta = dict(db.execute(f"SELECT key, value FROM {schema}.meta").fetchall())  # noqa: S608 - checked name
    if meta.get("format") != STORE_FORMAT:
        msg = f"{where}: schema {schema!r} is not a cogov store (format {meta.get('format')!r})"
        raise StoreError(msg)
    version = str(meta.get("version", ""))
    if not version.isdigit() or int(version) > STORE_VERSION:
        msg = f"{where}: store format version {version!r} is not one this cogov reads ({STORE_VERSION}); upgrade cogov"
        raise StoreError(msg)


class PostgresStore(RecordedStore):
    """An :class:`~cogov.boundary.store.EventStore` of one community in a PostgreSQL database.

    Create a community's store with :meth:`create`, open it with :meth:`open`; list a
    database's communities with :meth:`communities`.
    """

    def __init__(
        self,
        connection: Any,
        address: str,
        *,
        schema: str,
        code: str,
        community_id: int,
        charter: Charter,
        genesis: Genesis,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
        verify: bool = True,
        clock: Clock | None = None,
    ) -> None:
        self._db = connection
        self.address = address
        self.schema = schema
        self.code = code
        self._id = community_id
        self._charter = charter
        self._genesis = genesis
        self._guards = guards
        self._readonly = readonly
        self._verify_on_load = verify
        self._clock = clock
        self._ledger: Ledger | None = None
        #: how errors name this store: its address (password masked) and community
        self.where = f"{masked(address)} community {code}"
        self._count: int = self._db.execute(
            f"SELECT COALESCE(MAX(seq) + 1, 0) FROM {schema}.events WHERE community = %s",  # noqa: S608
            (community_id,),
        ).fetchone()[0]

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        address: str,
        charter: Charter,
        community: Community | Genesis,
        appointments: Iterable[Appointment] = (),
        *,
        code: str | None = None,
        clock: ClockKind | Clock = "wall",
        created_at: datetime | None = None,
        public_key: str | None = None,
        guards: Mapping[str, Guard] | None = None,
        schema: str = DEFAULT_SCHEMA,
    ) -> Self:
        """Create the store of ``community`` (named ``code``, by default
        :func:`~cogov.boundary.store.community_code`)
        in the database at ``address``, making the tables on first use.

        The arguments mean what they mean for
        :meth:`SQLiteStore.create <cogov.boundary.sqlite_store.SQLiteStore.create>`.
        """
        schema = _schema_name(schema)
        structure = community.community() if isinstance(community, Genesis) else community
        code = _check_code(code if code is not None else community_code(structure))
        ledger = Ledger(
            charter,
            community,
            appointments=appointments,
            clock=clock,
            created_at=created_at,
            public_key=public_key,
            guards=guards,
        )  # validates the appointments and fixes the genesis record
        db = connect(address)
        where = f"{masked(address)} community {code}"
        try:
            with db.transaction():
                # one creator of the tables at a time: CREATE ... IF NOT EXISTS races otherwise
                db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"cogov layout {schema}",))
                if not _has_layout(db, schema):
                    db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
                    for statement in _SCHEMA:
                        db.execute(statement.format(s=schema))
                    db.execute(
                        f"INSERT INTO {schema}.meta VALUES ('format', %s), ('version', %s)",  # noqa: S608
                        (STORE_FORMAT, str(STORE_VERSION)),
                    )
                _check_layout(db, schema, masked(address))
                made = db.execute(
                    f"INSERT INTO {schema}.communities (code, genesis, charter, charter_key) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (code) DO NOTHING RETURNING id",
                    (
                        code,
                        dumps_genesis(ledger.genesis, indent=False),
                        dumps_charter(charter, indent=False),
                        charter.key,
                    ),
                ).fetchone()
                if made is None:
                    msg = f"cannot create the store of community {code!r} at {masked(address)}: it exists; open it instead"
                    raise StoreError(msg)
        except psycopg().Error as error:
            db.close()
            raise store_error(where, "create", error) from None
        except BaseException:
            db.close()
            raise
        store = cls(
            db,
            address,
            schema=schema,
            code=code,
            community_id=made[0],
            charter=charter,
            genesis=ledger.genesis,
            guards=guards,
            clock=ledger._now,
        )
        store._ledger = ledger
        return store

    @classmethod
    def open(
        cls,
        address: str,
        charter: Charter | None = None,
        *,
        community: str | None = None,
        guards: Mapping[str, Guard] | None = None,
        readonly: bool = False,
        verify: bool = True,
        clock: Clock | None = None,
        schema: str = DEFAULT_SCHEMA,
    ) -> Self:
        """Open the store of ``community`` (a code; may be left out when the database holds one
        community) under ``charter`` (by default the one it was recorded under)."""
        schema = _schema_name(schema)
        db = connect(address)
        try:
            if readonly:
                db.read_only = True
            _check_layout(db, schema, masked(address))
            code = community if community is not None else _only_community(db, schema, address)
            where = f"{masked(address)} community {code}"
            row = db.execute(
                f"SELECT id, genesis, charter FROM {schema}.communities WHERE code = %s",  # noqa: S608
                (code,),
            ).fetchone()
            if row is None:
                known = _codes(db, schema)
                msg = (
                    f"{masked(address)}: no community {code!r} in this database; "
                    f"it holds {', '.join(known) if known else 'none'}"
                )
                raise StoreError(msg)
            community_id, genesis_text, charter_text = row
            meta = {"genesis": genesis_text, "charter": charter_text}
            genesis = genesis_of(meta, where)
            if charter is None:
                charter = _recorded_charter(charter_text, where)
            check_charter(meta, genesis, charter, where)
            return cls(
                db,
                address,
                schema=schema,
                code=code,
                community_id=community_id,
                charter=charter,
                genesis=genesis,
                guards=guards,
                readonly=readonly,
                verify=verify,
                clock=clock,
            )
        except psycopg().Error as error:
            db.close()
            raise store_error(masked(address), "read", error) from None
        except BaseException:
            db.close()
            raise

    @staticmethod
    def communities(address: str, *, schema: str = DEFAULT_SCHEMA) -> tuple[str, ...]:
        """The codes of the communities the database at ``address`` holds, in order."""
        schema = _schema_name(schema)
        db = connect(address)
        try:
            if not _has_layout(db, schema):
                return ()
            _check_layout(db, schema, masked(address))
            return _codes(db, schema)
        except psycopg().Error as error:
            raise store_error(masked(address), "read", error) from None
        finally:
            db.close()

    # -- the EventStore interface ---------------------------------------------------------
    def append(self, events: Iterable[Event]) -> Batch:
        """Validate ``events`` through the ledger, then write them in one transaction (see
        :meth:`SQLiteStore.append <cogov.boundary.sqlite_store.SQLiteStore.append>`)."""
        if self._readonly:
            msg = f"store {self.where!r} was opened read-only; open it with readonly=False to append"
            raise StoreError(msg)
        batch = list(events)
        if not batch:
            msg = "append: the batch is empty; pass at least one event"
            raise InvalidFieldError(msg)
        with gc_paused():
            return self._append(batch)

    def _append(self, batch: list[Event]) -> Batch:
        bodies = encode_bodies(batch)
        ledger = self._ledger or self._build_ledger()
        start = len(ledger)
        s, db = self.schema, self._db
        try:
            with db.transaction(), db.cursor() as cursor:
                # the community's lock: one writer of this chain at a time, others untouched
                cursor.execute(f"SELECT id FROM {s}.communities WHERE id = %s FOR UPDATE", (self._id,))  # noqa: S608
                self._catch_up(ledger, cursor)
                start = len(ledger)
                cursor.execute(
                    f"SELECT COALESCE(MAX(id), 0) + 1 FROM {s}.batches WHERE community = %s",  # noqa: S608
                    (self._id,),
                )
                batch_id = cursor.fetchone()[0]
                prepared = chain_batch(ledger, batch, bodies, batch_id, (self._id,))
                with cursor.copy(
                    f"COPY {s}.events (community, seq, batch, body, hash, recorded) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["int4", "int8", "int8", "bytea", "bytea", "int8"])
                    write = copy.write_row
                    for row in prepared.rows:
                        write(row)
                cursor.execute(
                    f"INSERT INTO {s}.batches (community, id, first_seq, count, head, recorded_at) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    (self._id, batch_id, start, len(batch), prepared.head, prepared.when.astimezone(UTC)),
                )
        except BaseException as error:
            if len(ledger) != start:
                # The batch passed validation but was not written: rebuild from the database next time.
                self._ledger = None
            if isinstance(error, psycopg().Error):
                raise store_error(
                    self.where, f"append {len(batch)} events (none was written) to", error
                ) from None
            raise
        self._count = start + len(batch)
        return Batch(batch_id, start, len(batch), prepared.head)

    def _build_ledger(self) -> Ledger:
        self._ledger = self.load()
        return self._ledger

    def _catch_up(self, ledger: Ledger, cursor: Any) -> None:
        """Fold in (and check) events other writers appended since ``ledger`` was built."""
        known = len(ledger)
        cursor.execute(
            f"SELECT seq, body, hash, recorded FROM {self.schema}.events "  # noqa: S608
            "WHERE community = %s AND seq >= %s ORDER BY seq",
            (self._id, known),
        )
        fold_in(ledger, cursor.fetchall())
        cursor.execute(
            f"SELECT COALESCE(MAX(seq) + 1, 0) FROM {self.schema}.events WHERE community = %s",  # noqa: S608
            (self._id,),
        )
        total = cursor.fetchone()[0]
        if total < known:
            msg = f"store {self.where!r} holds {total} events but {known} were read before; it was truncated"
            raise StoreError(msg)

    @translate_errors("read")
    def events(self, start: int = 0) -> Iterator[Event]:
        with self._snapshot():
            for page in self._pages("seq, body", "AND seq >= %s", (start,)):
                for seq, body in page:
                    yield decode_stored(seq, body)

    @translate_errors("read")
    def batches(self) -> tuple[Batch, ...]:
        rows = self._db.execute(
            f"SELECT id, first_seq, count, head FROM {self.schema}.batches WHERE community = %s ORDER BY id",  # noqa: S608
            (self._id,),
        ).fetchall()
        return tuple(Batch(*row) for row in rows)

    def _snapshot(self) -> Any:
        """A read-only transaction that sees one snapshot of the database."""
        return self._db.transaction()

    def _pages(self, columns: str, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[list[Any]]:
        """The community's event rows in sequence order, a page at a time (a server-side cursor)."""
        with self._db.cursor(name=f"cogov_rows_{self._id}") as cursor:
            cursor.itersize = PAGE
            cursor.execute(
                f"SELECT {columns} FROM {self.schema}.events WHERE community = %s {where} ORDER BY seq",  # noqa: S608
                (self._id, *args),
            )
            while page := cursor.fetchmany(PAGE):
                yield page

    def _read(self, reading: Reading) -> tuple[StoredEvents, tuple[Batch, ...], list[Checkpoint]]:
        """Every event (read as ``reading`` says), batch and checkpoint, from one snapshot."""
        with self._snapshot():
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            stored = read_stored(
                self._pages("seq, body, hash, recorded"),
                wall=self._genesis.clock == "wall",
                reading=reading,
            )
            batches = self.batches()
            checkpoints = self.checkpoints()
        return stored, batches, checkpoints

    @translate_errors("read")
    def load(self, *, verify: bool | None = None) -> Ledger:
        """The ledger from genesis and every stored event (one consistent snapshot), fully
        verified by default (as the store was opened); ``verify=False`` trusts the stored events."""
        check = self._verify_on_load if verify is None else verify
        if not check:
            with gc_paused(), self._snapshot():
                self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                chunks = prefetched(self._pages("seq, body, hash, recorded"))
                ledger = fold_stored(self._empty_ledger(), chunks, wall=self._genesis.clock == "wall")
            self._count = len(ledger)
            return ledger
        with gc_paused():
            stored, _, _ = self._read("check")
            self._count = len(stored)
            return ledger_from(self._empty_ledger(), stored, check=check)

    def _empty_ledger(self) -> Ledger:
        return empty_ledger(self._charter, self._genesis, self._guards, self._clock, self.where)

    @translate_errors("verify")
    def verify(self, *, hashes_only: bool = False, checkpoint: Checkpoint | None = None) -> bytes:
        """Check every stored row, the genesis record and the meaning of every event (see
        :meth:`SQLiteStore.verify <cogov.boundary.sqlite_store.SQLiteStore.verify>`)."""
        with gc_paused():
            stored, batches, checkpoints = self._read("exact")
            ledger = ledger_from(self._empty_ledger(), stored, check=not hashes_only)
        if hashes_only:
            ledger.verify(hashes_only=True)
        check_batches(batches, stored.hashes)
        for published in (*checkpoints, *([checkpoint] if checkpoint is not None else [])):
            published.check(ledger)
        self._count = len(stored)
        return ledger.head

    # -- checkpoints ----------------------------------------------------------------------
    @translate_errors("publish a checkpoint of")
    def checkpoint(self, *, private_key: bytes | None = None) -> Checkpoint:
        """Publish a checkpoint of the store as it stands: kept here, and returned for you to
        keep elsewhere (``Checkpoint.dumps()``)."""
        if self._readonly:
            msg = f"store {self.where!r} was opened read-only; open it with readonly=False to publish a checkpoint"
            raise StoreError(msg)
        ledger = self.load()
        self._ledger = ledger
        when = ledger.clock or self._genesis.created_at or datetime.now(UTC)
        point = Checkpoint.of(ledger, at=when, private_key=private_key)
        self._db.execute(
            f"INSERT INTO {self.schema}.checkpoints (community, count, head, at, signature) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            (self._id, point.count, point.head, micros(point.at), point.signature),
        )
        return point

    @translate_errors("read")
    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints published from this store, oldest first."""
        root = self._genesis.digest()
        rows = self._db.execute(
            f"SELECT count, head, at, signature FROM {self.schema}.checkpoints WHERE community = %s ORDER BY n",  # noqa: S608
            (self._id,),
        ).fetchall()
        return [
            Checkpoint(root=root, count=count, head=head, at=from_micros(at), signature=signature)
            for count, head, at, signature in rows
        ]

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
        return f"<PostgresStore {self.where!r} charter={self._charter.key!r} events={self._count}>"


def _codes(db: Any, schema: str) -> tuple[str, ...]:
    return tuple(row[0] for row in db.execute(f"SELECT code FROM {schema}.communities ORDER BY code"))  # noqa: S608


def _only_community(db: Any, schema: str, address: str) -> str:
    codes = _codes(db, schema)
    if len(codes) == 1:
        return codes[0]
    held = f"it holds {', '.join(codes)}" if codes else "it holds none yet"
    msg = f"{masked(address)}: name the community to open (--community CODE); {held}"
    raise StoreError(msg)


def _recorded_charter(text: str, where: str) -> Charter:
    from cogov.boundary.codec import loads_charter  # noqa: PLC0415 - only when no charter is given

    try:
        return loads_charter(text)
    except Exception as error:
        msg = f"store {where!r} is damaged: its recorded charter does not decode ({error}); give the charter"
        raise StoreError(msg) from None
