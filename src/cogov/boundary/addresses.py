"""Store addresses: one string names a store, whichever database keeps it.

=====================================================  =========================================
address                                                the store
=====================================================  =========================================
``ledger.db``, ``/data/ledger.sqlite``                 a SQLite file (one community)
``sqlite:///ledger.db``, ``sqlite:////data/l.db``      the same, as a URL (relative, absolute)
``county/``, ``sqlite:///county``                      a directory of SQLite files, one per
                                                       community, each named ``CODE.db``
``postgresql://USER@HOST:PORT/DATABASE``               a PostgreSQL database (many communities,
                                                       each named by its code: ``community=``)
``postgresql://...?schema=NAME``                       the same, in schema NAME (default cogov)
=====================================================  =========================================

:func:`open_store` opens (or creates) the store an address names and :func:`list_communities`
says which communities it holds.  A bad address, a server that cannot be reached, an unknown
community or a missing driver is a :class:`~cogov.errors.StoreError` that says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Final, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs

from cogov.boundary.store import EventStore, community_code
from cogov.engine.genesis import ClockKind, Genesis
from cogov.engine.guards import Guard
from cogov.engine.timing import Clock
from cogov.errors import StoreError
from cogov.model.charter import Charter
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["POSTGRES_SCHEMES", "STORE_SUFFIXES", "Address", "list_communities", "open_store", "parse_address"]

POSTGRES_SCHEMES: Final = ("postgresql", "postgres")
#: file suffixes of SQLite stores, in the order a directory of stores is searched
STORE_SUFFIXES: Final = (".db", ".sqlite", ".sqlite3")


@attrs.frozen
class Address:
    """A parsed store address: a SQLite file, or a PostgreSQL database (and schema)."""

    kind: Literal["sqlite", "postgres"]
    #: the SQLite file, or the libpq connection string (without cogov's own ``schema``)
    target: str
    schema: str = "cogov"

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgres"


def parse_address(address: str | os.PathLike[str]) -> Address:
    """What ``address`` names; a :class:`StoreError` for one cogov cannot open."""
    text = os.fspath(address)
    if not text.strip():
        msg = "store address is empty; give a path (ledger.db) or postgresql://USER@HOST:PORT/DATABASE"
        raise StoreError(msg)
    scheme, colon, rest = text.partition("://")
    if not colon or len(scheme) < 2 or os.sep in scheme or "/" in scheme:  # a path (C:\... too)
        return Address("sqlite", text)
    scheme = scheme.lower()
    if scheme == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if not path:
            msg = f"store address {text!r} names no file; write sqlite:///ledger.db or sqlite:////abs/path.db"
            raise StoreError(msg)
        return Address("sqlite", path)
    if scheme in POSTGRES_SCHEMES:
        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
        schema = next((value for key, value in query if key == "schema"), "cogov")
        kept = urlencode([(key, value) for key, value in query if key != "schema"])
        if not parts.path.strip("/"):
            msg = f"store address {text!r} names no database; write postgresql://USER@HOST:PORT/DATABASE"
            raise StoreError(msg)
        return Address("postgres", urlunsplit(parts._replace(query=kept)), schema)
    msg = (
        f"store address {text!r} has scheme {scheme!r}, which cogov does not know; use a path, "
        "sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE"
    )
    raise StoreError(msg)


def open_store(
    address: str | os.PathLike[str],
    *,
    community: str | None = None,
    charter: Charter | None = None,
    create: bool = False,
    structure: Community | Genesis | None = None,
    appointments: Iterable[Appointment] = (),
    clock: ClockKind | Clock = "wall",
    created_at: datetime | None = None,
    public_key: str | None = None,
    guards: Mapping[str, Guard] | None = None,
    readonly: bool = False,
    verify: bool = True,
) -> EventStore:
    """The store at ``address``, for the community whose code is ``community``.

    A SQLite file holds one community (``community``, when given, must be its code); a
    PostgreSQL database holds many, and ``community`` may be left out only when it holds one.
    ``charter`` is the charter the store was recorded under (by default the one it records).
    With ``create=True`` a new store is made for ``structure`` (a community, or the genesis
    record of another store to copy; its code is ``community``, by
    default :func:`~cogov.boundary.store.community_code`), under ``charter``, with ``appointments``, ``clock``,
    ``created_at`` and ``public_key`` as :meth:`SQLiteStore.create
    <cogov.boundary.sqlite_store.SQLiteStore.create>` takes them.
    """
    where = parse_address(address)
    if create:
        if charter is None or structure is None:
            msg = "open_store(create=True) needs the charter and the community structure (structure=...)"
            raise StoreError(msg)
        return _create(
            where,
            community=community,
            charter=charter,
            structure=structure,
            appointments=appointments,
            clock=clock,
            created_at=created_at,
            public_key=public_key,
            guards=guards,
        )
    if where.is_postgres:
        from cogov.boundary.postgres_store import PostgresStore  # noqa: PLC0415 - psycopg is optional

        return PostgresStore.open(
            where.target,
            charter,
            community=community,
            guards=guards,
            readonly=readonly,
            verify=verify,
            schema=where.schema,
        )
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415

    path = _file_in(Path(where.target), community, address)
    if not path.is_file():
        msg = f"no store at {str(path)!r}; create one first (cogov store create)"
        raise StoreError(msg)
    if charter is None:
        charter = _recorded_charter(path)
    store = SQLiteStore.open(path, charter, guards=guards, readonly=readonly, verify=verify)
    if community is not None:
        code = community_code(store.genesis.community())
        if community != code:
            store.close()
            msg = f"{path}: holds community {code!r}, not {community!r} (a SQLite store holds one community)"
            raise StoreError(msg)
    return store


def _create(
    where: Address,
    *,
    community: str | None,
    charter: Charter,
    structure: Community | Genesis,
    appointments: Iterable[Appointment],
    clock: ClockKind | Clock,
    created_at: datetime | None,
    public_key: str | None,
    guards: Mapping[str, Guard] | None,
) -> EventStore:
    if where.is_postgres:
        from cogov.boundary.postgres_store import PostgresStore  # noqa: PLC0415 - psycopg is optional

        return PostgresStore.create(
            where.target,
            charter,
            structure,
            appointments,
            code=community,
            clock=clock,
            created_at=created_at,
            public_key=public_key,
            guards=guards,
            schema=where.schema,
        )
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415

    code = community_code(structure.community() if isinstance(structure, Genesis) else structure)
    if community is not None and community != code:
        msg = f"a SQLite store's community is {code!r} (its structure's), not {community!r}"
        raise StoreError(msg)
    target = Path(where.target)
    return SQLiteStore.create(
        target / f"{code}.db" if target.is_dir() else target,
        charter,
        structure,
        appointments,
        clock=clock,
        created_at=created_at,
        public_key=public_key,
        guards=guards,
    )


def _file_in(path: Path, community: str | None, address: str | os.PathLike[str]) -> Path:
    """The store file ``path`` names: itself, or in a directory of stores, ``community``'s."""
    if not path.is_dir():
        return path
    if community is None:
        known = list_communities(path)
        msg = (
            f"store address {os.fspath(address)!r} is a directory of stores; name the community "
            f"with --community CODE (it holds {', '.join(known) if known else 'none'})"
        )
        raise StoreError(msg)
    for suffix in STORE_SUFFIXES:
        if (candidate := path / f"{community}{suffix}").is_file():
            return candidate
    msg = f"store address {os.fspath(address)!r} holds no store for community {community!r}"
    raise StoreError(msg)


def list_communities(address: str | os.PathLike[str]) -> tuple[str, ...]:
    """The codes of the communities the store at ``address`` holds (a SQLite file: its one)."""
    where = parse_address(address)
    if where.is_postgres:
        from cogov.boundary.postgres_store import PostgresStore  # noqa: PLC0415 - psycopg is optional

        return PostgresStore.communities(where.target, schema=where.schema)
    path = Path(where.target)
    if path.is_dir():  # its stores' names are their codes (open_store checks each on opening)
        return tuple(sorted({p.stem for p in path.iterdir() if p.suffix in STORE_SUFFIXES and p.is_file()}))
    if not path.is_file():
        msg = f"no store at {str(path)!r}"
        raise StoreError(msg)
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415

    with SQLiteStore.open(path, _recorded_charter(path), readonly=True, verify=False) as store:
        return (community_code(store.genesis.community()),)


def _recorded_charter(path: Path) -> Charter:
    """The charter a SQLite store recorded (the digest in its genesis is checked on open)."""
    from cogov.boundary import sqlite_faults  # noqa: PLC0415
    from cogov.boundary.codec import loads_charter  # noqa: PLC0415
    from cogov.boundary.sqlite_store import STORE_FORMAT, STORE_VERSION  # noqa: PLC0415

    db = sqlite_faults.connect(path, readonly=True, durability="full")
    try:
        meta = sqlite_faults.read_meta(db, path, store_format=STORE_FORMAT, store_version=STORE_VERSION)
    finally:
        db.close()
    try:
        return loads_charter(meta["charter"])
    except Exception as error:
        raise sqlite_faults.damaged_meta(path, "charter", error) from None
