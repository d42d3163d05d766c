"""Properties of rendering: any report data renders to well-formed, escaped, finite SVG and HTML."""

from __future__ import annotations

import math
import re
from datetime import date
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from cogov.report import (
    Bar,
    Figure,
    FunnelStage,
    GridCell,
    Interval,
    Label,
    MonthCount,
    ReportData,
    render_html,
    summarise,
)

#: label text, with markup that would break the page if it were not escaped
texts = st.text(min_size=1, max_size=12) | st.sampled_from(
    ["<img src=x>", "<script>alert(1)</script>", '"><i>', "</svg><u>", "&amp;", "网格<b>"]
)
labels = st.builds(Label, texts, texts)
counts = st.integers(min_value=0, max_value=10_000)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    low = draw(st.floats(min_value=0, max_value=1e4))
    return Interval(low, low + draw(st.floats(min_value=0, max_value=1e4)))


figures = st.builds(
    Figure,
    key=st.sampled_from(["a", "b", "c"]),
    label=labels,
    value=st.none() | st.floats(min_value=0, max_value=1e5),
    unit=st.sampled_from(["", "%", "d"]),
    reported=st.none() | st.floats(min_value=0.01, max_value=1e5),
    interval=st.none() | intervals(),
)
months = st.lists(
    st.builds(MonthCount, st.sampled_from([f"2022-{m:02d}" for m in range(1, 13)]), counts, counts),
    max_size=12,
)
bars = st.lists(st.builds(Bar, texts, labels, counts), max_size=8)
grids = st.lists(
    st.builds(
        GridCell,
        texts,
        labels,
        counts,
        counts,
        counts,
        st.lists(st.builds(Bar, texts, labels, counts), max_size=4).map(tuple),
    ),
    max_size=20,
)
reports = st.builds(
    ReportData,
    title=labels,
    community=labels,
    period_start=st.just(date(2022, 1, 1)),
    period_end=st.just(date(2022, 12, 31)),
    headline=st.lists(figures, max_size=8).map(tuple),
    funnel=st.lists(st.builds(FunnelStage, texts, labels, counts), max_size=6).map(tuple),
    months=months.map(tuple),
    grids=grids.map(tuple),
    resolution_days=bars.map(tuple),
    satisfaction=bars.map(tuple),
    replications=st.none() | st.integers(min_value=1, max_value=1000),
)


class _Checker(HTMLParser):
    """Counts open and closed svg elements and collects numeric geometry attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.svg_depth = 0
        self.numbers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svg_depth += 1
        for name, value in attrs:
            if (
                name in ("x", "y", "width", "height", "cx", "cy", "r", "x1", "x2", "y1", "y2")
                and value is not None
            ):
                self.numbers.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg_depth -= 1


@given(reports, st.sampled_from(["zh", "en"]))
def test_any_report_renders_to_finite_geometry(data: ReportData, lang: str) -> None:
    """Whatever the figures (zeros, empty series, huge counts), every coordinate is a finite number
    and every width and height is non-negative; svg elements are balanced."""
    page = render_html(data, lang)
    assert len(page) < 1_000_000  # axes never grow with the data's magnitude (a tick per unit, say)
    checker = _Checker()
    checker.feed(page)
    assert checker.svg_depth == 0
    for value in checker.numbers:
        number = float(value)
        assert math.isfinite(number), value
    for value in re.findall(r' (?:width|height|r)="([^"]+)"', page):
        assert float(value) >= 0, value


_OWN_TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "script",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "h3",
        "div",
        "span",
        "main",
        "section",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "svg",
        "rect",
        "text",
        "line",
        "circle",
        "path",
        "p",
        "footer",
        "b",
        "small",
    ]
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


@given(reports, st.sampled_from(["zh", "en"]))
def test_labels_cannot_inject_markup(data: ReportData, lang: str) -> None:
    """Whatever the labels hold, the page contains only cogov's own tags and one executable script."""
    page = render_html(data, lang)
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= _OWN_TAGS, parser.tags - _OWN_TAGS
    assert page.count("<script>") == 1


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40))
def test_summary_interval_holds_the_mean(values: list[float]) -> None:
    """The mean lies within its interval, and the interval lies within the sample's range widened
    by nothing more than the t quantile allows."""
    summary = summarise([{"x": v} for v in values])
    mean, interval = summary.means["x"], summary.intervals["x"]
    tolerance = 1e-9 * max(1.0, abs(mean))
    assert interval.low - tolerance <= mean <= interval.high + tolerance
    if len(set(values)) == 1:
        assert interval.high - interval.low <= tolerance
