"""Every attack on a ledger's trust that was found, each refused with a clear message.

The attacks come from an audit of stores and ledgers: bending time and recording a core step
through the plugin event to skip its checks.  The attacks on a store's rows (editing the
genesis record, forging events with recomputed hashes, changing the community outside the
ledger) are in the store suite, cogov.testing.stores, run for every backend by
test_store_conformance.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from cogov import Ledger, basic_charter
from cogov.boundary.codec import dumps_genesis, loads_event, loads_genesis
from cogov.errors import DecodeError, InvalidFieldError, RecordingTimeError
from cogov.events import AppointmentEnded, IssueActionTaken, IssueCollected, IssueRegistered
from cogov.testing.samples import DEMO_START, demo_appointments, demo_community, demo_events

CHARTER = basic_charter()
GRID1 = "420325100001-G01"
HOUSEHOLD = f"{GRID1}-B1-H01"


def _collect(issue: str, at: datetime, actor: str = "p-grid1") -> IssueCollected:
    return IssueCollected(
        at=at,
        actor=actor,
        issue=issue,
        kind="dispute",
        unit=HOUSEHOLD,
        channel="grid_visit",
        summary="走访 a visit",
    )


def test_an_ex_grid_head_cannot_back_date_a_step_to_before_their_appointment_ended() -> None:
    ledger = Ledger(CHARTER, demo_community(), appointments=demo_appointments())
    ledger.apply_all(list(demo_events(30)))
    now = ledger.clock
    assert now is not None
    ledger.apply(_collect("I-open", now + timedelta(minutes=1)))
    ledger.apply(AppointmentEnded(at=now + timedelta(hours=1), actor="p-sec", appointment="a-grid1"))
    back_dated = IssueRegistered(at=now + timedelta(minutes=30), actor="p-grid1", issue="I-open")
    with pytest.raises(RecordingTimeError, match="before a change to 'p-grid1'"):
        ledger.apply(back_dated)
    with pytest.raises(RecordingTimeError, match="authority"):
        ledger.apply(_collect("I-backdated", now + timedelta(minutes=30)))
    assert ledger.issue("I-open").state == "collected"


def test_a_secretary_cannot_end_an_appointment_retroactively() -> None:
    """Ending an appointment in the past would turn recorded steps unauthorised: refused."""
    ledger = Ledger(CHARTER, demo_community(), appointments=demo_appointments())
    ledger.apply_all(list(demo_events(49)))
    steps = [s for r in ledger.issues.values() for s in ledger.history(r.id)]
    assert all(step.role is not None for step in steps)
    with pytest.raises(RecordingTimeError, match="never back-dated"):
        ledger.apply(AppointmentEnded(at=DEMO_START, actor="p-sec", appointment="a-grid1"))
    assert all(step.role is not None for r in ledger.issues.values() for step in ledger.history(r.id))


def test_an_event_dated_in_the_future_is_refused() -> None:
    """2090 is after the wall clock (an archive) and after the recording time (a store in use)."""
    ledger = Ledger(CHARTER, demo_community(), appointments=demo_appointments())
    future = IssueCollected(
        at=datetime(2090, 1, 1, tzinfo=UTC),
        actor="p-grid1",
        issue="I-2090",
        kind="dispute",
        unit=HOUSEHOLD,
        channel="grid_visit",
        summary="未来 the future",
    )
    with pytest.raises(RecordingTimeError, match="after the wall clock"):
        ledger.apply(future)
    live = Ledger(
        CHARTER,
        demo_community(),
        appointments=demo_appointments(),
        clock=lambda: datetime(2026, 5, 1, tzinfo=UTC),
    )
    with pytest.raises(RecordingTimeError, match="after the time it is recorded"):
        live.apply(future)
    assert len(ledger) == len(live) == 0


def test_late_recording_is_allowed_only_within_the_charters_window() -> None:
    now = datetime(2022, 3, 9, 18, tzinfo=UTC)  # a Wednesday
    live = Ledger(CHARTER, demo_community(), appointments=demo_appointments(), clock=lambda: now)

    def visit(days: int, issue: str) -> IssueCollected:
        return IssueCollected(
            at=now - timedelta(days=days),
            actor="p-grid1",
            issue=issue,
            kind="dispute",
            unit=HOUSEHOLD,
            channel="grid_visit",
            summary="走访补录 written up later",
        )

    live.apply(visit(2, "I-two-days"))  # Monday, two working days late: within the window
    with pytest.raises(RecordingTimeError, match="3 working days later"):
        live.apply(visit(3, "I-three-days"))
    assert live.recorded_at(0) == now


@pytest.mark.parametrize("action", ["close", "follow_up", "plan", "escalate"])
def test_the_plugin_event_cannot_carry_a_core_action(action: str) -> None:
    """A follow-up with no satisfaction answer, a plan with no responsible person: refused."""
    with pytest.raises(InvalidFieldError, match="core action"):
        IssueActionTaken(at=DEMO_START, actor="p-grid1", issue="I-1", action=action)
    text = json.dumps(
        {
            "type": "issue_action_taken",
            "at": DEMO_START.isoformat(),
            "actor": "p-grid1",
            "issue": "I-1",
            "action": action,
            "note": "",
        }
    )
    with pytest.raises(DecodeError, match="core action"):
        loads_event(text)


def test_a_genesis_document_round_trips_and_names_its_digest() -> None:
    ledger = Ledger(CHARTER, demo_community(), appointments=demo_appointments())
    again = loads_genesis(dumps_genesis(ledger.genesis))
    assert again == ledger.genesis
    assert again.digest() == ledger.root
    assert attrs.evolve(again, note="x").digest() != ledger.root
