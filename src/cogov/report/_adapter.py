"""Build a :class:`~cogov.report.ReportData` from a ledger, its statistics and simulation results.

The headline and funnel figures are the evaluation's statistics
(:func:`cogov.evaluation.compute_statistics`, with its cohort semantics: issues collected in the
period, their later steps up to the period's end); the monthly series and the
time-to-resolution distribution follow the same semantics, read from the ledger's issue
records; the grid map adds each grid's households and resources from the community and the
appointments.  Simulation results arrive as plain means and intervals keyed like the
headline figures (:mod:`cogov.report._headline`), so this module does not depend on how the
simulation summarises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from cogov.engine.ledger import Ledger
from cogov.evaluation import Period, Statistics, compute_statistics
from cogov.model.structure import Community, PersonAttribute
from cogov.model.workflow import Category
from cogov.report._headline import (
    HEADLINE,
    MeetingKeys,
    Reported,
    SimulatedFigures,
    headline_values,
    meeting_cohort,
)
from cogov.report._model import (
    Bar,
    Figure,
    FunnelStage,
    GridCell,
    Label,
    MonthCount,
    ReportData,
    ScoreCard,
)
from cogov.report._scores import community_unit

__all__ = ["from_ledger"]


_DURATION_BINS: tuple[tuple[float, str, Label], ...] = (
    (1.0, "0", Label("当天", "same day")),
    (4.0, "1-3", Label("1–3天", "1–3 d")),
    (8.0, "4-7", Label("4–7天", "4–7 d")),
    (15.0, "8-14", Label("8–14天", "8–14 d")),
    (31.0, "15-30", Label("15–30天", "15–30 d")),
    (61.0, "31-60", Label("31–60天", "31–60 d")),
    (float("inf"), "61+", Label("60天以上", "over 60 d")),
)


from cogov.report._supervision import supervision_section  # noqa: E402


def _month(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _series(
    ledger: Ledger, period: Period | None, unit: str | None
) -> tuple[tuple[MonthCount, ...], tuple[Bar, ...]]:
    """Issues collected and resolved per month, and the time-to-resolution histogram."""
    workflow, community, events = ledger.workflow, ledger.community, ledger.corrected_events
    resolved_states = {s.key for s in workflow.states if s.category is Category.RESOLVED}
    collected: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    durations: Counter[str] = Counter()
    end = period.end if period is not None else None
    for record in ledger.issues.values():
        if period is not None and record.opened_at not in period:
            continue
        if unit is not None and not community.within(record.unit, unit):
            continue
        collected[_month(record.opened_at)] += 1
        for seq, state in zip(record.seqs, record.path, strict=True):
            if state in resolved_states:
                at = events[seq].at
                if end is not None and at >= end:
                    break
                resolved[_month(at)] += 1
                days = (at - record.opened_at) / timedelta(days=1)
                durations[next(key for upper, key, _ in _DURATION_BINS if days < upper)] += 1
                break
    if period is not None:
        first, last = _month(period.start), _month(period.end - timedelta(microseconds=1))
    elif collected:
        first, last = min(collected), max(collected | resolved)
    else:
        return (), ()
    months = tuple(MonthCount(m, collected[m], resolved[m]) for m in _months_between(first, last))
    bins = tuple(Bar(key, label, durations[key]) for _, key, label in _DURATION_BINS)
    while len(bins) > 4 and bins[-1].value == 0:
        bins = bins[:-1]
    return months, bins


def _grid_cells(
    ledger: Ledger, stats: Statistics, period: Period | None, unit: str | None
) -> tuple[GridCell, ...]:
    community: Community = ledger.community
    if "grid" not in {lv.key for lv in community.levels}:
        return ()
    grid_units = [g for g in community.units_at("grid") if unit is None or community.within(g.code, unit)]
    has_households = "household" in {lv.key for lv in community.levels}
    households: Counter[str] = Counter()
    if has_households:
        for household in community.units_at("household"):
            grid = community.ancestor_at(household.code, "grid")
            if grid is not None:
                households[grid] += 1
    meetings: Counter[str] = Counter()
    for meeting in ledger.meetings.values():
        if period is None or meeting.at in period:
            grid = community.ancestor_at(meeting.unit, "grid")
            if grid is not None:
                meetings[grid] += 1
    # a participant's person-time counts in the grid they live in (activities are often held
    # community-wide), else in the grid the activity was held in
    person_times: Counter[str] = Counter()
    home_grid: dict[str, str | None] = {}
    for activity in ledger.activities.values():
        if period is None or activity.at in period:
            held_in = community.ancestor_at(activity.unit, "grid")
            for participant in activity.participants:
                if participant not in home_grid:
                    home = community.person(participant).household
                    home_grid[participant] = community.ancestor_at(home, "grid") if home is not None else None
                grid = home_grid[participant] or held_in
                if grid is not None:
                    person_times[grid] += 1
    office_holders: Counter[str] = Counter()
    for appointment in ledger.authority:
        if community.has_unit(appointment.unit):
            grid = community.ancestor_at(appointment.unit, "grid")
            if grid is not None:
                office_holders[grid] += 1
    cells = []
    for grid_unit in sorted(grid_units, key=lambda g: g.code):
        code = grid_unit.code
        people = community.members(code)
        figures = stats.by_group.get(code)
        cells.append(
            GridCell(
                code,
                Label(grid_unit.name_zh, grid_unit.name_en),
                issues=figures.collected if figures else 0,
                resolved=figures.resolved if figures else 0,
                households=households[code],
                resources=(
                    Bar("residents", Label("居民", "residents"), len(people)),
                    Bar(
                        "party_members",
                        Label("党员", "party members"),
                        sum(p.has(PersonAttribute.PARTY_MEMBER) for p in people),
                    ),
                    Bar(
                        "volunteers",
                        Label("志愿者", "volunteers"),
                        sum(
                            p.has(PersonAttribute.VOLUNTEER) or p.has(PersonAttribute.VOLUNTEER_POLICE)
                            for p in people
                        ),
                    ),
                    Bar("office_holders", Label("任职人员", "office holders"), office_holders[code]),
                    Bar("meetings", Label("会议", "meetings"), meetings[code]),
                    Bar(
                        "person_times",
                        Label("志愿服务人次", "volunteer person-times"),
                        person_times[code],
                    ),
                ),
            )
        )
    return tuple(cells)


_ONE_RUN = Label("图表为其中一次模拟的结果", "Charts show one of the simulated runs")


def from_ledger(
    ledger: Ledger,
    *,
    period: Period | None = None,
    unit: str | None = None,
    reported: Mapping[str, Reported] | None = None,
    simulated: SimulatedFigures | None = None,
    scores: Sequence[ScoreCard] = (),
    title: Label | None = None,
    source: Label | None = None,
    notes: Sequence[Label] = (),
    statistics: Statistics | None = None,
    charts_from: Label | None = None,
) -> ReportData:
    """The report of ``ledger`` over ``period`` within ``unit``.

    ``reported`` gives the source's figures beside the headline (keys of
    :data:`HEADLINE`); ``simulated`` replaces each headline value by its mean over the
    replications and adds the confidence interval; the charts show ``ledger`` itself, one
    run, which ``charts_from`` names beside each chart (by default "one simulated run").
    """
    stats = statistics or compute_statistics(ledger, period=period, unit=unit)
    reported = reported or {}
    keys = MeetingKeys.for_charter(ledger.charter)
    values = headline_values(stats, meeting_cohort(ledger, period, unit, keys.channel), keys)
    headline = []
    for spec in HEADLINE:
        value = values[spec.key]
        interval = None
        if simulated is not None and spec.key in simulated.means:
            value = simulated.means[spec.key]
            # already clipped to the figure's range where it was computed (summarise)
            interval = simulated.intervals.get(spec.key)
        given = reported.get(spec.key)
        headline.append(
            Figure(
                spec.key,
                spec.label,
                value,
                spec.unit,
                reported=given.value if given else None,
                reported_text=given.text if given else "",
                interval=interval,
            )
        )
    follow_ups = sum(stats.follow_ups.values())
    funnel = (
        FunnelStage("collected", Label("收集", "collected"), stats.issues_collected),
        FunnelStage(
            "answered_on_spot", Label("现场答复解决", "answered on the spot"), stats.answered_on_spot
        ),
        FunnelStage("registered", Label("登记", "registered"), stats.registered),
        FunnelStage("escalated", Label("提交例会", "escalated"), stats.escalated),
        FunnelStage("resolved", Label("解决", "resolved"), stats.resolved),
        FunnelStage("followed_up", Label("跟踪回访", "followed up"), follow_ups),
    )
    charter = ledger.charter
    scale = {level.key: level for level in charter.satisfaction_scale}
    satisfaction = tuple(
        Bar(
            key,
            Label(scale[key].zh, scale[key].en) if key in scale else Label(key, key),
            stats.follow_ups.get(key, 0),
        )
        for key in [*scale, *sorted(set(stats.follow_ups) - set(scale))]
        if key in stats.follow_ups or key in scale
    )
    months, durations = _series(ledger, period, unit)
    start, end = _span(ledger, period)
    community = ledger.community
    place = community.unit(unit) if unit is not None else community_unit(community)
    return ReportData(
        title=title or Label("社区共治报告", "Community co-governance report"),
        community=Label(place.name_zh, place.name_en) if place else Label("社区", "community"),
        period_start=start,
        period_end=end,
        headline=tuple(headline),
        funnel=funnel,
        months=months,
        grids=_grid_cells(ledger, stats, period, unit),
        resolution_days=durations,
        satisfaction=satisfaction,
        scores=tuple(scores),
        replications=simulated.replications if simulated else None,
        seed=simulated.seed if simulated else None,
        source=source,
        notes=tuple(notes),
        charts_from=charts_from or (_ONE_RUN if simulated is not None else None),
        supervision=supervision_section(ledger, period) if unit is None else None,
    )


def _span(ledger: Ledger, period: Period | None) -> tuple[date, date]:
    if period is not None:
        return period.start.date(), (period.end - timedelta(microseconds=1)).date()
    events = ledger.corrected_events
    if not events:
        today = date.today()
        return today, today
    return min(e.at for e in events).date(), max(e.at for e in events).date()
