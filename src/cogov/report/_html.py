"""The HTML report: one self-contained file that works offline.

Charts are inline SVG drawn here (:mod:`cogov.report._svg`), each twice: for a wide screen
and for a phone (:data:`NARROW` px), and CSS shows the one that fits, so a phone gets text at
its drawn size rather than a desktop chart shrunk by half.  Styles are inline; the only
script is a small self-check that records errors and counts the marks of the charts the
browser shows (``<body data-charts=... data-drawn=... data-errors=...>``), which the browser
test reads.  A Content-Security-Policy forbids every network load, so a report that
tried to fetch anything would fail loudly rather than silently depend on a network.  The
report's figures are also embedded as JSON (``<script type="application/json"
id="cogov-data">``) for integrators.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import attrs

from cogov.report import _svg
from cogov.report._format import difference_text, interval_text, number, reported_text
from cogov.report._geomap import geometry_map
from cogov.report._labels import check_lang, t
from cogov.report._model import Bar, GridCell, ReportData, ScoreCard

__all__ = ["render_html", "report_json", "write_html"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_STYLE = """
:root { --red: #c8102e; --ink: #222; --muted: #667; --line: #e3e3e8; --paper: #fbfaf7; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; font-size: 14px; line-height: 1.5; }
header { background: var(--red); color: #fff; padding: 18px 28px 14px; }
header h1 { margin: 0 0 4px; font-size: 24px; letter-spacing: .04em; }
header .meta { opacity: .92; font-size: 13px; }
header .meta span + span::before { content: " · "; }
main { max-width: 1320px; margin: 0 auto; padding: 16px 20px 32px;
  display: grid; grid-template-columns: repeat(auto-fit, minmax(min(620px, 100%), 1fr)); gap: 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 16px; margin: 0 0 10px; padding-left: 8px; border-left: 4px solid var(--red); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: #fffdf8; }
.card .n { font-size: 24px; font-weight: 700; color: var(--red); }
.card .l { font-size: 12px; color: var(--muted); }
.card .r { font-size: 11px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
svg.chart { max-width: 100%; height: auto; display: block; }\nsvg.scorebar { display: inline-block; vertical-align: middle; }
svg.chart .mark:hover { opacity: .8; stroke: #222; stroke-width: 1; }
.score { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 8px; }
.score h3 { font-size: 14px; margin: 0 0 4px; }
.score .v { float: right; font-weight: 700; color: var(--red); }
.score p { margin: 4px 0; color: var(--muted); font-size: 12px; white-space: pre-line; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 0 0 24px; }
.scroll { overflow-x: auto; max-width: 100%; }
p.run { margin: -4px 0 8px; color: var(--muted); font-size: 12px; }
.chart-narrow { display: none; }
/* A phone: less padding, each chart as drawn for a narrow screen (its text at full size),
   and tables that scroll sideways in their own box rather than widening the page. */
@media (max-width: 600px) {
  header { padding: 12px 14px 10px; }
  header h1 { font-size: 19px; }
  main { padding: 10px 8px 24px; gap: 10px; }
  section { padding: 10px; }
  .card { flex-basis: 120px; }
  .card .n { font-size: 20px; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  th, td { padding: 4px 6px; }
  /* the figure's name keeps a readable width; the table scrolls for the rest */
  table.headline td:first-child { min-width: 7em; }
}
"""

# Records script errors, failed loads and policy violations, then counts the chart marks
# that have a laid-out box.  Written as plain ES5 so any browser runs it.
_SELF_CHECK = """
(function () {
  var errors = [];
  window.cogovErrors = errors;
  window.addEventListener("error", function (e) {
    errors.push(e.message ? e.message : "failed to load " + (e.target && (e.target.src || e.target.href)));
  }, true);
  document.addEventListener("securitypolicyviolation", function (e) {
    errors.push("blocked by policy: " + e.blockedURI);
  });
  window.addEventListener("load", function () {
    // each chart is drawn twice (wide and narrow) and CSS shows one: count the shown ones
    var all = document.querySelectorAll("svg.chart");
    var charts = [];
    for (var k = 0; k < all.length; k++) {
      if (all[k].getClientRects().length > 0) { charts.push(all[k]); }
    }
    var drawn = 0;
    for (var i = 0; i < charts.length; i++) {
      var marks = charts[i].querySelectorAll(".mark");
      var shown = 0;
      for (var j = 0; j < marks.length; j++) {
        var box = marks[j].getBoundingClientRect();
        if (box.width > 0 && box.height > 0) { shown++; }
      }
      charts[i].setAttribute("data-drawn", String(shown));
      if (shown > 0) { drawn++; }
    }
    document.body.setAttribute("data-charts", String(charts.length));
    document.body.setAttribute("data-drawn", String(drawn));
    document.body.setAttribute("data-errors", JSON.stringify(errors));
    document.body.setAttribute("data-ready", "true");
  });
})();
"""


from cogov.report._supervision import section_title, supervision_html  # noqa: E402


def _section(key: str, title: str, body: str, *, wide: bool = False, note: str = "") -> str:
    cls = ' class="wide"' if wide else ""
    said = f'<p class="run">{escape(note)}</p>' if note else ""
    return f'<section id="{key}"{cls}><h2>{escape(title)}</h2>{said}{body}</section>'


#: width of the charts as drawn for a desktop, and for a phone (a 360 px screen's section)
WIDE, NARROW = 640, 340


def _chart(draw: Callable[[float], str]) -> str:
    """A chart drawn twice, for a wide screen and for a phone; CSS shows the one that fits, so
    on a phone the text is drawn at its size rather than shrunk to half."""
    return f'<div class="chart-wide">{draw(WIDE)}</div><div class="chart-narrow">{draw(NARROW)}</div>'


def _table(html: str) -> str:
    """A table in its own box, which scrolls sideways rather than widening the page."""
    return f'<div class="scroll">{html}</div>'


def _headline(data: ReportData, lang: str) -> str:
    cards = []
    for figure in data.headline[:6]:
        reported = (
            f'<div class="r">{escape(t("reported", lang))}: {escape(reported_text(figure, lang))}</div>'
            if figure.reported is not None or figure.reported_text
            else ""
        )
        cards.append(
            f'<div class="card"><div class="n">{escape(number(figure.value, figure.unit, lang))}</div>'
            f'<div class="l">{escape(figure.label.text(lang))}</div>{reported}</div>'
        )
    value_head = t("simulated_mean", lang) if data.simulated else t("value", lang)
    has_reported = any(f.reported is not None or f.reported_text for f in data.headline)
    heads = [t("figure", lang), value_head]
    if data.simulated:
        heads.append(t("ci", lang))
    if has_reported:
        heads += [t("reported", lang), t("difference", lang)]
    head = "".join(f"<th{' class=num' if i else ''}>{escape(h)}</th>" for i, h in enumerate(heads))
    rows = []
    for figure in data.headline:
        cells = [escape(figure.label.text(lang)), escape(number(figure.value, figure.unit, lang))]
        if data.simulated:
            cells.append(escape(interval_text(figure, lang)))
        if has_reported:
            cells += [escape(reported_text(figure, lang)), escape(difference_text(figure))]
        rows.append(
            "<tr>"
            + "".join(f"<td{' class=num' if i else ''}>{c}</td>" for i, c in enumerate(cells))
            + "</tr>"
        )
    table = f'<table class="headline"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return f'<div class="cards">{"".join(cards)}</div>{_table(table)}'


def _scores(cards: Sequence[ScoreCard], lang: str) -> str:
    """One table per rule: a row per subject with its score, grade and each part's points;
    a part's calculation shows as its cell's tooltip."""
    if not cards:
        return f"<p>{escape(t('no_data', lang))}</p>"
    groups: dict[str, list[ScoreCard]] = {}
    for card in cards:
        groups.setdefault(card.key, []).append(card)
    out = []
    for group in groups.values():
        first = group[0]
        part_heads = [p.label.text(lang) for p in first.parts]
        heads = [t("subject", lang), t("score", lang), "", t("grade", lang), *part_heads]
        head = "".join(
            f"<th{' class=num' if i == 1 or i > 3 else ''}>{escape(h)}</th>" for i, h in enumerate(heads)
        )
        rows = []
        for card in group:
            share = card.value / card.maximum if card.value is not None and card.maximum else 0.0
            points = (
                f"<b>{escape(number(card.value))}</b> / {escape(number(card.maximum))}"
                if card.rated
                else escape(t("not_rated", lang))
            )
            bar = (
                f'<svg class="chart scorebar" data-chart="score" width="120" height="12" viewBox="0 0 120 12">'
                f'<rect x="0" y="2" width="120" height="8" fill="#eee"/>'
                f'<rect class="mark" x="0" y="2" width="{120 * share:.1f}" height="8" fill="#c8102e"/></svg>'
            )
            cells = [
                f"<td>{escape(card.subject.text(lang))}</td>",
                f"<td class=num>{points}</td>",
                f"<td>{bar}</td>",
                f"<td>{escape(card.grade.text(lang) if card.grade else '–')}</td>",
            ]
            for part in card.parts:
                of = f" / {number(part.maximum)}" if part.maximum is not None else ""
                cells.append(
                    f'<td class=num title="{escape(part.detail_in(lang))}">{escape(number(part.points))}{escape(of)}</td>'
                )
            rows.append(f"<tr>{''.join(cells)}</tr>")
        notes = "".join(
            f"<p>{escape(c.subject.text(lang))}: {escape(c.explanation.text(lang))}</p>"
            for c in group
            if c.explanation
        )
        out.append(
            f'<div class="score" data-score="{escape(first.key)}"><h3>{escape(first.label.text(lang))}</h3>'
            + _table(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
            + f"{notes}</div>"
        )
    return "".join(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def report_json(data: ReportData) -> dict[str, Any]:
    """The report's figures as plain JSON-ready containers."""
    raw = attrs.asdict(data, value_serializer=lambda _inst, _field, value: _jsonable(value))
    raw["simulated"] = data.simulated
    return raw


def _sections(data: ReportData, lang: str) -> Iterable[str]:
    # a simulated report's charts and scores show one run: said beside each, not only at the foot
    run = data.charts_from.text(lang) if data.simulated and data.charts_from else ""
    yield _section("headline", t("headline", lang), _headline(data, lang), wide=True)
    yield _section(
        "funnel", t("funnel", lang), _chart(lambda w: _svg.funnel_chart(data.funnel, lang, width=w)), note=run
    )
    yield _section(
        "months",
        t("by_month", lang),
        _chart(lambda w: _svg.months_chart(data.months, lang, width=w)),
        note=run,
    )
    by_grid = tuple(Bar(g.code, g.label, g.issues) for g in data.grids)
    resolved = tuple(Bar(g.code, g.label, g.resolved) for g in data.grids)
    yield _section(
        "grids",
        t("by_grid", lang),
        _chart(
            lambda w: _svg.bars_chart(
                "grids",
                t("by_grid", lang),
                by_grid,
                lang,
                second=resolved,
                series=(t("collected", lang), t("resolved", lang)),
                width=w,
            )
        ),
        note=run,
    )
    yield _section(
        "resolution",
        t("resolution_time", lang),
        _chart(
            lambda w: _svg.columns_chart(
                "resolution",
                t("resolution_time", lang),
                data.resolution_days,
                lang,
                unit=t("days", lang),
                width=w,
            )
        ),
        note=run,
    )
    yield _section(
        "satisfaction",
        t("satisfaction", lang),
        _chart(
            lambda w: _svg.stacked_bar(
                "satisfaction", t("satisfaction", lang), data.satisfaction, lang, width=w
            )
        ),
        note=run,
    )
    # the interval chart places each simulated figure against the source's: only with a source
    if any(f.reported for f in data.intervals):
        yield _section(
            "intervals",
            t("intervals", lang),
            _chart(lambda w: _svg.intervals_chart(data.intervals, lang, width=w)),
        )
    yield _section(
        "grid_map", t("grid_map", lang), _chart(lambda w: _grid_map(data.grids, lang, w)), note=run
    )
    yield _section("scores", t("scores", lang), _scores(data.scores, lang), wide=True, note=run)
    if data.supervision is not None:
        yield _section(
            "supervision",
            section_title(lang),
            supervision_html(data.supervision, lang),
            wide=True,
            note=run,
        )


def render_html(data: ReportData, lang: str = "zh", *, generated: datetime | None = None) -> str:
    """The report as one self-contained HTML page in ``lang`` (``zh`` or ``en``)."""
    check_lang(lang)
    generated = generated or datetime.now(UTC)
    kind = t("simulated", lang) if data.simulated else t("recorded", lang)
    meta = [
        f"{t('period', lang)}: {data.period_start.isoformat()} – {data.period_end.isoformat()}",
        kind,
    ]
    if data.replications is not None:
        meta.append(f"{t('replications', lang)}: {data.replications}")
    if data.seed is not None:
        meta.append(f"{t('seed', lang)}: {data.seed}")
    if data.source is not None:
        meta.append(f"{t('source', lang)}: {data.source.text(lang)}")
    notes = "".join(f"<p>{escape(n.text(lang))}</p>" for n in data.notes)
    # <, > and & as JSON escapes: no label can end the script element or open a comment in it
    payload = (
        json.dumps(report_json(data), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    title = f"{data.community.text(lang)} · {data.title.text(lang)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><script>{_SELF_CHECK}</script><style>{_STYLE}</style></head>"
        f'<body data-lang="{lang}"><header><h1>{escape(title)}</h1><div class="meta">'
        + "".join(f"<span>{escape(m)}</span>" for m in meta)
        + f"</div></header><main>{''.join(_sections(data, lang))}</main>"
        f"<footer>{notes}<p>{escape(t('offline_note', lang))} {escape(t('generated', lang))}: "
        f"{generated:%Y-%m-%d %H:%M} UTC · cogov</p></footer>"
        f'<script type="application/json" id="cogov-data">{payload}</script></body></html>\n'
    )


def write_html(data: ReportData, path: str | Path, lang: str = "zh") -> Path:
    """Write the report to ``path`` (parents created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(data, lang), encoding="utf-8")
    return target


def _grid_map(grids: tuple[GridCell, ...], lang: str, width: float) -> str:
    """Real geometry when every grid has an outline, else the tile map."""
    if grids and all(g.outline for g in grids):
        return geometry_map(grids, lang, width=width)
    return _svg.grid_map(grids, lang, width=width)
