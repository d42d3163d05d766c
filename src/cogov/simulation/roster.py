"""Who acts and who handles: duty holders by unit, and the pools of handlers and mediators.

The simulation never invents an actor: every step is taken by someone whose appointment
grants the step's duty over the issue's unit.  :meth:`Roster.actor` picks the most local
holder (a grid head before the community secretary; among equals, the first appointed),
preferring a given person — the meeting's convener, the issue's handler — when they hold the
duty there.  Handlers are the holders of the scenario's ``handler_roles`` at a grid, or, when
the grid has none, at the nearest unit above it (a shared pool); staff a policy stationed at
a grid join the pool that serves it.  Mediators are found the same way from
``mediator_roles``.  A pool member without the duty the pool needs is a
:class:`~cogov.simulation.scenario.ScenarioError`, not a silent substitution.

The duty index is built once per world and simulated clock start, and shared by every
replication run there (why: a plugin's community set-up holds thousands of appointments).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from cogov.engine.ledger import Ledger
from cogov.simulation.scenario import Scenario, ScenarioError
from cogov.simulation.world import World

__all__ = ["Holders", "Pool", "Roster"]


class Pool:
    """Role holders who work on issues concurrently, each up to ``capacity``; a FIFO queue."""

    __slots__ = ("capacity", "load", "mediation", "name", "queue", "servers")

    def __init__(
        self, name: str, servers: tuple[str, ...], capacity: int, *, mediation: bool = False
    ) -> None:
        self.name = name
        #: mediators (调委会) rather than handlers
        self.mediation = mediation
        self.servers = servers
        self.capacity = capacity
        self.load = [0] * len(servers)
        self.queue: deque[Any] = deque()

    def add(self, servers: tuple[str, ...] | list[str]) -> None:
        self.servers = (*self.servers, *servers)
        self.load.extend([0] * len(servers))

    def free_server(self) -> int:
        """The least-loaded server with room (the first among equals), or -1 when all are full."""
        loads = self.load
        best = min(loads)
        return loads.index(best) if best < self.capacity else -1


class Holders:
    """Who holds which duty at which unit, from a ledger's appointments active at ``at``."""

    __slots__ = ("actors", "by_duty_unit", "by_role_unit", "chosen", "grants")

    def __init__(self, ledger: Ledger, world: World, at: datetime) -> None:
        role_set = ledger.charter.role_set
        stationed = {extra.person.id for extra in world.staffing}
        #: duty → unit → holders there, in appointment order
        self.by_duty_unit: dict[str, dict[str, list[str]]] = {}
        #: (person, duty) → units where they hold it
        self.grants: dict[tuple[str, str], set[str]] = {}
        #: (role, unit) → holders (not counting staff a policy stationed at a grid)
        self.by_role_unit: dict[tuple[str, str], list[str]] = {}
        #: (duty, unit) → the most local holder, filled as the simulation asks
        self.actors: dict[tuple[str, str], str] = {}
        #: (duty, unit, preferred person) → who :meth:`Roster.actor` picks, filled as asked
        #: (why: a year asks thousands of times about a few hundred answers; the index is fixed)
        self.chosen: dict[tuple[str, str, str | None], str] = {}
        for appointment in ledger.authority:
            if not appointment.active_at(at):
                continue
            person, unit = appointment.person, appointment.unit
            for duty in role_set[appointment.role].duties:
                self.by_duty_unit.setdefault(duty, {}).setdefault(unit, []).append(person)
                self.grants.setdefault((person, duty), set()).add(unit)
            if person not in stationed:
                self.by_role_unit.setdefault((appointment.role, unit), []).append(person)

    @classmethod
    def shared(cls, ledger: Ledger, world: World, at: datetime) -> Holders:
        """The index for ``world`` at ``at``, built once and kept in ``world.lookups``."""
        key = ("holders", at)
        found = world.lookups.get(key)
        if isinstance(found, Holders):
            return found
        holders = world.lookups[key] = cls(ledger, world, at)
        return holders


class Roster:
    """Actors and pools of one replication (pools carry per-replication load and queues)."""

    def __init__(self, scenario: Scenario, world: World, holders: Holders) -> None:
        self.scenario = scenario
        self.world = world
        self.holders = holders
        self._chosen = holders.chosen
        self._handler_pools: dict[str, Pool] = {}
        self._mediator_pools: dict[str, Pool] = {}

    def actor(self, duty: str, unit: str, prefer: str | None = None) -> str:
        """The most local holder of ``duty`` over ``unit`` (``prefer`` if they hold it)."""
        key = (duty, unit, prefer)
        actor = self._chosen.get(key)
        if actor is None:
            actor = self._chosen[key] = self._pick(duty, unit, prefer)
        return actor

    def _pick(self, duty: str, unit: str, prefer: str | None) -> str:
        holders = self.holders
        if prefer is not None:
            units = holders.grants.get((prefer, duty))
            if units is not None and not units.isdisjoint(self.world.community.lineage(unit)):
                return prefer
        key = (duty, unit)
        found = holders.actors.get(key)
        if found is not None:
            return found
        by_unit = holders.by_duty_unit.get(duty, {})
        for candidate in (unit, *reversed(self.world.community.ancestors(unit))):
            persons = by_unit.get(candidate)
            if persons:
                holders.actors[key] = persons[0]
                return persons[0]
        roles = [r.label for r in self.world.charter.role_set.holding(duty)]
        msg = (
            f"scenario {self.scenario.key!r}: no one is appointed with duty {duty!r} over unit "
            f"{unit!r}; appoint a holder of one of {roles or 'no role: add the duty to a role'}"
        )
        raise ScenarioError(msg)

    def _holders_near(self, roles: tuple[str, ...], grid: str, what: str) -> tuple[str, tuple[str, ...]]:
        """The nearest unit at or above ``grid`` with holders of ``roles``, and those holders."""
        by_role_unit = self.holders.by_role_unit
        for unit in (grid, *reversed(self.world.community.ancestors(grid))):
            servers = tuple(p for role in roles for p in by_role_unit.get((role, unit), ()))
            if servers:
                return unit, servers
        msg = (
            f"scenario {self.scenario.key!r}: no {what} for grid {grid!r}: nobody holds one of the roles "
            f"{list(roles)} at the grid or above it; appoint one or change the scenario's roles"
        )
        raise ScenarioError(msg)

    def build_handler_pools(self) -> None:
        """One pool per serving unit: the grid's own handlers, or failing that the nearest above.

        Staff a policy stationed at a grid join the pool that serves it (a shared pool gains
        one more server per grid, as the grid's own pool would).
        """
        roles, capacity = self.scenario.handler_roles, self.scenario.handler_capacity
        stationed: dict[str, list[str]] = {}
        for extra in self.world.staffing:
            stationed.setdefault(extra.station, []).append(extra.person.id)
        by_unit: dict[str, Pool] = {}
        for grid in self.world.grids:
            try:
                unit, servers = self._holders_near(roles, grid, "handler")
            except ScenarioError:
                if grid not in stationed:
                    raise
                unit, servers = grid, ()
            pool = by_unit.get(unit)
            if pool is None:
                pool = by_unit[unit] = Pool(unit, servers, capacity)
            pool.add(stationed.get(grid, []))
            self._handler_pools[grid] = pool
        for grid, pool in self._handler_pools.items():
            self._check_servers(pool, "resolve", grid)

    def pools(self) -> list[Pool]:
        """Every pool of handlers and mediators built so far, each once."""
        seen: dict[int, Pool] = {}
        for pool in (*self._handler_pools.values(), *self._mediator_pools.values()):
            seen.setdefault(id(pool), pool)
        return list(seen.values())

    def handler_pool(self, grid: str) -> Pool:
        return self._handler_pools[grid]

    def mediator_pool(self, grid: str) -> Pool:
        pool = self._mediator_pools.get(grid)
        if pool is not None:
            return pool
        unit, servers = self._holders_near(self.scenario.mediator_roles, grid, "mediator")
        pool = self._mediator_pools.get(f"@{unit}") or Pool(
            f"mediation:{unit}", servers, self.scenario.mediator_capacity, mediation=True
        )
        self._check_servers(pool, "start_mediation", grid)
        self._mediator_pools[f"@{unit}"] = self._mediator_pools[grid] = pool
        return pool

    def _check_servers(self, pool: Pool, duty: str, grid: str) -> None:
        lineage = self.world.community.lineage(grid)
        grants = self.holders.grants
        for server in pool.servers:
            if lineage.isdisjoint(grants.get((server, duty), ())):
                msg = (
                    f"scenario {self.scenario.key!r}: {server!r} works issues of grid {grid!r} but holds no "
                    f"appointment with duty {duty!r} over it; give the scenario's handler or mediator roles that duty"
                )
                raise ScenarioError(msg)
