"""Association and volunteer activities in a simulated community (patrols, clean-ups, …).

Each activity kind is its own renewal process (regular or Poisson) on its own random stream,
so adding, removing or recalibrating activities changes no other process of a replication.
Each activity is an ``ActivityHeld`` event recorded by someone holding the kind's duty over
the unit, with participants drawn from the members of the kind's associations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from random import Random

from cogov.model.events import ActivityHeld, Event
from cogov.simulation.roster import Roster
from cogov.simulation.scenario import ActivityModel, Scenario, ScenarioError
from cogov.simulation.scheduler import Scheduler
from cogov.simulation.streams import Streams
from cogov.simulation.well_formed import maker
from cogov.simulation.world import World

__all__ = ["Activities"]

# built from values the model knows to be well-formed (see well_formed)
_ACTIVITY = maker(ActivityHeld, "at", "actor", "activity", "kind", "unit", "participants", "hours")


class Activities:
    """The activity processes of one replication."""

    def __init__(  # noqa: PLR0917 - the replication's shared parts, passed once from one place
        self,
        scenario: Scenario,
        world: World,
        roster: Roster,
        scheduler: Scheduler,
        streams: Streams,
        apply: Callable[[Event], object],
        time: Callable[[float], datetime],
    ) -> None:
        self.scenario = scenario
        self.world = world
        self.roster = roster
        self.scheduler = scheduler
        self.streams = streams
        self._apply = apply
        self._time = time
        self.count = 0

    def start(self) -> None:
        for model in self.scenario.activities:
            self._start(model)

    def _start(self, model: ActivityModel) -> None:
        if model.per_year <= 0:
            return
        kind = self.world.charter.activity_kind(model.kind)
        unit = self.world.community.ancestor_at(self.world.grids[0], model.level)
        if unit is None:
            msg = f"scenario {self.scenario.key!r}: no {model.level!r} unit above the grids to hold {model.kind!r} activities at"
            raise ScenarioError(msg)
        recorder = self.roster.actor(kind.duty, unit)
        pool = self._participant_pool(kind.association)
        rng = self.streams[f"activities:{model.kind}"]
        interval = 365.0 / model.per_year
        first = interval * rng.random() if model.regular else rng.expovariate(1.0 / interval)
        self.scheduler.at(first, self._activity, model, unit, recorder, pool, interval, rng)

    def _participant_pool(self, association: str | None) -> tuple[str, ...]:
        """Members of the community's associations of kind ``association`` (every resident if ``None``)."""
        key = ("activity_pool", association)
        found = self.world.lookups.get(key)
        if isinstance(found, tuple):
            return found
        community = self.world.community
        if association is None:
            members = {p for p in self.world.resident_of.values() if p is not None}
        else:
            members = {m for a in community.associations if a.kind == association for m in a.members}
        if not members:
            msg = (
                f"scenario {self.scenario.key!r}: nobody to take part in activities of association kind "
                f"{association!r}; add an association of that kind with members to the community"
            )
            raise ScenarioError(msg)
        pool = self.world.lookups[key] = tuple(sorted(members))
        return pool

    def _activity(  # noqa: PLR0917 - one process's fixed context, scheduled from one place
        self,
        model: ActivityModel,
        unit: str,
        recorder: str,
        pool: tuple[str, ...],
        interval: float,
        rng: Random,
    ) -> None:
        now = self.scheduler.now
        if now >= self.scenario.horizon:
            return
        gap = interval if model.regular else rng.expovariate(1.0 / interval)
        self.scheduler.at(now + gap, self._activity, model, unit, recorder, pool, interval, rng)
        size = min(rng.choice(model.participants), len(pool))
        self.count += 1
        participants = tuple(sorted(rng.sample(pool, size)))
        self._apply(
            _ACTIVITY(
                self._time(now), recorder, f"AC-{self.count:05d}", model.kind, unit, participants, model.hours
            )
        )
