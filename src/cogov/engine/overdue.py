"""What is due, yellow and red (超期) at any time, from the ledger alone.

:func:`supervision_at` computes it from scratch: every issue's step clocks
(:mod:`cogov.model.deadlines`) and every meeting kind's cadence (a grid that misses its
monthly household-courtyard meeting is overdue too).  :class:`OverdueTracker` keeps the
same clocks up to date as events are applied (a ledger observer), so a face can ask at
any moment without replaying; the two agree (property-tested).

Each item names the grid it lies in and the person holding it (the plan's responsible, or
whoever last moved the issue), so the view can be cut per grid, per person and per level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from cogov.engine.folded import IssueRecord
from cogov.engine.ledger import Ledger
from cogov.engine.supervision import issue_clocks, issue_steps
from cogov.errors import InvalidFieldError
from cogov.model.deadlines import Clock, ClockBook, Light, working_seconds
from cogov.model.events import (
    Event,
    EventCorrected,
    ExtensionDecided,
    IssueEvent,
    IssueRoutedToProperty,
    PlanMade,
)
from cogov.model.property import COMPANY_STATES

__all__ = [
    "DueItem",
    "MeetingDue",
    "OverdueTracker",
    "SupervisionView",
    "by_level",
    "meeting_cadence",
    "supervision_at",
    "working_days_between",
]


@attrs.frozen
class DueItem:
    """One running step clock of one issue at the view's time."""

    issue: str
    kind: str
    step: str
    light: Light
    started: datetime
    due: datetime
    unit: str
    grid: str | None
    person: str | None
    #: the organisation holding the step: the property company for its own steps (红色物业)
    organisation: str | None = None


@attrs.frozen
class MeetingDue:
    """A meeting kind's cadence at one unit: when the next meeting is due and how it stands."""

    kind: str
    unit: str
    last: datetime | None
    due: datetime
    light: Light


@attrs.frozen
class SupervisionView:
    """Everything running against a deadline at ``at``: issue steps and meeting cadences."""

    at: datetime
    items: tuple[DueItem, ...]
    meetings: tuple[MeetingDue, ...] = ()

    def with_light(self, light: Light) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.light is light)

    @property
    def red(self) -> tuple[DueItem, ...]:
        return self.with_light(Light.RED)

    @property
    def yellow(self) -> tuple[DueItem, ...]:
        return self.with_light(Light.YELLOW)

    @property
    def overdue_issues(self) -> frozenset[str]:
        return frozenset(i.issue for i in self.red)

    def by_grid(self, light: Light = Light.RED) -> Counter[str]:
        return Counter(i.grid or i.unit for i in self.with_light(light))

    def by_person(self, light: Light = Light.RED) -> Counter[str]:
        return Counter(i.person or "-" for i in self.with_light(light))

    def by_organisation(self, light: Light = Light.RED) -> Counter[str]:
        """Items of ``light`` held by an organisation (a property company), counted by it."""
        return Counter(i.organisation for i in self.with_light(light) if i.organisation is not None)


def _grid_of(ledger: Ledger, unit: str) -> str | None:
    if "grid" not in ledger.charter.level_keys():
        return None
    return ledger.community.ancestor_at(unit, "grid")


def by_level(view: SupervisionView, ledger: Ledger, level: str, light: Light = Light.RED) -> Counter[str]:
    """Items of ``light`` counted by the unit at ``level`` they lie in (the community, a grid, …)."""
    community = ledger.community
    out: Counter[str] = Counter()
    for item in view.with_light(light):
        code = community.ancestor_at(item.unit, level)
        if code is not None:
            out[code] += 1
    return out


def _holder(ledger: Ledger, record: IssueRecord) -> str | None:
    if record.responsible is not None:
        return record.responsible
    return ledger.events[record.seqs[-1]].actor if record.seqs else None


def _company_at(ledger: Ledger, record: IssueRecord, when: datetime) -> str | None:
    """The property company ``record`` was last routed to by ``when``."""
    events = ledger.events
    for seq in reversed(record.seqs):
        event = events[seq]
        if type(event) is IssueRoutedToProperty and event.at <= when:
            return event.company
    return None


def _items(
    ledger: Ledger, clocks: Iterable[tuple[IssueRecord, Clock]], when: datetime
) -> tuple[DueItem, ...]:
    rules = ledger.charter.supervision
    if rules is None:
        return ()
    calendar = ledger.charter.calendar
    company_steps = (
        frozenset(s.key for s in rules.deadlines if s.states <= COMPANY_STATES)
        if ledger.charter.property_remit is not None
        else frozenset()
    )
    items = []
    for record, clock in clocks:
        light = clock.light(calendar, rules.yellow_share, when)
        if light is None:
            continue
        items.append(
            DueItem(
                record.id,
                record.kind,
                clock.step,
                light,
                clock.started,
                clock.due_at(calendar, when),
                record.unit,
                _grid_of(ledger, record.unit),
                _holder(ledger, record),
                _company_at(ledger, record, clock.started) if clock.step in company_steps else None,
            )
        )
    return tuple(sorted(items, key=lambda i: (i.due, i.issue, i.step)))


def meeting_cadence(ledger: Ledger, when: datetime) -> tuple[MeetingDue, ...]:
    """Every unit that should hold a meeting kind with a cadence: its last meeting and the next due.

    A unit that never held one is due ``cadence_days`` after the ledger began (its genesis
    time, or its first event).  Yellow when the declared share of the interval is used.
    """
    charter = ledger.charter
    share = charter.supervision.yellow_share if charter.supervision is not None else 0.8
    events = ledger.events
    origin = ledger.genesis.created_at or (events[0].at if len(events) else None)
    if origin is None:
        return ()
    community = ledger.community
    out: list[MeetingDue] = []
    last: dict[tuple[str, str], datetime] = {}
    for meeting in ledger.meetings.values():
        if meeting.at <= when:
            key = (meeting.kind, meeting.unit)
            if key not in last or meeting.at > last[key]:
                last[key] = meeting.at
    for kind in charter.meeting_kinds:
        if kind.cadence_days is None:
            continue
        interval = timedelta(days=kind.cadence_days)
        for unit in community.units:
            if unit.level != kind.level or community.is_retired(unit.code):
                continue
            held = last.get((kind.key, unit.code))
            start = held or origin
            due = start + interval
            if when >= due:
                light = Light.RED
            elif when >= start + share * interval:
                light = Light.YELLOW
            else:
                light = Light.GREEN
            out.append(MeetingDue(kind.key, unit.code, held, due, light))
    return tuple(sorted(out, key=lambda m: (m.due, m.kind, m.unit)))


def supervision_at(ledger: Ledger, when: datetime | None = None) -> SupervisionView:
    """What is due, yellow and red at ``when`` (default: the ledger's clock), from scratch."""
    when = when or ledger.clock
    if when is None:
        msg = "supervision_at: the ledger has recorded nothing yet; give the time to look at"
        raise InvalidFieldError(msg)
    state = ledger._state
    events = ledger.events
    pairs = [
        (record, clock) for record in ledger.issues.values() for clock in issue_clocks(state, record, events)
    ]
    return SupervisionView(when, _items(ledger, pairs, when), meeting_cadence(ledger, when))


class OverdueTracker:
    """The step clocks of a ledger's issues, kept as events are applied (subscribe it).

    ``OverdueTracker.follow(ledger)`` feeds it every event recorded so far and subscribes it
    to the ledger; :meth:`view` then answers at any time without a replay.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        rules = ledger.charter.supervision
        self.book = ClockBook(rules, ledger.charter.calendar) if rules is not None else None

    @classmethod
    def follow(cls, ledger: Ledger) -> OverdueTracker:
        tracker = cls(ledger)
        if tracker.book is not None:
            for issue in ledger.issues:
                tracker._refeed(issue)
        ledger.subscribe(tracker)
        return tracker

    def __call__(self, seq: int, event: Event) -> None:
        book = self.book
        if book is None:
            return
        ledger = self.ledger
        if isinstance(event, IssueEvent):
            record = ledger.issue(event.issue)
            # the record's deadline is the plan in force after this step (corrections included)
            book.step(record.id, record.kind, event.at, record.state, record.deadline)
        elif type(event) is ExtensionDecided and event.approved:
            request = ledger._state.supervision.requests[event.request]
            book.extend(request.issue, (event.at, request.working_days, request.step, request.clock_started))
        elif type(event) is EventCorrected and type(ledger.events[event.corrects]) is PlanMade:
            self._refeed(ledger.events[event.corrects].issue)  # type: ignore[attr-defined]

    def _refeed(self, issue: str) -> None:
        assert self.book is not None
        ledger = self.ledger
        record = ledger.issue(issue)
        self.book.reset(issue)
        for at, reached, plan in issue_steps(ledger._state, record, ledger.events):
            self.book.step(issue, record.kind, at, reached, plan)
        for extension in ledger._state.supervision.grants(issue):
            self.book.extend(issue, extension)  # each names its clock, so order does not matter

    def clocks(self, issue: str) -> list[Clock]:
        return self.book.clocks(issue) if self.book is not None else []

    def view(self, when: datetime | None = None) -> SupervisionView:
        """What is due, yellow and red at ``when`` (default: the ledger's clock)."""
        ledger = self.ledger
        when = when or ledger.clock
        if when is None:
            msg = "OverdueTracker.view: the ledger has recorded nothing yet; give the time to look at"
            raise InvalidFieldError(msg)
        pairs = [(record, clock) for record in ledger.issues.values() for clock in self.clocks(record.id)]
        return SupervisionView(when, _items(ledger, pairs, when), meeting_cadence(ledger, when))


def working_days_between(ledger: Ledger, start: datetime, end: datetime) -> float:
    """Working days (fractional) between two moments on the ledger's calendar."""
    return working_seconds(ledger.charter.calendar, start, end) / 86400.0
