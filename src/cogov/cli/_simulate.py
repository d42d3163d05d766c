"""``cogov demo``, ``cogov simulate`` and ``cogov sweep``: simulated years, summarised and shown.

Each simulated year is evaluated by the same statistics as a recorded one
(:func:`cogov.evaluation.compute_statistics`); its headline figures are collected per replication and
summarised as means with 95 % confidence intervals (:func:`cogov.report.summarise`).
Replications run through :func:`cogov.simulation.run_replications` (a process pool when
``--workers`` > 1); progress bars go to stderr when it is a terminal.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
import time
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from cogov.cli import _journal as journal
from cogov.cli import _runs as runs
from cogov.cli import _scenarios as sim
from cogov.cli._app import cli, fail, interrupted
from cogov.cli._common import REPORT_NAME, console, html_name, lang_option
from cogov.cli._sources import ReferenceChoice, comparison_for, reference_options
from cogov.cli._sweep_table import print_sweep
from cogov.engine.ledger import Ledger
from cogov.report import (
    HEADLINE,
    Label,
    ReportData,
    SimulatedFigures,
    from_ledger,
    headline_table,
    report_json,
    score_cards,
    scores_table,
    summarise,
    write_html,
)
from cogov.simulation import BASELINE, Policy, Scenario, replication_seed
from cogov.simulation.experiments import CRN_KEY

__all__ = ["demo", "simulate", "sweep"]

Figures = dict[str, float | None]


# -- running replications ---------------------------------------------------------------------
def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def _show_progress(option: bool | None) -> bool:
    return sys.stderr.isatty() if option is None else option


def _replicate(
    bars: Progress,
    description: str,
    scenario: Scenario,
    policy: Policy,
    *,
    replications: int,
    seed: int,
    workers: int,
) -> list[Figures]:
    task = bars.add_task(description, total=replications)

    def advance(done: int, total: int) -> None:
        bars.update(task, completed=done, total=total)

    return sim.replicate(
        scenario, policy, replications=replications, seed=seed, workers=workers, progress=advance
    )


def _seeds(seed: int, replications: int) -> list[int]:
    return [replication_seed(seed, CRN_KEY, r) for r in range(replications)]


def _write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _summary_json(summary: SimulatedFigures) -> dict[str, Any]:
    # One replication has a mean but no interval: "ci95" is null then.
    return {
        key: {
            "mean": summary.means[key],
            "ci95": [interval.low, interval.high] if (interval := summary.intervals.get(key)) else None,
        }
        for key in summary.means
    }


def _check_out(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        msg = f"--out {out}: exists and is not a directory"
        raise fail(msg)
    out.mkdir(parents=True, exist_ok=True)
    return out


# -- demo --------------------------------------------------------------------------------------
def _simulated_report(
    scenario: Scenario,
    policy: Policy,
    per_year: Sequence[Figures],
    seed: int,
    *,
    title: Label,
    reference: ReferenceChoice,
) -> tuple[ReportData, Ledger]:
    summary = summarise(per_year, seed=seed)
    ledger, year_seed = sim.report_year(scenario, policy, seed)
    period = sim.period_of(scenario)
    # the source's figures describe its year: a run of the scenario modelling it, as long
    comparison = comparison_for(example=None, scenario=scenario.key, period=period, choice=reference)
    data = from_ledger(
        ledger,
        period=period,
        reported=comparison.figures if comparison else None,
        simulated=summary,
        scores=score_cards(ledger, period),
        title=title,
        source=comparison.label if comparison else None,
        charts_from=Label(
            f"图表和得分为第 1 次模拟（种子 {year_seed}），不是 {len(per_year)} 次的均值",
            f"Charts and scores show simulated run 1 (seed {year_seed}), not the mean of {len(per_year)} runs",
        ),
        notes=(
            Label(
                f"图表为第 1 次模拟（种子 {year_seed}）；指标表为 {len(per_year)} 次模拟的均值及 95% 置信区间。",
                f"Charts show simulated run 1 (seed {year_seed}); the figures table shows the mean and 95% "
                f"confidence interval over {len(per_year)} simulated runs.",
            ),
        ),
    )
    return data, ledger


def _write_outputs(
    out: Path,
    data: ReportData,
    per_year: Sequence[Figures],
    seed: int,
    *,
    ledger: Ledger,
    scenario: Scenario,
    lang: str,
    **meta: Any,
) -> None:
    summary = summarise(per_year, seed=seed)
    write_html(data, out / html_name(REPORT_NAME, lang), lang)
    document = {
        **meta,
        "scenario": scenario.key,
        "replications": summary.replications,
        "seed": seed,
        "figures": _summary_json(summary),
    }
    (out / "summary.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "report.json").write_text(
        json.dumps(report_json(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    seeds = _seeds(seed, len(per_year))
    _write_csv(out / "replications.csv", sim.figure_rows(seeds, per_year))
    sim.write_ledger(ledger, out / "ledger.jsonl")
    # the ledger starts with the warm-up: record which period was measured, for cogov report
    runs.write_run(
        out,
        ledger="ledger.jsonl",
        period=sim.period_of(scenario),
        clock_start=scenario.clock_start,
        scenario=scenario.key,
        example=scenario.community.example,
        ledger_seed=seeds[0],
        **meta,
    )


@cli.command()
@click.option("--replications", "-r", type=click.IntRange(min=1, max=10_000), default=20, show_default=True)
@click.option("--seed", type=int, default=2022, show_default=True)
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=2, show_default=True)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/demo"),
    show_default=True,
    help="Directory for report.html (report.en.html in English), summary.json, replications.csv "
    "and the year's ledger.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: when stderr is a terminal)."
)
@reference_options
@lang_option
def demo(
    *,
    replications: int,
    seed: int,
    workers: int,
    out: Path,
    progress: bool | None,
    reference: ReferenceChoice,
    lang: str,
) -> None:
    """Simulate Xiaoxiguan years (the calibrated scenario) and show them beside the source.

    Prints the statistics side by side with the figures the source reports, the scores,
    and writes the HTML report.
    """
    started = time.perf_counter()
    out = _check_out(out)
    scenario = sim.load_scenario(sim.DEMO_SCENARIO)
    with _progress(_show_progress(progress)) as bars:
        per_year = _replicate(
            bars, "simulated years", scenario, BASELINE, replications=replications, seed=seed, workers=workers
        )
        task = bars.add_task("report", total=1)
        data, ledger = _simulated_report(
            scenario,
            BASELINE,
            per_year,
            seed,
            title=Label("社区共治模拟报告", "Co-governance simulation report"),
            reference=reference,
        )
        _write_outputs(out, data, per_year, seed, ledger=ledger, lang=lang, scenario=scenario)
        bars.advance(task)
    out_console = console()
    # scores first: the run ends with the figures beside the source's, then the report's path
    if data.scores:
        out_console.print(scores_table(data, lang))
    out_console.print(headline_table(data, lang))
    elapsed = time.perf_counter() - started
    click.echo(
        f"{replications} simulated years of scenario {scenario.key!r} (seed {seed}) in {elapsed:.1f} s"
    )
    click.echo(f"HTML report: {(out / html_name(REPORT_NAME, lang)).resolve()}")


# -- simulate ----------------------------------------------------------------------------------
@cli.command()
@click.argument("scenario_name", metavar="SCENARIO")
@click.option(
    "--years",
    "-n",
    type=click.IntRange(min=1, max=20),
    default=1,
    show_default=True,
    help="Length of each simulated run.",
)
@click.option("--replications", "-r", type=click.IntRange(min=1, max=100_000), default=10, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=1, show_default=True)
@click.option(
    "--policy",
    "policy_name",
    default="baseline",
    show_default=True,
    metavar="NAME",
    help="A built-in or plugin policy, e.g. fortnightly_household_meetings.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output directory [default: out/SCENARIO].",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: when stderr is a terminal)."
)
@reference_options
@lang_option
def simulate(
    *,
    scenario_name: str,
    years: int,
    replications: int,
    seed: int,
    workers: int,
    policy_name: str,
    out: Path | None,
    progress: bool | None,
    reference: ReferenceChoice,
    lang: str,
) -> None:
    """Simulate SCENARIO (xiaoxiguan, demo, mmc, ...): REPLICATIONS runs of YEARS years each.

    Writes replications.csv (one row per run), summary.json (means and 95% confidence
    intervals), report.json, the first run's ledger.jsonl and report.html (report.en.html in
    English) to --out.
    """
    scenario = sim.load_scenario(scenario_name)
    policy = sim.load_policy(policy_name)
    if years != 1:
        scenario, _ = sim.with_parameters(scenario, {"days": 365.0 * years})
    out = _check_out(out or Path("out") / scenario_name)
    with _progress(_show_progress(progress)) as bars:
        per_year = _replicate(
            bars,
            f"simulating {scenario_name}",
            scenario,
            policy,
            replications=replications,
            seed=seed,
            workers=workers,
        )
        data, ledger = _simulated_report(
            scenario,
            policy,
            per_year,
            seed,
            title=Label("社区共治模拟报告", "Co-governance simulation report"),
            reference=reference,
        )
    _write_outputs(
        out,
        data,
        per_year,
        seed,
        ledger=ledger,
        lang=lang,
        scenario=scenario,
        policy=policy.key,
        years=years,
    )
    console().print(headline_table(data, lang))
    click.echo(f"results: {out.resolve()}")


# -- sweep -------------------------------------------------------------------------------------
_GRID_KEYS = frozenset({"scenario", "replications", "seed", "parameters"})


def _load_grid(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = f"{path}: no such file"
        raise fail(msg) from None
    except UnicodeDecodeError:
        msg = f"{path}: not UTF-8 text"
        raise fail(msg) from None
    try:
        document: Any = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        kind = "JSON" if path.suffix == ".json" else "TOML"
        msg = f"{path}: not valid {kind}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    if not isinstance(document, dict):
        msg = f"{path}: expected a table with 'scenario' and 'parameters'"
        raise fail(msg)
    unknown = sorted(set(document) - _GRID_KEYS)
    if unknown:  # a misspelt or unsupported key (e.g. policy = ...) would otherwise be ignored
        msg = f"{path}: unknown key(s) {unknown}; a grid file has only {sorted(_GRID_KEYS)}"
        raise fail(msg)
    parameters = document.get("parameters")
    if not isinstance(parameters, dict) or not parameters:
        msg = f"{path}: 'parameters' must be a table of name = [values, ...], e.g. on_spot_share = [0.8, 0.9]"
        raise fail(msg)
    for name, values in parameters.items():
        if not isinstance(values, list) or not values:
            msg = f"{path}: parameters.{name} must be a non-empty list of values, got {values!r}"
            raise fail(msg)
    for key in ("replications", "seed"):
        if key in document and (isinstance(document[key], bool) or not isinstance(document[key], int)):
            msg = f"{path}: {key!r} must be an integer, got {document[key]!r}"
            raise fail(msg)
    if not isinstance(document.get("scenario", sim.DEMO_SCENARIO), str):
        msg = f"{path}: 'scenario' must be a scenario name, got {document['scenario']!r}"
        raise fail(msg)
    return document


def _points(parameters: Mapping[str, list[Any]]) -> Iterator[dict[str, Any]]:
    names = list(parameters)
    for combination in itertools.product(*(parameters[n] for n in names)):
        yield dict(zip(names, combination, strict=True))


@cli.command()
@click.argument("grid_file", metavar="GRID", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--replications",
    "-r",
    type=click.IntRange(min=1, max=100_000),
    default=None,
    help="Overrides the file's.",
)
@click.option("--seed", type=int, default=None, help="Overrides the file's.")
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=1, show_default=True)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/sweep"),
    show_default=True,
)
@click.option(
    "--resume",
    is_flag=True,
    help="Finish an interrupted sweep in --out: keep the replications it finished, run the rest.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: when stderr is a terminal)."
)
@lang_option
def sweep(
    *,
    grid_file: Path,
    replications: int | None,
    seed: int | None,
    workers: int,
    out: Path,
    resume: bool,
    progress: bool | None,
    lang: str,
) -> None:
    """Simulate every combination of the parameter values in GRID (a TOML or JSON file).

    \b
    scenario = "xiaoxiguan"
    replications = 10
    seed = 1
    [parameters]
    household_meeting_days = [15, 30]
    on_spot_share = [0.8, 0.9]

    Parameters are policy fields (household_meeting_days, weekly_meeting_days,
    extra_handlers_per_grid, on_spot_share, ...) or numeric scenario fields
    (handler_capacity, mediator_capacity, days, ...).  Every point uses the same random
    numbers per replication, so differences between points are paired.  Writes sweep.csv
    (one row per point: parameters, means and CI bounds) and sweep.json to --out, and each
    replication to replications.jsonl as it finishes: an interrupted sweep (Ctrl-C, SIGTERM)
    writes what it finished, and --resume runs only the rest.
    """
    document = _load_grid(grid_file)
    scenario = sim.load_scenario(document.get("scenario", sim.DEMO_SCENARIO))
    replications = replications or int(document.get("replications", 10))
    seed = seed if seed is not None else int(document.get("seed", 0))
    points = [(point, *sim.with_parameters(scenario, point)) for point in _points(document["parameters"])]
    for _, point_scenario, policy in points:  # every point is sized before any runs
        sim.check_size(point_scenario, policy)
    out = _check_out(out)
    header = {"scenario": scenario.key, "seed": seed, "parameters": document["parameters"]}
    kept: dict[tuple[int, int], sim.Figures] = {}
    if resume:
        kept = {
            key: row
            for key, row in journal.read_journal(out / journal.FILENAME, header).items()
            if key[1] < replications
        }
        click.echo(f"resuming: {len(kept)} of {len(points) * replications} replications already done")
    record = journal.Journal(out / journal.FILENAME, header, kept)
    try:
        with _progress(_show_progress(progress)) as bars:
            overall = bars.add_task("sweep points", total=len(points))
            for index, (point, point_scenario, policy) in enumerate(points):
                label = ", ".join(f"{k}={v}" for k, v in point.items())
                task = bars.add_task(label, total=replications)

                def keep(r: int, row: sim.Figures, index: int = index) -> None:
                    record.add(index, r, row)
                    kept[index, r] = row

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    bars.update(task, completed=done, total=total)

                sim.replicate(
                    point_scenario,
                    policy,
                    replications=replications,
                    seed=seed,
                    workers=workers,
                    progress=advance,
                    completed={r: row for (p, r), row in kept.items() if p == index},
                    on_result=keep,
                )
                bars.advance(overall)
    except KeyboardInterrupt as error:
        record.close()
        rows, _ = _write_sweep(out, points, kept, replications=replications, seed=seed, scenario=scenario)
        msg = (
            f"sweep interrupted: {len(kept)} of {len(points) * replications} replications kept in "
            f"{out.resolve()}; run the same command with --resume to finish"
        )
        raise interrupted(msg, error) from None
    record.close()
    rows, _ = _write_sweep(out, points, kept, replications=replications, seed=seed, scenario=scenario)
    print_sweep(rows, list(document["parameters"]), lang)
    click.echo(f"results: {out.resolve()}")


def _write_sweep(
    out: Path,
    points: Sequence[tuple[dict[str, Any], Scenario, Policy]],
    kept: Mapping[tuple[int, int], Figures],
    *,
    replications: int,
    seed: int,
    scenario: Scenario,
) -> tuple[list[dict[str, Any]], bool]:
    """sweep.csv and sweep.json from the replications kept (all of them, or those an interrupt left)."""
    rows: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    complete = True
    for index, (point, _, _) in enumerate(points):
        per_year = [kept[index, r] for r in range(replications) if (index, r) in kept]
        complete = complete and len(per_year) == replications
        row: dict[str, Any] = dict(point)
        figures: dict[str, Any] = {}
        if per_year:
            summary = summarise(per_year, seed=seed)
            for spec in HEADLINE:
                if spec.key in summary.means:
                    row[spec.key] = round(summary.means[spec.key], 4)
                    interval = summary.intervals.get(spec.key)
                    row[f"{spec.key}_low"] = round(interval.low, 4) if interval else None
                    row[f"{spec.key}_high"] = round(interval.high, 4) if interval else None
            figures = _summary_json(summary)
        row["replications_done"] = len(per_year)
        rows.append(row)
        results.append({"parameters": point, "replications_done": len(per_year), "figures": figures})
    _write_csv(out / "sweep.csv", rows)
    (out / "sweep.json").write_text(
        json.dumps(
            {
                "scenario": scenario.key,
                "replications": replications,
                "seed": seed,
                "complete": complete,
                "points": results,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return rows, complete
