"""Property tests of the ledger's fold: replay, the hash chain, atomic batches, refusals."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import CogovError, Ledger
from cogov.errors import TamperedHistoryError
from cogov.events import IssueEvent
from cogov.testing import History, charters, histories, illegal_issue_events, issue_events


def stored_hashes(ledger: Ledger) -> bytes:
    return b"".join(ledger.hash_of(i) for i in range(len(ledger)))


@given(histories())
def test_validated_replay_equals_live_state(scenario: History) -> None:
    """Replaying the recorded events with full validation rebuilds an equal state and chain."""
    live = scenario.ledger()
    again = Ledger.replay(
        scenario.charter, scenario.community, live.events, appointments=scenario.appointments
    )
    assert again.snapshot() == live.snapshot()
    assert again.head == live.head


@given(histories())
def test_trusted_replay_with_hashes_equals_live_state(scenario: History) -> None:
    """A trusted replay (no checks) with the stored hashes equals the live state and verifies."""
    live = scenario.ledger()
    trusted = Ledger.replay(
        scenario.charter,
        scenario.community,
        list(live.events),
        appointments=scenario.appointments,
        validate=False,
        hashes=stored_hashes(live),
    )
    assert trusted.snapshot() == live.snapshot()
    assert trusted.verify() == live.head


@given(histories())
def test_trusted_replay_without_hashes_recomputes_the_same_chain(scenario: History) -> None:
    """Without stored hashes the chain is recomputed lazily and comes out the same."""
    live = scenario.ledger()
    trusted = Ledger.replay(
        scenario.charter,
        scenario.community,
        list(live.events),
        appointments=scenario.appointments,
        validate=False,
    )
    assert trusted.head == live.head
    assert stored_hashes(trusted) == stored_hashes(live)


@given(histories(), st.data())
def test_replay_of_any_prefix_equals_the_ledger_at_that_point(scenario: History, data: st.DataObject) -> None:
    """The state after the first n events depends only on those events (no look-ahead)."""
    n = data.draw(st.integers(0, len(scenario.events)))
    prefix = History(scenario.charter, scenario.community, scenario.appointments, scenario.events[:n])
    live = prefix.ledger()
    again = Ledger.replay(
        scenario.charter, scenario.community, scenario.events[:n], appointments=scenario.appointments
    )
    assert again.snapshot() == live.snapshot()
    assert len(again) == n


@given(histories(), st.data())
def test_changing_any_event_is_detected_at_that_event(scenario: History, data: st.DataObject) -> None:
    """Altering a recorded event makes verify() name exactly that event."""
    live = scenario.ledger()
    if not len(live):
        return
    events = list(live.events)
    seq = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["at", "actor"]))
    original = events[seq]
    if field == "at":
        events[seq] = attrs.evolve(original, at=original.at + timedelta(minutes=1))
    else:
        events[seq] = attrs.evolve(original, actor=original.actor + "x")
    tampered = Ledger.replay(
        scenario.charter,
        scenario.community,
        events,
        appointments=scenario.appointments,
        validate=False,
        hashes=stored_hashes(live),
    )
    with pytest.raises(TamperedHistoryError) as caught:
        tampered.verify()
    assert caught.value.index == seq
    assert f"event #{seq}" in str(caught.value)


@given(histories(), st.data())
def test_dropping_an_event_is_detected(scenario: History, data: st.DataObject) -> None:
    """Removing a recorded event (not the last) breaks the chain at its position."""
    live = scenario.ledger()
    if len(live) < 2:
        return
    events = list(live.events)
    seq = data.draw(st.integers(0, len(events) - 2))
    del events[seq]
    hashes = stored_hashes(live)[: 16 * len(events)]
    with pytest.raises(TamperedHistoryError) as caught:
        # The trusted fold may already trip over a step that no longer follows; else verify does.
        Ledger.replay(
            scenario.charter,
            scenario.community,
            events,
            appointments=scenario.appointments,
            validate=False,
            hashes=hashes,
        ).verify()
    assert caught.value.index >= seq
    if "replay:" not in str(caught.value):
        assert caught.value.index == seq


@given(histories(max_events=15), st.data())
def test_refused_event_changes_nothing(scenario: History, data: st.DataObject) -> None:
    """An event the ledger refuses leaves state, length and chain head exactly as they were."""
    ledger = scenario.ledger()
    illegal = data.draw(illegal_issue_events(ledger))
    before = (ledger.snapshot(), len(ledger), ledger.head)
    with pytest.raises(illegal.error):
        ledger.apply(illegal.event)
    assert (ledger.snapshot(), len(ledger), ledger.head) == before


@given(histories(max_events=15), st.data())
def test_batch_with_one_bad_event_keeps_nothing(scenario: History, data: st.DataObject) -> None:
    """apply_all rolls back every event of a batch when any one of them is refused."""
    ledger = scenario.ledger()
    shadow = scenario.ledger()
    good: list[IssueEvent] = []
    for _ in range(data.draw(st.integers(0, 4))):
        event = data.draw(issue_events(shadow))
        shadow.apply(event)
        good.append(event)
    position = data.draw(st.integers(0, len(good)))
    at_position = scenario.ledger()
    for event in good[:position]:
        at_position.apply(event)
    illegal = data.draw(illegal_issue_events(at_position))
    records = {k: (v, v.copy()) for k, v in ledger.issues.items()}
    before = (ledger.snapshot(), len(ledger), ledger.head)
    with pytest.raises(illegal.error) as caught:
        ledger.apply_all([*good[:position], illegal.event, *good[position:]])
    assert f"refused at position {position} of the batch" in caught.value.__notes__[0]
    assert any("rolled back" in note for note in caught.value.__notes__)
    assert (ledger.snapshot(), len(ledger), ledger.head) == before
    for record, copy in records.values():
        assert record == copy, "a record handed out before the batch was left changed"


@given(histories(max_events=15), st.data())
def test_check_accepts_exactly_what_apply_accepts_and_records_nothing(
    scenario: History, data: st.DataObject
) -> None:
    """Ledger.check raises the error apply would raise, and never records the event."""
    ledger = scenario.ledger()
    event = (
        data.draw(illegal_issue_events(ledger)).event
        if data.draw(st.booleans())
        else data.draw(issue_events(ledger))
    )
    before = (ledger.snapshot(), len(ledger), ledger.head)
    try:
        ledger.check(event)
    except CogovError as refused:
        assert (ledger.snapshot(), len(ledger), ledger.head) == before
        with pytest.raises(type(refused)):
            ledger.apply(event)
    else:
        assert (ledger.snapshot(), len(ledger), ledger.head) == before
        ledger.apply(event)
        assert len(ledger) == before[1] + 1


@given(charters().flatmap(lambda charter: histories(charter, max_events=25)))
def test_plugin_extended_workflows_replay_and_verify_like_the_canonical_one(scenario: History) -> None:
    """Histories using plugin actions (IssueActionTaken) replay, trusted or not, to the live state."""
    live = scenario.ledger()
    for trusted in (False, True):
        again = Ledger.replay(
            scenario.charter,
            scenario.community,
            list(live.events),
            appointments=scenario.appointments,
            validate=not trusted,
            hashes=stored_hashes(live) if trusted else None,
        )
        assert again.snapshot() == live.snapshot()
        assert again.verify() == live.head
    for record in live.issues.values():
        assert all(scenario.charter.workflow.state(state) for state in record.path)
