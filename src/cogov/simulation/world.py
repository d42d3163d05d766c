"""The world a simulation runs in: charter, community and appointments, plus lookups.

A :class:`World` is built once per process for each (community source, policy) and reused by
every replication there (why: a plugin's community set-up can hold thousands of units and people).  A
policy's extra staff are people added to a *copy* of the community; their appointments are
applied in each replication as ``Appointed`` events, so the ledger validates them too.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter
from cogov.model.roles import Appointment
from cogov.model.structure import Community, Person, PersonAttribute, Unit
from cogov.simulation.scenario import CommunitySource, ScenarioError
from cogov.simulation.well_formed import maker

__all__ = ["Staffing", "World", "build_world", "copy_community"]

#: appointments of the synthetic community start long before any simulated year
SYNTHETIC_SINCE = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=8), "CST"))


@attrs.frozen
class Staffing:
    """An extra role holder a policy adds: ``person`` as ``role`` at ``unit``, working for ``station``.

    ``station`` is the grid whose issues the person handles (a sunk cadre placed in a grid,
    下沉干部) even when the role is held at a higher unit.
    """

    person: Person
    role: str
    unit: str
    station: str


@attrs.frozen(eq=False)
class World:
    """Charter, community, initial appointments and the lookups the simulation needs."""

    charter: Charter
    community: Community
    appointments: tuple[Appointment, ...]
    grids: tuple[str, ...]
    households: tuple[str, ...]
    grid_of: Mapping[str, str]
    resident_of: Mapping[str, str | None]
    staffing: tuple[Staffing, ...] = ()
    #: lookups the simulation derives once per world and shares between replications
    lookups: dict[object, object] = attrs.field(factory=dict, repr=False)


def copy_community(community: Community) -> Community:
    """An equal, independent copy of ``community`` (units, people, associations)."""
    copy = Community(community.levels)
    copy.extend(units=community.units, people=community.people, associations=community.associations)
    return copy


# Households and their residents, thousands a community: built from the validated source's
# division code (or the SIM codes) and counters, so without re-running field validators
# (see well_formed; the simulation tests re-validate every unit and person of such worlds).
_HOUSEHOLD = maker(Unit, "code", "level", "name_zh", "name_en", "parent")
_RESIDENT = maker(Person, "id", "name", "household")


def _synthetic(source: CommunitySource) -> tuple[Charter, Community, tuple[Appointment, ...]]:
    code = source.code
    # people of a coded community carry its code, so ids stay unique across a county
    me = f"{code}-" if code is not None else ""
    county, town, home = (code[:6], code[:9], code) if code is not None else ("SIM", "SIM-T", "SIM-C")
    community = Community()
    community.extend(
        units=[
            Unit(county, "county", "模拟县", "simulated county"),
            Unit(town, "town", "模拟镇", "simulated town", parent=county),
            Unit(home, "community", "模拟社区", "simulated community", parent=town),
        ]
        if code is None
        else [
            Unit(county, "county", f"县{county}", f"county {county}"),
            Unit(town, "town", f"镇{town[6:]}", f"town {town[6:]}", parent=county),
            Unit(home, "community", f"社区{home[9:]}", f"community {home[9:]}", parent=town),
        ]
    )
    cadre = {PersonAttribute.PARTY_MEMBER, PersonAttribute.CADRE}
    since = SYNTHETIC_SINCE
    people = [Person(f"{me}p-sec", "书记", attributes=cadre)]
    appointments = [Appointment(f"{me}a-sec", f"{me}p-sec", "community_secretary", home, since)]
    for i in range(1, source.cadres + 1):
        people.append(Person(f"{me}p-cad-{i}", f"干部{i}", attributes=cadre))
        appointments.append(Appointment(f"{me}a-cad-{i}", f"{me}p-cad-{i}", "community_cadre", home, since))
    for i in range(1, source.mediators + 1):
        people.append(Person(f"{me}p-med-{i}", f"调解员{i}", attributes={PersonAttribute.MEDIATOR}))
        appointments.append(Appointment(f"{me}a-med-{i}", f"{me}p-med-{i}", "mediator", home, since))
    for g in range(1, source.grids + 1):
        grid = f"SIM-C-G{g:02d}" if code is None else f"{code}{g:03d}"
        community.add_unit(Unit(grid, "grid", f"第{g}网格", f"grid {g}", parent=home))
        if source.grid_heads:
            head = f"{me}p-gh-{g:02d}"
            people.append(Person(head, f"网格长{g}", attributes={PersonAttribute.SUNK_CADRE}))
            appointments.append(Appointment(f"{me}a-gh-{g:02d}", head, "grid_head", grid, since))
        for h in range(1, source.households_per_grid + 1):
            household = f"{grid}-H{h:04d}" if code is None else f"{grid}{h:04d}"
            community.add_unit(_HOUSEHOLD(household, "household", f"{h}户", f"household {h}", grid))
            people.append(_RESIDENT(f"{me}r-{g:02d}-{h:04d}", f"居民{g}-{h}", household))
    for person in people:
        community.add_person(person)
    return basic_charter(), community, tuple(appointments)


def _setup(name: str) -> tuple[Charter, Community, tuple[Appointment, ...]]:
    # The plugins layer sits beside the simulation; import it only when a scenario asks for
    # a plugin's community set-up, so the simulation core does not depend on it.
    try:
        plugins: Any = importlib.import_module("cogov.plugins")
        setup = plugins.load_setup(name)
    except Exception as error:
        msg = f"cannot load community set-up {name!r} for a scenario ({error}); is its plugin installed?"
        raise ScenarioError(msg) from error
    return setup.charter, setup.community, tuple(setup.appointments)


@functools.lru_cache(maxsize=16)
def build_world(source: CommunitySource, grid_level: str = "grid") -> World:
    """The world for ``source`` (cached per process; treat it as read-only)."""
    charter, community, appointments = (
        _setup(source.example) if source.example is not None else _synthetic(source)
    )
    levels = [level.key for level in community.levels]
    if grid_level not in levels:
        msg = f"scenario grid level {grid_level!r} is not a level of the community; levels: {levels}"
        raise ScenarioError(msg)
    household_level = levels[-1]
    grids = tuple(u.code for u in community.units_at(grid_level))
    if not grids:
        msg = f"the community has no unit at grid level {grid_level!r}; a scenario needs at least one grid"
        raise ScenarioError(msg)
    grid_of: dict[str, str] = {}
    resident_of: dict[str, str | None] = {}
    households = []
    for unit in community.units_at(household_level):
        grid = community.ancestor_at(unit.code, grid_level)
        if grid is None:
            continue
        households.append(unit.code)
        grid_of[unit.code] = grid
        members = community.members(unit.code)
        resident_of[unit.code] = members[0].id if members else None
    if not households:
        msg = f"the community has no {household_level!r} unit inside a {grid_level!r}; issues arise in households"
        raise ScenarioError(msg)
    return World(charter, community, appointments, grids, tuple(households), grid_of, resident_of)


def with_staffing(world: World, staffing: tuple[Staffing, ...]) -> World:
    """``world`` with extra staff added to a copy of its community."""
    if not staffing:
        return world
    community = copy_community(world.community)
    for extra in staffing:
        community.add_person(extra.person)
    return attrs.evolve(world, community=community, staffing=staffing, lookups={})
