"""Supervision in the simulation (督办): rounds that card red work and take it up first.

When a policy sets ``supervision_days``, a supervisor goes round every so many days: every
issue whose step is red (past its deadline, :mod:`cogov.engine.overdue`) gets a red card in
the ledger (once per step; the ledger checks it was red) and, if it is waiting in a queue of
handlers or mediators, it is escalated to the front of that queue (提级督办: the level above
makes it the next piece of work).  Everything else runs as without supervision, so comparing
a policy with rounds against one without (``cogov compare``) shows what supervision does to
the time issues take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from cogov.engine.ledger import Ledger
from cogov.engine.overdue import OverdueTracker
from cogov.errors import CogovError
from cogov.model.events import CardIssued, Event
from cogov.simulation.scheduler import Scheduler

__all__ = ["SupervisionRounds"]


class SupervisionRounds:
    """Periodic supervision of one replication: cards for red steps, red work first in queues."""

    def __init__(
        self,
        ledger: Ledger,
        *,
        every_days: float,
        scheduler: Scheduler,
        keep_going: Callable[[float], bool],
        when: Callable[[float], datetime],
        pools: Callable[[], Iterable[Any]],
        actor: Callable[[str, str], str],
        apply: Callable[[Event], object],
    ) -> None:
        self.ledger = ledger
        self.tracker = OverdueTracker.follow(ledger)
        self.every_days = every_days
        self._scheduler = scheduler
        self._keep_going = keep_going
        self._when = when
        self._pools = pools
        self._actor = actor
        self._apply = apply
        self._carded: set[tuple[str, str, datetime]] = set()
        #: red cards issued, and issues moved to the front of a queue
        self.cards = 0
        self.escalated = 0

    def start(self, first_day: float) -> None:
        self._scheduler.at(first_day, self.round)

    def round(self) -> None:
        """One round at the scheduler's time; the next is scheduled while the run goes on."""
        now = self._scheduler.now
        rules = self.ledger.charter.supervision
        if rules is not None:
            at = self._when(now)
            waiting = {issue.id: (pool, issue) for pool in self._pools() for issue in pool.queue}
            for item in self.tracker.view(at).red:
                key = (item.issue, item.step, item.started)
                if key not in self._carded:
                    self._carded.add(key)
                    self._card(rules.card_duty, item.issue, item.unit, item.step, at)
                found = waiting.get(item.issue)
                if found is not None:
                    pool, issue = found
                    pool.queue.remove(issue)
                    pool.queue.appendleft(issue)
                    self.escalated += 1
        following = now + self.every_days
        if self._keep_going(following):
            self._scheduler.at(following, self.round)

    def _card(self, duty: str, issue: str, unit: str, step: str, at: datetime) -> None:
        try:
            actor = self._actor(duty, unit)
            self._apply(CardIssued(at=at, actor=actor, issue=issue, colour="red", step=step, note="督办"))
        except CogovError:
            return  # no one holds the card duty here: the work is still taken up first
        self.cards += 1
