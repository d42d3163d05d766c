"""Terminal tables line up when labels are Chinese (double-width) text."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from cogov.report import headline_table, print_report

from .sample import sample_report


def _render(lang: str) -> list[str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None)
    console.print(headline_table(sample_report(), lang))
    return [line for line in buffer.getvalue().splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_have_equal_display_width(lang: str) -> None:
    """Every row of the headline table is as wide on screen as the header (CJK counted double)."""
    lines = _render(lang)[1:]  # the title line is free-standing
    widths = {cell_len(line.rstrip()) for line in lines if "━" not in line}
    rows = [line for line in lines if "━" not in line]
    assert len(rows) >= 8
    # right-justified numbers end in the same screen column on every row
    ends = {cell_len(line.rstrip()) for line in rows}
    assert len(ends) == 1, widths


def test_chinese_labels_and_reported_figures_show() -> None:
    """The Chinese table names the figures in Chinese and shows the source's numbers beside them."""
    text = "\n".join(_render("zh"))
    assert "户院会收集问题" in text
    assert "原文报道" in text
    assert "500+" in text


def test_lower_bound_figures_have_no_difference() -> None:
    """A source figure given as a lower bound ("500+") is shown but not subtracted from."""
    row = next(line for line in _render("en") if "500+" in line)
    assert row.split()[-2:] == ["500+", "–"], row


def test_full_report_prints_every_table() -> None:
    """The full print has the headline, funnel, grid and score tables."""
    buffer = io.StringIO()
    print_report(sample_report(), "en", Console(file=buffer, width=140, color_system=None))
    text = buffer.getvalue()
    for title in ("Headline figures", "Issue funnel", "Issues by grid", "Scores"):
        assert title in text


def test_no_reported_columns_without_a_source() -> None:
    """When the source reports nothing, the table has no reported or difference column."""
    import attrs  # noqa: PLC0415

    data = sample_report()
    bare = attrs.evolve(
        data, headline=tuple(attrs.evolve(f, reported=None, reported_text="") for f in data.headline)
    )
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(headline_table(bare, "en"))
    assert "Reported by the source" not in buffer.getvalue()
    assert "Difference" not in buffer.getvalue()
    assert "Simulated mean" in buffer.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_score_breakdown_prints_one_part_a_line(lang: str) -> None:
    """Each part of a score's breakdown is on a line of its own; the line break between two
    parts is a real one, not a control character written out as an escape."""
    from cogov.report import scores_table  # noqa: PLC0415

    data = sample_report()
    buffer = io.StringIO()
    Console(file=buffer, width=140, color_system=None).print(scores_table(data, lang))
    text = buffer.getvalue()
    assert "\\x0a" not in text
    card = next(card for card in data.scores if len(card.parts) > 1)
    first, second = (f"{p.label.text(lang)}" for p in card.parts[:2])
    row = next(i for i, line in enumerate(text.splitlines()) if first in line)
    assert second in text.splitlines()[row + 1]
