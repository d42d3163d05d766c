"""``cogov register import FILE --out OUT``: a household register (Excel or CSV) into a community.

The register's grids must exist in the community it goes into (a community set-up's, or a
``cogov.community`` document); buildings and households are created under them.  The result
is written as a community document (``.json``) or as a new SQLite store (``.sqlite``,
``.sqlite3``, ``.db``).  ID and phone numbers are checked and then left out: they never
enter the community or the ledger, and are masked in every message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cogov.boundary import codec
from cogov.boundary.household_register import RegisterColumns
from cogov.boundary.spreadsheet import read_register_file
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.cli._app import cli, fail
from cogov.cli._common import STORE_SUFFIXES, load_setup, read_text
from cogov.cli._setup_option import setup_option
from cogov.errors import CogovError
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["register"]


@cli.group()
def register() -> None:
    """Household registers (居民花名册): import residents and households from Excel or CSV."""


def _community(setup: str, community_file: Path | None) -> tuple[Any, Community, tuple[Appointment, ...]]:
    loaded = load_setup(setup)
    if community_file is None:
        return loaded, loaded.community, tuple(loaded.appointments)
    try:
        document = codec.loads_community_document(read_text(community_file))
    except CogovError as error:
        msg = f"{community_file}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    return loaded, document.community(), tuple(document.appointments)


@register.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="A community document (.json) or a NEW SQLite store (.sqlite, .sqlite3, .db) to write.",
)
@setup_option("Community set-up whose charter, grids and appointments the register goes into.")
@click.option(
    "--community",
    "community_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A cogov.community document to add the register to, instead of the set-up's structure.",
)
@click.option("--sheet", metavar="NAME", help="The sheet of an Excel workbook [default: the first].")
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the good rows and list the bad ones, instead of refusing the whole register.",
)
@click.option("--name-column", default="姓名", show_default=True, metavar="HEADER")
@click.option("--household-column", default="户号", show_default=True, metavar="HEADER")
@click.option("--grid-column", default="网格", show_default=True, metavar="HEADER")
def import_register(
    *,
    file: Path,
    out: Path,
    setup: str,
    community_file: Path | None,
    sheet: str | None,
    skip_bad_rows: bool,
    name_column: str,
    household_column: str,
    grid_column: str,
) -> None:
    """Import the register FILE (.xlsx, or CSV as Excel saves it) and write the community to --out.

    One line per bad row (row numbers as Excel shows them); identifiers are masked.
    """
    suffix = out.suffix.lower()
    if suffix != ".json" and suffix not in STORE_SUFFIXES:
        msg = f"--out {out}: write a community document (.json) or a new store ({', '.join(STORE_SUFFIXES)})"
        raise fail(msg)
    if suffix in STORE_SUFFIXES and out.exists():
        msg = f"--out {out}: exists; a register is imported into a new store (or a .json community document)"
        raise fail(msg)
    if not file.is_file():
        msg = f"{file}: no such file"
        raise fail(msg)
    loaded, community, appointments = _community(setup, community_file)
    columns = RegisterColumns(name=name_column, household=household_column, grid=grid_column)
    try:
        result = read_register_file(file, community, columns=columns, strict=not skip_bad_rows, sheet=sheet)
        result.add_to(community)
    except CogovError as error:
        lines = str(error).splitlines()
        for line in lines[1:]:
            click.echo(f"{file}: {line.strip()}", err=True)
        raise fail(lines[0]) from None
    for problem in result.problems:
        click.echo(f"{file}: skipped {problem}", err=True)
    if suffix == ".json":
        out.write_text(codec.dumps_community(community, appointments), encoding="utf-8")
    else:
        charter = loaded.charter
        store = SQLiteStore.create(
            out, charter, community, appointments, guards=getattr(loaded, "guards", None)
        )
        store.close()
    households = sum(1 for unit in result.units if unit.level == "household")
    click.echo(
        f"{file}: {len(result.residents):,} residents in {households:,} new households"
        f"{f', {len(result.problems)} bad rows skipped' if result.problems else ''}; wrote {out}"
    )
