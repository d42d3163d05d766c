"""``cogov open311``: GeoReport v2 requests out of a store and into one, offline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cogov.boundary.addresses import open_store
from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.cli._app import cli, fail
from cogov.cli._common import lang_option, load_setup
from cogov.cli._setup_option import setup_option
from cogov.errors import CogovError
from cogov.open311 import Format, Open311Error, export_requests, import_requests, read_requests

__all__ = ["open311"]

_setup_option = setup_option("The community set-up whose charter the store is recorded under.")
_geo_option = click.option(
    "--geo",
    type=click.Path(path_type=Path, dir_okay=False),
    help="GeoJSON FeatureCollection of unit places (properties.code): lat/long of units.",
)


def _format(value: str | None, path: Path | None) -> Format:
    if value is not None:
        return "xml" if value == "xml" else "json"
    return "xml" if path is not None and path.suffix.lower() == ".xml" else "json"


def _geography(path: Path | None) -> Geography | None:
    if path is None:
        return None
    try:
        return Geography.read(path)
    except CogovError as error:
        raise fail(str(error)) from None


def _open(address: str, loaded: Any, *, readonly: bool) -> Any:
    try:
        return open_store(address, charter=loaded.charter, guards=loaded.guards, readonly=readonly)
    except CogovError as error:
        msg = f"{address}: {str(error).splitlines()[0]}"
        raise fail(msg) from None


@cli.group()
def open311() -> None:
    """Open311 GeoReport v2 service requests: export a store's issues, import requests."""


@open311.command("export")
@click.argument("address", metavar="ADDRESS")
@_setup_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "xml"]), help="[default: from -o's suffix, else json]"
)
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not to stdout."
)
@_geo_option
@lang_option
def export(
    *, address: str, setup: str, fmt: str | None, out: Path | None, geo: Path | None, lang: str
) -> None:
    """Write every issue of the store at ADDRESS as GeoReport service requests."""
    loaded = load_setup(setup)
    geography = _geography(geo)
    with _open(address, loaded, readonly=True) as store:
        try:
            ledger = store.load()
        except CogovError as error:
            msg = f"{address}: refused: {str(error).splitlines()[0]}"
            raise fail(msg) from None
    data = export_requests(
        ledger, _format(fmt, out), lang="en" if lang == "en" else "zh", geography=geography
    )
    if out is None:
        sys.stdout.buffer.write(data + b"\n")
    else:
        out.write_bytes(data + b"\n")
        click.echo(f"{out}: {len(ledger.issues)} service requests", err=True)


@open311.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("address", metavar="ADDRESS")
@click.option(
    "--actor", required=True, metavar="PERSON", help="Who records the requests (holds the intake duty)."
)
@click.option("--reporter", metavar="PERSON", help="The resident who reported them, if one did.")
@_setup_option
@click.option("--format", "fmt", type=click.Choice(["json", "xml"]), help="[default: from FILE's suffix]")
@_geo_option
def import_(
    *,
    file: Path,
    address: str,
    actor: str,
    reporter: str | None,
    setup: str,
    fmt: str | None,
    geo: Path | None,
) -> None:
    """Record the GeoReport requests in FILE in the store at ADDRESS, as intake events.

    All or nothing: a refused request stops the import and nothing is written.  A request
    already recorded (the same id, or the same request again) is counted and skipped.
    """
    loaded = load_setup(setup)
    geography = _geography(geo)
    try:
        data = file.read_bytes()
    except OSError as error:
        msg = f"{file}: {error.strerror or error}"
        raise fail(msg) from None
    with _open(address, loaded, readonly=False) as store:
        try:
            submissions = read_requests(data, _format(fmt, file), str(file))
            result = import_requests(store, submissions, actor=actor, reporter=reporter, geography=geography)
        except Open311Error as error:
            msg = f"{file}: {redact(error.description)} (nothing was recorded)"
            raise fail(msg) from None
        except CogovError as error:
            msg = f"{address}: refused: {redact(str(error).splitlines()[0])} (nothing was recorded)"
            raise fail(msg) from None
    click.echo(
        f"{address}: {len(result.recorded)} requests recorded, "
        f"{len(result.existing)} already there (the same request is recorded once)"
    )
