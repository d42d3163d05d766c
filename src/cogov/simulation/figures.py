"""What a simulated year is measured by: the evaluation statistics, flattened to numbers.

:func:`year_figures` runs :func:`cogov.evaluation.compute_statistics` (the same statistics a real
year gets) over the scenario's period and flattens the table into ``name → float``: every
count, every rate (``nan`` where undefined), and the per-kind / per-channel /
per-meeting-kind / per-activity-kind (volunteer person-times and hours) breakdowns as
``name:key``.  It adds what only the simulation knows: the issues raised at household
meetings and how many of them were resolved (the source's "121 collected, 110 answered and
resolved"), the mean wait for a handler, and the mean days from an issue arising in a
household to its being heard (collected) — the delay a meeting cadence sets, which no
ledger records.  It also scores the charter's rules about units and the community
(``score:<rule>``), so every statistic and every such score gets an interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cogov.evaluation import EvaluationContext, Period, compute_statistics
from cogov.model.workflow import Category

if TYPE_CHECKING:
    from cogov.simulation.community_model import CommunityModel

__all__ = ["figure_range", "year_figures"]

_MAPPINGS = (
    "meetings_by_kind",
    "collected_by_channel",
    "collected_by_kind",
    "resolved_by_kind",
    "follow_ups",
    "dispute_follow_ups",
    "volunteer_person_times",
    "volunteer_person_hours",
)
_SKIPPED = frozenset(
    {
        "period",
        "unit",
        "group_level",
        "by_group",
        "by_actor",
        "satisfaction_weights",
        "satisfied_levels",
        "evidence",
    }
)


#: figures that are shares of something, so cannot leave [0, 1] (reopen and rework rates can:
#: an issue reopened and not resolved again counts above, not below)
_FRACTIONS = frozenset(
    {
        "resolution_rate",
        "response_rate",
        "on_time_rate",
        "mediation_success_rate",
        "follow_up_satisfaction",
        "dispute_follow_up_satisfaction",
    }
)
#: figures only the simulation adds: counts and durations
_SIMULATED = frozenset(
    {"meeting_issues_collected", "meeting_issues_resolved", "mean_handler_wait_days", "mean_days_to_be_heard"}
)


def figure_range(name: str) -> tuple[float, float]:
    """The values figure ``name`` of :func:`year_figures` can take: ``(0, 1)`` for a share,
    ``(0, inf)`` for a count, a duration or hours, unbounded for a name it does not make.

    Confidence intervals are clipped to it (:func:`~cogov.simulation.estimate`).
    """
    base = name.split(":", 1)[0]
    if name in _FRACTIONS:
        return 0.0, 1.0
    if base in _MAPPINGS or name in _SIMULATED or name in _COUNTS:
        return 0.0, math.inf
    return -math.inf, math.inf


def _number(value: object) -> float | None:
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    return None


#: every number of the statistics table: counts, days, rates (the shares are in _FRACTIONS)
_COUNTS = frozenset(
    {
        "events_read",
        "issues_collected",
        "responded",
        "answered_on_spot",
        "registered",
        "escalated",
        "whistled",
        "mediated",
        "mediation_agreements",
        "mediation_failures",
        "resolved",
        "closed_unresolved",
        "still_open",
        "disputes_collected",
        "disputes_resolved",
        "reworked",
        "reopened",
        "median_days_to_resolution",
        "p90_days_to_resolution",
        "median_days_to_resolution_registered",
        "p90_days_to_resolution_registered",
        "sla_due",
        "on_time",
        "meetings_held",
        "rework_rate",
        "reopen_rate",
    }
)


def year_figures(model: CommunityModel) -> Mapping[str, float]:
    """The figures of one simulated period (see the module docstring)."""
    scenario, ledger = model.scenario, model.ledger
    start = scenario.start
    end = start + timedelta(days=scenario.days)
    statistics = compute_statistics(ledger, period=Period(start, end), group_level=scenario.grid_level)
    figures: dict[str, float] = {}
    for name, value in statistics.to_dict().items():
        if name in _SKIPPED:
            continue
        if name in _MAPPINGS:
            for key, count in value.items():
                number = _number(count)
                if number is not None:
                    figures[f"{name}:{key}"] = number
            continue
        number = _number(value)
        if number is not None:
            figures[name] = number
    for kind in scenario.meetings:  # a kind never held still has a figure: zero
        figures.setdefault(f"meetings_by_kind:{kind.kind}", 0.0)
    for activity in scenario.activities:  # likewise an activity kind never held
        figures.setdefault(f"volunteer_person_times:{activity.kind}", 0.0)
        figures.setdefault(f"volunteer_person_hours:{activity.kind}", 0.0)
    figures.update(_meeting_cohort(model, start, end))
    figures.update(_scores(model, Period(start, end)))
    waits = model.handler_waits
    figures["mean_handler_wait_days"] = math.fsum(waits) / len(waits) if waits else math.nan
    heard = model.intake_waits
    figures["mean_days_to_be_heard"] = math.fsum(heard) / len(heard) if heard else math.nan
    return figures


def _meeting_cohort(model: CommunityModel, start: datetime, end: datetime) -> dict[str, float]:
    ledger, channel = model.ledger, model.scenario.meeting_channel
    workflow = ledger.workflow
    resolved_states = {s.key for s in workflow.states if s.category is Category.RESOLVED}
    events = ledger.events
    collected = resolved = 0
    for record in ledger.issues.values():
        if record.channel != channel or not start <= record.opened_at < end:
            continue
        collected += 1
        for seq, state in zip(record.seqs, record.path, strict=True):
            if state in resolved_states:
                resolved += events[seq].at < end
                break
    return {"meeting_issues_collected": float(collected), "meeting_issues_resolved": float(resolved)}


def _scores(model: CommunityModel, period: Period) -> dict[str, float]:
    """The charter's unit and community rules, scored over the period from the events alone.

    ``score:<rule>`` is the mean over the rated subjects (every unit at the rule's ``level``,
    else the community); ``score:<rule>:<unit>`` each subject's score (0 when vetoed).  Rules
    about households, people or projects need evaluation records a simulation does not
    produce (ballots, star claims, ratings), so they are left out.
    """
    ledger = model.ledger
    community = ledger.community
    rules = [rule for rule in ledger.charter.rules if getattr(rule, "subject", None) in ("unit", "community")]
    if not rules:
        return {}
    context = EvaluationContext.from_ledger(ledger, period=period)
    levels = {level.key for level in community.levels}
    top = community.units_at("community") if "community" in levels else ()
    default = tuple(u.code for u in top) or ((community.root,) if community.root else ())
    out: dict[str, float] = {}
    for rule in rules:
        level = getattr(rule, "level", None)
        subjects = tuple(u.code for u in community.units_at(level)) if level in levels else default
        rated = []
        for subject in subjects:
            score = rule.evaluate(context, subject)
            if score.rated:
                rated.append(score.value)
                out[f"score:{rule.key}:{subject}"] = score.value
            else:
                out[f"score:{rule.key}:{subject}"] = math.nan
        out[f"score:{rule.key}"] = math.fsum(rated) / len(rated) if rated else math.nan
    return out
