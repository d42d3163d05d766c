"""The headline figures of a report: what is counted, how it is read off the statistics,
and how simulated replications of them are summarised.

Keys are stable (they name columns of ``replications.csv`` and fields of ``summary.json``).
The meeting figures follow the source's wording: household-courtyard meetings held (户院会),
issues collected at them and how many of those were answered and resolved, weekly joint
meetings (例会), disputes resolved and their follow-up satisfaction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation import Period, Statistics
from cogov.evaluation.confidence import estimate, t_quantile
from cogov.model.charter import Charter
from cogov.model.workflow import Category
from cogov.report._model import Interval, Label

__all__ = [
    "HEADLINE",
    "Difference",
    "Headline",
    "MeetingKeys",
    "Reported",
    "SimulatedFigures",
    "differences",
    "headline_values",
    "meeting_cohort",
    "summarise",
]


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
    """How one headline figure is read off the statistics (and the extra figures), and its labels.

    ``unit`` is ``""`` for a count, ``"d"`` for days and ``"%"`` for a rate, which is a
    *fraction* (0.95) in every value, file and API and shown in percent (95.0%) only when
    printed.  ``low`` and ``high`` bound the values the figure can take (a count or a duration
    is at least 0, a rate at most 1); confidence intervals are clipped to them.
    """

    key: str
    label: Label
    read: Callable[[Statistics, Extra, MeetingKeys], float | None]
    unit: str = ""
    low: float = 0.0
    high: float = math.inf


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
        "meeting_issues_collected",
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
        "dispute_follow_up_satisfaction",
        Label("矛盾纠纷回访满意率", "dispute follow-up satisfaction"),
        lambda s, *_: s.dispute_follow_up_satisfaction,
        "%",
        high=1.0,
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
        "resolution_rate",
        Label("解决率", "resolution rate"),
        lambda s, *_: s.resolution_rate,
        "%",
        high=1.0,
    ),
    Headline(
        "follow_up_satisfaction",
        Label("回访满意率", "follow-up satisfaction"),
        lambda s, *_: s.follow_up_satisfaction,
        "%",
        high=1.0,
    ),
    # over registered issues: most issues are answered on the spot, so the median over all
    # of them is 0 days in most years and says nothing about how long handling takes
    Headline(
        "median_days_to_resolution_registered",
        Label("登记问题解决用时中位数", "median days to resolve a registered issue"),
        lambda s, *_: s.median_days_to_resolution_registered,
        "d",
    ),
    Headline(
        "volunteer_person_times",
        Label("志愿服务人次", "volunteer person-times"),
        lambda s, *_: sum(s.volunteer_person_times.values()),
    ),
)


def meeting_cohort(
    ledger: Ledger, period: Period | None = None, unit: str | None = None, channel: str = "household_meeting"
) -> dict[str, float]:
    """Issues collected through ``channel`` in the period, and how many of them were resolved
    by its end (the source's "121 collected at household meetings, 110 answered and resolved")."""
    resolved_states = {s.key for s in ledger.workflow.states if s.category is Category.RESOLVED}
    events, community = ledger.corrected_events, ledger.community
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


def summarise(
    replications: Sequence[Mapping[str, float | None]], *, seed: int | None = None
) -> SimulatedFigures:
    """Mean and 95 % confidence interval of the mean (Student's t) of each headline figure
    over ``replications`` (one mapping of figure values per simulated year).

    A figure undefined in a replication (a rate with no denominator) is left out of that
    figure's sample; with fewer than two values there is no interval (shown as –).  Each
    interval is clipped to its figure's range (:class:`Headline` ``low``/``high``).
    """
    ranges = {spec.key: (spec.low, spec.high) for spec in HEADLINE}
    means: dict[str, float] = {}
    intervals: dict[str, Interval] = {}
    keys = {key for values in replications for key in values}
    for key in sorted(keys):
        sample = [v for values in replications if (v := values.get(key)) is not None]
        if not sample:
            continue
        low, high = ranges.get(key, (-math.inf, math.inf))
        found = estimate(key, sample, low=low, high=high)
        means[key] = found.mean
        if found.n > 1:
            intervals[key] = Interval(found.low, found.high)
    return SimulatedFigures(len(replications), means, intervals, seed)


@attrs.frozen
class Difference:
    """``other − baseline`` for one headline figure: its mean and confidence interval.

    ``paired``: the runs share their random numbers replication by replication (same seeds),
    and the interval is the Student-t interval of the paired differences; otherwise Welch's
    interval for two independent samples.  ``n`` counts the pairs (or the smaller sample).
    The interval is clipped to what a difference of the figure can be (a rate's to [-1, 1]).
    """

    key: str
    mean: float
    interval: Interval | None
    n: int
    paired: bool


def _column(rows: Sequence[Mapping[str, float | None]], key: str) -> list[float | None]:
    return [row.get(key) for row in rows]


def _welch(key: str, a: list[float], b: list[float], low: float, high: float) -> Difference:
    mean = math.fsum(b) / len(b) - math.fsum(a) / len(a)
    if len(a) < 2 or len(b) < 2:
        return Difference(key, mean, None, min(len(a), len(b)), paired=False)

    def variance(values: list[float]) -> float:
        centre = math.fsum(values) / len(values)
        return math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1)

    va, vb = variance(a) / len(a), variance(b) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return Difference(key, mean, Interval(mean, mean), min(len(a), len(b)), paired=False)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = t_quantile(0.975, df) * se
    interval = Interval(max(low, mean - half), min(high, mean + half))
    return Difference(key, mean, interval, min(len(a), len(b)), paired=False)


def differences(
    baseline: Sequence[Mapping[str, float | None]],
    other: Sequence[Mapping[str, float | None]],
    *,
    paired: bool,
) -> dict[str, Difference]:
    """``other − baseline`` for every headline figure both define, with its 95 % interval.

    ``paired``: replication *r* of both ran on the same random numbers (common random
    numbers, the same seed), so the differences are taken replication by replication, where
    both define the figure; their spread, not the spread of each run, sets the interval.
    """
    if paired and len(baseline) != len(other):
        msg = (
            f"paired differences need as many replications on each side, got {len(baseline)} and {len(other)}"
        )
        raise ValueError(msg)
    out: dict[str, Difference] = {}
    for spec in HEADLINE:
        low, high = spec.low - spec.high, spec.high - spec.low
        a, b = _column(baseline, spec.key), _column(other, spec.key)
        if paired:
            pairs = [y - x for x, y in zip(a, b, strict=True) if x is not None and y is not None]
            if not pairs:
                continue
            found = estimate(spec.key, pairs, low=low, high=high)
            interval = Interval(found.low, found.high) if found.n > 1 else None
            out[spec.key] = Difference(spec.key, found.mean, interval, found.n, paired=True)
        else:
            xs = [x for x in a if x is not None]
            ys = [y for y in b if y is not None]
            if xs and ys:
                out[spec.key] = _welch(spec.key, xs, ys, low, high)
    return out
