"""``cogov report LEDGER``: statistics tables and the HTML report of a recorded ledger."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from cogov.cli._addresses import community_option, shown
from cogov.cli._app import cli, fail
from cogov.cli._common import (
    console,
    html_name,
    lang_option,
    load_ledger,
    load_setup,
    period_from_options,
    period_options,
)
from cogov.cli._runs import recorded_run
from cogov.cli._setup_option import setup_option
from cogov.cli._sources import ReferenceChoice, comparison_for, reference_options
from cogov.report import from_ledger, print_report, report_json, score_cards, write_html

__all__ = ["report"]


@cli.command()
@click.argument("ledger_file", metavar="LEDGER")
@setup_option("Community set-up (charter, structure, appointments) the events were recorded on.")
@community_option
@period_options
@click.option("--unit", metavar="CODE", help="Only issues, meetings and activities within this unit.")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the HTML report [default: cogov-report.html, cogov-report.en.html in English].",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the figures as JSON.",
)
@click.option(
    "--trust",
    is_flag=True,
    help="Skip the full verification of a store (a very large store you keep yourself).",
)
@click.option(
    "--level",
    type=click.Choice(["street", "county"]),
    help="Roll LEDGER (a directory of stores, or a store address) up to streets or counties by division code.",
)
@click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    help="With --level: processes that read the stores.",
)
@reference_options
@lang_option
def report(
    *,
    ledger_file: str,
    setup: str,
    community: str | None,
    year: int | None,
    from_: str | None,
    to_: str | None,
    unit: str | None,
    out: Path | None,
    json_out: Path | None,
    trust: bool,
    reference: ReferenceChoice,
    lang: str,
    level: str | None = None,
    workers: int = 1,
) -> None:
    """Report on LEDGER, a JSON Lines / JSON event file or an event store (a SQLite file, or
    postgresql://USER@HOST:PORT/DB with --community CODE).

    Prints the statistics, beside the figures a plugin's source reports for this community
    and period when there are any (or your own --targets), and writes the HTML report.
    With --level street (or county), LEDGER is a directory of stores (or a store address)
    and the report is a roll-up: totals, and communities ranked by the weighted three rates.
    """
    period = period_from_options(year, from_, to_)
    if level is not None:
        if unit is not None or out is not None:
            msg = "--unit and --out do not apply with --level (a roll-up prints its tables; use --json)"
            raise fail(msg)
        from cogov.cli._rollup import report_rollup  # noqa: PLC0415 - only a roll-up needs it

        report_rollup(
            address=ledger_file,
            level=level,
            period=period,
            lang=lang,
            trust=trust,
            workers=workers,
            json_out=json_out,
        )
        return
    if community is None and Path(ledger_file).is_dir():
        msg = (
            f"{ledger_file}: a directory of stores; give --community CODE for one community, or "
            "--level street (or county) to roll them up"
        )
        raise fail(msg)
    run = None if "://" in ledger_file else recorded_run(Path(ledger_file))
    if period is None and run is not None:
        period = run.period
        last = (period.end - timedelta(microseconds=1)).date()
        click.echo(
            f"period: {period.start.date()} – {last}, the measured period recorded in {run.path} "
            "(the warm-up before it is left out); give --year or --from/--to for another"
        )
    loaded = load_setup(setup)
    ledger = load_ledger(ledger_file, loaded, verify=not trust, community=community)
    if unit is not None and not ledger.community.has_unit(unit):
        msg = str(ledger.community.unknown_unit(unit))
        raise fail(msg)
    if period is not None and not any(event.at in period for event in ledger.events):
        click.echo(
            f"cogov: warning: no event of {shown(ledger_file)} falls in the period "
            f"{period.start.date()} – {(period.end - timedelta(days=1)).date()}; every figure is zero",
            err=True,
        )
    # a simulated ledger over its measured period is compared as its scenario; any other
    # ledger as a record of its community set-up
    simulated_run = run is not None and period == run.period
    comparison = comparison_for(
        example=None if simulated_run else getattr(loaded, "key", None),
        scenario=run.scenario if simulated_run and run is not None else None,
        period=period,
        unit=unit,
        choice=reference,
    )
    data = from_ledger(
        ledger,
        period=period,
        unit=unit,
        reported=comparison.figures if comparison else None,
        scores=score_cards(ledger, period),
        source=comparison.label if comparison else None,
    )
    print_report(data, lang, console())
    path = write_html(data, out or Path(html_name("cogov-report.html", lang)), lang)
    if json_out is not None:
        json_out.write_text(
            json.dumps(report_json(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    click.echo(f"HTML report: {path.resolve()}")
