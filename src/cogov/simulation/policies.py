"""Policies: what a township might change, as data with hooks the simulation calls.

A :class:`Policy` changes a scenario before the run (:meth:`Policy.adapt`: meeting cadence,
on-the-spot answering, escalation routes), adds staff (:meth:`Policy.staff`: "one more head
per grid"), and decides at run time how each collected issue is triaged
(:meth:`Policy.on_spot`) and where each registered issue goes (:meth:`Policy.route`:
escalation rules).  Subclass it and override a hook for
rules that are not plain data; register policies by name from a plugin with the
``cogov_register_policies(register)`` hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from cogov.errors import CogovError, did_you_mean
from cogov.model import fields
from cogov.model.structure import Person, PersonAttribute
from cogov.simulation.bounds import within
from cogov.simulation.scenario import (
    MAX_MEAN_DAYS,
    MIN_CADENCE_DAYS,
    ROUTES,
    KindModel,
    Scenario,
    ScenarioError,
)
from cogov.simulation.world import Staffing, World, build_world, with_staffing

__all__ = ["BASELINE", "Policy", "RouteRule", "with_parameters", "world_for"]


def _cadence() -> Any:
    """A new meeting cadence in days, in the range of :attr:`MeetingModel.cadence_days`, or None."""
    return within(MIN_CADENCE_DAYS, MAX_MEAN_DAYS, "days", error=ScenarioError, default=None, optional=True)


@attrs.frozen
class RouteRule:
    """Registered issues of ``kind`` go ``route`` (``weekly_meeting``, ``direct``, ``mediation``)."""

    kind: str = attrs.field(validator=fields.key)
    route: str = attrs.field()

    @route.validator
    def _check(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ROUTES:
            msg = f"RouteRule.route: {value!r} is not one of {list(ROUTES)}"
            raise ScenarioError(msg)


@attrs.frozen
class Policy:
    """A named set of changes to a scenario, e.g. fortnightly household meetings.

    ``household_meeting_days`` / ``weekly_meeting_days``: new cadences (None keeps the
    scenario's).  ``extra_handlers_per_grid``: people appointed as ``extra_handler_role`` at
    ``extra_handler_unit_level`` (the grid itself, or e.g. the community for a sunk cadre)
    and stationed at each grid.  ``routes``: where registered issues of a kind go.
    ``on_spot_share``: a new share answered on the spot, for every kind.
    ``supervision_days``: a supervision round every so many days (督办: red cards, and red
    work first in every queue).
    """

    key: str = attrs.field(validator=fields.key)
    label: str = attrs.field(validator=fields.label)
    household_meeting_days: float | None = _cadence()
    weekly_meeting_days: float | None = _cadence()
    extra_handlers_per_grid: int = within(0, 100, "people", error=ScenarioError, default=0, integer=True)
    extra_handler_role: str = attrs.field(default="community_cadre", validator=fields.key)
    extra_handler_unit_level: str = attrs.field(default="community", validator=fields.key)
    routes: tuple[RouteRule, ...] = attrs.field(default=(), validator=fields.tuple_of(RouteRule))
    on_spot_share: float | None = within(
        0.0, 1.0, "fraction", error=ScenarioError, default=None, optional=True
    )
    #: supervision rounds (督办) every so many days: red steps carded and taken up first
    #: (see cogov.simulation.supervision_rounds); None: no supervision
    supervision_days: float | None = _cadence()

    # -- hooks ------------------------------------------------------------------------------
    def adapt(self, scenario: Scenario) -> Scenario:
        """The scenario this policy runs (called once per run, before anything happens)."""
        meetings = []
        for meeting in scenario.meetings:
            cadence = None
            if meeting.kind == scenario.household_meeting:
                cadence = self.household_meeting_days
            elif meeting.kind == scenario.weekly_meeting:
                cadence = self.weekly_meeting_days
            meetings.append(meeting if cadence is None else attrs.evolve(meeting, cadence_days=cadence))
        routes = {rule.kind: rule.route for rule in self.routes}
        kinds = []
        for model in scenario.kinds:
            changes: dict[str, Any] = {}
            if model.kind in routes:
                changes["route"] = routes[model.kind]
            if self.on_spot_share is not None:
                changes["on_spot_share"] = self.on_spot_share
            kinds.append(attrs.evolve(model, **changes))
        return attrs.evolve(scenario, meetings=tuple(meetings), kinds=tuple(kinds))

    def staff(self, world: World) -> tuple[Staffing, ...]:
        """Extra role holders to appoint at the start of each run."""
        if not self.extra_handlers_per_grid:
            return ()
        community = world.community
        extra: list[Staffing] = []
        for grid in world.grids:
            unit = community.ancestor_at(grid, self.extra_handler_unit_level)
            if unit is None:
                msg = (
                    f"policy {self.key!r}: grid {grid!r} has no {self.extra_handler_unit_level!r} above it "
                    "to appoint extra handlers at; set extra_handler_unit_level to a level of the community"
                )
                raise ScenarioError(msg)
            for i in range(1, self.extra_handlers_per_grid + 1):
                person = Person(
                    f"sim-{self.key.replace(':', '.')[:40]}-{len(extra) + 1}",
                    f"增援干部 extra handler {i} for {grid}",
                    attributes={
                        PersonAttribute.PARTY_MEMBER,
                        PersonAttribute.CADRE,
                        PersonAttribute.SUNK_CADRE,
                    },
                )
                extra.append(Staffing(person, self.extra_handler_role, unit, grid))
        return tuple(extra)

    def on_spot(self, kind: KindModel) -> float:
        """Triage: the chance a collected issue of ``kind`` is answered on the spot (per issue)."""
        return kind.on_spot_share

    def route(self, kind: KindModel) -> str:
        """Where a registered issue of ``kind`` goes next (called for every registered issue)."""
        return kind.route


#: the scenario as it is
BASELINE = Policy("baseline", "as is (现状)")


_POLICY_FIELDS = {f.name for f in attrs.fields(Policy)} - {"key", "label", "routes"}
_SCENARIO_FIELDS = {
    f.name for f in attrs.fields(Scenario) if f.type in ("int", "float", "bool", int, float, bool)
}


def with_parameters(scenario: Scenario, parameters: Mapping[str, Any]) -> tuple[Scenario, Policy]:
    """``scenario`` and a policy changed by ``parameters`` (policy fields, or scalar scenario fields)."""
    policy_changes = {k: v for k, v in parameters.items() if k in _POLICY_FIELDS}
    scenario_changes = {k: v for k, v in parameters.items() if k in _SCENARIO_FIELDS}
    unknown = sorted(set(parameters) - set(policy_changes) - set(scenario_changes))
    if unknown:
        names = sorted(_POLICY_FIELDS | _SCENARIO_FIELDS)
        hint = did_you_mean(unknown[0], names)
        msg = f"unknown sweep parameter {unknown[0]!r}{hint} (parameters: {', '.join(names)})"
        raise ScenarioError(msg)
    try:
        policy = (
            attrs.evolve(BASELINE, key="sweep_point", label="sweep point", **policy_changes)
            if policy_changes
            else BASELINE
        )
        changed = attrs.evolve(scenario, **scenario_changes) if scenario_changes else scenario
    except (CogovError, TypeError, ValueError) as error:
        msg = f"sweep parameters {dict(parameters)}: {str(error).splitlines()[0]}"
        raise ScenarioError(msg) from None
    return changed, policy


_WORLDS: dict[tuple[object, ...], World] = {}


def world_for(scenario: Scenario, policy: Policy) -> World:
    """The world of ``scenario`` with ``policy``'s extra staff (cached per process)."""
    key = (scenario.community, scenario.grid_level, policy)
    world = _WORLDS.get(key)
    if world is None:
        base = build_world(scenario.community, scenario.grid_level)
        world = with_staffing(base, policy.staff(base))
        if len(_WORLDS) > 32:
            _WORLDS.clear()
        _WORLDS[key] = world
    return world
