"""``cogov export LEDGER OUT``: a ledger's events, issues and statistics as CSV or Excel."""

from __future__ import annotations

from pathlib import Path

import click

from cogov.boundary.export import TABLES, export
from cogov.cli._app import cli, fail
from cogov.cli._common import load_ledger, load_setup, period_from_options, period_options
from cogov.cli._setup_option import setup_option
from cogov.errors import CogovError
from cogov.evaluation import compute_statistics

__all__ = ["export_command"]


@cli.command("export")
@click.argument("ledger_file", metavar="LEDGER", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("out", metavar="OUT", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--table",
    "tables",
    type=click.Choice(TABLES),
    multiple=True,
    help="A table to write (repeat for several) [default: all three in a workbook, events in a CSV file].",
)
@setup_option("Community set-up (charter, structure, appointments) the events were recorded on.")
@period_options
@click.option(
    "--unit", metavar="CODE", help="Statistics only of issues, meetings and activities within this unit."
)
def export_command(
    *,
    ledger_file: Path,
    out: Path,
    tables: tuple[str, ...],
    setup: str,
    year: int | None,
    from_: str | None,
    to_: str | None,
    unit: str | None,
) -> None:
    """Write LEDGER's events, issues and statistics to OUT: an Excel workbook (.xlsx, a sheet
    per table) or a CSV file (.csv, one table).

    LEDGER is a JSON Lines / JSON event file or a SQLite event store.  The period options
    choose the period of the statistics; events and issues are exported whole.  Excel needs
    openpyxl (pip install 'cogov[excel]').
    """
    if out.suffix.lower() not in (".csv", ".xlsx"):
        msg = f"{out}: write a .csv or an .xlsx file"
        raise fail(msg)
    period = period_from_options(year, from_, to_)
    ledger = load_ledger(ledger_file, load_setup(setup))
    if unit is not None and not ledger.community.has_unit(unit):
        raise fail(str(ledger.community.unknown_unit(unit)))
    chosen = list(tables) or None
    wants_statistics = (chosen is None and out.suffix.lower() == ".xlsx") or "statistics" in (chosen or ())
    statistics = compute_statistics(ledger, period=period, unit=unit) if wants_statistics else None
    try:
        path = export(ledger, out, tables=chosen, statistics=statistics)
    except CogovError as error:
        raise fail(str(error)) from None
    click.echo(f"wrote {path}", err=True)
