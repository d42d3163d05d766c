"""The report as terminal tables (rich), aligned for Chinese text.

rich measures East Asian wide characters as two columns, so columns of Chinese labels and
numbers line up in a terminal where hand-padded ``str.ljust`` would not.  Every cell goes
through :func:`~cogov.report._plain.plain_text`: names come from users and plugins and are shown
as text, never read as rich markup or passed to the terminal as escape sequences. The tables stay
readable down to 80 columns: a value (a number, an interval) never wraps inside itself,
labels wrap at spaces and fold only a word longer than their column, and nothing is cut
off with an ellipsis.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cogov.report._format import difference_text, interval_text, number, reported_text
from cogov.report._labels import check_lang, t
from cogov.report._model import ReportData, widest_first
from cogov.report._plain import escape_controls, plain_text

__all__ = ["funnel_table", "grid_table", "headline_table", "print_report", "scores_table"]


from cogov.report._supervision import supervision_table


def _value(text: str) -> Text:
    """A cell that is one value: never wrapped inside (``[204.9, 802.1]`` stays on one line)."""
    return Text(escape_controls(text), no_wrap=True)


def _label_column(table: Table, head: str, *, min_width: int = 10) -> None:
    """A column of labels: wrapped at spaces; a word longer than the column is folded, not cut."""
    table.add_column(head, overflow="fold", min_width=min_width)


def _keep_values_whole(table: Table) -> Table:
    """Give each column at least the width of its widest one-value cell, so that value is not folded."""
    for column in table.columns:
        widths = [cell.cell_len for cell in column.cells if isinstance(cell, Text) and cell.no_wrap]
        if widths:
            column.min_width = max([column.min_width or 0, *widths])
    return table


def _number_column(table: Table, head: str) -> None:
    # the head may wrap at its spaces ("Reported by / the source"); the values never do
    table.add_column(head, justify="right", overflow="fold")


def headline_table(data: ReportData, lang: str = "zh") -> Table:
    """Headline figures beside the source's reported figures (and the CI when simulated).

    The reported and difference columns appear only when the source reports something.
    """
    check_lang(lang)
    reported = any(f.reported is not None or f.reported_text for f in data.headline)
    table = Table(title=t("headline", lang), box=box.SIMPLE_HEAVY, title_justify="left")
    _label_column(table, t("figure", lang), min_width=20)
    _number_column(table, t("simulated_mean", lang) if data.simulated else t("value", lang))
    if data.simulated:
        _number_column(table, t("ci", lang))
    if reported:
        _number_column(table, t("reported", lang))
        _number_column(table, t("difference", lang))
    for figure in data.headline:
        row: list[str | Text] = [figure.label.text(lang), _value(number(figure.value, figure.unit, lang))]
        if data.simulated:
            row.append(_value(interval_text(figure, lang)))
        if reported:
            row.append(_value(reported_text(figure, lang)))
            row.append(_value(difference_text(figure, lang)))
        table.add_row(*(plain_text(cell) if isinstance(cell, str) else cell for cell in row))
    return _keep_values_whole(table)


def funnel_table(data: ReportData, lang: str = "zh") -> Table:
    """The issue funnel as a terminal table: each stage's count and its share of the first stage."""
    table = Table(title=t("funnel", lang), box=box.SIMPLE, title_justify="left")
    _label_column(table, "")
    _number_column(table, t("issues", lang))
    _number_column(table, "%")
    stages = widest_first(data.funnel)
    first = stages[0].count if stages else 0
    for stage in stages:
        share = f"{stage.count / first:.0%}" if first else "–"
        table.add_row(plain_text(stage.label.text(lang)), _value(f"{stage.count:,}"), _value(share))
    return _keep_values_whole(table)


def grid_table(data: ReportData, lang: str = "zh") -> Table:
    """Per grid, as a terminal table: issues, resolved, households and issues per 100 households."""
    table = Table(title=t("by_grid", lang), box=box.SIMPLE, title_justify="left")
    _label_column(table, t("grid", lang))
    for head in (t("issues", lang), t("resolved", lang), t("households", lang), t("density", lang)):
        _number_column(table, head)
    for grid in data.grids:
        table.add_row(
            plain_text(grid.label.text(lang)),
            _value(str(grid.issues)),
            _value(str(grid.resolved)),
            _value(str(grid.households)),
            _value(f"{grid.issues_per_100_households:.1f}"),
        )
    return _keep_values_whole(table)


def scores_table(data: ReportData, lang: str = "zh") -> Table:
    """One row per score: rule, subject, points, grade and each part's points."""
    table = Table(title=t("scores", lang), box=box.SIMPLE, title_justify="left")
    _label_column(table, t("score", lang))
    _label_column(table, t("subject", lang))
    _number_column(table, t("points", lang))
    _label_column(table, t("grade", lang), min_width=4)
    _label_column(table, t("breakdown", lang), min_width=12)
    previous = ""
    for card in data.scores:
        rule = card.label.text(lang)
        # one part per line: "response rate 30" stays together however narrow the column; the
        # line breaks are joined outside plain_text, which writes a control character as an escape
        parts = Text("\n").join(plain_text(f"{p.label.text(lang)} {number(p.points)}") for p in card.parts)
        table.add_row(
            plain_text(rule if rule != previous else ""),
            plain_text(card.subject.text(lang)),
            _value(f"{number(card.value)} / {number(card.maximum)}" if card.rated else t("not_rated", lang)),
            plain_text(card.grade.text(lang) if card.grade else "–"),
            parts,
        )
        previous = rule
    return _keep_values_whole(table)


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
        if data.supervision is not None:
            parts.append(supervision_table(data.supervision, lang))
    console.print(Group(*parts))
