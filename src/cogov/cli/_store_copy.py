"""``cogov store copy SOURCE TARGET``: one community, or all, from any store to any store.

The copy is the same chain (same genesis, batches, recorded times and hashes), verified as it
goes: the source fully before it is read, the target event by event as it is written, and
each batch's head against the source's.  A source may also be an events file (JSON Lines or
a JSON events document) recorded on the community set-up: it becomes a new ledger.
"""

from __future__ import annotations

from pathlib import Path

import click

from cogov.boundary.store_copy import Copied, copy_store, import_events
from cogov.cli._addresses import community_option, is_store_address, open_address, shown, store_communities
from cogov.cli._app import fail
from cogov.cli._common import load_events, load_setup
from cogov.cli._setup_option import setup_option
from cogov.cli._store import store
from cogov.errors import CogovError

__all__ = ["copy"]


def _said(source: str, target: str, copied: Copied) -> str:
    return (
        f"{shown(source)} → {shown(target)}: community {copied.community}, {copied.events:,} events "
        f"in {copied.batches:,} batches, verified (head {copied.head.hex()[:16]}…)"
    )


@store.command("copy")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@community_option
@setup_option("The community set-up whose charter the stores are recorded under.")
def copy(source: str, target: str, community: str | None, setup: str) -> None:
    """Copy one community (--community CODE) or every one from SOURCE to TARGET, verifying as it goes.

    SOURCE and TARGET are store addresses (a path, sqlite:///PATH, postgresql://USER@HOST:PORT/DB);
    SOURCE may also be an events file (.jsonl) recorded on the community set-up.
    """
    loaded = load_setup(setup)
    if not is_store_address(source):
        events = load_events(Path(source))
        try:
            copied = import_events(
                events,
                target,
                charter=loaded.charter,
                community=loaded.community,
                appointments=loaded.appointments,
                code=community,
                guards=loaded.guards,
            )
        except CogovError as error:
            msg = f"{shown(target)}: {str(error).splitlines()[0]}"
            raise fail(msg) from None
        click.echo(_said(source, target, copied))
        return
    for code in store_communities(source, community):
        with open_address(source, community=code, setup=loaded, readonly=True) as origin:
            try:
                copied = copy_store(origin, target, community=code, guards=loaded.guards)
            except CogovError as error:
                msg = f"{shown(target)}: community {code}: {str(error).splitlines()[0]}"
                raise fail(msg) from None
        click.echo(_said(source, target, copied))
