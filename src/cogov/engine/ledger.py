"""The ledger: every event of a community, validated, authorised, timed and hash-chained.

A ledger starts from a genesis record (:mod:`cogov.engine.genesis`): the charter's digest,
the community, the appointments in force, when it began and how it keeps time; the first
link of its chain commits to it.  :meth:`Ledger.apply` then checks each event against the
charter (the workflow transition and its guards, the references it makes), against the
appointments (does the actor hold the duty over the unit at that time?) and against time
(:mod:`cogov.engine.timing`), then folds it into the state (:mod:`cogov.engine.state`) and
extends the chain.  A refused event raises a specific :class:`~cogov.errors.CogovError` and
changes nothing.  :meth:`Ledger.apply_all` applies a batch all-or-nothing.

The community a ledger exposes is read-only: its register and structure change only by
events (``PersonRegistered``, ``UnitMoved``, …).  State is a pure fold of events:
:meth:`Ledger.replay` rebuilds an equal ledger from the same genesis and events, with or
without re-validation, and :meth:`Ledger.verify` re-checks the hashes and the meaning of
every event.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cogov.engine import journeys
from cogov.engine import replay as _replay
from cogov.engine.authority import Authority
from cogov.engine.batches import apply_atomically
from cogov.engine.chain import _HASHERS, chain_hash
from cogov.engine.checks import CHECKS, ISSUE_REFERENCE_CHECKS
from cogov.engine.folded import ActivityRecord, IssueRecord, MeetingRecord, Step
from cogov.engine.genesis import ClockKind, Genesis
from cogov.engine.guards import BUILTIN_GUARDS, Guard
from cogov.engine.integrity import Chain, from_micros, link, micros
from cogov.engine.state import State, new_record
from cogov.engine.timing import Clock, across_authority_change, check_late, future, wall_clock
from cogov.engine.views import CorrectedEventsView, EventsView
from cogov.errors import (
    DefinitionError,
    DuplicateError,
    IllegalTransitionError,
    InvalidFieldError,
    OutOfOrderError,
    RecordingTimeError,
    UnknownKeyError,
)
from cogov.model.charter import Charter
from cogov.model.events import (
    CORE_ACTIONS,
    Event,
    IssueActionTaken,
    IssueCollected,
    IssueEvent,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.model.workflow import Transition

if TYPE_CHECKING:
    from cogov.engine.checkpoints import Checkpoint

__all__ = ["EventsView", "Ledger", "Observer"]

#: the clock of a ledger that has recorded nothing (earlier than any event), and the horizon
#: of one that has none (later than any)
_NEVER = datetime.min.replace(tzinfo=UTC)
_ALWAYS = datetime.max.replace(tzinfo=UTC)

#: called after each applied event with its sequence number and the event
Observer = Callable[[int, Event], None]


def _not_an_event(event: object) -> InvalidFieldError:
    msg = (
        f"cannot apply {event!r}: not a cogov event type; "
        "use one of cogov.events.EVENT_TYPES (IssueActionTaken for plugin actions)"
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


def _clock_of(clock: ClockKind | Clock) -> tuple[ClockKind, Clock | None]:
    if callable(clock):
        return "wall", clock
    if clock == "wall":
        return "wall", wall_clock
    if clock in ("events", "simulated"):
        return clock, None
    msg = (
        f"Ledger: clock must be 'events', 'simulated', 'wall' or a function returning the time, got {clock!r}"
    )
    raise InvalidFieldError(msg)


class Ledger:
    """Events of one community under one charter, from its genesis, and the state they fold into.

    ``Ledger(charter, community, appointments=...)`` starts a new ledger of ``community``;
    ``Ledger(charter, genesis)`` one from a recorded genesis (a store's).  ``clock`` says how
    the ledger keeps time: ``"events"`` (the default: its clock follows the events, and
    nothing later than the wall clock is accepted), ``"simulated"`` (the same, for a
    simulation: no wall clock), ``"wall"`` or a function returning the time (a ledger in use:
    every event is recorded at that time, which goes into the chain).
    """

    def __init__(
        self,
        charter: Charter,
        community: Community | Genesis,
        *,
        appointments: Iterable[Appointment] = (),
        clock: ClockKind | Clock = "events",
        created_at: datetime | None = None,
        public_key: str | None = None,
        guards: Mapping[str, Guard] | None = None,
        observers: Iterable[Observer] = (),
    ) -> None:
        if isinstance(community, Genesis):
            genesis = community
            appointments = tuple(appointments)
            if appointments or created_at is not None or public_key is not None:
                msg = "Ledger: a genesis record carries its appointments, creation time and key; give none beside it"
                raise InvalidFieldError(msg)
            genesis.check_charter(charter)
            kind: ClockKind = genesis.clock
            self._now: Clock | None = (clock if callable(clock) else wall_clock) if kind == "wall" else None
        else:
            kind, self._now = _clock_of(clock)
            if kind == "wall" and created_at is None:
                assert self._now is not None
                created_at = self._now()
            genesis = Genesis.of(
                charter,
                community,
                tuple(appointments),
                created_at=created_at,
                clock=kind,
                public_key=public_key,
            )
        self.genesis = genesis
        self.charter = charter
        self.workflow = charter.workflow
        self._state = state = State(charter, genesis)
        self._chain = Chain(genesis.digest, wall=kind == "wall")
        #: the latest recorded time (the ledger's clock; _NEVER before the first); never goes back
        self._clock: datetime = genesis.created_at or _NEVER
        self._wall = kind == "wall"
        self._skew = charter.recording.clock_skew
        #: nothing later than this is accepted without asking the wall clock again (an archive's
        #: bound, refreshed when passed; a simulation's clock has none)
        self._horizon: datetime = _NEVER if kind == "events" else _ALWAYS  # read at the first event
        # The state's parts the hot path reads, held here (one attribute lookup, not two).
        #: the latest change to each person's authority
        self._changed = state.authority_changed
        self._issues = state.issues
        self._authorise = state.authority.authorise
        self._advance = state.advance
        #: the time a running batch is recorded at (one clock reading per batch)
        self._batch_now: datetime | None = None
        #: the recorded time (microseconds) of the event being replayed, on a wall clock
        self._replaying: int | None = None
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
        self.authority: Authority = state.authority

    # -- reading ----------------------------------------------------------------------------
    @property
    def community(self) -> Community:
        """The community as the events so far made it (read-only: change it with events)."""
        return self._state.community

    @property
    def events(self) -> EventsView:
        """The events as recorded (what the chain holds)."""
        return EventsView(self._chain.events)

    @property
    def corrected_events(self) -> EventsView:
        """The events with the corrections recorded since applied (what figures should read)."""
        return CorrectedEventsView(self._chain.events, self._state)

    def corrections(self, seq: int) -> tuple[int, ...]:
        """The sequence numbers of the corrections of event ``seq``, in order."""
        self._chain.hash_of(seq)  # an unknown seq is an error
        return tuple(self._state.corrections.get(seq, ()))

    @property
    def issues(self) -> Mapping[str, IssueRecord]:
        return MappingProxyType(self._state.issues)

    @property
    def meetings(self) -> Mapping[str, MeetingRecord]:
        return MappingProxyType(self._state.meetings)

    @property
    def activities(self) -> Mapping[str, ActivityRecord]:
        return MappingProxyType(self._state.activities)

    def __len__(self) -> int:
        return len(self._chain.events)

    def issue(self, issue_id: str) -> IssueRecord:
        try:
            return self._state.issues[issue_id]
        except KeyError:
            raise self._unknown_issue(issue_id) from None

    def _unknown_issue(self, issue_id: str) -> UnknownKeyError:
        msg = f"unknown issue {issue_id!r}; an issue must be collected (IssueCollected) before any other step"
        return UnknownKeyError(msg)

    def subscribe(self, observer: Observer) -> None:
        """Call ``observer(seq, event)`` after every event applied from now on."""
        self._observers.append(observer)

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain containers, for comparison (replay equals live state)."""
        state = self._state
        return {
            "issues": {k: v.copy() for k, v in state.issues.items()},
            "meetings": dict(state.meetings),
            "activities": dict(state.activities),
            "appointments": {a.id: a for a in state.authority},
            "community": state.community.copy(),
            "associations": {a.id: a for a in state.community.associations},
            "corrections": {k: tuple(v) for k, v in state.corrections.items()},
            "supervision": attrs.evolve(
                state.supervision,
                cards=list(state.supervision.cards),
                notices=list(state.supervision.notices),
                escalations={k: list(v) for k, v in state.supervision.escalations.items()},
                requests={k: attrs.evolve(v) for k, v in state.supervision.requests.items()},
            ),
            "community_records": state.community_records.snapshot(),
            "association_offices": state.association_offices.snapshot(),
            "clock": self.clock,
        }

    @property
    def clock(self) -> datetime | None:
        """The latest recorded time: nothing is recorded before it (``None`` before any)."""
        return None if self._clock is _NEVER else self._clock

    def recorded_at(self, seq: int) -> datetime:
        """When event ``seq`` was recorded."""
        chain = self._chain
        if not 0 <= seq < len(chain.events):
            msg = f"no event #{seq}; the ledger holds {len(chain.events)}"
            raise UnknownKeyError(msg)
        if chain.recorded is not None:
            return from_micros(chain.recorded[seq])
        if seq == len(chain.events) - 1:
            return self._clock
        # A clock that follows the events: the latest time among them up to ``seq``.
        latest = max(map(attrgetter("at"), chain.events[: seq + 1]))
        created = self.genesis.created_at
        return latest if created is None or latest > created else created

    # -- applying -------------------------------------------------------------------------
    def _apply(self, event: Event, recorded_us: int | None) -> object:
        """Apply ``event`` as recorded at ``recorded_us`` (a replay of a ledger on a wall clock)."""
        self._replaying = recorded_us
        try:
            return self.apply(event)
        finally:
            self._replaying = None

    def apply(self, event: Event) -> object:  # noqa: PLR0915 - the hot path, kept flat on purpose
        """Validate, authorise, time and record ``event``; return the record it changed.

        Raises a :class:`~cogov.errors.CogovError` subclass naming what was refused and why;
        a refused event leaves the ledger exactly as it was.
        """
        chain = self._chain
        events = chain.events
        seq = len(events)
        try:
            at = event.at
        except AttributeError:
            raise _not_an_event(event) from None
        # -- time: when is it recorded, and may it be?
        clock = self._clock
        recorded_us: int | None = None
        if self._wall:
            recorded, recorded_us = self._wall_time(event, seq, clock, self._replaying)
        elif at >= clock:
            recorded = at
            if at > self._horizon:
                self._past_horizon(event)
        else:
            recorded = clock
            if clock - at > self._skew:
                check_late(event, clock, self.charter, self._state.structure_changed)
        if self._changed:
            changed = self._changed.get(event.actor)
            if changed is not None and at < changed:
                raise across_authority_change(event, changed)
        # -- the hash, before anything changes: an event the chain cannot encode is refused
        head: bytes | None = None
        if len(chain.hashes) == seq * 16:
            hasher = _HASHERS.get(type(event))
            previous = chain.head or chain.root
            if recorded_us is not None:
                previous = link(previous, recorded_us)
            try:
                head = chain_hash(previous, event) if hasher is None else hasher(previous, event)
            except Exception as error:
                raise _unhashable(event, error) from error
        # -- meaning: check, then fold
        if isinstance(event, IssueEvent):
            result: object = self._apply_issue(event, seq)
        else:
            check = CHECKS.get(type(event))
            if check is None:
                raise _not_an_event(event)
            check(self._state, event, events)
            self._state.fold(event, seq, events)
            result = self._state.result_of(event)
        if head is not None:
            chain.hashes += head
            chain.head = head
        events.append(event)
        if recorded_us is not None:
            chain.recorded.append(recorded_us)  # type: ignore[union-attr]  # a wall clock's
        self._clock = recorded
        if self._observers:
            for observer in self._observers:
                observer(seq, event)
        return result

    def _wall_time(
        self, event: Event, seq: int, clock: datetime, recorded_us: int | None
    ) -> tuple[datetime, int]:
        """When ``event`` is recorded on a wall clock (given when replaying), and the time checks."""
        if recorded_us is not None:
            recorded = from_micros(recorded_us)
            if recorded < clock:
                msg = (
                    f"event #{seq} ({type(event).type}) is recorded {recorded.isoformat()}, before "
                    f"the event recorded before it ({clock.isoformat()}); recorded times never go backwards"
                )
                raise RecordingTimeError(msg)
        else:
            now = self._batch_now
            if now is None:
                assert self._now is not None
                now = self._now()
            recorded = now if now > clock else clock
            recorded_us = micros(recorded)
        at = event.at
        if at > recorded + self._skew:
            raise future(event, recorded, "the time it is recorded")
        if recorded - at > self._skew:
            check_late(event, recorded, self.charter, self._state.structure_changed)
        return recorded, recorded_us

    def _past_horizon(self, event: Event) -> None:
        """``event`` is later than the wall clock last read: read it again, refuse if still so."""
        # In the event's own timezone: comparing datetimes that share a tzinfo object is
        # several times cheaper than converting offsets, and this runs for every event.
        self._horizon = (wall_clock() + self._skew).astimezone(event.at.tzinfo)
        if event.at > self._horizon:
            raise future(event, self._horizon, "the wall clock")

    def apply_all(self, events: Iterable[Event]) -> list[object]:
        """Apply a batch all-or-nothing: if one event is refused, none of the batch is kept.

        Every event of the batch is recorded at one reading of the clock.  The error raised
        carries a note with the event's position in the batch.
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
        if cls is IssueActionTaken and action in CORE_ACTIONS:
            msg = f"issue {record.id!r}: IssueActionTaken cannot carry the core action {action!r}; record its own event type"
            raise IllegalTransitionError(msg)
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
        check = ISSUE_REFERENCE_CHECKS.get(cls)
        if check is not None:
            check(self._state, event, record)
        if transition.guards:
            self._run_guards(transition, record, event)
        self._authorise(event.actor, transition.duty, record.unit, at)
        return self._advance(record, event, transition.target, seq)

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
        charter, state = self.charter, self._state
        community = state.community
        charter.issue_kind(event.kind)
        charter.channel(event.channel)
        community.unit_in_use(event.unit, f"issue {event.issue!r}: unit")
        if event.reporter is not None:
            community.present_person(event.reporter)
        if event.meeting is not None:
            meeting = state.meetings.get(event.meeting)
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
        record = new_record(event)
        if transition.guards:
            self._run_guards(transition, record, event)
        self._authorise(event.actor, transition.duty, event.unit, event.at)
        return state.open_issue(record, transition.target, seq)

    # -- replay -----------------------------------------------------------------------------
    @classmethod
    def replay(
        cls,
        charter: Charter,
        community: Community | Genesis,
        events: Iterable[Event],
        *,
        appointments: Iterable[Appointment] = (),
        guards: Mapping[str, Guard] | None = None,
        validate: bool = True,
        hashes: bytes | None = None,
        recorded: Sequence[int] | None = None,
        clock: ClockKind | Clock = "events",
    ) -> Ledger:
        """Rebuild a ledger from ``events``.

        With ``validate=False`` the events are trusted (they were validated when first
        recorded) and only folded; pass the stored ``hashes`` so :meth:`verify` can compare
        the events against the chain recorded with them.  A ledger on a wall clock replays
        with the ``recorded`` times (microseconds since the epoch) it recorded.
        """
        ledger = cls(charter, community, appointments=appointments, guards=guards, clock=clock)
        return _replay.replay(ledger, events, validate=validate, hashes=hashes, recorded=recorded)

    def as_of(self, when: datetime) -> Ledger:
        """The ledger as it stood at ``when``: the events recorded by then, folded from genesis.

        Its community, appointments and issue states are those the ledger knew at that time.
        """
        return _replay.as_of(self, when)

    # -- the hash chain ---------------------------------------------------------------------
    @property
    def root(self) -> bytes:
        """The genesis digest: the chain's root, which event 0 is hashed onto."""
        return self._chain.root

    @property
    def head(self) -> bytes:
        """The hash of the last event, or the genesis digest when there is none (publish it)."""
        return self._chain.current()

    def hash_of(self, seq: int) -> bytes:
        """The hash of event ``seq`` (an :class:`UnknownKeyError` if there is no such event)."""
        return self._chain.hash_of(seq)

    def previous_hash(self, seq: int) -> bytes:
        """The hash that event ``seq`` is chained to (the genesis digest for event 0)."""
        return self._chain.previous_hash(seq)

    def verify(self, *, hashes_only: bool = False, checkpoint: Checkpoint | None = None) -> bytes:
        """Re-check the ledger; raise :class:`TamperedHistoryError` naming the first bad event.

        The genesis record and every event are re-hashed; unless ``hashes_only``, every event
        is also validated again from genesis (authority, workflow, guards, time), so an
        event inserted with a recomputed hash is still caught.  A ``checkpoint`` published
        earlier must lie on this chain (a dropped tail or a rewritten history fails).
        Returns the head hash.
        """
        return _replay.verify(self, hashes_only=hashes_only, checkpoint=checkpoint)

    # -- journeys ---------------------------------------------------------------------------
    def history(self, issue_id: str) -> tuple[Step, ...]:
        """Every step of one issue: event, states around it, and who held which role then."""
        return journeys.history(self, issue_id)

    def last_event_at(self) -> datetime | None:
        """When the last recorded event happened (its ``at``), or ``None`` for no events."""
        events = self._chain.events
        return events[-1].at if events else None

    def at_time(self) -> datetime | None:
        """Deprecated name of :meth:`last_event_at` (it read as a lookup by time)."""
        warnings.warn("Ledger.at_time() is renamed Ledger.last_event_at()", DeprecationWarning, stacklevel=2)
        return self.last_event_at()
