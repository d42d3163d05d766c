"""Scenarios: a community and the stochastic models that drive a simulated year, as data.

A :class:`Scenario` names where its charter and community come from
(:class:`CommunitySource`: a plugin example such as ``xiaoxiguan``, or a synthetic
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

from cogov.errors import CogovError
from cogov.model import _fields

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
]

#: where a registered issue goes next: the weekly joint meeting (例会), straight to the
#: handlers of its grid, or straight to mediation (mediable kinds only)
ROUTES = ("weekly_meeting", "direct", "mediation")
SHAPES = ("exponential", "fixed", "gamma", "uniform")
SCOPES = ("each", "rotate")

_CHINA = timezone(timedelta(hours=8), "CST")


class ScenarioError(CogovError, ValueError):
    """A scenario or policy is inconsistent, or does not fit the charter it runs on."""


def _probability(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        msg = f"{type(instance).__name__}.{attribute.name}: expected a probability in [0, 1], got {value!r}"
        raise ScenarioError(msg)


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (value >= 0 and math.isfinite(value))
    ):
        msg = f"{type(instance).__name__}.{attribute.name}: expected a finite number >= 0, got {value!r}"
        raise ScenarioError(msg)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _non_negative(instance, attribute, value)
    if value == 0:
        msg = f"{type(instance).__name__}.{attribute.name}: expected a number > 0, got {value!r}"
        raise ScenarioError(msg)


def _one_of(options: tuple[str, ...]) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in options:
            msg = f"{type(instance).__name__}.{attribute.name}: {value!r} is not one of {list(options)}"
            raise ScenarioError(msg)

    return check


def _positive_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{type(instance).__name__}.{attribute.name}: expected an int >= 1, got {value!r}"
        raise ScenarioError(msg)


def _non_negative_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{type(instance).__name__}.{attribute.name}: expected an int >= 0, got {value!r}"
        raise ScenarioError(msg)


@attrs.frozen
class Duration:
    """A random duration in days: ``mean`` and a ``shape`` (exponential, fixed, gamma, uniform).

    ``cv`` is the coefficient of variation for ``gamma`` (standard deviation / mean) and the
    relative half-width for ``uniform`` (``mean * (1 ± cv)``, ``cv`` at most 1).
    """

    mean: float = attrs.field(validator=_non_negative)
    shape: str = attrs.field(default="exponential", validator=_one_of(SHAPES))
    cv: float = attrs.field(default=1.0, validator=_non_negative)

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

    key: str = attrs.field(validator=_fields.key)
    weight: float = attrs.field(validator=_non_negative)


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

    kind: str = attrs.field(validator=_fields.key)
    rate_per_household: float = attrs.field(validator=_non_negative)
    seasonal_amplitude: float = attrs.field(default=0.0, validator=_probability)
    seasonal_peak_day: float = attrs.field(default=0.0, validator=_non_negative)
    meeting_share: float = attrs.field(default=1.0, validator=_probability)
    on_spot_share: float = attrs.field(default=0.5, validator=_probability)
    route: str = attrs.field(default="weekly_meeting", validator=_one_of(ROUTES))
    verification: Duration = Duration(2.0)
    handling: Duration = Duration(10.0)
    #: mediable kinds (disputes) go to mediation after verification (一矛盾一方案)
    mediate: bool = False
    mediation: Duration = Duration(7.0)
    mediation_success: float = attrs.field(default=0.9, validator=_probability)
    #: after a resolution: chance of a completion check, follow-up visit and close
    follow_up_share: float = attrs.field(default=1.0, validator=_probability)
    follow_up: Duration = Duration(7.0)
    rebound_probability: float = attrs.field(default=0.0, validator=_probability)
    rebound: Duration = Duration(30.0)


@attrs.frozen
class MeetingModel:
    """Meetings of charter meeting ``kind`` every ``cadence_days`` days.

    ``scope="each"``: every unit at the kind's level holds its own, staggered over the first
    cadence; ``"rotate"``: one meeting per cadence, going round the units in turn.  A
    scheduled meeting is held with ``held_probability``; a household attends with
    ``attendance`` (issues of absent households wait for the next meeting).
    """

    kind: str = attrs.field(validator=_fields.key)
    cadence_days: float = attrs.field(validator=_positive)
    scope: str = attrs.field(default="each", validator=_one_of(SCOPES))
    first_day: float = attrs.field(default=0.0, validator=_non_negative)
    held_probability: float = attrs.field(default=1.0, validator=_probability)
    attendance: float = attrs.field(default=1.0, validator=_probability)


def _sizes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in value)
    ):
        msg = f"{type(instance).__name__}.{attribute.name}: expected a non-empty tuple of ints >= 1, got {value!r}"
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

    kind: str = attrs.field(validator=_fields.key)
    per_year: float = attrs.field(validator=_non_negative)
    participants: tuple[int, ...] = attrs.field(default=(1,), validator=_sizes)
    hours: float = attrs.field(default=2.0, validator=_non_negative)
    level: str = attrs.field(default="community", validator=_fields.key)
    regular: bool = False

    @property
    def mean_participants(self) -> float:
        return sum(self.participants) / len(self.participants)


@attrs.frozen
class CommunitySource:
    """Where the charter, community and appointments come from.

    ``example``: the name of a plugin example (``cogov.plugins.load_example``).  Without it, a
    synthetic community on the basic charter: one community of ``grids`` grids with
    ``households_per_grid`` households each (one resident per household), a grid head per
    grid (unless ``grid_heads`` is false), a party secretary, ``cadres`` community cadres and ``mediators`` mediators.
    """

    example: str | None = attrs.field(default=None, validator=attrs.validators.optional(_fields.key))
    grids: int = attrs.field(default=2, validator=_positive_int)
    households_per_grid: int = attrs.field(default=20, validator=_positive_int)
    cadres: int = attrs.field(default=1, validator=_non_negative_int)
    mediators: int = attrs.field(default=1, validator=_non_negative_int)
    grid_heads: bool = True


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

    key: str = attrs.field(validator=_fields.key)
    label: str = attrs.field(validator=_fields.label)
    community: CommunitySource = attrs.field(
        factory=CommunitySource, validator=attrs.validators.instance_of(CommunitySource)
    )
    kinds: tuple[KindModel, ...] = attrs.field(default=(), validator=_fields.tuple_of(KindModel))
    meetings: tuple[MeetingModel, ...] = attrs.field(default=(), validator=_fields.tuple_of(MeetingModel))
    start: datetime = attrs.field(default=datetime(2022, 1, 1, tzinfo=_CHINA), validator=_fields.aware)
    days: float = attrs.field(default=365.0, validator=_positive)
    warmup_days: float = attrs.field(default=0.0, validator=_non_negative)
    handler_capacity: int = attrs.field(default=5, validator=_positive_int)
    mediator_capacity: int = attrs.field(default=3, validator=_positive_int)
    satisfaction: tuple[Weighted, ...] = attrs.field(
        factory=_default_satisfaction, validator=_fields.tuple_of(Weighted)
    )
    household_meeting: str = attrs.field(default="household_meeting", validator=_fields.key)
    weekly_meeting: str = attrs.field(default="weekly_joint_meeting", validator=_fields.key)
    meeting_channel: str = attrs.field(default="household_meeting", validator=_fields.key)
    visit_channel: str = attrs.field(default="grid_visit", validator=_fields.key)
    grid_level: str = attrs.field(default="grid", validator=_fields.key)
    #: roles whose holders at a grid (or, failing that, above it) handle its issues
    handler_roles: tuple[str, ...] = attrs.field(default=("grid_head",), converter=_fields.strs)
    mediator_roles: tuple[str, ...] = attrs.field(default=("mediator",), converter=_fields.strs)
    drain: bool = False
    #: association and volunteer activities (each kind draws from its own random stream)
    activities: tuple[ActivityModel, ...] = attrs.field(default=(), validator=_fields.tuple_of(ActivityModel))

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
