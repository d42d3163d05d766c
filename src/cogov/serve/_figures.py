"""The read-only JSON API and the report: statistics, scores and grids of any period and unit.

Query parameters, shared by every figure route: ``year`` (a calendar year) or ``from`` /
``to`` (inclusive dates, YYYY-MM-DD, in China Standard Time); ``unit`` (a unit code: only
what happened within it); ``level`` (statistics: one entry per unit at that level).  Each
answer is rendered once per commit and passed through the identifier guard
(:func:`~cogov.boundary.identifiers.redact`) before it leaves.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from cogov.boundary.geography import Geography
from cogov.boundary.identifiers import redact
from cogov.engine.ledger import Ledger
from cogov.evaluation import Period, compute_statistics
from cogov.evaluation.figures import Statistics
from cogov.model.fields import CHINA_TZ
from cogov.open311 import Open311Error
from cogov.report import from_ledger, render_html, score_cards

__all__ = ["grids_geojson", "period_of", "report_html", "scores_json", "statistics_json"]

_RATES = (
    "resolution_rate",
    "response_rate",
    "on_time_rate",
    "rework_rate",
    "reopen_rate",
    "mediation_success_rate",
)


def _day(value: str, name: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        msg = f"{name}: {value!r} is not a date; write it as YYYY-MM-DD"
        raise Open311Error(400, msg) from None
    if not 1900 <= day.year <= 2200:
        msg = f"{name}: {value} is outside the years 1900-2200"
        raise Open311Error(400, msg)
    return day


def period_of(query: Mapping[str, str]) -> Period | None:
    """The period ``year`` or ``from`` / ``to`` name (``None``: all time)."""
    year, start, end = query.get("year"), query.get("from"), query.get("to")
    if year is not None:
        if start or end:
            msg = "year cannot be combined with from/to"
            raise Open311Error(400, msg)
        if not year.isdigit() or not 1900 <= int(year) <= 2200:
            msg = f"year: {year!r} is not a year between 1900 and 2200"
            raise Open311Error(400, msg)
        return Period.year(int(year), CHINA_TZ)
    if not (start or end):
        return None
    first = _day(start, "from") if start else date(1900, 1, 1)
    last = _day(end, "to") if end else date(2200, 12, 31)
    if last < first:
        msg = f"to {last} is before from {first}"
        raise Open311Error(400, msg)
    return Period(
        datetime(first.year, first.month, first.day, tzinfo=CHINA_TZ),
        datetime(last.year, last.month, last.day, tzinfo=CHINA_TZ) + timedelta(days=1),
    )


def _unit(ledger: Ledger, query: Mapping[str, str]) -> str | None:
    unit = query.get("unit")
    if unit is not None and not ledger.community.has_unit(unit):
        msg = f"unit {unit!r} is not a unit of this community"
        raise Open311Error(404, msg)
    return unit


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, float) and math.isnan(value):  # NaN is not JSON
        return None
    return value


def _figures(stats: Statistics) -> dict[str, Any]:
    figures = {
        f.name: _plain(getattr(stats, f.name))
        for f in attrs.fields(Statistics)
        # evidence lists event numbers; by_actor is per person: neither is a public figure
        if f.name not in ("evidence", "by_actor")
    }
    for rate in _RATES:
        figures[rate] = getattr(stats, rate)
    figures["satisfaction_rate"] = stats.satisfaction_rate()
    return figures


def _dump(document: Any) -> bytes:
    return redact(json.dumps(document, ensure_ascii=False, allow_nan=False)).encode()


def statistics_json(ledger: Ledger, query: Mapping[str, str]) -> bytes:
    """Statistics of the period and unit; with ``level``, one entry per unit at that level."""
    period = period_of(query)
    unit = _unit(ledger, query)
    level = query.get("level")
    head = {
        "period": None
        if period is None
        else {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "unit": unit,
    }
    if level is None:
        return _dump({**head, "statistics": _figures(compute_statistics(ledger, period=period, unit=unit))})
    community = ledger.community
    if level not in {lv.key for lv in community.levels}:
        msg = (
            f"level {level!r} is not a level here; levels are {', '.join(lv.key for lv in community.levels)}"
        )
        raise Open311Error(400, msg)
    units = [u for u in community.units_at(level) if unit is None or community.within(u.code, unit)]
    entries = [
        {
            "unit": u.code,
            "name_zh": u.name_zh,
            "name_en": u.name_en,
            "statistics": _figures(compute_statistics(ledger, period=period, unit=u.code)),
        }
        for u in units
    ]
    return _dump({**head, "level": level, "units": entries})


def scores_json(ledger: Ledger, query: Mapping[str, str]) -> bytes:
    """The score cards of the period: every rule of the charter, each unit it rates."""
    period = period_of(query)
    cards = score_cards(ledger, period)
    return _dump({"scores": [_plain(card) for card in cards]})


def grids_geojson(ledger: Ledger, geography: Geography, query: Mapping[str, str]) -> bytes:
    """The units at ``level`` (default ``grid``) that have a place, with their figures."""
    period = period_of(query)
    level = query.get("level", "grid")
    figures = {}
    community = ledger.community
    if level not in {lv.key for lv in community.levels}:
        msg = f"level {level!r} is not a level here"
        raise Open311Error(400, msg)
    for unit in community.units_at(level):
        if unit.code in geography:
            stats = compute_statistics(ledger, period=period, unit=unit.code)
            figures[unit.code] = {
                "issues_collected": stats.issues_collected,
                "resolved": stats.resolved,
                "still_open": stats.still_open,
                "resolution_rate": stats.resolution_rate,
            }
    return _dump(geography.feature_collection(community, level, figures))


def report_html(ledger: Ledger, query: Mapping[str, str], lang: str, geography: Geography | None) -> bytes:
    """The live HTML report of the period and unit, in ``lang`` (or the query's ``lang``)."""
    chosen = query.get("lang", lang)
    if chosen not in ("zh", "en"):
        msg = f"lang: {chosen!r}; use zh or en"
        raise Open311Error(400, msg)
    period = period_of(query)
    unit = _unit(ledger, query)
    data = from_ledger(ledger, period=period, unit=unit, scores=score_cards(ledger, period))
    if geography is not None and geography.has_areas:
        # the grid map draws real outlines when every grid has one, else it keeps its tiles
        grids = tuple(attrs.evolve(g, outline=geography.outline(g.code)) for g in data.grids)
        data = attrs.evolve(data, grids=grids)
    return redact(render_html(data, chosen)).encode()
