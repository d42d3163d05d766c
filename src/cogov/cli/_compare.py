"""``cogov compare``: two policies, or two finished runs, side by side with their differences.

Two policies of one scenario run with common random numbers (:func:`cogov.simulation.compare`):
replication *r* of both sees the same random streams, so the paired differences
(:func:`cogov.report.differences`) carry far less noise than the two means do, and their
interval says whether the change made a difference.  Two output directories of ``cogov
simulate`` (``replications.csv`` and ``run.json``) are paired the same way when they share
their seeds, and compared as independent samples (Welch's interval) when they do not.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from cogov.cli import _scenarios as sim
from cogov.cli._app import cli, fail
from cogov.cli._common import console, lang_option
from cogov.report import (
    HEADLINE,
    Difference,
    Figure,
    Interval,
    differences,
    interval_text,
    number,
    signed,
    summarise,
    translate,
)
from cogov.simulation import BASELINE

__all__ = ["compare"]

Figures = dict[str, float | None]


def _read_run(directory: Path) -> tuple[str, list[int], list[Figures]]:
    """The label, seeds and per-replication headline figures of a ``cogov simulate`` output."""
    path = directory / "replications.csv"
    if not path.is_file():
        msg = f"{directory}: no replications.csv; give an output directory of cogov simulate or cogov demo"
        raise fail(msg)
    seeds: list[int] = []
    rows: list[Figures] = []
    known = {spec.key for spec in HEADLINE}
    with path.open(encoding="utf-8", newline="") as handle:
        for number_, row in enumerate(csv.DictReader(handle), start=2):
            try:
                seeds.append(int(row["seed"]))
                rows.append({k: float(v) if v else None for k, v in row.items() if k in known})
            except (KeyError, TypeError, ValueError):
                msg = f"{path}, line {number_}: not a row of cogov replications (seed and figures)"
                raise fail(msg) from None
    if not rows:
        msg = f"{path}: no replications"
        raise fail(msg)
    label = directory.name
    record = directory / "run.json"
    if record.is_file():
        try:
            about = json.loads(record.read_text(encoding="utf-8"))
            label = f"{about.get('scenario', '?')} · {about.get('policy', 'baseline')}"
        except ValueError:
            pass
    return label, seeds, rows


def _mean_figure(key: str, rows: Sequence[Figures]) -> Figure:
    spec = next(s for s in HEADLINE if s.key == key)
    summary = summarise(rows)
    return Figure(key, spec.label, summary.means.get(key), spec.unit, interval=summary.intervals.get(key))


def _table(
    names: tuple[str, str],
    sides: tuple[Sequence[Figures], Sequence[Figures]],
    found: Mapping[str, Difference],
    lang: str,
) -> Table:
    paired = any(d.paired for d in found.values())
    # long policy keys would squeeze the columns: the title names A and B
    title = f"{translate('comparison', lang)}: A = {names[0]}, B = {names[1]}"
    table = Table(title=title, title_justify="left")
    table.add_column(translate("figure", lang))
    table.add_column("A", justify="right")
    table.add_column("B", justify="right")
    heading = "paired_difference" if paired else "independent_difference"
    table.add_column(f"B − A: {translate(heading, lang)}", justify="right")
    for spec in HEADLINE:
        left, right = (_mean_figure(spec.key, side) for side in sides)
        difference = found.get(spec.key)
        cells = [spec.label.text(lang)]
        for figure in (left, right):
            cells.append(f"{number(figure.value, spec.unit, lang)} {interval_text(figure, lang)}")
        if difference is None:
            cells.append("–")
        else:
            interval = difference.interval
            bounds = (
                f"[{signed(interval.low, spec.unit, lang)}, {signed(interval.high, spec.unit, lang)}]"
                if interval
                else "–"
            )
            cells.append(f"{signed(difference.mean, spec.unit, lang)} {bounds}")
        table.add_row(*cells)
    return table


def _document(
    names: tuple[str, str], found: Mapping[str, Difference], sides: tuple[Sequence[Figures], ...]
) -> dict[str, Any]:
    def interval(value: Interval | None) -> list[float] | None:
        return [value.low, value.high] if value else None

    summaries = [summarise(side) for side in sides]
    return {
        "baseline": names[0],
        "other": names[1],
        "replications": [len(side) for side in sides],
        "paired": any(d.paired for d in found.values()),
        "figures": {
            spec.key: {
                "baseline": {
                    "mean": summaries[0].means.get(spec.key),
                    "ci95": interval(summaries[0].intervals.get(spec.key)),
                },
                "other": {
                    "mean": summaries[1].means.get(spec.key),
                    "ci95": interval(summaries[1].intervals.get(spec.key)),
                },
                "difference": (
                    {"mean": d.mean, "ci95": interval(d.interval), "n": d.n}
                    if (d := found.get(spec.key)) is not None and math.isfinite(d.mean)
                    else None
                ),
            }
            for spec in HEADLINE
        },
    }


@cli.command()
@click.argument("first", metavar="SCENARIO|RUN")
@click.argument("second", metavar="POLICY|RUN")
@click.argument("third", metavar="[POLICY]", required=False)
@click.option("--replications", "-r", type=click.IntRange(min=2, max=100_000), default=20, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=1, show_default=True)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the comparison as JSON.",
)
@lang_option
def compare(
    *,
    first: str,
    second: str,
    third: str | None,
    replications: int,
    seed: int,
    workers: int,
    json_out: Path | None,
    lang: str,
) -> None:
    """Compare two policies of SCENARIO, or two finished runs, side by side.

    \\b
    cogov compare xiaoxiguan xiaoxiguan:one_more_sunk_cadre      # against baseline
    cogov compare demo baseline fortnightly_household_meetings -r 40
    cogov compare out/a out/b          # two output directories of cogov simulate

    Each figure's mean with its 95% confidence interval on both sides, and the difference
    (second − first) with its interval: paired replication by replication where both sides
    ran on the same random numbers (two policies always do; two runs when their seeds match).
    """
    if Path(first).is_dir():
        if third is not None or not Path(second).is_dir():
            msg = f"compare {first} {second}: two runs are two output directories of cogov simulate"
            raise fail(msg)
        left, right = _read_run(Path(first)), _read_run(Path(second))
        names = (left[0], right[0]) if left[0] != right[0] else (first, second)
        paired = left[1] == right[1]
        sides = (left[2], right[2])
    else:
        scenario = sim.load_scenario(first)
        policies = (
            (BASELINE, sim.load_policy(second))
            if third is None
            else (sim.load_policy(second), sim.load_policy(third))
        )
        if policies[0].key == policies[1].key:
            msg = f"compare: both sides are policy {policies[0].key!r}; name two different policies"
            raise fail(msg)
        for policy in policies:
            sim.check_size(scenario, policy)
        sides = tuple(
            sim.replicate(
                scenario, policy, replications=replications, seed=seed, workers=workers, progress=None
            )
            for policy in policies
        )  # type: ignore[assignment]
        names = (policies[0].key, policies[1].key)
        paired = True  # the same seeds replication by replication: common random numbers
    found = differences(sides[0], sides[1], paired=paired)
    console().print(_table(names, sides, found, lang))
    if json_out is not None:
        json_out.write_text(
            json.dumps(_document(names, found, sides), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
