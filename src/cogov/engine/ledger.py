"""The ledger: every event of a community, validated, authorised and hash-chained.

:meth:`Ledger.apply` checks an event against the charter (the workflow transition and its
guards, the references it makes, the order of time) and against the appointments (does the
actor hold the duty over the unit at that time?), then folds it into the state and extends
the hash chain.  A refused event raises a specific :class:`~cogov.errors.CogovError` and
changes nothing.  :meth:`Ledger.apply_all` applies a batch all-or-nothing.  State is a pure
fold of events: :meth:`Ledger.replay` rebuilds an equal ledger from the same events, with or
without re-validation.

This module holds the ledger's state and the validating ``apply``; the ideas around it live
beside it: batches and their undo log (:mod:`cogov.engine.batches`), replay and the trusted
fold (:mod:`cogov.engine.replay`), the hash-chain bookkeeping (:mod:`cogov.engine.integrity`)
and issue journeys (:mod:`cogov.engine.journeys`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, overload

from cogov.engine import integrity, journeys
from cogov.engine import replay as _replay
from cogov.engine.authority import Authority
from cogov.engine.batches import Undo, apply_atomically
from cogov.engine.chain import _HASHERS, GENESIS, chain_hash
from cogov.engine.guards import BUILTIN_GUARDS, Guard
from cogov.engine.records import ActivityRecord, IssueRecord, MeetingRecord, Step
from cogov.engine.replay import EXTRA_FIELDS
from cogov.errors import (
    DefinitionError,
    DuplicateError,
    IllegalTransitionError,
    InvalidFieldError,
    OutOfOrderError,
    UnknownKeyError,
)
from cogov.model.charter import Charter
from cogov.model.events import (
    ActivityHeld,
    Appointed,
    AppointmentEnded,
    Event,
    FollowUpVisited,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    MediationStarted,
    MeetingHeld,
    PlanMade,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.model.workflow import Transition

__all__ = ["EventsView", "Ledger", "Observer"]

#: called after each applied event with its sequence number and the event
Observer = Callable[[int, Event], None]


def _not_an_event(event: object) -> InvalidFieldError:
    msg = (
        f"cannot apply {event!r}: not a cogov event type; "
        "use one of cogov.EVENT_TYPES (IssueActionTaken for plugin actions)"
    )
    return InvalidFieldError(msg)


def _unhashable(event: object, error: Exception) -> InvalidFieldError:
    if not isinstance(event, Event):
        return _not_an_event(event)
    msg = (
        f"cannot apply {type(event).__name__}: a field cannot be encoded for the hash chain "
        f"({error}); build events with their constructors so every field is validated"
    )
    return InvalidFieldError(msg)


class EventsView(Sequence[Event]):
    """A read-only view of the recorded events (no copy of a million-event list)."""

    __slots__ = ("_events",)

    def __init__(self, events: list[Event]) -> None:
        self._events = events

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)


class Ledger:
    """Events of one community under one charter, and the state they fold into."""

    def __init__(
        self,
        charter: Charter,
        community: Community,
        *,
        appointments: Iterable[Appointment] = (),
        guards: Mapping[str, Guard] | None = None,
        observers: Iterable[Observer] = (),
    ) -> None:
        self.charter = charter
        self.community = community
        self.workflow = charter.workflow
        self.authority = Authority(community, charter.role_set)
        for appointment in appointments:
            self.authority.appoint(appointment)
        self._guards: dict[str, Guard] = {**BUILTIN_GUARDS, **(guards or {})}
        for tr in self.workflow.transitions:
            for name in tr.guards:
                if name not in self._guards:
                    msg = (
                        f"workflow {self.workflow.key!r}: transition {tr.action!r} names guard "
                        f"{name!r}, which no one provides; known guards: {sorted(self._guards)}"
                    )
                    raise DefinitionError(msg)
        # (why: one dict lookup per step on the hot path, no (state, action) tuple to build)
        self._steps: dict[str | None, dict[str, Transition]] = {}
        for tr in self.workflow.transitions:
            for source in tr.sources or (None,):
                self._steps.setdefault(source, {})[tr.action] = tr
        self._observers = list(observers)
        self._issues: dict[str, IssueRecord] = {}
        self._meetings: dict[str, MeetingRecord] = {}
        self._activities: dict[str, ActivityRecord] = {}
        self._events: list[Event] = []
        self._hashes = bytearray()
        self._head = GENESIS
        self._undo: list[Undo] | None = None
        #: issues already saved in the running batch's undo log (their first copy suffices)
        self._saved: set[str] = set()
        self._handlers: dict[type[Event], Callable[[Event, int], object]] = {
            MeetingHeld: self._apply_meeting,  # type: ignore[dict-item]
            ActivityHeld: self._apply_activity,  # type: ignore[dict-item]
            Appointed: self._apply_appointed,  # type: ignore[dict-item]
            AppointmentEnded: self._apply_appointment_ended,  # type: ignore[dict-item]
        }
        self._reference_checks: dict[type[Event], Callable[[Any, IssueRecord], None]] = {
            PlanMade: self._check_plan,
            MediationStarted: self._check_mediation,
            FollowUpVisited: self._check_follow_up,
            IssueEscalated: self._check_escalation,
        }

    # -- reading ----------------------------------------------------------------------------
    @property
    def events(self) -> EventsView:
        return EventsView(self._events)

    @property
    def issues(self) -> Mapping[str, IssueRecord]:
        return MappingProxyType(self._issues)

    @property
    def meetings(self) -> Mapping[str, MeetingRecord]:
        return MappingProxyType(self._meetings)

    @property
    def activities(self) -> Mapping[str, ActivityRecord]:
        return MappingProxyType(self._activities)

    def __len__(self) -> int:
        return len(self._events)

    def issue(self, issue_id: str) -> IssueRecord:
        try:
            return self._issues[issue_id]
        except KeyError:
            raise self._unknown_issue(issue_id) from None

    def _unknown_issue(self, issue_id: str) -> UnknownKeyError:
        msg = f"unknown issue {issue_id!r}; an issue must be collected (IssueCollected) before any other step"
        return UnknownKeyError(msg)

    def subscribe(self, observer: Observer) -> None:
        """Call ``observer(seq, event)`` after every event applied from now on."""
        self._observers.append(observer)

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """The whole state as plain containers, for comparison (replay equals live state)."""
        return {
            "issues": {k: v.copy() for k, v in self._issues.items()},
            "meetings": dict(self._meetings),
            "activities": dict(self._activities),
            "appointments": {a.id: a for a in self.authority},
        }

    # -- applying -------------------------------------------------------------------------
    def apply(self, event: Event) -> object:
        """Validate, authorise and record ``event``; return the record it changed.

        Raises a :class:`~cogov.errors.CogovError` subclass naming what was refused and why;
        a refused event leaves the ledger exactly as it was.
        """
        seq = len(self._events)
        # Hash before folding: an event the chain cannot encode must be refused while
        # nothing has changed yet.
        head: bytes | None = None
        if len(self._hashes) == seq * 16:
            hasher = _HASHERS.get(type(event))
            try:
                head = chain_hash(self._head, event) if hasher is None else hasher(self._head, event)
            except Exception as error:
                raise _unhashable(event, error) from error
        if isinstance(event, IssueEvent):
            result: object = self._apply_issue(event, seq)
        else:
            handler = self._handlers.get(type(event))
            if handler is None:
                raise _not_an_event(event)
            result = handler(event, seq)
        if head is not None:
            self._hashes += head
            self._head = head
        self._events.append(event)
        if self._observers:
            for observer in self._observers:
                observer(seq, event)
        return result

    def apply_all(self, events: Iterable[Event]) -> list[object]:
        """Apply a batch all-or-nothing: if one event is refused, none of the batch is kept.

        The error raised carries a note with the event's position in the batch.
        """
        return apply_atomically(self, events, keep=True)

    def check(self, event: Event) -> None:
        """Raise what :meth:`apply` would raise for ``event``, but record nothing.

        Observers are not called.  Use it to ask "would this step be accepted?" (a form that
        greys out a button, a strategy that draws only legal events).
        """
        apply_atomically(self, (event,), keep=False)

    # -- issues -----------------------------------------------------------------------------
    def _apply_issue(self, event: IssueEvent, seq: int) -> IssueRecord:
        record = self._issues.get(event.issue)
        cls = type(event)
        if record is None:
            if cls is not IssueCollected:
                raise self._unknown_issue(event.issue)
            return self._collect(event, seq)  # type: ignore[arg-type]
        if cls is IssueCollected:
            msg = (
                f"issue id {event.issue!r} is already used (collected {record.opened_at.isoformat()}); "
                "give the new issue an id of its own"
            )
            raise DuplicateError(msg)
        action = event.action
        moves = self._steps.get(record.state)
        transition = moves.get(action) if moves is not None else None
        if transition is None:
            raise self._illegal(record, action)
        at = event.at
        if at < record.last_at:
            msg = (
                f"issue {record.id!r}: {action!r} at {at.isoformat()} is before the issue's "
                f"previous event at {record.last_at.isoformat()}; events of an issue must be in time order"
            )
            raise OutOfOrderError(msg)
        check = self._reference_checks.get(cls)
        if check is not None:
            check(event, record)
        if transition.guards:
            self._run_guards(transition, record, event)
        self.authority.authorise(event.actor, transition.duty, record.unit, at)
        if self._undo is not None and record.id not in self._saved:
            # The state before the batch is all a rollback needs: save each issue once.
            self._saved.add(record.id)
            self._undo.append(("issue", record.id, record.copy()))
        target = transition.target
        record.state = target
        record.last_at = at
        record.seqs.append(seq)
        record.path.append(target)
        extra = EXTRA_FIELDS.get(cls)
        if extra is not None:
            extra(record, event)
        return record

    def _illegal(self, record: IssueRecord, action: str) -> IllegalTransitionError:
        state = self.workflow.state(record.state)
        if not self.workflow.has_action(action):
            msg = (
                f"issue {record.id!r}: workflow {self.workflow.key!r} has no action {action!r}; "
                f"actions: {sorted(self.workflow.actions)}"
            )
        else:
            allowed = self.workflow.allowed_actions(record.state) or ("none: the state is final",)
            msg = (
                f"issue {record.id!r} is {state.label}; {action!r} is not allowed from there. "
                f"Allowed: {', '.join(allowed)}"
            )
        return IllegalTransitionError(msg)

    def _run_guards(self, transition: Transition, record: IssueRecord, event: IssueEvent) -> None:
        for name in transition.guards:
            refusal = self._guards[name](record, event, self)
            if refusal is not None:
                msg = f"issue {record.id!r}: {transition.action!r} refused by guard {name!r}: {refusal}"
                raise IllegalTransitionError(msg)

    def _collect(self, event: IssueCollected, seq: int) -> IssueRecord:
        charter, community = self.charter, self.community
        charter.issue_kind(event.kind)
        charter.channel(event.channel)
        community.unit(event.unit)
        if event.reporter is not None:
            community.person(event.reporter)
        if event.meeting is not None:
            meeting = self._meetings.get(event.meeting)
            if meeting is None:
                msg = f"issue {event.issue!r}: collected at unknown meeting {event.meeting!r}; record the MeetingHeld first"
                raise UnknownKeyError(msg)
            if not community.within(event.unit, meeting.unit):
                msg = (
                    f"issue {event.issue!r} at unit {event.unit!r} cannot be collected at meeting "
                    f"{meeting.id!r}, which was held for unit {meeting.unit!r}"
                )
                raise InvalidFieldError(msg)
            if event.at < meeting.at:
                msg = f"issue {event.issue!r} is collected at {event.at.isoformat()}, before meeting {meeting.id!r} began at {meeting.at.isoformat()}"
                raise OutOfOrderError(msg)
        transition = self.workflow.move(None, event.action)
        if transition is None:
            msg = f"workflow {self.workflow.key!r} has no intake action {event.action!r}"
            raise IllegalTransitionError(msg)
        record = IssueRecord(
            id=event.issue,
            kind=event.kind,
            unit=event.unit,
            channel=event.channel,
            reporter=event.reporter,
            meeting=event.meeting,
            opened_at=event.at,
            state="",
            last_at=event.at,
            seqs=[],
            path=[],
        )
        self._run_guards(transition, record, event)
        self.authority.authorise(event.actor, transition.duty, event.unit, event.at)
        if self._undo is not None:
            self._saved.add(record.id)
            self._undo.append(("issue", record.id, None))
        self._issues[record.id] = record
        record.state = transition.target
        record.seqs.append(seq)
        record.path.append(transition.target)
        return record

    def _check_plan(self, event: PlanMade, record: IssueRecord) -> None:
        self.community.person(event.responsible)
        if event.deadline <= event.at:
            msg = f"issue {record.id!r}: plan deadline {event.deadline.isoformat()} must be after the plan is made ({event.at.isoformat()})"
            raise InvalidFieldError(msg)

    def _check_mediation(self, event: MediationStarted, record: IssueRecord) -> None:
        self.community.person(event.mediator)
        if event.lawyer is not None:
            self.community.person(event.lawyer)

    def _check_follow_up(self, event: FollowUpVisited, record: IssueRecord) -> None:
        self.charter.satisfaction(event.satisfaction)

    def _check_escalation(self, event: IssueEscalated, record: IssueRecord) -> None:
        if event.meeting is not None and event.meeting not in self._meetings:
            msg = f"issue {record.id!r}: escalated to unknown meeting {event.meeting!r}; record the MeetingHeld first"
            raise UnknownKeyError(msg)

    # -- meetings, activities, appointments -----------------------------------------------
    def _apply_meeting(self, event: MeetingHeld, seq: int) -> MeetingRecord:
        if event.meeting in self._meetings:
            msg = f"meeting id {event.meeting!r} is already used; give each meeting an id of its own"
            raise DuplicateError(msg)
        kind = self.charter.meeting_kind(event.kind)
        unit = self.community.unit(event.unit)
        self._check_level(f"meeting {event.meeting!r} ({kind.label})", unit.level, kind.level, unit.code)
        for person in event.attendees:
            self.community.person(person)
        self.authority.authorise(event.actor, kind.duty, event.unit, event.at)
        record = MeetingRecord(
            event.meeting, event.kind, event.unit, event.at, event.actor, event.attendees, seq
        )
        if self._undo is not None:
            self._undo.append(("meeting", record.id, None))
        self._meetings[record.id] = record
        return record

    def _check_level(self, what: str, level: str, expected: str, code: str) -> None:
        if self.community.level_depth(level) < self.community.level_depth(expected):
            msg = f"{what} is held at {expected!r} level or below, but unit {code!r} is a {level!r}"
            raise InvalidFieldError(msg)

    def _apply_activity(self, event: ActivityHeld, seq: int) -> ActivityRecord:
        if event.activity in self._activities:
            msg = f"activity id {event.activity!r} is already used; give each activity an id of its own"
            raise DuplicateError(msg)
        kind = self.charter.activity_kind(event.kind)
        self.community.unit(event.unit)
        for person in event.participants:
            self.community.person(person)
        self.authority.authorise(event.actor, kind.duty, event.unit, event.at)
        record = ActivityRecord(
            event.activity,
            event.kind,
            event.unit,
            event.at,
            event.actor,
            event.participants,
            event.hours,
            seq,
        )
        if self._undo is not None:
            self._undo.append(("activity", record.id, None))
        self._activities[record.id] = record
        return record

    def _apply_appointed(self, event: Appointed, seq: int) -> Appointment:
        appointment = Appointment(
            event.appointment, event.person, event.role, event.unit, event.at, event.until
        )
        self.authority.check_appointment(appointment)
        self.authority.authorise(event.actor, "appoint", event.unit, event.at)
        if self._undo is not None:
            self._undo.append(("appointment", appointment.id, None))
        return self.authority.appoint(appointment)

    def _apply_appointment_ended(self, event: AppointmentEnded, seq: int) -> Appointment:
        current = self.authority.check_end(event.appointment, event.at)
        self.authority.authorise(event.actor, "appoint", current.unit, event.at)
        if self._undo is not None:
            self._undo.append(("appointment", current.id, current))
        self.authority.end(event.appointment, event.at)
        return self.authority.appointment(event.appointment)

    # -- replay -----------------------------------------------------------------------------
    @classmethod
    def replay(
        cls,
        charter: Charter,
        community: Community,
        events: Iterable[Event],
        *,
        appointments: Iterable[Appointment] = (),
        guards: Mapping[str, Guard] | None = None,
        validate: bool = True,
        hashes: bytes | None = None,
    ) -> Ledger:
        """Rebuild a ledger from ``events``.

        With ``validate=False`` the events are trusted (they were validated when first
        recorded) and only folded; pass the stored ``hashes`` so :meth:`verify` can compare
        the events against the chain recorded with them.
        """
        return _replay.replay(
            cls,
            charter,
            community,
            events,
            appointments=appointments,
            guards=guards,
            validate=validate,
            hashes=hashes,
        )

    # -- the hash chain ---------------------------------------------------------------------
    @property
    def head(self) -> bytes:
        """The hash of the last event (publish it to anchor the history)."""
        integrity.catch_up(self)
        return self._head

    def hash_of(self, seq: int) -> bytes:
        """The hash of event ``seq`` (an :class:`UnknownKeyError` if there is no such event)."""
        return integrity.hash_of(self, seq)

    def previous_hash(self, seq: int) -> bytes:
        """The predecessor's hash that event ``seq`` is chained to."""
        return GENESIS if seq == 0 else self.hash_of(seq - 1)

    def verify(self) -> bytes:
        """Recompute the chain; raise :class:`TamperedHistoryError` naming the first bad event.

        Returns the head hash when the history is intact.
        """
        return integrity.verify(self)

    # -- journeys ---------------------------------------------------------------------------
    def history(self, issue_id: str) -> tuple[Step, ...]:
        """Every step of one issue: event, states before and after, the authorising role."""
        return journeys.history(self, issue_id)

    def at_time(self) -> datetime | None:
        """Timestamp of the last recorded event."""
        return self._events[-1].at if self._events else None
