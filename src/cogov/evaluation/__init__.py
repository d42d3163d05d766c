"""Evaluation (效果共评): explainable scoring rules and governance statistics.

Statistics are computed from events alone (:func:`compute`); rules score one subject over a
period and explain every point down to the events behind it.
"""

from __future__ import annotations

from cogov.evaluation.period import Period
from cogov.evaluation.statistics import ActorFigures, GroupFigures, MetricActions, Statistics, compute

__all__ = [
    "ActorFigures",
    "GroupFigures",
    "MetricActions",
    "Period",
    "Statistics",
    "compute",
]
