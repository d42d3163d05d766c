"""Store addresses on the command line: a path, ``sqlite:///PATH`` or ``postgresql://...``.

Commands that read or write a store take its address and ``--community CODE`` (for a
PostgreSQL database, which holds many communities).  A bad address, a server that cannot be
reached, an unknown community or a missing driver is one line and exit code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cogov.boundary.addresses import STORE_SUFFIXES, list_communities, open_store, parse_address
from cogov.boundary.postgres_faults import masked
from cogov.boundary.store import EventStore
from cogov.cli._app import fail
from cogov.errors import CogovError

__all__ = ["community_option", "is_store_address", "open_address", "shown", "store_communities"]

community_option = click.option(
    "--community",
    metavar="CODE",
    help="The community, by code, in a store that holds many (a PostgreSQL database, a directory of stores).",
)


def is_store_address(text: str) -> bool:
    """Whether ``text`` names a store (a URL, a file with a store's suffix, or a directory of
    stores; other paths are event or document files)."""
    if "://" in text:
        return True
    path = Path(text)
    return path.suffix in STORE_SUFFIXES or path.is_dir()


def shown(address: str) -> str:
    """``address`` as messages show it (a password masked)."""
    return masked(address)


def store_communities(address: str, community: str | None) -> tuple[str, ...]:
    """The communities a command works on: ``community``, or every one the store holds."""
    if community is not None:
        return (community,)
    try:
        found = list_communities(address)
    except CogovError as error:
        msg = f"{shown(address)}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    if not found:
        msg = f"{shown(address)}: holds no community yet"
        raise fail(msg)
    return found


def open_address(
    address: str, *, community: str | None, setup: Any, readonly: bool = False, verify: bool = True
) -> EventStore:
    """The store at ``address`` under the community set-up's charter and guards, or exit 1 saying why."""
    try:
        where = parse_address(address)
        if not where.is_postgres and not Path(where.target).exists():
            msg = f"{shown(address)}: no such file"
            raise fail(msg)
        return open_store(
            address,
            community=community,
            charter=setup.charter,
            guards=setup.guards,
            readonly=readonly,
            verify=verify,
        )
    except CogovError as error:
        msg = f"{shown(address)}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
