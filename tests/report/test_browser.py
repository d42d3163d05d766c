"""The HTML report in a real browser: headless Chromium loads it without errors and draws every chart.

Skipped only when no Chromium is installed and not under CI (``.ci/run`` installs Debian's
``chromium``; with ``CI`` set a missing browser is a failure, not a skip).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cogov.report import write_html

from .browser import PageResult, find_chromium, open_page
from .sample import sample_report

CHROMIUM = find_chromium()

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI must have Chromium: .ci/run installs Debian's chromium package", pytrace=False)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable (apt-get install chromium)")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    assert CHROMIUM is not None
    page = write_html(sample_report(), tmp_path_factory.mktemp("browser") / "report.html", "zh")
    return open_page(CHROMIUM, page)


def test_page_loads_without_console_errors(loaded: PageResult) -> None:
    """No exception, console error, failed load or policy violation while the page loads."""
    assert loaded.errors == []
    assert loaded.state["errors"] == "[]"
    assert loaded.state["ready"] == "true"


def test_every_chart_drew(loaded: PageResult) -> None:
    """Each chart has laid-out marks in the browser (non-empty boxes), one per data point or near it."""
    per_chart = {name: (drawn, marks) for name, drawn, marks in loaded.state["per_chart"]}
    for name in ("funnel", "months", "grids", "resolution", "satisfaction", "intervals", "grid_map", "score"):
        assert name in per_chart, name
        drawn, marks = per_chart[name]
        assert drawn > 0, name
        assert drawn >= marks - 1, name  # a zero-width interval may have an empty box
    assert per_chart["grid_map"] == (14, 14)
    assert int(loaded.state["drawn"]) == int(loaded.state["charts"]) == len(per_chart_list(loaded))


def test_screenshot_is_a_full_page_png(loaded: PageResult) -> None:
    """The screenshot is a PNG as tall as the page."""
    assert loaded.screenshot[:8] == b"\x89PNG\r\n\x1a\n"
    height = int.from_bytes(loaded.screenshot[20:24], "big")
    assert height == loaded.height > 1500
    assert len(loaded.screenshot) > 50_000


def test_errors_are_detected(tmp_path: Path) -> None:
    """A page that throws and tries to load from the network is caught: the check can fail."""
    assert CHROMIUM is not None
    page = write_html(sample_report(), tmp_path / "broken.html", "en")
    html = page.read_text(encoding="utf-8").replace(
        "</main>",
        '</main><img src="http://192.0.2.1/tile.png"><script>throw new Error("boom")</script>',
    )
    page.write_text(html, encoding="utf-8")
    result = open_page(CHROMIUM, page)
    joined = "\n".join(result.errors)
    assert "boom" in joined
    assert "192.0.2.1" in joined or "192.0.2.1" in result.state["errors"]


def per_chart_list(result: PageResult) -> list[list[object]]:
    charts: list[list[object]] = result.state["per_chart"]
    return charts


PHONE = 360


@pytest.fixture(scope="module", params=["zh", "en"])
def phone(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> PageResult:
    """The report as a 360 px wide phone shows it (viewport meta in force); the screenshot is kept."""
    assert CHROMIUM is not None
    folder = tmp_path_factory.mktemp(f"phone-{request.param}")
    page = write_html(sample_report(), folder / "report.html", request.param)
    result = open_page(CHROMIUM, page, width=PHONE, mobile=True)
    (folder / "phone.png").write_bytes(result.screenshot)
    return result


def test_phone_width_has_no_horizontal_overflow(phone: PageResult) -> None:
    """At 360 px the page is no wider than the screen: document.scrollWidth <= innerWidth = 360."""
    assert phone.errors == []
    assert phone.state["inner_width"] == PHONE
    assert phone.state["scroll_width"] <= phone.state["inner_width"]
    assert int(phone.state["drawn"]) == int(phone.state["charts"])


def test_phone_screenshot_is_as_wide_as_the_phone(phone: PageResult) -> None:
    """The full-page screenshot is 360 px wide: nothing sticks out to the right."""
    assert int.from_bytes(phone.screenshot[16:20], "big") == PHONE


def test_no_chart_text_is_clipped(loaded: PageResult, phone: PageResult) -> None:
    """Every label of every chart lies inside its chart (axis labels, values, legends), wide or narrow."""
    assert loaded.state["clipped"] == []
    assert phone.state["clipped"] == []
