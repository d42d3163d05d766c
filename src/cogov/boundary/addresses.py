"""Store addresses: where a ledger is kept, written as one string.

``ledger.db`` or ``sqlite:///ledger.db`` (``sqlite:////abs/path.db``) name a SQLite store
file.  :func:`open_store` opens the store at an address under the charter it was recorded
under.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.boundary.store import EventStore
from cogov.engine.guards import Guard
from cogov.errors import StoreError
from cogov.model.charter import Charter

__all__ = ["open_store", "store_path"]

_SQLITE = "sqlite:///"


def store_path(address: str) -> Path:
    """The file a SQLite address names."""
    if address.startswith(_SQLITE):
        return Path(address[len(_SQLITE) :])
    if "://" in address:
        scheme = address.split("://", 1)[0]
        msg = f"store address {address!r}: the scheme {scheme!r} is not supported here; give a path or sqlite:///path"
        raise StoreError(msg)
    return Path(address)


def open_store(
    address: str,
    *,
    community: str | None = None,
    charter: Charter | None = None,
    guards: Mapping[str, Guard] | None = None,
    readonly: bool = False,
    **options: Any,
) -> EventStore:
    """Open the store at ``address`` (a path or ``sqlite:///path``) under ``charter``."""
    del community  # one community per SQLite file
    if charter is None:
        msg = f"store address {address!r}: a charter is required to open it"
        raise StoreError(msg)
    return SQLiteStore.open(store_path(address), charter, guards=guards, readonly=readonly, **options)
