"""Mergeable statistics: the sufficient statistics of a :class:`Statistics` table.

A :class:`Tally` holds what the statistics pass counts before it derives anything: issue
counts by every combination of (state, kind, group, channel, steps taken, last follow-up
answer, resolved?, deadline outcome), the exact durations to resolution (sorted), meeting,
activity and actor counts, and volunteer hours as exact fractions.  Two tallies of disjoint
sets of issues — two communities' ledgers, say — merge by adding counts and merging the
sorted durations, so merging is associative and commutative, and the merged tally's
:meth:`Tally.statistics` equals the table computed over the union of the events: rates are
ratios of summed counts (never averages of rates), medians and percentiles are read from the
merged exact durations, and intervals come from the summed counts.

One figure depends on *when* the table is read: an issue still open with a deadline is late
only once its deadline has passed by the end of the period (or, with no period, by the last
event counted).  A tally keeps such issues with their due day and decides at
:meth:`Tally.statistics`, so a merged tally decides with the merged end.
"""

from __future__ import annotations

import heapq
import math
import statistics as _pystats
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.figures import FLAG_BITS, ActorFigures, GroupFigures, Statistics
from cogov.evaluation.period import Period
from cogov.evaluation.tracks import GroupTotals

__all__ = ["LATE", "NOT_DUE", "ON_TIME", "PENDING", "Combo", "Tally", "add_group_figures", "merge"]

# what a deadline (SLA) says of an issue: not due, late, on time, or (an open issue) due on
# the day the combination names, to be decided when the table is read
NOT_DUE, LATE, ON_TIME, PENDING = 0, 1, 2, 3

#: (state, kind, group, channel, flags, last follow-up answer, resolved?, deadline outcome,
#: due day ordinal of a PENDING outcome, else 0)
Combo = tuple[str | None, str, str, str, int, str | None, bool, int, int]

_RESPONDED = FLAG_BITS["responded"]


def _counts(value: Mapping[Any, int]) -> Mapping[Any, int]:
    return dict(value)  # a plain dict: tallies cross process boundaries, and a mappingproxy does not pickle


def _fractions(value: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return dict(value)  # a plain dict: tallies cross process boundaries, and a mappingproxy does not pickle


def _weights(value: Mapping[str, float | None]) -> Mapping[str, float | None]:
    return dict(value)  # a plain dict: tallies cross process boundaries, and a mappingproxy does not pickle


def _sorted_floats(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(sorted(value))


@attrs.frozen
class Tally:
    """The sufficient statistics of one statistics table (see the module docstring).

    Made by :func:`cogov.evaluation.statistics.tally`; merged by :func:`merge`; read by
    :meth:`statistics`.  The charter-derived fields (which kinds are disputes, which states
    close an issue unresolved, the satisfaction scale) must agree between merged tallies.
    """

    period: Period | None
    unit: str | None
    group_level: str
    events_read: int
    #: the latest time counted (what "as of" means without a period)
    last_at: datetime | None
    combos: Mapping[Combo, int] = attrs.field(converter=_counts)
    days: tuple[float, ...] = attrs.field(converter=_sorted_floats)
    registered_days: tuple[float, ...] = attrs.field(converter=_sorted_floats)
    resolvers: Mapping[str, int] = attrs.field(converter=_counts)
    convened: Mapping[str, int] = attrs.field(converter=_counts)
    recorded: Mapping[str, int] = attrs.field(converter=_counts)
    meetings: Mapping[str, int] = attrs.field(converter=_counts)
    person_times: Mapping[str, int] = attrs.field(converter=_counts)
    #: exact sums: float additions would depend on the order communities are merged in
    person_hours: Mapping[str, Fraction] = attrs.field(converter=_fractions)
    mediable: frozenset[str]
    unresolved_states: frozenset[str]
    satisfaction_weights: Mapping[str, float | None] = attrs.field(converter=_weights)
    satisfied_levels: frozenset[str]

    @property
    def issues(self) -> int:
        """Issues collected (the cohort every issue figure counts)."""
        return sum(self.combos.values())

    @property
    def as_of(self) -> datetime | None:
        """When the table is read: the period's end, or the latest time counted."""
        return self.period.end if self.period is not None else self.last_at

    def merge(self, *others: Tally) -> Tally:
        """This tally merged with ``others`` (see :func:`merge`)."""
        return merge((self, *others))

    def statistics(self, evidence: Mapping[str, tuple[int, ...]] | None = None) -> Statistics:  # noqa: PLR0915 - one pass adding up every figure
        """The statistics table these counts make (``evidence`` from a traced pass, if any)."""
        unresolved_states = self.unresolved_states
        mediable = self.mediable
        as_of = self.as_of
        as_of_day = as_of.toordinal() if as_of is not None else None
        by_channel: Counter[str] = Counter()
        by_kind: Counter[str] = Counter()
        by_group: Counter[str] = Counter()
        resolved_by_kind: Counter[str] = Counter()
        follow: Counter[str] = Counter()
        dispute_follow: Counter[str] = Counter()
        groups: dict[str, GroupTotals] = {}
        resolved = closed_unresolved = still_open = disputes = disputes_resolved = 0
        sla_due = on_time = 0
        flag_counts: Counter[int] = Counter()
        for (state, kind, group, channel, flags, sat, is_resolved, sla, due), n in self.combos.items():
            if sla == PENDING:
                sla = LATE if as_of_day is not None and due < as_of_day else NOT_DUE  # noqa: PLW2901 - decided now
            by_channel[channel] += n
            by_kind[kind] += n
            by_group[group] += n
            totals = groups.get(group)
            if totals is None:
                totals = groups[group] = GroupTotals()
            totals.collected += n
            for bit in FLAG_BITS.values():
                if flags & bit:
                    flag_counts[bit] += n
            if flags & _RESPONDED:
                totals.responded += n
            if flags & FLAG_BITS["answer_on_spot"]:
                totals.answered_on_spot += n
            dispute = kind in mediable
            if dispute:
                disputes += n
            if is_resolved:
                resolved += n
                totals.resolved += n
                resolved_by_kind[kind] += n
                if dispute:
                    disputes_resolved += n
            elif state in unresolved_states:
                closed_unresolved += n
            else:
                still_open += n
                totals.still_open += n
            if sla != NOT_DUE:
                sla_due += n
                totals.sla_due += n
                if sla == ON_TIME:
                    on_time += n
                    totals.on_time += n
            if sat is not None:
                follow[sat] += n
                totals.follow_ups[sat] += n
                if dispute:
                    dispute_follow[sat] += n
        days, registered_days = list(self.days), list(self.registered_days)
        resolvers, convened, recorded = self.resolvers, self.convened, self.recorded
        actors = {
            person: ActorFigures(resolvers.get(person, 0), convened.get(person, 0), recorded.get(person, 0))
            for person in sorted({*resolvers, *convened, *recorded})
        }
        flag = FLAG_BITS
        return Statistics(
            period=self.period,
            unit=self.unit,
            group_level=self.group_level,
            events_read=self.events_read,
            meetings_by_kind=dict(sorted(self.meetings.items())),
            issues_collected=sum(self.combos.values()),
            collected_by_channel=dict(sorted(by_channel.items())),
            collected_by_kind=dict(sorted(by_kind.items())),
            collected_by_group=dict(sorted(by_group.items())),
            responded=flag_counts[flag["responded"]],
            answered_on_spot=flag_counts[flag["answer_on_spot"]],
            registered=flag_counts[flag["register"]],
            escalated=flag_counts[flag["escalate"]],
            whistled=flag_counts[flag["whistle"]],
            mediated=flag_counts[flag["start_mediation"]],
            mediation_agreements=flag_counts[flag["agreement"]],
            mediation_failures=flag_counts[flag["mediation_failure"]],
            resolved=resolved,
            resolved_by_kind=dict(sorted(resolved_by_kind.items())),
            closed_unresolved=closed_unresolved,
            still_open=still_open,
            disputes_collected=disputes,
            disputes_resolved=disputes_resolved,
            reworked=flag_counts[flag["rework"]],
            reopened=flag_counts[flag["reopen"]],
            follow_ups=dict(sorted(follow.items())),
            dispute_follow_ups=dict(sorted(dispute_follow.items())),
            median_days_to_resolution=_pystats.median(days) if days else None,
            p90_days_to_resolution=nearest_rank(days, 0.9),
            median_days_to_resolution_registered=(
                _pystats.median(registered_days) if registered_days else None
            ),
            p90_days_to_resolution_registered=nearest_rank(registered_days, 0.9),
            sla_due=sla_due,
            on_time=on_time,
            volunteer_person_times=dict(sorted(self.person_times.items())),
            volunteer_person_hours={k: float(v) for k, v in sorted(self.person_hours.items())},
            by_group={code: totals.figures() for code, totals in sorted(groups.items())},
            by_actor=actors,
            satisfaction_weights=dict(self.satisfaction_weights),
            satisfied_levels=self.satisfied_levels,
            evidence=dict(evidence or {}),
        )


def nearest_rank(ordered: list[float], q: float) -> float | None:
    """The nearest-rank ``q`` quantile of an ascending list (a value that occurs in it)."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    # equal instants in different offsets: the larger offset wins, whatever the order
    return max(a, b, key=lambda t: (t, t.utcoffset()))


def _same(tallies: list[Tally], field: str) -> object:
    first = getattr(tallies[0], field)
    for other in tallies[1:]:
        if getattr(other, field) != first:
            msg = (
                f"merge: tallies disagree on {field} ({first!r} and {getattr(other, field)!r}); "
                "merge only tallies computed over the same period, unit and group level under charters "
                "that agree on disputes, closing states and the satisfaction scale"
            )
            raise InvalidFieldError(msg)
    return first


def merge(tallies: Iterable[Tally]) -> Tally:
    """One tally of the union of the issues, meetings and activities of ``tallies``.

    Exact: counts add, durations merge in order, hours add as fractions; so the order and
    grouping of merges never changes the result.  The tallies must be of disjoint events
    (different ledgers, or different issues of one).
    """
    parts = list(tallies)
    if not parts:
        msg = "merge: give at least one tally"
        raise InvalidFieldError(msg)
    if len(parts) == 1:
        return parts[0]
    for name in (
        "period",
        "unit",
        "group_level",
        "mediable",
        "unresolved_states",
        "satisfaction_weights",
        "satisfied_levels",
    ):
        _same(parts, name)

    def add(name: str) -> Counter[object]:
        total: Counter[object] = Counter()
        for part in parts:
            total.update(getattr(part, name))
        return total

    hours: dict[str, Fraction] = {}
    last: datetime | None = None
    for part in parts:
        for kind, value in part.person_hours.items():
            hours[kind] = hours.get(kind, Fraction(0)) + value
        last = _later(last, part.last_at)
    first = parts[0]
    return Tally(
        period=first.period,
        unit=first.unit,
        group_level=first.group_level,
        events_read=sum(p.events_read for p in parts),
        last_at=last,
        combos=add("combos"),
        days=heapq.merge(*(p.days for p in parts)),
        registered_days=heapq.merge(*(p.registered_days for p in parts)),
        resolvers=add("resolvers"),
        convened=add("convened"),
        recorded=add("recorded"),
        meetings=add("meetings"),
        person_times=add("person_times"),
        person_hours=hours,
        mediable=first.mediable,
        unresolved_states=first.unresolved_states,
        satisfaction_weights=first.satisfaction_weights,
        satisfied_levels=first.satisfied_levels,
    )


def add_group_figures(figures: Iterable[GroupFigures]) -> GroupFigures:
    """The figures of a unit made of the groups ``figures`` (counts add)."""
    totals = GroupTotals()
    for part in figures:
        totals.collected += part.collected
        totals.responded += part.responded
        totals.answered_on_spot += part.answered_on_spot
        totals.resolved += part.resolved
        totals.still_open += part.still_open
        totals.sla_due += part.sla_due
        totals.on_time += part.on_time
        totals.follow_ups.update(part.follow_ups)
    return totals.figures()
