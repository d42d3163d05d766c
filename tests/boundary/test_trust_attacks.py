"""Every attack on a ledger's trust that was found, each refused with a clear message.

The attacks come from an audit of stores and ledgers: editing what a store keeps beside the
chain, changing the community outside the ledger, forging events with recomputed hashes,
bending time, and recording a core step through the plugin event to skip its checks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from cogov import Checkpoint, Ledger, Person, basic_charter
from cogov.boundary.codec import dumps_genesis, loads_event, loads_genesis
from cogov.boundary.event_rows import encode_row
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.engine.replay import replay
from cogov.errors import DecodeError, FrozenError, InvalidFieldError, RecordingTimeError, TamperedHistoryError
from cogov.events import (
    AppointmentEnded,
    Event,
    IssueActionTaken,
    IssueCollected,
    IssueRegistered,
    PersonRegistered,
)
from cogov.testing.samples import DEMO_START, demo_appointments, demo_community, demo_events

CHARTER = basic_charter()
GRID1 = "420325100001-G01"
HOUSEHOLD = f"{GRID1}-B1-H01"


def _archive(path: Path, events: int = 60) -> None:
    """A store whose clock follows its events (an archive of the demo's 2022 records)."""
    with SQLiteStore.create(path, CHARTER, demo_community(), demo_appointments(), clock="events") as store:
        stream = list(demo_events(events))
        for i in range(0, len(stream), 20):
            store.append(stream[i : i + 20])


def _edit_genesis(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    genesis = json.loads(db.execute("SELECT value FROM meta WHERE key = 'genesis'").fetchone()[0])
    change(genesis)
    db.execute("UPDATE meta SET value = ? WHERE key = 'genesis'", (json.dumps(genesis, ensure_ascii=False),))
    db.close()


def _secretary_to_resident(genesis: dict[str, Any]) -> None:
    for appointment in genesis["appointments"]:
        if appointment["role"] == "community_secretary":
            appointment["person"] = "p-1-1a"


def _grid1_under_grid2(genesis: dict[str, Any]) -> None:
    for unit in genesis["units"]:
        if unit["code"] == f"{GRID1}-B1":
            unit["parent"] = "420325100001-G02"


def _secretary_to_another_party_member(genesis: dict[str, Any]) -> None:
    for appointment in genesis["appointments"]:
        if appointment["role"] == "community_secretary":
            appointment["person"] = "p-grid2"


def _rename_everyone(genesis: dict[str, Any]) -> None:
    for person in genesis["people"]:
        person["name"] = "某人"


def _rewrite_created_at(genesis: dict[str, Any]) -> None:
    genesis["created_at"] = "2020-01-01T00:00:00+08:00"


def _rewrite_charter_key(genesis: dict[str, Any]) -> None:
    genesis["charter_key"] = "xiaoxiguan"


@pytest.mark.parametrize(
    "edit",
    [
        _secretary_to_resident,
        _secretary_to_another_party_member,
        _grid1_under_grid2,
        _rename_everyone,
        _rewrite_created_at,
        _rewrite_charter_key,
    ],
)
def test_an_edit_of_the_genesis_record_in_a_store_is_caught_at_event_0(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None]
) -> None:
    """What once sat beside the chain (structure, register, appointments, creation time, charter
    key) is now in the genesis record the first link commits to: any edit fails verification."""
    path = tmp_path / "ledger.db"
    _archive(path)
    _edit_genesis(path, edit)
    with SQLiteStore.open(path, CHARTER) as store:
        with pytest.raises(TamperedHistoryError, match="genesis record was changed") as caught:
            store.verify()
        assert caught.value.index == 0
        with pytest.raises(TamperedHistoryError) as loading:
            store.load()  # a reader refuses it too, by default
        assert loading.value.index == 0


def test_an_edit_of_an_empty_stores_genesis_is_caught_by_a_checkpoint(tmp_path: Path) -> None:
    """With no event yet, only a published checkpoint pins the genesis record."""
    path = tmp_path / "ledger.db"
    with SQLiteStore.create(path, CHARTER, demo_community(), demo_appointments(), clock="events") as store:
        published = Checkpoint.loads(store.checkpoint().dumps())
    _edit_genesis(path, _secretary_to_resident)
    with SQLiteStore.open(path, CHARTER) as store, pytest.raises(TamperedHistoryError, match="genesis"):
        store.verify(checkpoint=published)


def test_the_community_of_a_store_cannot_be_changed_outside_the_ledger(tmp_path: Path) -> None:
    """``store.community.add_person`` used to work and then vanish on reopen: now it is refused."""
    path = tmp_path / "ledger.db"
    _archive(path, events=10)
    with SQLiteStore.open(path, CHARTER) as store:
        with pytest.raises(FrozenError, match="PersonRegistered"):
            store.community.add_person(Person("p-new", "新居民", household=HOUSEHOLD))
        assert not store.community.has_person("p-new")


def test_a_register_change_survives_reopen_and_validated_replay(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    _archive(path, events=10)
    with SQLiteStore.open(path, CHARTER) as store:
        at = max(e.at for e in store.events()) + timedelta(hours=1)
        store.append(
            [PersonRegistered(at=at, actor="p-grid1", person="p-new", name="新居民", household=HOUSEHOLD)]
        )
        store.append(
            [
                IssueCollected(
                    at=at + timedelta(minutes=5),
                    actor="p-grid1",
                    issue="I-new",
                    kind="dispute",
                    unit=HOUSEHOLD,
                    channel="grid_visit",
                    summary="新居民反映 raised by the newcomer",
                    reporter="p-new",
                )
            ]
        )
    with SQLiteStore.open(path, CHARTER, readonly=True) as store:
        assert store.community.person("p-new").name == "新居民"
        ledger = store.load()
        again = Ledger.replay(CHARTER, store.genesis, list(store.events()))
        assert again.snapshot() == ledger.snapshot()
        assert again.head == store.verify()


def _forge(path: Path, position: int, forged: Event) -> None:
    """Insert ``forged`` at ``position`` and rewrite every later row with recomputed hashes."""
    with SQLiteStore.open(path, CHARTER, readonly=True) as store:
        events = list(store.events())
        genesis = store.genesis
    events.insert(position, forged)
    ledger = Ledger(CHARTER, genesis)
    replay(ledger, events, validate=False, hashes=None, recorded=None)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.execute("DELETE FROM events")
    db.executemany(
        "INSERT INTO events (seq, batch, body, hash, recorded) VALUES (?, 1, ?, ?, NULL)",
        [(i, encode_row(e).encode(), ledger.hash_of(i)) for i, e in enumerate(events)],
    )
    db.execute("DELETE FROM batches")
    db.execute(
        "INSERT INTO batches (id, first_seq, count, head, recorded_at) VALUES (1, 0, ?, ?, '')",
        (len(events), ledger.head),
    )
    db.execute("COMMIT")
    db.close()


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


@pytest.mark.parametrize("actor", ["p-1-1a", "p-ghost"], ids=["a resident", "an unknown actor"])
def test_a_forged_event_with_recomputed_hashes_fails_full_verification(tmp_path: Path, actor: str) -> None:
    """The chain agrees with itself, so only re-validating the meaning catches the forgery."""
    path = tmp_path / "ledger.db"
    _archive(path, events=60)
    with SQLiteStore.open(path, CHARTER) as store:
        last = max(e.at for e in store.events())
        store.append([_collect("I-open", last + timedelta(minutes=1))])
        position = len(store)
    forged = IssueRegistered(at=last + timedelta(minutes=2), actor=actor, issue="I-open")
    _forge(path, position, forged)
    with SQLiteStore.open(path, CHARTER) as store:
        assert store.verify(hashes_only=True)  # the bytes and hashes agree ...
        with pytest.raises(TamperedHistoryError, match="fails validation") as caught:
            store.verify()  # ... the meaning does not
        assert caught.value.index == position
        with pytest.raises(TamperedHistoryError) as loading:
            store.load()
        assert loading.value.index == position
        assert store.load(verify=False)  # the explicit opt-out for trusted stores


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
