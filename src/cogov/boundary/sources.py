"""Ledger sources and targets: picklable handles an executor sends to its workers.

A :class:`StoreSource` names one community's store by address (:mod:`cogov.boundary.addresses`)
and loads its ledger where it runs, so a roll-up (:func:`cogov.evaluation.rollup.roll_up`)
ships a few strings to each worker, not the events.  A :class:`StoreTarget` is where a
county's simulated ledgers are written, one store per community.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from cogov.boundary.addresses import list_communities, open_store, parse_address
from cogov.boundary.sqlite_import import write_ledger
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.engine.ledger import Ledger
from cogov.model.charter import Charter
from cogov.model.events import ActivityHeld, Appointed, AppointmentEnded, Event, IssueEvent, MeetingHeld
from cogov.model.structure import Community

__all__ = ["StoreSource", "StoreTarget", "store_sources"]

#: events that change neither the structure nor another event: a ledger of only these is
#: read for statistics without being rebuilt
_PLAIN = (IssueEvent, MeetingHeld, ActivityHeld, Appointed, AppointmentEnded)


@attrs.frozen
class StoreSource:
    """Community ``community``'s store at ``address``; :meth:`load` reads its ledger.

    ``verify`` (the default) rebuilds the ledger with every event validated again and every
    stored hash compared; ``verify=False`` trusts the store (a trusted fold with the stored
    hashes), for stores you keep yourself.
    """

    address: str
    community: str | None = None
    verify: bool = True

    def load(self) -> Ledger:
        store = open_store(self.address, community=self.community, readonly=True, verify=self.verify)
        try:
            return store.load()
        finally:
            store.close()

    def read(self) -> tuple[Charter, Community, Sequence[Event]]:
        """The charter, structure and (corrected) events that statistics read.

        A trusted read of a store whose events neither change its structure nor correct one
        another (issue steps, meetings, activities, appointments) skips building the ledger:
        the structure is the genesis record's.  Anything else, and every verified read, goes
        through :meth:`load`.
        """
        if not self.verify:
            store = open_store(self.address, community=self.community, readonly=True, verify=False)
            try:
                if isinstance(store, SQLiteStore):
                    events = list(store.events())
                    if all(isinstance(event, _PLAIN) for event in events):
                        return store.charter, store.genesis.community(), events
            finally:
                store.close()
        ledger = self.load()
        return ledger.charter, ledger.community, ledger.corrected_events


def store_sources(address: str, *, verify: bool = True) -> tuple[StoreSource, ...]:
    """A source for every community stored at ``address``."""
    return tuple(StoreSource(address, community, verify) for community in list_communities(address))


@attrs.frozen
class StoreTarget:
    """Where a county's simulated ledgers go, one store per community: a directory (a path or
    ``sqlite:///path``) of SQLite files, or a PostgreSQL database (``postgresql://...``)."""

    address: str
    #: ``"normal"`` survives a crash of the process; a simulation can be run again
    durability: str = "normal"

    def write(self, key: str, ledger: Ledger) -> str:
        """Record ``ledger`` in a new store named ``key``; returns the store's address.

        The store holds the ledger's own chain (its genesis record and every event with its
        hash), written in one transaction: the ledger validated each event as it was applied.
        A directory receives ``KEY.db``; a PostgreSQL database a new community ``KEY``.
        """
        where = parse_address(self.address)
        if where.is_postgres:
            from cogov.boundary.postgres_import import write_ledger as write_rows  # noqa: PLC0415 - psycopg is optional

            write_rows(where.target, ledger, code=key, schema=where.schema)
            return self.address
        directory = Path(where.target)
        directory.mkdir(parents=True, exist_ok=True)
        path = Path(directory, f"{key}.db")
        write_ledger(path, ledger, durability="normal" if self.durability == "normal" else "full")
        return str(path)
