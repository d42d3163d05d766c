"""The report as terminal tables (rich), aligned for Chinese text.

rich measures East Asian wide characters as two columns, so columns of Chinese labels and
numbers line up in a terminal where hand-padded ``str.ljust`` would not.  Every cell goes
through :func:`~cogov.report._plain.plain_text`: names come from users and plugins and are shown
as text, never read as rich markup or passed to the terminal as escape sequences.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table

from cogov.report._format import difference_text, interval_text, number, reported_text
from cogov.report._labels import check_lang, t
from cogov.report._model import ReportData
from cogov.report._plain import plain_text

__all__ = ["funnel_table", "grid_table", "headline_table", "print_report", "scores_table"]


def headline_table(data: ReportData, lang: str = "zh") -> Table:
    """Headline figures beside the source's reported figures (and the CI when simulated).

    The reported and difference columns appear only when the source reports something.
    """
    check_lang(lang)
    reported = any(f.reported is not None or f.reported_text for f in data.headline)
    table = Table(title=t("headline", lang), box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(t("figure", lang))
    table.add_column(t("simulated_mean", lang) if data.simulated else t("value", lang), justify="right")
    if data.simulated:
        table.add_column(t("ci", lang), justify="right")
    if reported:
        table.add_column(t("reported", lang), justify="right")
        table.add_column(t("difference", lang), justify="right")
    for figure in data.headline:
        row = [figure.label.text(lang), number(figure.value, figure.unit, lang)]
        if data.simulated:
            row.append(interval_text(figure, lang))
        if reported:
            row.append(reported_text(figure, lang))
            row.append(difference_text(figure, lang))
        table.add_row(*map(plain_text, row))
    return table


def funnel_table(data: ReportData, lang: str = "zh") -> Table:
    table = Table(title=t("funnel", lang), box=box.SIMPLE, title_justify="left")
    table.add_column("")
    table.add_column(t("issues", lang), justify="right")
    table.add_column("%", justify="right")
    first = data.funnel[0].count if data.funnel else 0
    for stage in data.funnel:
        share = f"{stage.count / first:.0%}" if first else "–"
        table.add_row(*map(plain_text, (stage.label.text(lang), f"{stage.count:,}", share)))
    return table


def grid_table(data: ReportData, lang: str = "zh") -> Table:
    table = Table(title=t("by_grid", lang), box=box.SIMPLE, title_justify="left")
    table.add_column(t("grid", lang))
    table.add_column(t("issues", lang), justify="right")
    table.add_column(t("resolved", lang), justify="right")
    table.add_column(t("households", lang), justify="right")
    table.add_column(t("density", lang), justify="right")
    for grid in data.grids:
        table.add_row(
            *map(
                plain_text,
                (
                    grid.label.text(lang),
                    str(grid.issues),
                    str(grid.resolved),
                    str(grid.households),
                    f"{grid.issues_per_100_households:.1f}",
                ),
            )
        )
    return table


def scores_table(data: ReportData, lang: str = "zh") -> Table:
    """One row per score: rule, subject, points, grade and each part's points."""
    table = Table(title=t("scores", lang), box=box.SIMPLE, title_justify="left")
    table.add_column(t("score", lang))
    table.add_column(t("subject", lang))
    table.add_column(t("points", lang), justify="right")
    table.add_column(t("grade", lang))
    table.add_column(t("breakdown", lang))
    previous = ""
    for card in data.scores:
        rule = card.label.text(lang)
        parts = "  ".join(f"{p.label.text(lang)} {number(p.points)}" for p in card.parts)
        table.add_row(
            *map(
                plain_text,
                (
                    rule if rule != previous else "",
                    card.subject.text(lang),
                    f"{number(card.value)} / {number(card.maximum)}" if card.rated else t("not_rated", lang),
                    card.grade.text(lang) if card.grade else "–",
                    parts,
                ),
            )
        )
        previous = rule
    return table


def print_report(
    data: ReportData, lang: str = "zh", console: Console | None = None, *, full: bool = True
) -> None:
    """Print the headline table (and, with ``full``, the funnel, grids and scores)."""
    console = console or Console()
    parts: list[Table] = [headline_table(data, lang)]
    if full:
        if data.funnel:
            parts.append(funnel_table(data, lang))
        if data.grids:
            parts.append(grid_table(data, lang))
        if data.scores:
            parts.append(scores_table(data, lang))
    console.print(Group(*parts))
