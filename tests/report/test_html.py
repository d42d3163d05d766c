"""The HTML report: self-contained, bilingual, every section drawn from the report data."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from cogov.report import Label, ReportData, render_html, write_html

from .sample import sample_report


def test_report_is_self_contained() -> None:
    """The page loads nothing from outside: no external src/href, and a policy forbidding it."""
    page = render_html(sample_report(), "zh")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    assert "<link" not in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["党群社情图", "问题流转漏斗", "原文报道"]),
        ("en", ["Grid map", "Issue funnel", "Reported by the source"]),
    ],
)
def test_labels_follow_the_language(lang: str, words: list[str]) -> None:
    """Section titles and column heads are in the language asked for."""
    page = render_html(sample_report(), lang)
    for word in words:
        assert word in page
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in page


def test_every_chart_is_drawn_with_marks() -> None:
    """Funnel, months, grids, resolution time, satisfaction, intervals and the grid map each have marks."""
    page = render_html(sample_report(), "en")
    charts = re.findall(r'<svg class="chart[^"]*" data-chart="([a-z_]+)"', page)
    for name in ("funnel", "months", "grids", "resolution", "satisfaction", "intervals", "grid_map"):
        assert name in charts
    for name in ("funnel", "months", "grid_map"):
        body = page.split(f'data-chart="{name}"', 1)[1].split("</svg>", 1)[0]
        assert body.count('class="mark"') >= 3


def test_grid_map_has_a_tile_per_grid() -> None:
    """The grid map draws one tile per grid, carrying its code and density."""
    page = render_html(sample_report(grids=14), "zh")
    body = page.split('data-chart="grid_map"', 1)[1].split("</svg>", 1)[0]
    codes = re.findall(r'data-code="([^"]+)"', body)
    assert len(codes) == 14
    assert "第14网格" in body


def test_recorded_report_has_no_interval_section() -> None:
    """A recorded (not simulated) ledger shows no confidence-interval column or chart."""
    page = render_html(sample_report(simulated=False), "en")
    assert 'data-chart="intervals"' not in page
    assert "95% confidence interval" not in page
    assert "Recorded" in page


def test_headline_shows_reported_figures() -> None:
    """Each headline figure's source value appears, with its text form ("500+") when given."""
    page = render_html(sample_report(), "zh")
    table = page.split('<table class="headline">', 1)[1].split("</table>", 1)[0]
    assert "500+" in table
    assert ">121<" in table


def test_text_is_escaped() -> None:
    """Labels are escaped, so a name with markup cannot inject HTML."""
    data = ReportData(
        title=Label("<script>alert(1)</script>", "<b>x</b>"),
        community=Label("社区", "c"),
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
    )
    page = render_html(data, "zh")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_empty_report_renders() -> None:
    """A report with no issues at all still renders, saying there is no data."""
    data = ReportData(Label("报告", "report"), Label("社区", "c"), date(2022, 1, 1), date(2022, 12, 31))
    page = render_html(data, "en")
    assert "no data" in page


def test_embedded_json_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The figures embedded for integrators parse as JSON and match the report data."""
    path = write_html(sample_report(), tmp_path / "sub" / "r.html", "en")
    page = path.read_text(encoding="utf-8")
    payload = page.split('<script type="application/json" id="cogov-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload
    data = json.loads(payload)
    assert data["simulated"] is True
    assert data["headline"][1]["reported"] == 121
    assert len(data["grids"]) == 14


def test_unknown_language_is_refused() -> None:
    """Only zh and en exist; anything else is an error naming the choices."""
    with pytest.raises(KeyError, match="zh, en"):
        render_html(sample_report(), "fr")
