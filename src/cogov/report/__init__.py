"""Reports of a community's governance: HTML pages and terminal tables, in Chinese or English.

Build a :class:`ReportData` (by hand, or with :func:`from_ledger` from a ledger and the
evaluation and simulation results), then render it with :func:`render_html` /
:func:`write_html` or print tables with :func:`headline_table` and friends.
"""

from __future__ import annotations

from cogov.report._html import render_html, report_json, write_html
from cogov.report._labels import LANGS, check_lang, t
from cogov.report._model import (
    Bar,
    Figure,
    FunnelStage,
    GridCell,
    Interval,
    Label,
    MonthCount,
    ReportData,
    ScoreCard,
    ScorePart,
)

__all__ = [
    "LANGS",
    "Bar",
    "Figure",
    "FunnelStage",
    "GridCell",
    "Interval",
    "Label",
    "MonthCount",
    "ReportData",
    "ScoreCard",
    "ScorePart",
    "check_lang",
    "render_html",
    "report_json",
    "t",
    "write_html",
]
