"""Charts as inline SVG, drawn on the server so the report needs no script and no network.

Each chart is one ``<svg class="chart" data-chart="...">`` whose data marks (bars, dots,
tiles) carry ``class="mark"`` and a ``<title>`` tooltip; the page's self-check counts the
marks the browser actually laid out.  Widths of text are estimated with CJK characters
counted as one em and Latin characters as about half, which is what keeps Chinese labels
from running into the bars.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from html import escape

from cogov.report._format import number, reported_text
from cogov.report._labels import t
from cogov.report._model import Bar, Figure, FunnelStage, GridCell, MonthCount, widest_first

__all__ = [
    "PALETTE",
    "bars_chart",
    "columns_chart",
    "funnel_chart",
    "grid_map",
    "intervals_chart",
    "months_chart",
    "stacked_bar",
    "text_width",
]

#: colours of the report: party red, teal, gold, green, grey
PALETTE = ("#c8102e", "#1f6f8b", "#e0a526", "#3a7d44", "#8a8f98", "#7b4397")
_RED, _TEAL, _GOLD, _GREEN, _GREY = PALETTE[:5]
_FONT = 13


def text_width(text: str, size: float = _FONT) -> float:
    """Estimated rendered width of ``text`` in pixels at font ``size``."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif char.isupper() or char.isdigit():
            width += 0.62
        else:
            width += 0.52
    return width * size


def _num(value: float) -> str:
    """A number for display: integers without decimals, others with at most one."""
    if math.isclose(value, round(value), abs_tol=1e-9):
        return f"{round(value):,}"
    return f"{value:,.1f}"


def _attr(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Svg:
    """A small SVG document builder: elements appended in drawing order."""

    def __init__(self, chart: str, width: float, height: float, title: str) -> None:
        self.chart = chart
        self.width = width
        self.height = height
        self.title = title
        self.parts: list[str] = []

    def rect(  # noqa: PLR0917 - x, y, width, height, fill in the order SVG writes them
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        tip: str = "",
        *,
        mark: bool = True,
        **extra: str,
    ) -> None:
        attrs = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in extra.items())
        cls = ' class="mark"' if mark else ""
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        self.parts.append(
            f'<rect{cls} x="{_attr(x)}" y="{_attr(y)}" width="{_attr(max(w, 0.0))}" '
            f'height="{_attr(max(h, 0.0))}" fill="{fill}"{attrs}>{inner}</rect>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        anchor: str = "start",
        size: float = _FONT,
        fill: str = "#222",
        weight: str = "normal",
    ) -> None:
        self.parts.append(
            f'<text x="{_attr(x)}" y="{_attr(y)}" text-anchor="{anchor}" font-size="{_attr(size)}" '
            f'fill="{fill}" font-weight="{weight}">{escape(text)}</text>'
        )

    def line(  # noqa: PLR0917 - the coordinates in the order SVG writes them
        self, x1: float, y1: float, x2: float, y2: float, stroke: str = "#ccc", width: float = 1
    ) -> None:
        self.parts.append(
            f'<line x1="{_attr(x1)}" y1="{_attr(y1)}" x2="{_attr(x2)}" y2="{_attr(y2)}" '
            f'stroke="{stroke}" stroke-width="{_attr(width)}"/>'
        )

    def circle(self, x: float, y: float, r: float, fill: str, tip: str = "") -> None:
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        self.parts.append(
            f'<circle class="mark" cx="{_attr(x)}" cy="{_attr(y)}" r="{_attr(r)}" fill="{fill}">{inner}</circle>'
        )

    def raw(self, fragment: str) -> None:
        self.parts.append(fragment)

    def render(self) -> str:
        return (
            f'<svg class="chart" data-chart="{escape(self.chart)}" role="img" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_attr(self.width)} {_attr(self.height)}" '
            f'width="{_attr(self.width)}" height="{_attr(self.height)}">'
            f"<title>{escape(self.title)}</title>{''.join(self.parts)}</svg>"
        )


def _empty(chart: str, title: str, lang: str, width: float = 640) -> str:
    svg = _Svg(chart, width, 60, title)
    svg.text(width / 2, 34, t("no_data", lang), anchor="middle", fill=_GREY)
    return svg.render()


def funnel_chart(stages: Sequence[FunnelStage], lang: str, *, width: float = 640) -> str:
    """Horizontal funnel: one centred bar per stage, widest first (so no later bar is wider than
    an earlier one), with its count and share of the widest stage (the issues collected)."""
    title = t("funnel", lang)
    stages = widest_first(stages)
    if not stages or stages[0].count == 0:
        return _empty("funnel", title, lang, width)
    label_w = max(text_width(s.label.text(lang)) for s in stages) + 16
    bar_area = width - label_w - 110
    row, top = 34, 8
    svg = _Svg("funnel", width, top * 2 + row * len(stages), title)
    first = stages[0].count
    for i, stage in enumerate(stages):
        y = top + i * row
        share = stage.count / first
        w = max(bar_area * share, 2.0)
        x = label_w + (bar_area - w) / 2
        name = stage.label.text(lang)
        svg.text(label_w - 8, y + 21, name, anchor="end")
        colour = PALETTE[i % len(PALETTE)]
        svg.rect(
            x, y + 4, w, row - 8, colour, f"{name}: {stage.count} ({share:.0%})", data_value=str(stage.count)
        )
        svg.text(label_w + bar_area + 8, y + 21, f"{stage.count:,}  {share:.0%}", weight="bold")
    return svg.render()


def months_chart(months: Sequence[MonthCount], lang: str, *, width: float = 640) -> str:
    """Grouped columns per month: issues collected and issues resolved."""
    title = t("by_month", lang)
    if not months:
        return _empty("months", title, lang, width)
    height, left, bottom, top = 240.0, 40.0, 40.0, 28.0
    plot_h = height - bottom - top
    peak = max(max(m.collected, m.resolved) for m in months) or 1
    step = (width - left - 10) / len(months)
    bar = max(min(step * 0.38, 26.0), 2.0)
    svg = _Svg("months", width, height, title)
    _y_axis(svg, left, top, plot_h, peak, width)
    series = ((t("collected", lang), _RED), (t("resolved", lang), _TEAL))
    _legend(svg, left, 14, series)
    for i, month in enumerate(months):
        x0 = left + i * step + (step - 2 * bar) / 2
        for j, (value, (name, colour)) in enumerate(
            zip((month.collected, month.resolved), series, strict=True)
        ):
            h = plot_h * value / peak
            svg.rect(
                x0 + j * bar,
                top + plot_h - h,
                bar - 1,
                h,
                colour,
                f"{month.month} {name}: {value}",
                data_value=str(value),
            )
        svg.text(
            left + i * step + step / 2,
            height - bottom + 16,
            month.month[5:] or month.month,
            anchor="middle",
            size=11,
        )
    svg.text(
        left + (width - left) / 2,
        height - 6,
        months[0].month[:4]
        + (f" – {months[-1].month[:4]}" if months[-1].month[:4] != months[0].month[:4] else ""),
        anchor="middle",
        size=11,
        fill=_GREY,
    )
    return svg.render()


def _y_axis(svg: _Svg, left: float, top: float, plot_h: float, peak: float, width: float) -> None:  # noqa: PLR0917 - plot geometry
    ticks = _ticks(peak)
    for tick in ticks:
        y = top + plot_h - plot_h * tick / peak
        svg.line(left, y, width - 10, y, "#e6e6e6")
        svg.text(left - 6, y + 4, _num(tick), anchor="end", size=11, fill=_GREY)


def _ticks(peak: float) -> list[float]:
    """Three to six round tick values from zero up to ``peak``."""
    if peak <= 0:
        return [0.0]
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(peak / step) + 1)]


def _legend(svg: _Svg, x: float, y: float, series: Sequence[tuple[str, str]]) -> None:
    for name, colour in series:
        svg.rect(x, y - 9, 10, 10, colour, mark=False)
        svg.text(x + 14, y, name, size=12)
        x += text_width(name, 12) + 34


def bars_chart(
    chart: str,
    title: str,
    bars: Sequence[Bar],
    lang: str,
    *,
    second: Sequence[Bar] = (),
    series: tuple[str, str] = ("", ""),
    width: float = 640,
) -> str:
    """Horizontal bars, one row per bar; with ``second``, a thinner bar beneath each row."""
    if not bars:
        return _empty(chart, title, lang, width)
    label_w = max(text_width(b.label.text(lang)) for b in bars) + 14
    peak = max([b.value for b in bars] + [b.value for b in second]) or 1
    row = 26 if not second else 32
    top = 6 if not series[0] else 26
    plot_w = width - label_w - 60
    svg = _Svg(chart, width, top + row * len(bars) + 6, title)
    if series[0]:
        _legend(svg, label_w, 14, ((series[0], _RED), (series[1], _TEAL)))
    for i, item in enumerate(bars):
        y = top + i * row
        name = item.label.text(lang)
        svg.text(label_w - 8, y + 16, name, anchor="end", size=12)
        h = 14 if not second else 12
        svg.rect(
            label_w,
            y + 4,
            plot_w * item.value / peak,
            h,
            _RED,
            f"{name}: {_num(item.value)}",
            data_value=str(item.value),
        )
        svg.text(label_w + plot_w * item.value / peak + 6, y + 15, _num(item.value), size=11)
        if second:
            other = second[i]
            svg.rect(
                label_w,
                y + 17,
                plot_w * other.value / peak,
                8,
                _TEAL,
                f"{name} {series[1]}: {_num(other.value)}",
                data_value=str(other.value),
            )
    return svg.render()


def columns_chart(
    chart: str, title: str, bars: Sequence[Bar], lang: str, *, unit: str = "", width: float = 640
) -> str:
    """Vertical columns (a histogram): one column per bar, labelled below."""
    if not bars or not any(b.value for b in bars):
        return _empty(chart, title, lang, width)
    # top leaves room for the value printed above the tallest column
    height, left, bottom, top = 226.0, 40.0, 44.0, 22.0
    plot_h = height - bottom - top
    peak = max(b.value for b in bars)
    step = (width - left - 10) / len(bars)
    crowded = max(text_width(b.label.text(lang), 11) for b in bars) > step * 0.95
    if crowded:
        height, bottom = height + 13, bottom + 13
    svg = _Svg(chart, width, height, title)
    _y_axis(svg, left, top, plot_h, peak, width)
    for i, item in enumerate(bars):
        h = plot_h * item.value / peak
        x = left + i * step + step * 0.12
        name = item.label.text(lang)
        svg.rect(
            x,
            top + plot_h - h,
            step * 0.76,
            h,
            _GOLD if i % 2 else _RED,
            f"{name} {unit}: {_num(item.value)}",
            data_value=str(item.value),
        )
        svg.text(x + step * 0.38, top + plot_h - h - 4, _num(item.value), anchor="middle", size=11)
        # labels wider than a column alternate between two lines rather than overlap
        drop = 13 if crowded and i % 2 else 0
        svg.text(x + step * 0.38, height - bottom + 16 + drop, name, anchor="middle", size=11)
    if unit:
        svg.text(left + (width - left) / 2, height - 8, unit, anchor="middle", size=11, fill=_GREY)
    return svg.render()


def stacked_bar(chart: str, title: str, bars: Sequence[Bar], lang: str, *, width: float = 640) -> str:
    """One bar split into shares (satisfaction answers), with a legend of counts and shares."""
    total = sum(b.value for b in bars)
    if not bars or total == 0:
        return _empty(chart, title, lang, width)
    colours = (_GREEN, _TEAL, _RED, _GREY, _GOLD, PALETTE[5])
    svg = _Svg(chart, width, 92, title)
    x = 10.0
    for i, item in enumerate(bars):
        w = (width - 20) * item.value / total
        share = item.value / total
        name = item.label.text(lang)
        svg.rect(
            x,
            8,
            w,
            34,
            colours[i % len(colours)],
            f"{name}: {_num(item.value)} ({share:.1%})",
            data_value=str(item.value),
        )
        if w > 46:
            svg.text(x + w / 2, 30, f"{share:.0%}", anchor="middle", fill="#fff", weight="bold")
        x += w
    # the legend wraps onto more lines when the chart is narrow (a phone's rendering)
    x, y = 10.0, 62.0
    for i, item in enumerate(bars):
        name = f"{item.label.text(lang)} {_num(item.value)}"
        room = text_width(name, 12) + 14
        if x > 10.0 and x + room > width - 6:
            x, y = 10.0, y + 20
        svg.rect(x, y, 10, 10, colours[i % len(colours)], mark=False)
        svg.text(x + 14, y + 9, name, size=12)
        x += room + 18
    svg.height = y + 30
    return svg.render()


def intervals_chart(figures: Sequence[Figure], lang: str, *, width: float = 640) -> str:
    """One row per figure: the simulated mean and its confidence interval as a share of the
    source's reported value (a common axis, since the figures differ in magnitude), with a
    line at 100 % where the simulation matches the source exactly.
    """
    title = t("intervals", lang)
    rows = [f for f in figures if f.interval is not None and f.value is not None and f.reported]
    if not rows:
        return _empty("intervals", title, lang, width)
    shares = []
    for figure in rows:
        assert figure.interval is not None
        assert figure.reported
        shares += [figure.interval.low / figure.reported, figure.interval.high / figure.reported]
    low = min(0.8, math.floor(min(shares) * 20) / 20)
    high = max(1.2, math.ceil(max(shares) * 20) / 20)
    label_w = min(max(text_width(f.label.text(lang), 12) for f in rows) + 14, width * 0.45)
    plot_w = width - label_w - 20
    row, top = 28, 28
    height = top + row * len(rows) + 34  # the tick labels and "reported" under the plot, descenders included
    svg = _Svg("intervals", width, height, title)
    legend = ((t("simulated_mean", lang), _RED), (t("ci", lang), "#f3c1c8"))
    legend_w = sum(text_width(name, 12) + 34 for name, _ in legend)
    # above the plot where it fits, moved left on a narrow chart
    _legend(svg, max(10.0, min(label_w, width - legend_w)), 14, legend)

    def scale(share: float) -> float:
        return label_w + plot_w * (share - low) / (high - low)

    bottom = top + row * len(rows)
    # a tick label ("105%") needs about 45 px: fewer ticks on a narrow chart
    for tick in _ticks_between(low, high, most=max(3, min(8, int(plot_w // 45)))):
        x = scale(tick)
        svg.line(
            x,
            top,
            x,
            bottom,
            "#e0a526" if math.isclose(tick, 1.0) else "#eee",
            2 if math.isclose(tick, 1.0) else 1,
        )
        svg.text(x, bottom + 14, f"{tick:.0%}", anchor="middle", size=10, fill=_GREY)
    svg.text(scale(1.0), bottom + 26, t("reported", lang), anchor="middle", size=10, fill="#7a5a00")
    for i, figure in enumerate(rows):
        interval, value, reported = figure.interval, figure.value, figure.reported
        assert interval is not None
        assert value is not None
        assert reported
        y = top + i * row + row / 2
        name = figure.label.text(lang)
        svg.text(label_w - 8, y + 4, _fit(name, label_w - 10, 12), anchor="end", size=12)
        span = f"[{_num(interval.low)}, {_num(interval.high)}]"
        svg.rect(
            scale(interval.low / reported),
            y - 5,
            scale(interval.high / reported) - scale(interval.low / reported),
            10,
            "#f3c1c8",
            f"{name}: {span}",
            data_value=span,
        )
        svg.circle(
            scale(value / reported),
            y,
            5,
            _RED,
            f"{name}: {number(value, figure.unit, lang)} · {t('reported', lang)} {reported_text(figure, lang)}",
        )
    return svg.render()


def _ticks_between(low: float, high: float, most: int = 8) -> list[float]:
    """At most about ``most`` round ticks (shares: 10 %, 20 %, 25 %, 50 %, 100 %, …) from ``low`` to ``high``."""
    span = max(high - low, 1e-9)
    magnitude = 10.0 ** math.floor(math.log10(span / most))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= most)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _heat(share: float) -> str:
    """Colour from pale gold (low density) to party red (high)."""
    low, high = (0xFB, 0xF0, 0xC8), (0xC8, 0x10, 0x2E)
    share = min(max(share, 0.0), 1.0)
    r, g, b = (round(a + (c - a) * share) for a, c in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _density_text(value: float, lang: str) -> str:
    """The map's measure with its name, never a bare ``x/100`` that reads like a score."""
    return f"{t('density', lang)} {value:.1f}" if lang == "zh" else f"{value:.1f} {t('density', lang)}"


def grid_map(grids: Sequence[GridCell], lang: str, *, width: float = 640) -> str:
    """The grid map (党群社情图): one tile per grid, coloured by issues per 100 households,
    listing the grid's issues and resources.  Tiles are laid out row by row in code order,
    at most three to a row so the map stays legible when a phone scales it down.
    """
    title = t("grid_map", lang)
    if not grids:
        return _empty("grid_map", title, lang, width)
    columns = max(1, min(len(grids), 3 if width >= 480 else 2))
    gap = 8.0
    tile_w = (width - gap * (columns + 1)) / columns
    # each tile's lines, wrapped at spaces to the tile's width (nothing is cut off)
    details = [
        [
            line
            for text in (
                _density_text(grid.issues_per_100_households, lang),
                f"{t('issues', lang)} {grid.issues} · {t('resolved', lang)} {grid.resolved}",
                f"{t('households', lang)} {grid.households}",
                *(f"{r.label.text(lang)} {_num(r.value)}" for r in grid.resources),
            )
            for line in _wrap(text, tile_w - 16, 11)
        ]
        for grid in grids
    ]
    tile_h = 20.0 + 15.0 * (1 + max(len(lines) for lines in details))
    rows = math.ceil(len(grids) / columns)
    densities = [g.issues_per_100_households for g in grids]
    # the ramp spans the grids' own range, so differences between grids show even when all are high
    low_density, top_density = min(densities), max(densities)
    spread = top_density - low_density
    height = gap + rows * (tile_h + gap) + 48  # the legend, its numbers' descenders included
    svg = _Svg("grid_map", width, height, title)
    for i, grid in enumerate(grids):
        col, rw = i % columns, i // columns
        x, y = gap + col * (tile_w + gap), gap + rw * (tile_h + gap)
        share = (grid.issues_per_100_households - low_density) / spread if spread else 0.5
        name = grid.label.text(lang)
        tip_lines = [
            name,
            f"{t('issues', lang)}: {grid.issues} ({t('resolved', lang)} {grid.resolved})",
            _density_text(grid.issues_per_100_households, lang),
            *(f"{r.label.text(lang)}: {_num(r.value)}" for r in grid.resources),
        ]
        svg.rect(
            x,
            y,
            tile_w,
            tile_h,
            _heat(share),
            "\n".join(tip_lines),
            rx="6",
            data_value=f"{grid.issues_per_100_households:.2f}",
            data_code=grid.code,
        )
        ink = "#fff" if share > 0.55 else "#222"
        svg.text(x + 8, y + 18, _fit(name, tile_w - 16, 13), size=13, weight="bold", fill=ink)
        for j, line in enumerate(details[i]):
            svg.text(x + 8, y + 35 + 15 * j, _fit(line, tile_w - 16, 11), size=11, fill=ink)
    # legend: the colour ramp
    ly = height - 34
    svg.text(gap, ly + 11, t("density", lang), size=11, fill=_GREY)
    lx = gap + text_width(t("density", lang), 11) + 10
    step = min(18.0, (width - gap - lx) / 10)  # the ramp shrinks to fit a narrow chart
    for k in range(10):
        svg.rect(lx + step * k, ly, step, 12, _heat(k / 9), mark=False)
    svg.text(lx - 2, ly + 26, f"{low_density:.1f}", size=10, fill=_GREY)
    svg.text(lx + 10 * step, ly + 26, f"{top_density:.1f}", size=10, fill=_GREY, anchor="end")
    return svg.render()


def _wrap(text: str, room: float, size: float) -> list[str]:
    """``text`` broken at spaces into lines of at most ``room`` pixels (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _fit(text: str, room: float, size: float) -> str:
    """``text`` cut with an ellipsis so it fits in ``room`` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"
