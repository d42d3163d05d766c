"""Store addresses: where a community's ledger lives, as one string.

An address is a path (a SQLite store file, or a directory holding one ``<community>.db`` per
community), or a URL: ``sqlite:///path`` for the same.  :func:`open_store` opens one
community's store there; :func:`list_communities` names the communities an address holds.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.boundary.store import EventStore
from cogov.errors import CogovError, StoreError
from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter

__all__ = ["STORE_SUFFIXES", "list_communities", "open_store", "sqlite_path"]

#: file suffixes of SQLite stores, in the order a directory is searched
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_SQLITE = "sqlite:///"


def sqlite_path(address: str) -> Path:
    """The file or directory a SQLite address names (a plain path or ``sqlite:///path``)."""
    if address.startswith(_SQLITE):
        return Path(address[len(_SQLITE) :])
    if "://" in address:
        scheme = address.split("://", 1)[0]
        msg = (
            f"store address {address!r}: {scheme!r} stores are not supported by this installation; "
            "give a path, a directory of .db files or sqlite:///path"
        )
        raise StoreError(msg)
    return Path(address)


def list_communities(address: str) -> tuple[str, ...]:
    """The communities stored at ``address``: the file's stem, or the stems of a directory's stores."""
    path = sqlite_path(address)
    if path.is_dir():
        return tuple(sorted({p.stem for p in path.iterdir() if p.suffix in STORE_SUFFIXES and p.is_file()}))
    if path.is_file():
        return (path.stem,)
    msg = f"store address {address!r}: no such file or directory"
    raise StoreError(msg)


def _file_of(address: str, community: str | None) -> Path:
    path = sqlite_path(address)
    if path.is_dir():
        if community is None:
            msg = f"store address {address!r} is a directory of stores; name the community to open"
            raise StoreError(msg)
        for suffix in STORE_SUFFIXES:
            candidate = path / f"{community}{suffix}"
            if candidate.is_file():
                return candidate
        msg = f"store address {address!r} holds no store for community {community!r}"
        raise StoreError(msg)
    if community is not None and path.stem != community:
        msg = f"store {str(path)!r} holds community {path.stem!r}, not {community!r}"
        raise StoreError(msg)
    if not path.is_file():
        msg = f"no store at {str(path)!r}"
        raise StoreError(msg)
    return path


@functools.lru_cache(maxsize=1)
def _basic() -> Charter:
    return basic_charter()


def _candidate_charters() -> Iterator[tuple[Charter, Any]]:
    """The basic charter, then (only if asked for) every installed example's, with its guards."""
    yield _basic(), None
    try:
        # the plugins layer is beside the boundary: import it only when a charter must be found
        plugins: Any = importlib.import_module("cogov.plugins")
        names = plugins.example_names()
    except CogovError:
        return
    for name in names:
        example = plugins.load_example(name)
        yield example.charter, example.guards


def open_store(
    address: str,
    *,
    community: str | None = None,
    charter: Charter | None = None,
    readonly: bool = True,
    verify: bool = True,
    guards: Any = None,
) -> EventStore:
    """Open community ``community``'s store at ``address`` (read-only unless ``readonly=False``).

    Without ``charter``, the store is opened under the charter its genesis record names: the
    basic charter or an installed example's.
    """
    path = _file_of(address, community)
    if charter is not None:
        return SQLiteStore.open(path, charter, guards=guards, readonly=readonly, verify=verify)
    refusals = []
    for candidate, candidate_guards in _candidate_charters():
        try:
            return SQLiteStore.open(
                path, candidate, guards=candidate_guards, readonly=readonly, verify=verify
            )
        except StoreError as error:
            if "was recorded under charter" not in str(error):
                raise
            refusals.append(candidate.key)
    msg = (
        f"store {str(path)!r} was recorded under a charter this installation does not have "
        f"(tried {', '.join(refusals)}); install the plugin that provides it"
    )
    raise StoreError(msg)
