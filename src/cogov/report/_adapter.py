"""Build a :class:`~cogov.report.ReportData` from a ledger, its statistics and simulation results.

The headline and funnel figures are the evaluation's statistics
(:func:`cogov.evaluation.compute`, with its cohort semantics: issues collected in the
period, their later steps up to the period's end); the monthly series and the
time-to-resolution distribution follow the same semantics, read from the ledger's issue
records; the grid map adds each grid's households and resources from the community and the
appointments.  Simulation results arrive as plain means and intervals keyed like the
headline figures, so this module does not depend on how the simulation summarises.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from statistics import fmean, stdev
from typing import Any

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation import EvaluationContext, Period, Score, Statistics, Tier, WeightedRates, compute
from cogov.model.charter import Charter
from cogov.model.structure import Community, PersonAttribute, Unit
from cogov.model.workflow import Category
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
    "DEFAULT_RULES",
    "HEADLINE",
    "Headline",
    "MeetingKeys",
    "Reported",
    "SimulatedFigures",
    "from_ledger",
    "headline_values",
    "meeting_cohort",
    "score_cards",
    "summarise",
]


def _pct(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


#: what headline readers get besides the statistics: figures only the ledger's records tell
Extra = Mapping[str, float]


@attrs.frozen
class MeetingKeys:
    """Which meeting kinds and channel the headline's meeting figures count.

    Plugins namespace their kinds (``xiaoxiguan:household_meeting``); :meth:`for_charter`
    finds the charter's own household-courtyard and weekly joint meeting kinds.
    """

    household: str = "household_meeting"
    weekly: str = "weekly_joint_meeting"
    channel: str = "household_meeting"

    @classmethod
    def for_charter(cls, charter: Charter) -> MeetingKeys:
        kinds = [k.key for k in charter.meeting_kinds]

        def find(name: str) -> str:
            exact = [k for k in kinds if k == name]
            namespaced = [k for k in kinds if k.endswith(f":{name}")]
            return (exact or namespaced or [name])[0]

        channels = [c.key for c in charter.channels]
        channel = next(
            (c for c in channels if c == "household_meeting" or c.endswith(":household_meeting")),
            "household_meeting",
        )
        return cls(find("household_meeting"), find("weekly_joint_meeting"), channel)


@attrs.frozen
class Headline:
    """How one headline figure is read off the statistics (and the extra figures), and its labels."""

    key: str
    label: Label
    read: Callable[[Statistics, Extra, MeetingKeys], float | None]
    unit: str = ""


def _household_meetings(stats: Statistics, _: Extra, keys: MeetingKeys) -> float:
    return stats.meetings_by_kind.get(keys.household, 0)


def _weekly_meetings(stats: Statistics, _: Extra, keys: MeetingKeys) -> float:
    return stats.meetings_by_kind.get(keys.weekly, 0)


#: the headline figures, in the order reports show them; keys are stable (used in JSON/CSV)
HEADLINE: tuple[Headline, ...] = (
    Headline(
        "household_meetings",
        Label("户院会召开次数", "household-courtyard meetings held"),
        _household_meetings,
    ),
    Headline(
        "meeting_issues",
        Label("户院会收集问题", "issues collected at them"),
        lambda s, _, keys: s.collected_by_channel.get(keys.channel, 0),
    ),
    Headline(
        "meeting_issues_resolved",
        Label("其中答复并解决", "of them answered and resolved"),
        lambda _, extra, __: extra.get("meeting_issues_resolved"),
    ),
    Headline("weekly_meetings", Label("例会次数", "weekly joint meetings"), _weekly_meetings),
    Headline(
        "disputes_resolved", Label("化解矛盾纠纷", "disputes resolved"), lambda s, *_: s.disputes_resolved
    ),
    Headline(
        "dispute_satisfaction",
        Label("矛盾纠纷回访满意率", "dispute follow-up satisfaction"),
        lambda s, *_: _pct(s.dispute_follow_up_satisfaction),
        "%",
    ),
    Headline(
        "issues_collected",
        Label("收集问题（全部渠道）", "issues collected (all channels)"),
        lambda s, *_: s.issues_collected,
    ),
    Headline(
        "answered_on_spot", Label("现场答复解决", "answered on the spot"), lambda s, *_: s.answered_on_spot
    ),
    Headline(
        "escalated", Label("提交例会研判", "escalated to the weekly meeting"), lambda s, *_: s.escalated
    ),
    Headline(
        "resolved", Label("答复并解决（全部）", "answered and resolved (all)"), lambda s, *_: s.resolved
    ),
    Headline(
        "resolution_rate", Label("解决率", "resolution rate"), lambda s, *_: _pct(s.resolution_rate), "%"
    ),
    Headline(
        "satisfaction",
        Label("回访满意率", "follow-up satisfaction"),
        lambda s, *_: _pct(s.follow_up_satisfaction),
        "%",
    ),
    Headline(
        "median_days",
        Label("解决用时中位数", "median days to resolution"),
        lambda s, *_: s.median_days_to_resolution,
        "d",
    ),
)


def meeting_cohort(
    ledger: Ledger, period: Period | None = None, unit: str | None = None, channel: str = "household_meeting"
) -> dict[str, float]:
    """Issues collected through ``channel`` in the period, and how many of them were resolved
    by its end (the source's "121 collected at household meetings, 110 answered and resolved")."""
    resolved_states = {s.key for s in ledger.workflow.states if s.category is Category.RESOLVED}
    events, community = ledger.events, ledger.community
    collected = resolved = 0
    for record in ledger.issues.values():
        if record.channel != channel or (period is not None and record.opened_at not in period):
            continue
        if unit is not None and not community.within(record.unit, unit):
            continue
        collected += 1
        for seq, state in zip(record.seqs, record.path, strict=True):
            if state in resolved_states:
                resolved += period is None or events[seq].at < period.end
                break
    return {"meeting_issues_collected": float(collected), "meeting_issues_resolved": float(resolved)}


def headline_values(
    stats: Statistics, extra: Extra | None = None, keys: MeetingKeys | None = None
) -> dict[str, float | None]:
    """The headline figures of ``stats`` (and ``extra``, see :func:`meeting_cohort`) keyed as in
    :data:`HEADLINE`; ``keys`` names the meeting kinds and channel counted."""
    extra = extra or {}
    keys = keys or MeetingKeys()
    return {h.key: h.read(stats, extra, keys) for h in HEADLINE}


@attrs.frozen
class Reported:
    """A figure as the source reports it: a number, and the text when it is "500+" or "100%"."""

    value: float
    text: str = ""


@attrs.frozen
class SimulatedFigures:
    """Means and confidence intervals of the headline figures over simulated replications."""

    replications: int
    means: Mapping[str, float]
    intervals: Mapping[str, Interval]
    seed: int | None = None


# two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def summarise(
    replications: Sequence[Mapping[str, float | None]], *, seed: int | None = None
) -> SimulatedFigures:
    """Mean and 95 % confidence interval of the mean (Student's t) of each headline figure
    over ``replications`` (one mapping of figure values per simulated year).

    A figure undefined in a replication (a rate with no denominator) is left out of that
    figure's sample; with fewer than two values the interval is the single value.
    """
    means: dict[str, float] = {}
    intervals: dict[str, Interval] = {}
    keys = {key for values in replications for key in values}
    for key in sorted(keys):
        sample = [v for values in replications if (v := values.get(key)) is not None]
        if not sample:
            continue
        mean = fmean(sample)
        half = 0.0
        if len(sample) > 1:
            df = len(sample) - 1
            quantile = _T975[df - 1] if df <= len(_T975) else 1.96
            half = quantile * stdev(sample) / math.sqrt(len(sample))
        means[key] = mean
        intervals[key] = Interval(mean - half, mean + half)
    return SimulatedFigures(len(replications), means, intervals, seed)


_DURATION_BINS: tuple[tuple[float, str, Label], ...] = (
    (1.0, "0", Label("当天", "same day")),
    (4.0, "1-3", Label("1–3天", "1–3 d")),
    (8.0, "4-7", Label("4–7天", "4–7 d")),
    (15.0, "8-14", Label("8–14天", "8–14 d")),
    (31.0, "15-30", Label("15–30天", "15–30 d")),
    (61.0, "31-60", Label("31–60天", "31–60 d")),
    (float("inf"), "61+", Label("60天以上", "over 60 d")),
)


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
    workflow, community, events = ledger.workflow, ledger.community, ledger.events
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
    person_times: Counter[str] = Counter()
    for activity in ledger.activities.values():
        if period is None or activity.at in period:
            grid = community.ancestor_at(activity.unit, "grid")
            if grid is not None:
                person_times[grid] += len(activity.participants)
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
) -> ReportData:
    """The report of ``ledger`` over ``period`` within ``unit``.

    ``reported`` gives the source's figures beside the headline (keys of
    :data:`HEADLINE`); ``simulated`` replaces each headline value by its mean over the
    replications and adds the confidence interval; the charts show ``ledger`` itself.
    """
    stats = statistics or compute(ledger, period=period, unit=unit)
    reported = reported or {}
    keys = MeetingKeys.for_charter(ledger.charter)
    values = headline_values(stats, meeting_cohort(ledger, period, unit, keys.channel), keys)
    headline = []
    for spec in HEADLINE:
        value = values[spec.key]
        interval = None
        if simulated is not None and spec.key in simulated.means:
            value = simulated.means[spec.key]
            interval = simulated.intervals.get(spec.key)
            if interval is not None:  # counts and rates cannot leave [0, 100 %]
                high = min(interval.high, 100.0) if spec.unit == "%" else interval.high
                interval = Interval(max(interval.low, 0.0), max(high, 0.0), interval.level)
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
    place = community.unit(unit) if unit is not None else _community_unit(community)
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
    )


def _community_unit(community: Community) -> Unit | None:
    """The community the report is about: the one unit at ``community`` level, else the root."""
    levels = {lv.key for lv in community.levels}
    if "community" in levels:
        found = community.units_at("community")
        if len(found) == 1:
            return found[0]
    return community.unit(community.root) if community.root else None


def _span(ledger: Ledger, period: Period | None) -> tuple[date, date]:
    if period is not None:
        return period.start.date(), (period.end - timedelta(microseconds=1)).date()
    events = ledger.events
    if not events:
        today = date.today()
        return today, today
    return min(e.at for e in events).date(), max(e.at for e in events).date()


#: the rule scores are shown by when the charter brings none: Beijing's "respond on complaint"
#: three rates (response 0.1, resolution 0.5, satisfaction 0.4), for the community and each grid
DEFAULT_RULES: tuple[WeightedRates, ...] = tuple(
    WeightedRates(
        f"three_rates_{level}",
        "接诉即办三率",
        "response, resolution and satisfaction rates",
        level=level,
        tiers=(
            Tier("excellent", "优秀", "excellent", 90.0),
            Tier("good", "良好", "good", 80.0),
            Tier("pass", "合格", "pass", 60.0),
        ),
    )
    for level in ("community", "grid")
)


def _card(score: Score, subject: Label) -> ScoreCard:
    # the explanation's second line says the score and tier, or why the subject is not rated
    head = score.explain("zh").splitlines()[1:2] + score.explain("en").splitlines()[1:2]
    parts = tuple(ScorePart(Label(c.zh, c.en), c.value, c.maximum, detail=c.note) for c in score.criteria)
    grade = Label(score.tier.zh, score.tier.en) if score.tier is not None else None
    return ScoreCard(
        score.rule,
        Label(score.rule_zh, score.rule_en),
        subject,
        score.value,
        score.maximum,
        grade=grade,
        parts=parts,
        explanation=Label(head[0], head[-1]) if not score.rated or score.vetoes else None,
    )


def score_cards(
    ledger: Ledger, period: Period | None = None, rules: Sequence[Any] = ()
) -> tuple[ScoreCard, ...]:
    """Scores by ``rules`` (default: the charter's, else :data:`DEFAULT_RULES`) over ``period``
    of the units they rate: every unit at the rule's ``level``, or the community for a rule
    without one.  Rules of households, role holders and projects need evaluation records
    (ballots, claims, ratings) that a ledger does not hold, and are left out."""
    chosen = tuple(rules) or tuple(ledger.charter.rules) or DEFAULT_RULES
    context = EvaluationContext.from_ledger(ledger, period=period)
    community = ledger.community
    levels = {lv.key for lv in community.levels}
    cards = []
    home = _community_unit(community)
    for rule in chosen:
        if getattr(rule, "subject", None) != "unit":
            continue  # households, role holders and projects are scored from evaluation records
        level = getattr(rule, "level", None)
        if level is None:
            subjects = [home] if home is not None else []
        elif level in levels:
            subjects = sorted(community.units_at(level), key=lambda u: u.code)
        else:
            continue
        for unit in subjects:
            score = rule.evaluate(context, unit.code)
            cards.append(_card(score, Label(unit.name_zh, unit.name_en)))
    return tuple(cards)
