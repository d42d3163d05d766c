"""Ledger sources and targets: picklable handles an executor sends to its workers.

A :class:`StoreSource` names one community's store by address (:mod:`cogov.boundary.addresses`)
and loads its ledger where it runs, so a roll-up (:func:`cogov.evaluation.rollup.roll_up`)
ships a few strings to each worker, not the events.  A :class:`StoreTarget` is where a
county's simulated ledgers are written, one store per community.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from cogov.boundary.addresses import list_communities, open_store, sqlite_path
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.engine.ledger import Ledger
from cogov.errors import StoreError

__all__ = ["StoreSource", "StoreTarget", "store_sources"]


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


def store_sources(address: str, *, verify: bool = True) -> tuple[StoreSource, ...]:
    """A source for every community stored at ``address``."""
    return tuple(StoreSource(address, community, verify) for community in list_communities(address))


@attrs.frozen
class StoreTarget:
    """A directory (a path or ``sqlite:///path``) that receives one SQLite store per community."""

    address: str
    #: ``"normal"`` survives a crash of the process; a simulation can be run again
    durability: str = "normal"
    #: events per appended batch
    batch: int = 50_000

    def write(self, key: str, ledger: Ledger) -> str:
        """Record ``ledger``'s events in a new store named ``key``; returns the store's address.

        The store starts from the ledger's genesis (structure, register, appointments, creation
        time) on a clock that follows the events, and validates every event as it appends.
        """
        directory = sqlite_path(self.address)
        directory.mkdir(parents=True, exist_ok=True)
        path = Path(directory, f"{key}.db")
        if path.exists():
            msg = f"store {str(path)!r} exists already; write a county into an empty directory"
            raise StoreError(msg)
        genesis = ledger.genesis
        store = SQLiteStore.create(
            path,
            ledger.charter,
            genesis.community(),
            genesis.appointments,
            clock="events",
            created_at=genesis.created_at,
            durability="normal" if self.durability == "normal" else "full",
        )
        try:
            events = ledger.events
            for start in range(0, len(events), self.batch):
                store.append(events[start : start + self.batch])
        finally:
            store.close()
        return str(path)
