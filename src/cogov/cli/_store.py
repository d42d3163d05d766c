"""``cogov store``: create a store, keep its register, publish checkpoints, copy and upgrade it.

A store is named by its address: a SQLite file (``ledger.db``, ``sqlite:///ledger.db``) or a
PostgreSQL database (``postgresql://USER@HOST:PORT/DATABASE``) with ``--community CODE``.

Every change to what a store means goes through its ledger as events: ``cogov store
register`` appends a household register's new units and people as ``UnitAdded`` and
``PersonRegistered`` events by a person who holds the register duty.  A checkpoint printed by
``cogov store checkpoint`` is meant to be kept elsewhere (minutes, the town's files) and given
back to ``cogov validate STORE --checkpoint FILE``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from cogov.boundary.addresses import open_store
from cogov.boundary.household_register import read_register
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.cli._addresses import community_option, open_address, shown
from cogov.cli._app import cli, fail
from cogov.cli._common import load_setup
from cogov.cli._setup_option import setup_option
from cogov.engine.checkpoints import generate_key, public_key_of
from cogov.errors import CogovError, RegisterImportError
from cogov.report import plain_text

__all__ = ["store"]

_setup_option = setup_option("The community set-up whose charter the store is recorded under.")


def _refused(where: Path | str, error: CogovError) -> click.ClickException:
    msg = f"{shown(str(where))}: {str(error).splitlines()[0]}"
    return fail(msg)


@cli.group()
def store() -> None:
    """Create, extend, checkpoint, copy and upgrade event stores (SQLite files, PostgreSQL)."""


@store.command("create")
@click.argument("address", metavar="STORE")
@_setup_option
@community_option
@click.option(
    "--clock",
    type=click.Choice(["wall", "events"]),
    default="wall",
    show_default=True,
    help="wall: events are recorded at the system's time (a store in use); events: the store's "
    "clock follows its events (an archive of past records, imported in order).",
)
@click.option(
    "--public-key",
    metavar="HEX",
    help="The Ed25519 public key that signs this store's checkpoints (see cogov store keygen).",
)
def create(address: str, setup: str, community: str | None, clock: str, public_key: str | None) -> None:
    """Create a store at STORE (a path or a postgresql:// address) from the community set-up's
    community and appointments."""
    loaded = load_setup(setup)
    try:
        made = open_store(
            address,
            community=community,
            charter=loaded.charter,
            create=True,
            structure=loaded.community,
            appointments=loaded.appointments,
            clock=clock,  # type: ignore[arg-type]
            public_key=public_key,
            guards=loaded.guards,
        )
    except CogovError as error:
        raise _refused(address, error) from None
    made.close()
    click.echo(f"{shown(address)}: created — genesis {made.genesis.digest().hex()[:16]}…, clock {clock}")


@store.command("register")
@click.argument("path", metavar="STORE")
@click.argument("register_file", metavar="REGISTER", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--actor", required=True, metavar="PERSON", help="Who records the changes (holds the register duty)."
)
@_setup_option
@community_option
def register(path: str, register_file: Path, actor: str, setup: str, community: str | None) -> None:
    """Append a household register's new units and people to STORE, as events."""
    loaded = load_setup(setup)
    try:
        with open_address(path, community=community, setup=loaded) as target:
            imported = read_register(register_file, target.community)
            events = imported.events(actor, datetime.now(UTC))
            if not events:
                click.echo(f"{shown(path)}: nothing new in {register_file}")
                return
            batch = target.append(events)
    except RegisterImportError as error:
        for problem in error.problems:  # masked: no full ID or phone number
            click.echo(f"{register_file}: {plain_text(problem)}")
        raise _refused(path, error) from None
    except CogovError as error:
        raise _refused(path, error) from None
    click.echo(
        f"{shown(path)}: {len(imported.units)} units and {len(imported.people)} people recorded as "
        f"events #{batch.first_seq}–#{batch.first_seq + batch.count - 1}"
    )


@store.command("keygen")
@click.argument("key_file", type=click.Path(path_type=Path, dir_okay=False))
def keygen(key_file: Path) -> None:
    """Write a new Ed25519 private key to KEY_FILE (mode 600) and print its public key."""
    if key_file.exists():
        msg = f"{key_file}: exists; choose a new file (a key is never overwritten)"
        raise fail(msg)
    try:
        key = generate_key()
    except CogovError as error:
        raise _refused(key_file, error) from None
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key.hex() + "\n")
    click.echo(public_key_of(key))


@store.command("checkpoint")
@click.argument("path", metavar="STORE")
@_setup_option
@community_option
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Sign with this private key file.",
)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write the checkpoint here too.")
def checkpoint(path: str, setup: str, community: str | None, key_file: Path | None, out: Path | None) -> None:
    """Verify STORE fully and publish a checkpoint of it (printed as JSON)."""
    loaded = load_setup(setup)
    private_key = None
    if key_file is not None:
        try:
            private_key = bytes.fromhex(key_file.read_text(encoding="utf-8").strip())
        except ValueError:
            msg = f"{key_file}: not a key written by cogov store keygen"
            raise fail(msg) from None
    try:
        with open_address(path, community=community, setup=loaded) as target:
            point = target.checkpoint(private_key=private_key)
    except (CogovError, ValueError) as error:
        msg = f"{shown(path)}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    text = point.dumps()
    if out is not None:
        out.write_text(text, encoding="utf-8")
    click.echo(text, nl=False)


@store.command("upgrade")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_setup_option
def upgrade(path: Path, setup: str) -> None:
    """Verify a format-1 store at PATH fully and rewrite it in the current format."""
    loaded = load_setup(setup)
    try:
        backup = SQLiteStore.upgrade(path, loaded.charter, guards=loaded.guards)
    except CogovError as error:
        raise _refused(path, error) from None
    click.echo(f"{path}: upgraded; the old file is kept as {backup}")
