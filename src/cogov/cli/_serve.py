"""``cogov serve ADDRESS``: the store over HTTP; ``cogov keys add``: API keys for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cogov.boundary.addresses import open_store
from cogov.boundary.geography import Geography
from cogov.cli._app import cli, fail
from cogov.cli._common import lang_option, load_setup
from cogov.cli._setup_option import setup_option
from cogov.errors import CogovError

__all__ = ["keys", "serve"]


def _serve_module() -> Any:
    try:
        import cogov.serve as module  # noqa: PLC0415 - the optional serve extra
    except ImportError as error:
        msg = f"cogov serve needs the serve extra (pip install 'cogov[serve]'): {error}"
        raise fail(msg) from None
    return module


@cli.command()
@click.argument("address", metavar="ADDRESS")
@click.option(
    "--keys",
    "keys_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The API keys file (cogov keys add makes one).",
)
@setup_option("The community set-up whose charter the store is recorded under.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8311, show_default=True)
@click.option(
    "--geo",
    type=click.Path(path_type=Path, dir_okay=False),
    help="GeoJSON of unit places: lat/long requests placed in their grid.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=20.0,
    show_default=True,
    help="Calls per second per key (0: no limit).",
)
@click.option(
    "--burst", type=click.IntRange(min=1), default=40, show_default=True, help="Calls a key may make at once."
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=65536,
    show_default=True,
    help="Largest request body (bytes).",
)
@click.option(
    "--cors-origin",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Allow browser calls from ORIGIN (repeat; none by default).",
)
@click.option("--public-read", is_flag=True, help="Answer GET routes without a key (writes always need one).")
@lang_option
def serve(
    *,
    address: str,
    keys_file: Path,
    setup: str,
    host: str,
    port: int,
    geo: Path | None,
    rate: float,
    burst: int,
    max_body: int,
    cors: tuple[str, ...],
    public_read: bool,
    lang: str,
) -> None:
    """Serve the store at ADDRESS: Open311 GeoReport v2, the JSON API and the live report."""
    module = _serve_module()
    loaded = load_setup(setup)
    try:
        keyring = module.Keyring.read(keys_file)
        geography = Geography.read(geo) if geo is not None else None
        # open once here, so a wrong address or charter is one line now, not a failed start
        open_store(address, charter=loaded.charter, guards=loaded.guards, readonly=True).close()
    except CogovError as error:
        raise fail(str(error).splitlines()[0]) from None
    settings = module.Settings(
        max_body=max_body, rate=rate, burst=burst, cors_origins=cors, public_read=public_read
    )
    click.echo(
        f"serving {address} on http://{host}:{port}/ (Open311 at /open311/v2/, {len(keyring)} keys)", err=True
    )
    module.run(
        lambda: open_store(address, charter=loaded.charter, guards=loaded.guards),
        keyring,
        host=host,
        port=port,
        settings=settings,
        lang="en" if lang == "en" else "zh",
        geography=geography,
    )


@cli.group()
def keys() -> None:
    """API keys of cogov serve, stored hashed in a keys file."""


@keys.command("add")
@click.argument("keys_file", metavar="KEYS", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name", "key_id", required=True, help="A name for the key (who or what holds it).")
@click.option("--person", required=True, metavar="PERSON", help="The person the key acts as.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(["read", "submit", "report"]),
    help="What the key may do (repeat).",
)
@click.option(
    "--intake", metavar="PERSON", help="Who records residents' reports (keys with the report scope need one)."
)
def add(keys_file: Path, key_id: str, person: str, scopes: tuple[str, ...], intake: str | None) -> None:
    """Add a key to KEYS and print its secret (shown once: only its hash is kept)."""
    module = _serve_module()
    try:
        secret = module.add_key(keys_file, key_id=key_id, person=person, scopes=scopes, intake=intake)
    except CogovError as error:
        raise fail(str(error)) from None
    click.echo(secret)
