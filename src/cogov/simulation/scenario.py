"""Scenarios: a community and the stochastic models that drive a simulated year, as data.

A :class:`Scenario` names where its charter and community come from
(:class:`CommunitySource`: a plugin's community set-up such as ``xiaoxiguan``, or a synthetic
community on the basic charter) and holds the models the simulation samples from: issue
arrivals per household by kind (superposed Poisson processes with a seasonal swing), the
share answerable on the spot, verification, handling and mediation durations, capacities of
role holders, mediation success, satisfaction and rebound probabilities, the cadence and
attendance of meetings, and the rate and size of association and volunteer activities
(:class:`ActivityModel`).  Everything is a frozen attrs value of plain fields, so scenarios
serialise through the cattrs codec and can be registered by plugins under their ``key``.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from random import Random
from typing import Any

import attrs

from cogov.errors import ScenarioError
from cogov.model import fields
from cogov.model.charter import Charter
from cogov.model.divisions import is_division_code
from cogov.simulation.bounds import MAX_EXPECTED_ITEMS, within

__all__ = [
    "ROUTES",
    "ActivityModel",
    "CommunitySource",
    "Duration",
    "KindModel",
    "MeetingModel",
    "Scenario",
    "ScenarioError",
    "Weighted",
    "check_fits",
]

#: where a registered issue goes next: the weekly joint meeting (例会), straight to the
#: handlers of its grid, or straight to mediation (mediable kinds only)
ROUTES = ("weekly_meeting", "direct", "mediation")
SHAPES = ("exponential", "fixed", "gamma", "uniform")
SCOPES = ("each", "rotate")

_CHINA = timezone(timedelta(hours=8), "CST")


def _within(
    low: float,
    high: float,
    unit: str,
    *,
    default: Any = attrs.NOTHING,
    open_low: bool = False,
    integer: bool = False,
) -> Any:
    """A field whose value must lie in a documented :class:`~cogov.simulation.bounds.Range`."""
    return within(low, high, unit, error=ScenarioError, default=default, open_low=open_low, integer=integer)


#: the longest simulated period and warm-up: twenty and ten years
MAX_DAYS = 7305.0
MAX_WARMUP_DAYS = 3650.0
#: the longest duration a model may draw on average, and the longest cadence of a meeting
MAX_MEAN_DAYS = 3650.0
#: meetings no more often than daily: a smaller cadence only schedules meetings
MIN_CADENCE_DAYS = 1.0
#: the most people one activity may draw
MAX_PARTICIPANTS = 10_000
#: drained runs stop rescheduling meetings this long after the period, whatever is left
DRAIN_LIMIT_DAYS = 3650.0


def _one_of(options: tuple[str, ...]) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in options:
            msg = f"{type(instance).__name__}.{attribute.name}: {value!r} is not one of {list(options)}"
            raise ScenarioError(msg)

    return check


@attrs.frozen
class Duration:
    """A random duration in days: ``mean`` and a ``shape`` (exponential, fixed, gamma, uniform).

    ``cv`` is the coefficient of variation for ``gamma`` (standard deviation / mean) and the
    relative half-width for ``uniform`` (``mean * (1 ± cv)``, ``cv`` at most 1).
    """

    mean: float = _within(0.0, MAX_MEAN_DAYS, "days")
    shape: str = attrs.field(default="exponential", validator=_one_of(SHAPES))
    cv: float = _within(0.0, 10.0, "", default=1.0)

    def __attrs_post_init__(self) -> None:
        if self.shape == "uniform" and self.cv > 1:
            msg = f"Duration: a uniform duration needs cv <= 1 (so it stays >= 0), got {self.cv!r}"
            raise ScenarioError(msg)

    def sample(self, rng: Random) -> float:
        mean = self.mean
        if mean == 0.0 or self.shape == "fixed":
            return mean
        if self.shape == "exponential":
            return rng.expovariate(1.0 / mean)
        if self.shape == "uniform":
            return rng.uniform(mean * (1.0 - self.cv), mean * (1.0 + self.cv))
        if self.cv < 1e-6:  # (nearly) deterministic; also keeps 1/cv² finite
            return mean
        k = 1.0 / (self.cv * self.cv)
        scale = mean / k
        if scale <= 0.0:  # a mean so small that the scale underflows: it is zero
            return mean
        return rng.gammavariate(k, scale)


@attrs.frozen
class Weighted:
    """A key with a relative weight (a satisfaction answer and how often it is given)."""

    key: str = attrs.field(validator=fields.key)
    weight: float = _within(0.0, 1e6, "")


@attrs.frozen
class KindModel:
    """How issues of one charter issue ``kind`` arise and travel.

    ``rate_per_household`` issues per household per year arrive as a Poisson process whose
    rate swings by ``seasonal_amplitude`` (0: flat; 0.5: ±50 %) around a peak on
    ``seasonal_peak_day`` of the year.  ``meeting_share`` of them wait to be raised at the
    next household-courtyard meeting (户院会) of their grid; the rest are collected at once on a
    grid visit.  ``on_spot_share`` are answered on the spot (现场答疑解决); the others are
    registered and follow ``route``.
    """

    kind: str = attrs.field(validator=fields.key)
    rate_per_household: float = _within(0.0, 10_000.0, "issues per household a year")
    seasonal_amplitude: float = _within(0.0, 1.0, "fraction", default=0.0)
    seasonal_peak_day: float = _within(0.0, 366.0, "day of the year", default=0.0)
    meeting_share: float = _within(0.0, 1.0, "fraction", default=1.0)
    on_spot_share: float = _within(0.0, 1.0, "fraction", default=0.5)
    route: str = attrs.field(default="weekly_meeting", validator=_one_of(ROUTES))
    verification: Duration = Duration(2.0)
    handling: Duration = Duration(10.0)
    #: mediable kinds (disputes) go to mediation after verification (一矛盾一方案)
    mediate: bool = False
    mediation: Duration = Duration(7.0)
    mediation_success: float = _within(0.0, 1.0, "fraction", default=0.9)
    #: after a resolution: chance of a completion check, follow-up visit and close
    follow_up_share: float = _within(0.0, 1.0, "fraction", default=1.0)
    follow_up: Duration = Duration(7.0)
    rebound_probability: float = _within(0.0, 1.0, "fraction", default=0.0)
    rebound: Duration = Duration(30.0)


@attrs.frozen
class MeetingModel:
    """Meetings of charter meeting ``kind`` every ``cadence_days`` days.

    ``scope="each"``: every unit at the kind's level holds its own, staggered over the first
    cadence; ``"rotate"``: one meeting per cadence, going round the units in turn.  A
    scheduled meeting is held with ``held_probability``; a household attends with
    ``attendance`` (issues of absent households wait for the next meeting).
    """

    kind: str = attrs.field(validator=fields.key)
    cadence_days: float = _within(MIN_CADENCE_DAYS, MAX_MEAN_DAYS, "days")
    scope: str = attrs.field(default="each", validator=_one_of(SCOPES))
    first_day: float = _within(0.0, MAX_MEAN_DAYS, "days", default=0.0)
    held_probability: float = _within(0.0, 1.0, "fraction", default=1.0)
    attendance: float = _within(0.0, 1.0, "fraction", default=1.0)


def _sizes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_PARTICIPANTS for v in value)
    ):
        msg = (
            f"{type(instance).__name__}.{attribute.name}: expected a non-empty tuple of ints from 1 to "
            f"{MAX_PARTICIPANTS}, got {value!r}"
        )
        raise ScenarioError(msg)


@attrs.frozen
class ActivityModel:
    """Association or volunteer activities of charter activity ``kind`` (patrols, clean-ups, …).

    ``per_year`` activities a year, as a Poisson process (``regular=True``: one every
    ``365 / per_year`` days from a random phase).  Each is held at the unit at ``level`` above
    the grids, recorded by the most local holder of the kind's duty there, lasts ``hours``
    and has a number of participants drawn uniformly from ``participants`` (repeat a size
    to weight it), chosen among the members of the community's associations of the kind's
    association kind (every resident, for a kind without one).  Volunteer person-times a
    year average ``per_year`` times the mean size.
    """

    kind: str = attrs.field(validator=fields.key)
    per_year: float = _within(0.0, 3650.0, "activities a year")
    participants: tuple[int, ...] = attrs.field(default=(1,), validator=_sizes)
    hours: float = _within(0.0, 168.0, "hours", default=2.0)
    level: str = attrs.field(default="community", validator=fields.key)
    regular: bool = False

    @property
    def mean_participants(self) -> float:
        return sum(self.participants) / len(self.participants)


def _division_code(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not (isinstance(value, str) and is_division_code(value)):
        msg = f"CommunitySource.code: expected a 12-digit division code such as 420325100001, got {value!r}"
        raise ScenarioError(msg)


@attrs.frozen
class CommunitySource:
    """Where the charter, community and appointments come from.

    ``example``: the name of a plugin's community set-up (``cogov.plugins.load_setup``).  Without it, a
    synthetic community on the basic charter: one community of ``grids`` grids with
    ``households_per_grid`` households each (one resident per household), a grid head per
    grid (unless ``grid_heads`` is false), a party secretary, ``cadres`` community cadres and ``mediators`` mediators.
    """

    example: str | None = attrs.field(default=None, validator=attrs.validators.optional(fields.key))
    grids: int = _within(1, 1000, "grids", default=2, integer=True)
    households_per_grid: int = _within(1, 10_000, "households", default=20, integer=True)
    cadres: int = _within(0, 1000, "people", default=1, integer=True)
    mediators: int = _within(0, 1000, "people", default=1, integer=True)
    grid_heads: bool = True
    #: a 12-digit division code (6 county + 3 street + 3 community digits, see
    #: :mod:`cogov.model.divisions`) for the synthetic community: its units are numbered
    #: from it and its people's ids start with it, so many such communities roll up as a
    #: county; ``None`` keeps the ``SIM`` codes
    code: str | None = attrs.field(default=None, validator=attrs.validators.optional(_division_code))


def _default_satisfaction() -> tuple[Weighted, ...]:
    return (Weighted("satisfied", 0.85), Weighted("basically_satisfied", 0.1), Weighted("dissatisfied", 0.05))


@attrs.frozen
class Scenario:
    """One community's simulated year(s): the source of its structure and every stochastic model.

    The clock starts ``warmup_days`` before ``start`` (so the year does not begin empty) and
    the measured period is ``[start, start + days)``.  ``handler_capacity`` is how many
    issues each handling role holder works on at once, ``mediator_capacity`` the same for
    mediators.  ``drain``: after the period, stop arrivals and run until every issue has left
    the system (a sample path that starts and ends empty).
    """

    key: str = attrs.field(validator=fields.key)
    label: str = attrs.field(validator=fields.label)
    community: CommunitySource = attrs.field(
        factory=CommunitySource, validator=attrs.validators.instance_of(CommunitySource)
    )
    kinds: tuple[KindModel, ...] = attrs.field(default=(), validator=fields.tuple_of(KindModel))
    meetings: tuple[MeetingModel, ...] = attrs.field(default=(), validator=fields.tuple_of(MeetingModel))
    start: datetime = attrs.field(default=datetime(2022, 1, 1, tzinfo=_CHINA), validator=fields.aware)
    days: float = _within(0.0, MAX_DAYS, "days", default=365.0, open_low=True)
    warmup_days: float = _within(0.0, MAX_WARMUP_DAYS, "days", default=0.0)
    handler_capacity: int = _within(1, 1000, "issues at once", default=5, integer=True)
    mediator_capacity: int = _within(1, 1000, "issues at once", default=3, integer=True)
    satisfaction: tuple[Weighted, ...] = attrs.field(
        factory=_default_satisfaction, validator=fields.tuple_of(Weighted)
    )
    household_meeting: str = attrs.field(default="household_meeting", validator=fields.key)
    weekly_meeting: str = attrs.field(default="weekly_joint_meeting", validator=fields.key)
    meeting_channel: str = attrs.field(default="household_meeting", validator=fields.key)
    visit_channel: str = attrs.field(default="grid_visit", validator=fields.key)
    grid_level: str = attrs.field(default="grid", validator=fields.key)
    #: roles whose holders at a grid (or, failing that, above it) handle its issues
    handler_roles: tuple[str, ...] = attrs.field(default=("grid_head",), converter=fields.strs)
    mediator_roles: tuple[str, ...] = attrs.field(default=("mediator",), converter=fields.strs)
    drain: bool = False
    #: association and volunteer activities (each kind draws from its own random stream)
    activities: tuple[ActivityModel, ...] = attrs.field(default=(), validator=fields.tuple_of(ActivityModel))

    def __attrs_post_init__(self) -> None:
        seen = [k.kind for k in self.kinds]
        if len(set(seen)) != len(seen):
            msg = f"scenario {self.key!r}: an issue kind is modelled twice in {seen}; give each kind one KindModel"
            raise ScenarioError(msg)
        meetings = [m.kind for m in self.meetings]
        if len(set(meetings)) != len(meetings):
            msg = f"scenario {self.key!r}: a meeting kind is modelled twice in {meetings}"
            raise ScenarioError(msg)
        activities = [a.kind for a in self.activities]
        if len(set(activities)) != len(activities):
            msg = f"scenario {self.key!r}: an activity kind is modelled twice in {activities}"
            raise ScenarioError(msg)
        if sum(w.weight for w in self.satisfaction) <= 0:
            msg = f"scenario {self.key!r}: give follow-up satisfaction answers with weights, not all zero; got {self.satisfaction!r}"
            raise ScenarioError(msg)
        if self.community.example is None:  # a synthetic community's size is known already
            grids = self.community.grids
            self.check_size(households=grids * self.community.households_per_grid, grids=grids)

    def expected_size(self, *, households: int, grids: int) -> dict[str, float]:
        """How many issues, meetings, activities and activity places a run is expected to create."""
        span = self.horizon + (DRAIN_LIMIT_DAYS if self.drain else 0.0)
        issues = math.fsum(k.rate_per_household for k in self.kinds) * households * self.horizon / 365.0
        meetings = 0.0
        for meeting in self.meetings:
            held_by = grids if meeting.kind == self.household_meeting and meeting.scope == "each" else 1
            meetings += held_by * span / meeting.cadence_days
        activities = math.fsum(a.per_year for a in self.activities) * self.horizon / 365.0
        places = math.fsum(a.per_year * a.mean_participants for a in self.activities) * self.horizon / 365.0
        return {"issues": issues, "meetings": meetings, "activities": activities, "activity places": places}

    def check_size(self, *, households: int, grids: int) -> None:
        """Refuse a run expected to create more than ``MAX_EXPECTED_ITEMS`` of anything."""
        for what, expected in self.expected_size(households=households, grids=grids).items():
            if expected > MAX_EXPECTED_ITEMS:
                msg = (
                    f"scenario {self.key!r} would create about {expected:,.0f} {what} "
                    f"({households} households, {grids} grids, {self.horizon:g} days); a run is limited to "
                    f"{MAX_EXPECTED_ITEMS:,} — shorten days or warmup_days, or lower the rates"
                )
                raise ScenarioError(msg)

    def kind(self, key: str) -> KindModel:
        for model in self.kinds:
            if model.kind == key:
                return model
        msg = f"scenario {self.key!r} has no model for issue kind {key!r}; modelled: {[k.kind for k in self.kinds]}"
        raise ScenarioError(msg)

    def meeting(self, kind: str) -> MeetingModel | None:
        for model in self.meetings:
            if model.kind == kind:
                return model
        return None

    @property
    def horizon(self) -> float:
        """Days from the start of the clock (warm-up included) to the end of the period."""
        return self.warmup_days + self.days

    @property
    def clock_start(self) -> datetime:
        return self.start - timedelta(days=self.warmup_days)


def check_fits(scenario: Scenario, charter: Charter) -> None:
    """Raise :class:`ScenarioError` unless ``scenario`` fits ``charter``: its kinds, meetings,
    activities, channels and satisfaction answers exist there, and the meetings its routes wait for are held."""
    for model in scenario.kinds:
        kind = charter.issue_kind(model.kind)
        if model.route == "mediation" and not kind.mediable:
            msg = f"scenario {scenario.key!r}: issue kind {model.kind!r} routes to mediation but the charter does not declare it mediable"
            raise ScenarioError(msg)
    for meeting in scenario.meetings:
        charter.meeting_kind(meeting.kind)
    for model in scenario.kinds:
        needs_weekly = model.route == "weekly_meeting" and model.on_spot_share < 1.0
        if (needs_weekly or model.rebound_probability > 0) and scenario.meeting(
            scenario.weekly_meeting
        ) is None:
            msg = (
                f"scenario {scenario.key!r}: issues of kind {model.kind!r} wait for the weekly meeting "
                f"{scenario.weekly_meeting!r}, which the scenario does not hold; add a MeetingModel for it "
                "or route the kind 'direct'"
            )
            raise ScenarioError(msg)
        if model.meeting_share > 0 and scenario.meeting(scenario.household_meeting) is None:
            msg = (
                f"scenario {scenario.key!r}: {model.meeting_share:g} of {model.kind!r} issues wait for the "
                f"household meeting {scenario.household_meeting!r}, which the scenario does not hold; add a "
                "MeetingModel for it or set meeting_share=0"
            )
            raise ScenarioError(msg)
    for activity in scenario.activities:
        charter.activity_kind(activity.kind)
    charter.channel(scenario.meeting_channel)
    charter.channel(scenario.visit_channel)
    for weighted in scenario.satisfaction:
        charter.satisfaction(weighted.key)
