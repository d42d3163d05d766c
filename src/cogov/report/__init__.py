"""Reports of a community's governance: HTML pages and terminal tables, in Chinese or English.

Build a :class:`ReportData` — by hand, or with :func:`from_ledger` from a ledger (with the
source's :class:`Reported` figures, :class:`SimulatedFigures` from :func:`summarise` and
score cards from :func:`score_cards`) — then render it: :func:`render_html` /
:func:`write_html` for one self-contained offline page, :func:`print_report` and the
``*_table`` functions for the terminal.
"""

from __future__ import annotations

from cogov.report._adapter import from_ledger
from cogov.report._format import interval_text, number, signed
from cogov.report._headline import (
    HEADLINE,
    Difference,
    Headline,
    MeetingKeys,
    Reported,
    SimulatedFigures,
    differences,
    headline_values,
    meeting_cohort,
    summarise,
)
from cogov.report._html import render_html, report_json, write_html
from cogov.report._labels import LANGS, check_lang, translate
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
from cogov.report._plain import escape_controls, plain_text
from cogov.report._scores import DEFAULT_RULES, score_cards
from cogov.report._terminal import funnel_table, grid_table, headline_table, print_report, scores_table

__all__ = [
    "DEFAULT_RULES",
    "HEADLINE",
    "LANGS",
    "Bar",
    "Difference",
    "Figure",
    "FunnelStage",
    "GridCell",
    "Headline",
    "Interval",
    "Label",
    "MeetingKeys",
    "MonthCount",
    "ReportData",
    "Reported",
    "ScoreCard",
    "ScorePart",
    "SimulatedFigures",
    "check_lang",
    "differences",
    "escape_controls",
    "from_ledger",
    "funnel_table",
    "grid_table",
    "headline_table",
    "headline_values",
    "interval_text",
    "meeting_cohort",
    "number",
    "plain_text",
    "print_report",
    "render_html",
    "report_json",
    "score_cards",
    "scores_table",
    "signed",
    "summarise",
    "translate",
    "write_html",
]
