"""The HTML report's face: usable on a phone, honest labels, the funnel's order, notes beside charts.

The browser checks (no horizontal overflow at 360 px, no chart text outside its chart) are in
``test_browser.py``; these read the page's markup.
"""

from __future__ import annotations

import itertools
import re

import attrs
import pytest

from cogov.report import FunnelStage, Label, render_html
from cogov.report._svg import funnel_chart, grid_map

from .sample import sample_report

#: a real year's funnel: resolved issues (on the spot and after registration) outnumber the
#: registered ones, so the adapter's order is not widest first
RECORDED_FUNNEL = (
    FunnelStage("collected", Label("收集", "collected"), 121),
    FunnelStage("answered_on_spot", Label("现场答复解决", "answered on the spot"), 62),
    FunnelStage("registered", Label("登记", "registered"), 57),
    FunnelStage("escalated", Label("提交例会", "escalated"), 53),
    FunnelStage("resolved", Label("解决", "resolved"), 110),
    FunnelStage("followed_up", Label("跟踪回访", "followed up"), 48),
)


def test_page_declares_a_phone_viewport_and_narrow_layout() -> None:
    """The page sets a device-width viewport and its layout and charts shrink below 620 px."""
    page = render_html(sample_report(), "zh")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "minmax(min(620px, 100%), 1fr)" in page
    assert "@media (max-width:" in page
    # tables scroll inside their own box rather than widening the page
    assert page.count('<div class="scroll">') >= page.count("<table")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_grid_map_names_its_measure(lang: str) -> None:
    """Each tile says "issues per 100 households" (每百户问题数) with the number, never a score-like "/100"."""
    svg = grid_map(sample_report().grids, lang)
    assert "/100" not in svg
    words = "每百户问题数" if lang == "zh" else "issues per 100 households"
    tiles = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert sum(words in text for text in tiles) >= len(sample_report().grids)


def _bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="mark"[^>]* width="([0-9.]+)"', svg)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_later_funnel_stage_is_wider_than_an_earlier_one(lang: str) -> None:
    """The funnel draws its stages widest first, whatever order the data gives them in."""
    widths = _bar_widths(funnel_chart(RECORDED_FUNNEL, lang))
    assert len(widths) == len(RECORDED_FUNNEL)
    assert widths == sorted(widths, reverse=True)
    data = attrs.evolve(sample_report(), funnel=RECORDED_FUNNEL)
    from cogov.report import funnel_table  # noqa: PLC0415

    counts = [int(row.plain.replace(",", "")) for row in funnel_table(data, lang).columns[1].cells]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True)


def test_html_headline_table_keeps_the_difference_column() -> None:
    """Beside the source's figure, the HTML table shows the difference, as the terminal table does."""
    for lang, head in (("zh", "差异"), ("en", "Difference")):
        page = render_html(sample_report(), lang)
        table = page.split('<table class="headline">', 1)[1].split("</table>", 1)[0]
        assert head in table
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])
        first = re.findall(r"<td[^>]*>([^<]*)</td>", rows[0])
        assert first[-1] == "+0.2"  # 18.2 simulated beside 18 reported
        last = re.findall(r"<td[^>]*>([^<]*)</td>", rows[-1])
        assert last[-1] == "–"  # "500+" is a lower bound: no difference


def test_charts_drawn_from_one_run_say_so_beside_them() -> None:
    """In a simulated report each chart of one run carries that note in its own section."""
    data = attrs.evolve(
        sample_report(),
        charts_from=Label("图表为第 1 次模拟（种子 9）", "Charts show simulated run 1 (seed 9)"),
    )
    page = render_html(data, "en")
    for section in ("funnel", "months", "grids", "resolution", "satisfaction", "grid_map", "scores"):
        body = page.split(f'<section id="{section}"', 1)[1].split("</section>", 1)[0]
        assert "Charts show simulated run 1 (seed 9)" in body, section
    for section in ("headline", "intervals"):  # figures over every run
        body = page.split(f'<section id="{section}"', 1)[1].split("</section>", 1)[0]
        assert "simulated run 1" not in body, section


def test_recorded_report_has_no_run_note() -> None:
    """A recorded year's charts are the year itself: no note."""
    page = render_html(sample_report(simulated=False), "zh")
    assert 'class="run"' not in page


@pytest.mark.parametrize("width", [640, 340])
def test_interval_axis_labels_do_not_run_into_each_other(width: int) -> None:
    """The share axis under the interval chart has room for each label, wide or phone-narrow."""
    from cogov.report._svg import intervals_chart, text_width  # noqa: PLC0415

    svg = intervals_chart(sample_report().intervals, "en", width=width)
    ticks = [
        (float(x), label)
        for x, label in re.findall(r'<text x="([0-9.]+)"[^>]*font-size="10"[^>]*>(\d+%)</text>', svg)
    ]
    assert len(ticks) >= 3
    for (x1, a), (x2, b) in itertools.pairwise(ticks):
        assert x2 - x1 > (text_width(a, 10) + text_width(b, 10)) / 2 + 4, (a, b)
