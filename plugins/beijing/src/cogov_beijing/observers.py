"""An observer of applied events: how long the street takes to respond to 12345 callers.

Response time (响应时长) is measured from dispatch (派单) to the first receiver's response
(响应).  The factory subscribes only to ledgers running the Beijing charter.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from cogov import Ledger
from cogov.engine.ledger import Observer
from cogov.events import Event, IssueEvent

__all__ = ["ResponseClock", "response_clock", "response_hours"]

_CLOCKS: WeakKeyDictionary[Ledger, ResponseClock] = WeakKeyDictionary()


class ResponseClock:
    """Hours from dispatch to response, per issue."""

    def __init__(self) -> None:
        self._dispatched: dict[str, Event] = {}
        self.hours: dict[str, float] = {}

    def __call__(self, seq: int, event: Event) -> None:
        if not isinstance(event, IssueEvent):
            return
        if event.action == "dispatch":
            self._dispatched[event.issue] = event
        elif event.action == "respond" and event.issue in self._dispatched:
            start = self._dispatched.pop(event.issue).at
            self.hours[event.issue] = (event.at - start).total_seconds() / 3600


def response_clock(ledger: Ledger) -> Observer | None:
    """Observer factory: a response clock for Beijing ledgers, nothing for others."""
    if ledger.charter.key != "beijing":
        return None
    clock = _CLOCKS[ledger] = ResponseClock()
    return clock


def response_hours(ledger: Ledger) -> dict[str, float]:
    """Response hours per issue recorded on ``ledger`` (empty if it has no clock)."""
    clock = _CLOCKS.get(ledger)
    return dict(clock.hours) if clock else {}
