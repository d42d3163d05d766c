"""``cogov report ADDRESS --level street|county``: a roll-up of many communities' stores.

Prints, for each street (or county) the address holds, its totals (the statistics of all its
communities' events together), then a table of its communities (and, for a county, of its
streets) ranked by the weighted three rates with the minimum sample.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cogov.boundary.sources import store_sources
from cogov.cli._app import fail
from cogov.cli._common import console
from cogov.errors import CogovError
from cogov.evaluation.figures import GroupFigures
from cogov.evaluation.period import Period
from cogov.evaluation.rollup import THREE_RATES, Rollup, roll_up
from cogov.evaluation.score import Score
from cogov.model.divisions import DIVISION_NAMES
from cogov.model.labels import bilingual
from cogov.report import escape_controls

__all__ = ["report_rollup"]


def _rate(num: float, den: float) -> str:
    return f"{num / den:.1%}" if den else "-"


def _name(rollup: Rollup, code: str, lang: str) -> str:
    zh, en = rollup.name(code)
    return escape_controls(zh if lang == "zh" else en)


def _ranking_table(
    rollup: Rollup,
    unit: str,
    by: str,
    *,
    scores: list[Score],
    lang: str,
    figures: dict[str, GroupFigures | None],
) -> Table:
    zh, en = DIVISION_NAMES[by]
    title = bilingual(f"{zh}排名 · {THREE_RATES.zh}", f"{en} ranking · {THREE_RATES.en}", first=lang)
    table = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left")
    for head, justify in (
        (bilingual("名次", "rank", first=lang), "right"),
        (bilingual("代码", "code", first=lang), "left"),
        (bilingual("名称", "name", first=lang), "left"),
        (bilingual("收集问题", "issues", first=lang), "right"),
        (bilingual("响应率", "response", first=lang), "right"),
        (bilingual("解决率", "resolution", first=lang), "right"),
        (bilingual("满意率", "satisfaction", first=lang), "right"),
        (bilingual("得分", "score", first=lang), "right"),
    ):
        table.add_column(head, justify=justify, overflow="fold")  # type: ignore[arg-type]
    stats = rollup.statistics(unit)
    weights, satisfied = stats.satisfaction_weights, stats.satisfied_levels
    for place, score in enumerate(scores, 1):
        found = figures.get(score.subject) or GroupFigures()
        answers = found.follow_ups
        valid = sum(n for k, n in answers.items() if weights.get(k) is not None)
        happy = sum(n for k, n in answers.items() if k in satisfied)
        table.add_row(
            str(place) if score.rated else "-",
            score.subject,
            Text(_name(rollup, score.subject, lang)),
            str(found.collected),
            _rate(found.responded, found.collected),
            _rate(found.resolved, found.collected),
            _rate(happy, valid),
            f"{score.value:.1f}"
            if score.rated
            else bilingual("样本不足，不参评", "not rated: sample too small", first=lang),
        )
    return table


def _print_unit(rollup: Rollup, unit: str, lang: str, out: Console) -> dict[str, Any]:
    zh, en = DIVISION_NAMES[rollup.level]
    stats = rollup.statistics(unit)
    count = len(rollup.communities(unit))
    heading = (
        f"{zh} {unit} {_name(rollup, unit, lang)}：{count} 个社区(村)"
        if lang == "zh"
        else f"{en} {unit} {_name(rollup, unit, lang)}: {count} communities"
    )
    out.print(Text(heading, style="bold"))
    totals = Table(title=bilingual("合计", "totals", first=lang), box=box.SIMPLE_HEAVY, title_justify="left")
    totals.add_column(bilingual("指标", "figure", first=lang))
    totals.add_column(bilingual("数值", "value", first=lang), justify="right")
    for label, value in stats.as_rows(lang):
        totals.add_row(Text(escape_controls(label)), value)
    out.print(totals)
    levels = ["street", "community"] if rollup.level == "county" else ["community"]
    rankings: dict[str, list[dict[str, Any]]] = {}
    for by in levels:
        scores = rollup.ranking(unit, by=by)
        out.print(
            _ranking_table(rollup, unit, by, scores=scores, lang=lang, figures=rollup.figures(unit, by=by))
        )
        rankings[by] = [
            {"code": s.subject, "rated": s.rated, "score": s.value if s.rated else None, "reason": s.reason}
            for s in scores
        ]
    totals_json = stats.to_dict()
    # a roll-up reports units: who did what stays with each community's own report
    for personal in ("by_actor", "evidence"):
        totals_json.pop(personal, None)
    return {"name": list(rollup.name(unit)), "totals": totals_json, "rankings": rankings}


def report_rollup(
    *,
    address: str,
    level: str,
    period: Period | None,
    lang: str,
    trust: bool,
    workers: int,
    json_out: Path | None,
) -> None:
    """Roll the stores at ``address`` up to ``level`` and print each division's report."""
    if workers < 1:
        msg = f"--workers must be at least 1, got {workers}"
        raise fail(msg)
    try:
        sources = store_sources(address, verify=not trust)
    except CogovError as error:
        msg = f"{address}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    if not sources:
        msg = f"{address}: holds no store (.db, .sqlite, .sqlite3)"
        raise fail(msg)
    try:
        if workers == 1:
            rollup = roll_up(sources, level=level, period=period)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                rollup = roll_up(sources, level=level, period=period, executor=pool)
    except CogovError as error:
        msg = f"{address}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    out = console()
    document: dict[str, Any] = {"level": level, "units": {}}
    for unit in rollup.units:
        document["units"][unit] = _print_unit(rollup, unit, lang, out)
    if json_out is not None:
        json_out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(
        f"{len(rollup.parts)} communities rolled up into {len(rollup.units)} "
        f"{DIVISION_NAMES[level][1]}{'' if len(rollup.units) == 1 else 's'}"
    )
