"""Replay, time travel and verification: rebuilding a ledger from its genesis and events.

State is a pure fold of events.  A validating replay applies every event again; a trusted
replay only folds them (the same fold :meth:`Ledger.apply <cogov.engine.ledger.Ledger.apply>`
ends with, in :mod:`cogov.engine.state`), without checks or hashing, and takes the stored
hashes so the chain can still be verified.  :func:`verify` is a validating replay from the
genesis that compares every hash on the way: it proves the bytes and the meaning.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING

from cogov.engine.batches import gc_paused
from cogov.engine.chain import chain_hash
from cogov.engine.integrity import from_micros, link, micros
from cogov.engine.state import State, new_record
from cogov.errors import CogovError, InvalidFieldError, TamperedHistoryError
from cogov.model.events import Event, IssueCollected, IssueEvent

if TYPE_CHECKING:
    from cogov.engine.checkpoints import Checkpoint
    from cogov.engine.ledger import Ledger

__all__ = ["adopt_stored", "as_of", "fold_trusted", "rebuild_checked", "replay", "verify"]


def replay(
    ledger: Ledger,
    events: Iterable[Event],
    *,
    validate: bool,
    hashes: bytes | None,
    recorded: Sequence[int] | None,
) -> Ledger:
    """The body of :meth:`Ledger.replay <cogov.engine.ledger.Ledger.replay>` (``ledger`` is new)."""
    chain = ledger._chain
    if chain.recorded is not None and recorded is None:
        msg = "replay: a ledger on a wall clock replays with the recorded times it recorded (recorded=...)"
        raise InvalidFieldError(msg)
    if validate:
        with gc_paused():
            if chain.recorded is None:
                apply = ledger.apply
                for event in events:
                    apply(event)
            else:
                assert recorded is not None
                times = iter(recorded)
                for seq, event in enumerate(events):
                    ledger._apply(event, _next_time(times, seq))
        return ledger
    with gc_paused():
        fold_trusted(ledger, events)
    return adopt_stored(ledger, hashes, recorded)


def adopt_stored(ledger: Ledger, hashes: bytes | None, recorded: Sequence[int] | None) -> Ledger:
    """End a trusted replay: ``ledger`` takes the stored hashes (and, on a wall clock, the
    recorded times) of the events :func:`fold_trusted` folded into it."""
    chain = ledger._chain
    count = len(chain.events)
    if chain.recorded is not None:
        if recorded is None:
            msg = (
                "replay: a ledger on a wall clock replays with the recorded times it recorded (recorded=...)"
            )
            raise InvalidFieldError(msg)
        if len(recorded) != count:
            msg = f"replay: {len(recorded)} recorded times for {count} events"
            raise InvalidFieldError(msg)
        chain.extend_recorded(recorded)
        ledger._clock = _latest(ledger._clock, recorded)
    if hashes is not None:
        if len(hashes) != 16 * count:
            msg = f"replay: {len(hashes) // 16} stored hashes for {count} events"
            raise InvalidFieldError(msg)
        chain.adopt(hashes)
    return ledger


def _next_time(times: Iterable[int], seq: int) -> int:
    for value in times:
        return value
    msg = f"replay: no recorded time for event #{seq}"
    raise InvalidFieldError(msg)


def _latest(clock: datetime, recorded: Sequence[int]) -> datetime:
    return from_micros(recorded[-1]) if len(recorded) else clock


def fold_trusted(ledger: Ledger, events: Iterable[Event]) -> None:
    """Fold trusted events into ``ledger``'s state (no checks, no hashing)."""
    state: State = ledger._state
    issues = state.issues
    move = ledger.workflow.move
    advance = state.advance
    fold = state.fold
    recorded_events = ledger._chain.events
    append = recorded_events.append
    start = seq = len(recorded_events)
    for event in events:
        if isinstance(event, IssueEvent):
            record = issues.get(event.issue)
            if record is None:
                if type(event) is not IssueCollected:
                    raise _unfoldable(event, seq, None)
                transition = move(None, event.action)
                if transition is None:
                    raise _unfoldable(event, seq, None)
                state.open_issue(new_record(event), transition.target, seq)
            else:
                transition = move(record.state, event.action)
                if transition is None:
                    raise _unfoldable(event, seq, record.state)
                advance(record, event, transition.target, seq)
        elif state.folds(type(event)):
            try:
                fold(event, seq, recorded_events)
            except (CogovError, LookupError, ValueError, TypeError, AttributeError, AssertionError) as error:
                # A trusted fold checks nothing, so a changed stream (a correction now citing
                # another kind of event, an id that was never added) fails here: name it.
                msg = (
                    f"replay: event #{seq} ({type(event).type}) cannot be folded ({error}); the events "
                    "were changed, reordered or not recorded by a ledger. Replay with validate=True to see what is wrong"
                )
                raise TamperedHistoryError(msg, seq) from None
        else:
            msg = f"replay: event #{seq} is not a cogov event ({event!r})"
            raise TamperedHistoryError(msg, seq)
        append(event)
        seq += 1
    # The clock of a ledger that follows its events is the latest time among them (one pass
    # in C, cheaper than tracking it per event).
    if seq > start:
        latest = max(map(_AT, recorded_events[start:]))
        ledger._clock = max(ledger._clock, latest)


_AT = attrgetter("at")


def _unfoldable(event: IssueEvent, seq: int, state: str | None) -> TamperedHistoryError:
    where = f"from state {state!r}" if state is not None else "before the issue was collected"
    msg = (
        f"replay: event #{seq} ({type(event).type}, {event.action!r} on issue {event.issue!r}) "
        f"is not a step the workflow allows {where}; the events were changed, reordered or "
        "not recorded by a ledger. Replay with validate=True to see what is wrong"
    )
    return TamperedHistoryError(msg, seq)


def _fresh(ledger: Ledger) -> Ledger:
    """An empty ledger from the same genesis, charter and guards."""
    cls = type(ledger)
    return cls(ledger.charter, ledger.genesis, guards=ledger._guards, clock=ledger._now or "events")


def _prefix_length(ledger: Ledger, when: datetime) -> int:
    chain = ledger._chain
    if chain.recorded is not None:
        return bisect_right(chain.recorded, micros(when))
    count = 0
    latest = ledger.genesis.created_at
    for event in chain.events:
        if latest is None or event.at > latest:
            latest = event.at
        if latest > when:
            break
        count += 1
    return count


def as_of(ledger: Ledger, when: datetime) -> Ledger:
    """The ledger as it stood at ``when`` (the events recorded by then), from its genesis."""
    created = ledger.genesis.created_at
    if created is not None and when < created:
        msg = f"as_of({when.isoformat()}): the ledger began at {created.isoformat()}"
        raise InvalidFieldError(msg)
    count = _prefix_length(ledger, when)
    chain = ledger._chain
    chain.catch_up()
    past = _fresh(ledger)
    with gc_paused():
        fold_trusted(past, chain.events[:count])
    if chain.recorded is not None:
        past._chain.extend_recorded(chain.recorded[:count])
        past._clock = _latest(past._clock, chain.recorded[:count])
    past._chain.adopt(bytes(chain.hashes[: 16 * count]))
    return past


def rebuild_checked(
    fresh: Ledger, events: Sequence[Event], stored: bytes | bytearray, recorded: Sequence[int] | None
) -> tuple[int, str] | None:
    """Apply ``events`` to the empty ledger ``fresh``, validating each, and compare the hashes.

    Returns ``None`` when every event is valid and every hash equals ``stored``'s, else the
    first bad event's index and what is wrong with it: a hash that differs (the event, an
    earlier one or the genesis record was changed), or an event that fails validation though
    its hash agrees (it was forged and the chain recomputed).
    """
    refused: tuple[int, str] | None = None
    apply, apply_recorded = fresh.apply, fresh._apply
    with gc_paused():
        for seq, event in enumerate(events):
            try:
                if recorded is None:
                    apply(event)
                else:
                    apply_recorded(event, recorded[seq])
            except CogovError as error:
                refused = (seq, str(error).splitlines()[0])
                break
    rebuilt = fresh._chain.hashes
    known = len(rebuilt)
    if stored[:known] != rebuilt:
        first = next(i for i in range(0, known, 16) if stored[i : i + 16] != rebuilt[i : i + 16]) // 16
        return first, _CHANGED
    if refused is None:
        if len(stored) != known:
            return min(len(stored), known) // 16, "the stored hashes do not cover the events one for one"
        return None
    seq, reason = refused
    chain = fresh._chain
    previous = link(chain.head or chain.root, None if recorded is None else recorded[seq])
    if stored[16 * seq : 16 * seq + 16] != chain_hash(previous, events[seq]):
        return seq, _CHANGED
    return (
        seq,
        f"it fails validation ({reason}), though its hash agrees: it was forged and the chain recomputed",
    )


_CHANGED = (
    "it does not match its recorded chain hash (it, an earlier event or the genesis record was changed)"
)


def verify(ledger: Ledger, *, hashes_only: bool, checkpoint: Checkpoint | None) -> bytes:
    """The body of :meth:`Ledger.verify <cogov.engine.ledger.Ledger.verify>`."""
    chain = ledger._chain
    chain.catch_up()
    if hashes_only:
        head = _rehash(ledger)
    else:
        check = _fresh(ledger)
        failure = rebuild_checked(check, chain.events, chain.hashes, chain.recorded)
        if failure is not None:
            seq, reason = failure
            msg = f"event #{seq} ({type(chain.events[seq]).type}): {reason}"
            raise TamperedHistoryError(msg, seq)
        head = check.head
    if checkpoint is not None:
        checkpoint.check(ledger)
    return head


def _rehash(ledger: Ledger) -> bytes:
    chain = ledger._chain
    stored, recorded = chain.hashes, chain.recorded
    head = chain.root
    for seq, event in enumerate(chain.events):
        head = chain_hash(link(head, None if recorded is None else recorded[seq]), event)
        if 16 * seq + 16 <= len(stored) and stored[16 * seq : 16 * seq + 16] != head:
            raise _mismatch(seq, event)
    return head


def _mismatch(seq: int, event: Event) -> TamperedHistoryError:
    msg = f"event #{seq} ({type(event).type}): {_CHANGED}"
    return TamperedHistoryError(msg, seq)
