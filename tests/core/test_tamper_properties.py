"""Tampering with a legal history is detected, and the first bad event is named.

Four attacks on a recorded ledger: (a) an event edited, dropped, swapped or inserted while the
stored hashes stay as they were; (b) a forged event with the whole chain recomputed, which
passes a hashes-only check but not full verification; (c) a genesis field rewritten; (d) a
tail dropped or a history rewritten after a checkpoint, and a signed checkpoint's signature
bytes changed.  The histories are legal ones: every event type (tests/boundary/histories.py)
and random histories (:func:`cogov.testing.histories`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.boundary.histories import every_type_appointments, every_type_charter, every_type_history

from cogov import Appointment, Association, Charter, CogovError, Community, Genesis, Ledger
from cogov.engine.checkpoints import Checkpoint, generate_key, public_key_of
from cogov.engine.integrity import micros
from cogov.errors import DefinitionError, TamperedHistoryError
from cogov.events import (
    Appointed,
    AppointmentEnded,
    Event,
    EventCorrected,
    IssueClosed,
    IssueEvent,
    MeetingHeld,
)
from cogov.testing import EPOCH
from cogov.testing import histories as legal_histories
from cogov.testing.samples import demo_community

SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class History:
    """A legal history with what it was recorded under."""

    charter: Charter
    community: Community
    appointments: tuple[Appointment, ...]
    events: tuple[Event, ...]

    def ledger(self, events: Sequence[Event] | None = None, **kwargs: object) -> Ledger:
        return Ledger.replay(
            self.charter,
            self.community,
            self.events if events is None else events,
            appointments=self.appointments,
            **kwargs,  # type: ignore[arg-type]
        )


def _every_type() -> History:
    return History(
        every_type_charter(), demo_community(), every_type_appointments(), tuple(every_type_history())
    )


EVERY_TYPE = _every_type()


@st.composite
def histories(draw: st.DrawFn, min_events: int = 1) -> History:
    """The every-type history, or a random legal scenario with at least ``min_events`` events."""
    if draw(st.booleans(), label="every event type"):
        return EVERY_TYPE
    scenario = draw(legal_histories(max_events=20))
    assume(len(scenario.events) >= min_events)
    return History(scenario.charter, scenario.community, scenario.appointments, scenario.events)


def hashes_of(ledger: Ledger) -> bytes:
    return b"".join(ledger.hash_of(i) for i in range(len(ledger)))


def assert_detected_at(ledger: Ledger, index: int, *, hashes_only: bool = False) -> None:
    with pytest.raises(TamperedHistoryError) as caught:
        ledger.verify(hashes_only=hashes_only)
    assert caught.value.index == index, str(caught.value)
    assert f"#{index}" in str(caught.value)


# -- (a) an edited history under the original hashes ---------------------------------------------
def changed_value(value: object) -> object:
    """A different value of the same type, or ``None`` when there is no simple one."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, frozenset):
        return value | {"zz_extra"}
    if isinstance(value, tuple) and value:
        return value[:-1]
    return None


@st.composite
def edited_event(draw: st.DrawFn, event: Event) -> Event:
    """``event`` with one field changed (through its constructor: validators run)."""
    fields = [f.name for f in attrs.fields(type(event)) if changed_value(getattr(event, f.name)) is not None]
    name = draw(st.sampled_from(fields), label="field")
    try:
        edited = attrs.evolve(event, **{name: changed_value(getattr(event, name))})
    except (CogovError, ValueError, TypeError):
        assume(False)
    assume(edited != event)
    return edited


@st.composite
def edits(draw: st.DrawFn, events: tuple[Event, ...], hashes: bytes) -> tuple[list[Event], bytes, int]:
    """An edit of the stored events and hashes: (events, hashes, the first changed position)."""
    n = len(events)
    stored = [hashes[16 * i : 16 * i + 16] for i in range(n)]
    kind = draw(st.sampled_from(["field", "drop", "swap", "insert"]), label="edit")
    changed = list(events)
    if kind == "field":
        i = draw(st.integers(0, n - 1), label="position")
        changed[i] = draw(edited_event(events[i]))
    elif kind == "drop":
        # the row goes with its hash; dropping the last one is a dropped tail, see the checkpoints
        assume(n >= 2)
        i = draw(st.integers(0, n - 2), label="position")
        del changed[i], stored[i]
    elif kind == "swap":
        assume(n >= 2)
        i = draw(st.integers(0, n - 2), label="first")
        j = draw(st.integers(i + 1, n - 1), label="second")
        assume(events[i] != events[j])
        changed[i], changed[j] = changed[j], changed[i]
    else:
        i = draw(st.integers(0, n), label="position")
        copy = events[draw(st.integers(0, n - 1), label="copy of")]
        # a copy of the very event it goes before, with that event's hash, changes nothing there
        assume(i == n or copy != events[i])
        changed.insert(i, copy)
        stored.insert(i, stored[i] if i < n else bytes(16))
    return changed, b"".join(stored), i


@given(data=st.data())
def test_an_edited_history_is_detected_at_the_first_changed_event(data: st.DataObject) -> None:
    history = data.draw(histories())
    original = history.ledger()
    events, hashes, first = data.draw(edits(history.events, hashes_of(original)))
    try:
        tampered = history.ledger(events, validate=False, hashes=hashes)
    except TamperedHistoryError as refused:
        stopped = refused.index
    else:
        assert_detected_at(tampered, first)
        assert_detected_at(tampered, first, hashes_only=True)
        return
    # a trusted fold that cannot even follow the edited events names where it stopped
    assert stopped >= first


def _on_a_wall_clock(history: History) -> Ledger:
    """``history`` recorded by a ledger on a (fake) wall clock, each event a minute after it happened."""
    now = [history.events[0].at]
    ledger = Ledger(
        history.charter,
        history.community,
        appointments=history.appointments,
        clock=lambda: now[0],
        created_at=history.events[0].at - timedelta(hours=1),
    )
    for event in history.events:
        now[0] = event.at + timedelta(minutes=1)
        ledger.apply(event)
    return ledger


WALL = _on_a_wall_clock(EVERY_TYPE)


@given(
    i=st.integers(0, len(EVERY_TYPE.events) - 1),
    delta=st.integers(-(10**9), 10**9).filter(bool),
)
def test_a_rewritten_recorded_time_is_detected_at_its_event(i: int, delta: int) -> None:
    recorded = [micros(WALL.recorded_at(j)) for j in range(len(WALL))]
    recorded[i] += delta
    tampered = Ledger.replay(
        WALL.charter,
        WALL.genesis,
        WALL.events,
        validate=False,
        hashes=hashes_of(WALL),
        recorded=recorded,
        clock=lambda: WALL.clock,  # type: ignore[arg-type,return-value]
    )
    assert_detected_at(tampered, i)
    assert_detected_at(tampered, i, hashes_only=True)


def test_a_dropped_row_that_shifts_a_correction_is_refused_as_tampering() -> None:
    """Dropping event 0 makes the correction cite an IssueClosed: a trusted replay must say so."""
    original = EVERY_TYPE.ledger()
    hashes = hashes_of(original)
    try:
        shifted = EVERY_TYPE.ledger(EVERY_TYPE.events[1:], validate=False, hashes=hashes[16:])
    except TamperedHistoryError as refused:
        stopped = refused.index
    else:
        assert_detected_at(shifted, 0)
        return
    assert stopped == len(EVERY_TYPE.events) - 2  # the correction, now citing the wrong event


def test_a_correction_edited_to_cite_itself_is_refused_as_tampering() -> None:
    events = list(EVERY_TYPE.events)
    last = len(events) - 1
    events[last] = attrs.evolve(events[last], corrects=last)
    with pytest.raises(TamperedHistoryError) as caught:
        EVERY_TYPE.ledger(events, validate=False, hashes=hashes_of(EVERY_TYPE.ledger())).verify()
    assert caught.value.index == last


# -- (b) a forged event with the chain recomputed -----------------------------------------------
def _clock_before(events: Sequence[Event], i: int) -> datetime | None:
    return max((e.at for e in events[:i]), default=None)


def _insert(events: list[Event], i: int, forged: Event) -> None:
    """Insert ``forged`` at ``i`` as a careful forger would: corrections still cite their events."""
    for j in range(i, len(events)):
        event = events[j]
        if isinstance(event, EventCorrected) and event.corrects >= i:
            events[j] = attrs.evolve(event, corrects=event.corrects + 1)
    events.insert(i, forged)


@st.composite
def forgeries(draw: st.DrawFn, history: History) -> tuple[list[Event], int]:
    """A history with one forged event (the chain to be recomputed around it) and its position."""
    events = list(history.events)
    n = len(events)
    appointed = {a.person for a in history.appointments} | {
        e.person for e in events if isinstance(e, Appointed)
    }
    residents = sorted(p.id for p in history.community.people if p.id not in appointed)
    kind = draw(
        st.sampled_from(["unknown_actor", "resident", "meeting_by_resident", "backdated_end", "future"])
    )
    if kind == "unknown_actor":
        i = draw(st.integers(0, n - 1), label="position")
        events[i] = attrs.evolve(events[i], actor="p-nobody")
    elif kind == "resident":
        # an issue step (an IssueClosed, say) recorded in the name of someone holding no role
        steps = [i for i, e in enumerate(events) if isinstance(e, IssueEvent)]
        assume(steps and residents)
        i = draw(st.sampled_from(steps), label="position")
        events[i] = attrs.evolve(events[i], actor=draw(st.sampled_from(residents), label="resident"))
    elif kind == "meeting_by_resident":
        assume(residents)
        i = draw(st.integers(0, n), label="position")
        unit = (
            next(u.code for u in history.community.units if u.level == "grid")
            if any(u.level == "grid" for u in history.community.units)
            else history.community.root
        )
        assert unit is not None
        at = _clock_before(events, i) or events[0].at
        meeting = MeetingHeld(
            at=at,
            actor=draw(st.sampled_from(residents)),
            meeting="M-forged",
            kind="household_meeting",
            unit=unit,
        )
        _insert(events, i, meeting)
    elif kind == "backdated_end":
        # an appointment ended retroactively: dated well before what was already recorded
        i = draw(st.integers(1, n), label="position")
        clock = _clock_before(events, i)
        assert clock is not None
        open_ = [a for a in history.appointments if clock - SKEW - a.start > timedelta(minutes=2)]
        assume(open_)
        appointment = draw(st.sampled_from(open_), label="appointment")
        at = appointment.start + (clock - SKEW - appointment.start) / 2
        _insert(events, i, AppointmentEnded(at=at, actor=events[0].actor, appointment=appointment.id))
    else:
        i = n
        events.append(attrs.evolve(events[-1], at=datetime(2090, 1, 1, tzinfo=events[-1].at.tzinfo)))
    return events, i


@given(data=st.data())
def test_a_forged_event_with_a_recomputed_chain_fails_full_verification(data: st.DataObject) -> None:
    history = data.draw(histories())
    events, forged = data.draw(forgeries(history))
    try:
        ledger = history.ledger(events, validate=False)  # no hashes: the chain is recomputed
    except TamperedHistoryError:
        assume(False)  # not even foldable: not the forgery this test is about
    head = ledger.verify(hashes_only=True)
    assert head == ledger.head
    assert_detected_at(ledger, forged)
    with pytest.raises(TamperedHistoryError, match="forged"):
        ledger.verify()


def test_an_issue_closed_by_a_resident_is_named_by_full_verification() -> None:
    events = list(EVERY_TYPE.events)
    close = next(i for i, e in enumerate(events) if isinstance(e, IssueClosed))
    events[close] = attrs.evolve(events[close], actor="p-1-1a")
    ledger = EVERY_TYPE.ledger(events, validate=False)
    ledger.verify(hashes_only=True)
    assert_detected_at(ledger, close)


# -- (c) a genesis field rewritten ----------------------------------------------------------------
def _rename(items: tuple[object, ...], field: str) -> tuple[object, ...]:
    first = items[0]
    return (attrs.evolve(first, **{field: getattr(first, field) + "x"}), *items[1:])  # type: ignore[misc]


GENESIS_EDITS: dict[str, Callable[[Genesis], Genesis]] = {
    "levels": lambda g: attrs.evolve(g, levels=_rename(g.levels, "en")),
    "units": lambda g: attrs.evolve(g, units=_rename(g.units, "name_en")),
    "people": lambda g: attrs.evolve(g, people=_rename(g.people, "name")),
    "associations": lambda g: attrs.evolve(
        g, associations=(*g.associations, Association("AS-x", "patrol_team", g.units[0].code, "队", "team"))
    ),
    "appointments": lambda g: attrs.evolve(
        g,
        appointments=(
            attrs.evolve(g.appointments[0], start=g.appointments[0].start - timedelta(days=1)),
            *g.appointments[1:],
        ),
    ),
    "created_at": lambda g: attrs.evolve(g, created_at=(g.created_at or EPOCH) - timedelta(days=400)),
    "charter_key": lambda g: attrs.evolve(g, charter_key=g.charter_key + "x"),
    "charter_digest": lambda g: attrs.evolve(g, charter_digest="0" * 64),
    "clock": lambda g: attrs.evolve(g, clock="wall" if g.clock == "events" else "events"),
    "public_key": lambda g: attrs.evolve(g, public_key="ab" * 32),
    "note": lambda g: attrs.evolve(g, note=g.note + "x"),
    "ledger_version": lambda g: attrs.evolve(g, ledger_version=g.ledger_version + 1),
}


def test_every_genesis_field_has_an_edit() -> None:
    assert set(GENESIS_EDITS) == {f.name for f in attrs.fields(Genesis) if f.init}


@given(data=st.data(), field=st.sampled_from(sorted(GENESIS_EDITS)), empty=st.booleans())
def test_a_rewritten_genesis_changes_the_root_and_fails_verification(
    data: st.DataObject, field: str, empty: bool
) -> None:
    history = data.draw(histories())
    assume(field != "appointments" or history.appointments)
    events = () if empty else history.events
    original = history.ledger(events)
    genesis = GENESIS_EDITS[field](original.genesis)
    assert genesis.digest() != original.genesis.digest()
    if field == "charter_digest":
        # the charter given no longer matches the record: the ledger refuses to open
        with pytest.raises(DefinitionError):
            Ledger(history.charter, genesis)
        return
    kwargs: dict[str, object] = {"validate": False}
    if genesis.clock == "wall":  # a wall-clock ledger replays with its recorded times
        kwargs["recorded"] = [micros(original.recorded_at(i)) for i in range(len(events))]
    rewritten = Ledger.replay(history.charter, genesis, events, hashes=hashes_of(original), **kwargs)  # type: ignore[arg-type]
    assert rewritten.root != original.root
    if events:
        assert_detected_at(rewritten, 0)
        assert_detected_at(rewritten, 0, hashes_only=True)
    else:
        checkpoint = Checkpoint.of(original, at=EPOCH)
        with pytest.raises(TamperedHistoryError) as caught:
            checkpoint.check(rewritten)
        assert caught.value.index == 0
        with pytest.raises(TamperedHistoryError):
            rewritten.verify(checkpoint=checkpoint)


# -- (d) checkpoints ------------------------------------------------------------------------------
@given(data=st.data())
def test_a_checkpoint_detects_a_dropped_tail(data: st.DataObject) -> None:
    history = data.draw(histories())
    n = len(history.events)
    seen = data.draw(st.integers(1, n), label="events at the checkpoint")
    checkpoint = Checkpoint.of(history.ledger(history.events[:seen]))
    full = history.ledger()
    assert full.verify(checkpoint=checkpoint) == full.head  # the chain it was taken on goes on
    kept = data.draw(st.integers(0, seen - 1), label="events kept")
    dropped = history.ledger(history.events[:kept], validate=False, hashes=hashes_of(full)[: 16 * kept])
    assert dropped.verify() == dropped.head  # on its own, a shorter chain is consistent
    with pytest.raises(TamperedHistoryError) as caught:
        dropped.verify(checkpoint=checkpoint)
    assert caught.value.index == kept
    assert "dropped" in str(caught.value)


@given(data=st.data())
def test_a_checkpoint_detects_a_rewritten_history(data: st.DataObject) -> None:
    history = data.draw(histories())
    n = len(history.events)
    checkpoint = Checkpoint.of(history.ledger())
    events = list(history.events)
    # (a correction's ``corrects`` is left alone here: re-pointing it is an edit of (a)'s kind)
    i = data.draw(
        st.sampled_from([j for j, e in enumerate(events) if not isinstance(e, EventCorrected)]),
        label="rewritten event",
    )
    events[i] = data.draw(edited_event(events[i]))
    try:
        rewritten = history.ledger(events, validate=False)  # every hash recomputed
    except TamperedHistoryError:
        assume(False)
    assert len(rewritten) == n
    assert rewritten.verify(hashes_only=True) == rewritten.head  # consistent in itself
    with pytest.raises(TamperedHistoryError) as caught:
        checkpoint.check(rewritten)
    assert caught.value.index == n - 1
    assert "rewritten" in str(caught.value)


SIGNING_KEY = generate_key()


def _signed_ledger(history: History, key: bytes = SIGNING_KEY) -> Ledger:
    ledger = Ledger(
        history.charter, history.community, appointments=history.appointments, public_key=public_key_of(key)
    )
    ledger.apply_all(history.events)
    return ledger


@given(data=st.data())
def test_a_signed_checkpoint_with_flipped_signature_bytes_fails(data: st.DataObject) -> None:
    history = data.draw(histories())
    ledger = _signed_ledger(history)
    checkpoint = Checkpoint.of(ledger, private_key=SIGNING_KEY)
    checkpoint.check(ledger)  # genuine: it passes
    assert checkpoint.signature is not None
    signature = bytearray(checkpoint.signature)
    position = data.draw(st.integers(0, len(signature) - 1), label="byte")
    signature[position] ^= data.draw(st.integers(1, 255), label="flipped bits")
    forged = attrs.evolve(checkpoint, signature=bytes(signature))
    with pytest.raises(TamperedHistoryError, match="signature"):
        forged.check(ledger)
    with pytest.raises(TamperedHistoryError, match="signature"):
        ledger.verify(checkpoint=forged)


def test_a_checkpoint_signed_with_another_key_or_unsigned_fails() -> None:
    ledger = _signed_ledger(EVERY_TYPE)
    with pytest.raises(TamperedHistoryError, match="signature"):
        Checkpoint.of(ledger, private_key=generate_key()).check(ledger)
    with pytest.raises(TamperedHistoryError, match="not signed"):
        Checkpoint.of(ledger).check(ledger)
