"""Replay: rebuilding a ledger from recorded events, and the trusted fold it runs.

State is a pure fold of events.  A validating replay applies every event again; a trusted
replay (``validate=False``) only folds them into records, without checks or hashing, and
takes the stored hashes so the chain can still be verified.  :data:`EXTRA_FIELDS` says what
an issue step sets on its record beyond state and path; the ledger's ``apply`` and the
trusted fold share it, so both build equal records.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cogov.engine.chain import GENESIS
from cogov.engine.guards import Guard
from cogov.engine.records import ActivityRecord, IssueRecord, MeetingRecord
from cogov.errors import InvalidFieldError, TamperedHistoryError
from cogov.model.charter import Charter
from cogov.model.events import (
    ActivityHeld,
    Appointed,
    AppointmentEnded,
    Event,
    FollowUpVisited,
    IssueCollected,
    IssueEvent,
    IssueReopened,
    MarkedDuplicate,
    MeetingHeld,
    PlanMade,
    ReworkOrdered,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["EXTRA_FIELDS", "fold_trusted", "gc_paused", "replay"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk fold.

    Why: a fold allocates many long-lived objects and no reference cycles; while it runs, the
    collector keeps rescanning the growing heap, which made a trusted replay of 1,000,000
    events about three times slower (benchmarks/ledger.py).  Reference counting still frees
    everything; the collector is re-enabled (if it was enabled) however the fold ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _set_satisfaction(record: IssueRecord, event: Any) -> None:
    record.satisfaction = event.satisfaction


def _count_reopening(record: IssueRecord, event: Any) -> None:
    record.reopened += 1


def _count_rework(record: IssueRecord, event: Any) -> None:
    record.reworked += 1


def _set_plan(record: IssueRecord, event: Any) -> None:
    record.responsible = event.responsible
    record.deadline = event.deadline


def _set_duplicate(record: IssueRecord, event: Any) -> None:
    record.duplicate_of = event.duplicate_of


#: the record fields a step sets beyond state and path, by event type (one lookup per event)
EXTRA_FIELDS: dict[type[Event], Callable[[IssueRecord, Any], None]] = {
    FollowUpVisited: _set_satisfaction,
    IssueReopened: _count_reopening,
    ReworkOrdered: _count_rework,
    PlanMade: _set_plan,
    MarkedDuplicate: _set_duplicate,
}


def replay(
    cls: type[Ledger],
    charter: Charter,
    community: Community,
    events: Iterable[Event],
    *,
    appointments: Iterable[Appointment],
    guards: Mapping[str, Guard] | None,
    validate: bool,
    hashes: bytes | None,
) -> Ledger:
    """The body of :meth:`Ledger.replay <cogov.engine.ledger.Ledger.replay>`."""
    ledger = cls(charter, community, appointments=appointments, guards=guards)
    if validate:
        with gc_paused():
            for event in events:
                ledger.apply(event)
        return ledger
    with gc_paused():
        fold_trusted(ledger, events)
    if hashes is not None:
        if len(hashes) != 16 * len(ledger._events):
            msg = f"replay: {len(hashes) // 16} stored hashes for {len(ledger._events)} events"
            raise InvalidFieldError(msg)
        ledger._hashes = bytearray(hashes)
        ledger._head = bytes(hashes[-16:]) if hashes else GENESIS
    return ledger


def fold_trusted(ledger: Ledger, events: Iterable[Event]) -> None:
    """Fold trusted events into ``ledger``'s state (no checks, no hashing)."""
    issues = ledger._issues
    meetings = ledger._meetings
    activities = ledger._activities
    authority = ledger.authority
    moves = ledger.workflow.move
    advance = _advance
    collect = _collect_trusted
    append = ledger._events.append
    seq = len(ledger._events)
    for event in events:
        if isinstance(event, IssueEvent):
            record = issues.get(event.issue)
            if record is None:
                if type(event) is not IssueCollected:
                    raise _unfoldable(event, seq, None)
                collect(ledger, event, seq)
            else:
                transition = moves(record.state, event.action)
                if transition is None:
                    raise _unfoldable(event, seq, record.state)
                advance(record, event, transition.target, seq)
        elif type(event) is MeetingHeld:
            meetings[event.meeting] = MeetingRecord(
                event.meeting, event.kind, event.unit, event.at, event.actor, event.attendees, seq
            )
        elif type(event) is ActivityHeld:
            activities[event.activity] = ActivityRecord(
                event.activity,
                event.kind,
                event.unit,
                event.at,
                event.actor,
                event.participants,
                event.hours,
                seq,
            )
        elif type(event) is Appointed:
            authority._add(
                Appointment(event.appointment, event.person, event.role, event.unit, event.at, event.until)
            )
        elif type(event) is AppointmentEnded:
            authority.end(event.appointment, event.at)
        append(event)
        seq += 1


def _advance(record: IssueRecord, event: IssueEvent, target: str, seq: int) -> None:
    record.state = target
    record.last_at = event.at
    record.seqs.append(seq)
    record.path.append(target)
    extra = EXTRA_FIELDS.get(type(event))
    if extra is not None:
        extra(record, event)


def _unfoldable(event: IssueEvent, seq: int, state: str | None) -> TamperedHistoryError:
    where = f"from state {state!r}" if state is not None else "before the issue was collected"
    msg = (
        f"replay: event #{seq} ({type(event).type}, {event.action!r} on issue {event.issue!r}) "
        f"is not a step the workflow allows {where}; the events were changed, reordered or "
        "not recorded by a ledger. Replay with validate=True to see what is wrong"
    )
    return TamperedHistoryError(msg, seq)


def _collect_trusted(ledger: Ledger, event: IssueCollected, seq: int) -> None:
    target = ledger.workflow.move(None, event.action).target  # type: ignore[union-attr]
    ledger._issues[event.issue] = IssueRecord(
        id=event.issue,
        kind=event.kind,
        unit=event.unit,
        channel=event.channel,
        reporter=event.reporter,
        meeting=event.meeting,
        opened_at=event.at,
        state=target,
        last_at=event.at,
        seqs=[seq],
        path=[target],
    )
