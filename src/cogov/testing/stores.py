"""The store conformance suite: what every :class:`~cogov.boundary.store.EventStore` must do.

Round trips of every event type in any batching, all-or-nothing batches, writers that race
(other store objects, other processes), tampering named by the event it touches, genesis
records that cannot be edited, forged histories, checkpoints that catch a dropped tail,
recorded times on a wall clock and, marked ``slow``, a writer killed with SIGKILL mid-batch
again and again.  cogov runs it against SQLite and PostgreSQL; a third-party store proves
itself the same way, with a :class:`~cogov.testing.store_backends.StoreBackend` of its own::

    import pytest
    from cogov.testing.stores import StoreConformance

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def backend(self, tmp_path):
            yield MyBackend(tmp_path)

This module imports pytest and Hypothesis (the ``dev`` extra).
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov.boundary.event_rows import encode_row
from cogov.boundary.store import EventStore
from cogov.engine.checkpoints import Checkpoint
from cogov.engine.ledger import Ledger
from cogov.engine.replay import replay
from cogov.errors import CogovError, FrozenError, StoreError, TamperedHistoryError
from cogov.model.canonical import basic_charter
from cogov.model.events import Event, IssueClosed, IssueCollected, IssueRegistered, PersonRegistered
from cogov.model.structure import Person
from cogov.testing.every_type import (
    HOUSEHOLD,
    every_type_appointments,
    every_type_charter,
    every_type_history,
)
from cogov.testing.samples import demo_appointments, demo_community, demo_events
from cogov.testing.store_backends import StoreBackend
from cogov.testing.store_writer import batch_size

__all__ = ["StoreConformance", "fresh_key"]

CHARTER = basic_charter()
#: Hypothesis examples share one backend (a function-scoped fixture); each makes its own store
shared = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def fresh_key() -> str:
    return f"s{uuid.uuid4().hex[:12]}"


def demo_store(backend: StoreBackend, events: int = 0, batch: int = 50, key: str | None = None) -> str:
    """A new store of the demo community (clock following its events) with ``events`` events."""
    key = key or fresh_key()
    with backend.create(key, CHARTER, demo_community(), demo_appointments(), clock="events") as store:
        stream = list(demo_events(events))
        for i in range(0, len(stream), batch):
            store.append(stream[i : i + batch])
    return key


def _head(events: list[Event]) -> bytes:
    return Ledger.replay(CHARTER, demo_community(), events, appointments=demo_appointments()).head


def _flip(data: bytes, position: int, bit: int) -> bytes:
    changed = bytearray(data)
    changed[position % len(changed)] ^= 1 << bit
    return bytes(changed)


def _edit(backend: StoreBackend, key: str, change: Callable[[dict[str, Any]], None]) -> None:
    genesis = json.loads(backend.genesis_text(key))
    change(genesis)
    backend.set_genesis_text(key, json.dumps(genesis, ensure_ascii=False))


def _secretary_to_resident(genesis: dict[str, Any]) -> None:
    for appointment in genesis["appointments"]:
        if appointment["role"] == "community_secretary":
            appointment["person"] = "p-1-1a"


def _grid1_under_grid2(genesis: dict[str, Any]) -> None:
    for unit in genesis["units"]:
        if unit["code"] == "420325100001-G01-B1":
            unit["parent"] = "420325100001-G02"


def _rename_everyone(genesis: dict[str, Any]) -> None:
    for person in genesis["people"]:
        person["name"] = "某人"


def _rewrite_created_at(genesis: dict[str, Any]) -> None:
    genesis["created_at"] = "2020-01-01T00:00:00+08:00"


def _rewrite_charter_key(genesis: dict[str, Any]) -> None:
    genesis["charter_key"] = "xiaoxiguan"


GENESIS_EDITS = [
    _secretary_to_resident,
    _grid1_under_grid2,
    _rename_everyone,
    _rewrite_created_at,
    _rewrite_charter_key,
]

#: changes to a stored event's JSON that decode but that cogov could not have written
UNWRITABLE = {
    "number where text belongs": (('"note":""', '"note":7'), "cannot write"),
    "lone surrogate": (('"note":""', '"note":"\\ud800"'), "does not decode|cannot write"),
    "naive time": (('"at":"2022-01-03T08:00:00+08:00"', '"at":"2022-01-03T08:00:00"'), "cannot write"),
}


class StoreConformance:
    """Tests every store backend passes; a subclass (or its module) provides a ``backend`` fixture
    yielding a :class:`~cogov.testing.store_backends.StoreBackend`."""

    # -- round trips ----------------------------------------------------------------------
    @shared
    @given(cuts=st.lists(st.integers(1, 12), max_size=8))
    def test_every_event_type_round_trips(self, backend: StoreBackend, cuts: list[int]) -> None:
        """A history using every event type, appended in any batching, reloads to an equal ledger and chain."""
        charter, appointments, events = every_type_charter(), every_type_appointments(), every_type_history()
        community = demo_community()
        expected = Ledger(charter, community, appointments=appointments)
        expected.apply_all(events)
        key = fresh_key()
        sizes = []
        with backend.create(key, charter, community, appointments) as store:
            assert isinstance(store, EventStore)
            position = 0
            for cut in [*cuts, len(events)]:
                if position < len(events):
                    sizes.append(len(events[position : position + cut]))
                    store.append(events[position : position + cut])
                    position += cut
        with backend.open(key, charter) as store:
            assert list(store.events()) == events
            assert list(store.events(5)) == events[5:]
            ledger = store.load()
            assert ledger.snapshot() == expected.snapshot()
            assert store.verify() == ledger.verify() == expected.head
            assert [b.count for b in store.batches()] == sizes
            assert store.community == expected.community  # as the register events made it
            assert store.appointments == appointments
            assert len(store) == len(events)

    @shared
    @given(count=st.integers(0, 300), batch=st.integers(1, 120), grids=st.integers(1, 5))
    def test_generated_streams_round_trip(
        self, backend: StoreBackend, count: int, batch: int, grids: int
    ) -> None:
        """Streams of any length and batch size reload exactly and verify, read-only too."""
        key = fresh_key()
        stream = list(demo_events(count, grids=grids))
        with backend.create(key, CHARTER, demo_community(grids), demo_appointments(grids)) as store:
            for i in range(0, count, batch):
                store.append(stream[i : i + batch])
        with backend.open(key, CHARTER, readonly=True) as store:
            assert list(store.load().events) == stream
            assert list(store.load(verify=False).events) == stream
            expected = Ledger.replay(
                CHARTER, demo_community(grids), stream, appointments=demo_appointments(grids)
            ).head
            assert store.verify() == expected

    def test_the_recorded_charter_is_the_default(self, backend: StoreBackend) -> None:
        """Opened without a charter, a store uses the one it was recorded under."""
        key = demo_store(backend, events=30)
        with backend.open(key) as store:
            assert store.charter == CHARTER
            assert store.verify() == _head(list(demo_events(30)))

    # -- batches --------------------------------------------------------------------------
    def test_an_invalid_event_rejects_its_batch(self, backend: StoreBackend) -> None:
        """A refused event writes nothing of its batch; earlier batches and later appends are unaffected."""
        key = demo_store(backend, events=120, batch=40)
        good = list(demo_events(130))[120:]
        bad = IssueClosed(at=good[0].at, actor="p-sec", issue="I-does-not-exist")
        with backend.open(key, CHARTER) as store:
            before = store.load().snapshot()
            with pytest.raises(CogovError, match="unknown issue 'I-does-not-exist'") as caught:
                store.append([*good[:5], bad, *good[5:]])
            assert "position 5" in "".join(caught.value.__notes__)
            assert len(store) == 120
        with backend.open(key, CHARTER) as store:
            assert len(store) == 120
            assert store.load().snapshot() == before
            batch = store.append(good)
            assert (batch.id, batch.first_seq, batch.count) == (4, 120, 10)
            assert store.verify() == _head(list(demo_events(130)))

    def test_unwritable_events_are_refused_before_anything_changes(self, backend: StoreBackend) -> None:
        """An event the codec cannot write leaves store and ledger untouched."""
        key = demo_store(backend, events=10)
        event = IssueRegistered(at=next(demo_events(1)).at, actor="p-sec", issue="I-0000001")
        object.__setattr__(event, "note", 5)  # corrupted in memory after validation
        with backend.open(key, CHARTER) as store:
            with pytest.raises(CogovError):
                store.append([event])
            with pytest.raises(CogovError, match="empty"):
                store.append([])
            assert len(store) == 10
            assert store.verify() == store.load().head

    def test_a_reader_cannot_append_and_a_store_cannot_be_made_twice(self, backend: StoreBackend) -> None:
        """A read-only store refuses appends and checkpoints; creating an existing store is refused."""
        key = demo_store(backend, events=5)
        with backend.open(key, CHARTER, readonly=True) as reader:
            with pytest.raises(StoreError, match="read-only"):
                reader.append(list(demo_events(6))[5:])
            with pytest.raises(StoreError, match="read-only"):
                reader.checkpoint()
        with pytest.raises(StoreError, match="exists"):
            backend.create(key, CHARTER, demo_community(), demo_appointments())

    # -- writers that race ----------------------------------------------------------------
    def test_two_writers_of_one_store_stay_consistent(self, backend: StoreBackend) -> None:
        """A second writer folds in what the first appended before validating its own batch."""
        key = demo_store(backend)
        stream = list(demo_events(60))
        with backend.open(key, CHARTER) as first, backend.open(key, CHARTER) as second:
            first.append(stream[:20])
            second.append(stream[20:40])
            first.append(stream[40:60])
            assert list(second.events()) == stream
            assert first.verify() == second.verify() == _head(stream)

    def test_writer_processes_racing_on_one_community_never_fork_its_chain(
        self, backend: StoreBackend
    ) -> None:
        """Four processes append batches to one store at once: every batch lands whole, in one
        chain that verifies."""
        key = fresh_key()
        backend.create(key, CHARTER, demo_community(), demo_appointments(), clock="wall").close()
        writers = [
            subprocess.Popen(  # noqa: S603 - the backend's own writer command
                backend.writer_command(key, "issues", f"W{n}", "6", "25"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        for writer in writers:
            out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
            assert out.strip() == "done"
        with backend.open(key, CHARTER, readonly=True) as store:
            assert store.verify()
            batches = store.batches()
            assert len(batches) == 24
            assert [b.first_seq for b in batches] == list(range(0, 600, 25))
            issues = [e.issue for e in store.events() if isinstance(e, IssueCollected)]
            assert sorted(issues) == sorted(f"W{n}-{i}" for n in range(4) for i in range(150))
            for batch in batches:  # each batch is one writer's, whole and in order
                mine = issues[batch.first_seq : batch.first_seq + batch.count]
                assert len({name.split("-")[0] for name in mine}) == 1

    # -- tampering ------------------------------------------------------------------------
    @shared
    @given(
        seq=st.integers(0, 99),
        column=st.sampled_from(["body", "hash"]),
        position=st.integers(0, 10_000),
        bit=st.integers(0, 7),
    )
    def test_a_flipped_bit_in_a_stored_event_is_named(
        self, backend: StoreBackend, seq: int, column: str, position: int, bit: int
    ) -> None:
        """Changing any one bit of a stored event's JSON or hash makes verify() name that event."""
        key = getattr(backend, "_conformance_flips", None)
        if key is None:  # the first example makes the store the others share
            key = demo_store(backend, events=100, batch=25)
            setattr(backend, "_conformance_flips", key)  # noqa: B010 - not an attribute backends declare
        body, stored = backend.event_row(key, seq)
        if column == "body":
            backend.set_event_row(key, seq, body=_flip(body, position, bit))
        else:
            backend.set_event_row(key, seq, hash=_flip(stored, position, bit))
        try:
            with backend.open(key, CHARTER) as store, pytest.raises(TamperedHistoryError) as caught:
                store.verify()
            assert caught.value.index == seq
            assert f"event #{seq}" in str(caught.value)
        finally:
            backend.set_event_row(key, seq, body=body, hash=stored)

    def test_a_changed_event_that_still_decodes_is_named(self, backend: StoreBackend) -> None:
        """A change that yields a different but valid event (an issue id) is caught by the chain."""
        key = demo_store(backend, events=40)
        body, _ = backend.event_row(key, 17)
        assert b"I-0000002" in body
        backend.set_event_row(key, 17, body=body.replace(b"I-0000002", b"I-0000009"))
        with (
            backend.open(key, CHARTER) as store,
            pytest.raises(TamperedHistoryError, match="chain hash") as caught,
        ):
            store.verify()
        assert caught.value.index == 17

    def test_a_missing_event_is_named(self, backend: StoreBackend) -> None:
        """Deleting a stored event is reported at its sequence number, by verify and by load."""
        key = demo_store(backend, events=40)
        backend.delete_event_row(key, 23)
        with backend.open(key, CHARTER) as store:
            with pytest.raises(TamperedHistoryError, match="missing") as caught:
                store.verify()
            assert caught.value.index == 23
            with pytest.raises(TamperedHistoryError, match="missing"):
                store.load()

    def test_a_hash_of_the_wrong_length_is_named(self, backend: StoreBackend) -> None:
        """A chain hash that is not 16 bytes is a damaged event, found by its index."""
        key = demo_store(backend, events=20)
        backend.set_event_row(key, 3, hash=b"*")
        with backend.open(key, CHARTER, readonly=True) as store:
            for read in (store.load, store.verify):
                with pytest.raises(TamperedHistoryError, match=r"event #3.*chain hash is") as caught:
                    read()
                assert caught.value.index == 3

    @pytest.mark.parametrize(("replace", "says"), UNWRITABLE.values(), ids=UNWRITABLE.keys())
    def test_a_row_that_decodes_but_cannot_be_written_is_named(
        self, backend: StoreBackend, replace: tuple[str, str], says: str
    ) -> None:
        """verify() names a row whose values cogov could not have written, with its index."""
        key = demo_store(backend, events=20)
        body, _ = backend.event_row(key, 0)
        old, new = replace
        backend.set_event_row(key, 0, body=body.replace(old.encode(), new.encode()))
        with (
            backend.open(key, CHARTER, readonly=True) as store,
            pytest.raises(TamperedHistoryError, match=says) as caught,
        ):
            store.verify()
        assert caught.value.index == 0

    @pytest.mark.parametrize("edit", GENESIS_EDITS)
    def test_an_edit_of_the_genesis_record_is_caught_at_event_0(
        self, backend: StoreBackend, edit: Callable[[dict[str, Any]], None]
    ) -> None:
        """Structure, register, appointments, creation time, charter key: all in the genesis
        record the first link commits to, so any edit fails verification (and a default load)."""
        key = demo_store(backend, events=60, batch=20)
        _edit(backend, key, edit)
        with backend.open(key, CHARTER) as store:
            with pytest.raises(TamperedHistoryError, match="genesis record was changed") as caught:
                store.verify()
            assert caught.value.index == 0
            with pytest.raises(TamperedHistoryError) as loading:
                store.load()
            assert loading.value.index == 0

    @pytest.mark.parametrize("actor", ["p-1-1a", "p-ghost"], ids=["a resident", "an unknown actor"])
    def test_a_forged_event_with_recomputed_hashes_fails_full_verification(
        self, backend: StoreBackend, actor: str
    ) -> None:
        """The chain agrees with itself, so only re-validating the meaning catches the forgery."""
        key = demo_store(backend, events=60, batch=20)
        with backend.open(key, CHARTER) as store:
            last = max(e.at for e in store.events())
            store.append([_collect("I-open", last + timedelta(minutes=1))])
            events, genesis = list(store.events()), store.genesis
        position = len(events)
        events.append(IssueRegistered(at=last + timedelta(minutes=2), actor=actor, issue="I-open"))
        forged = replay(Ledger(CHARTER, genesis), events, validate=False, hashes=None, recorded=None)
        rows = [(i, encode_row(e).encode(), forged.hash_of(i)) for i, e in enumerate(events)]
        backend.rewrite_history(key, rows, forged.head)
        with backend.open(key, CHARTER) as store:
            assert store.verify(hashes_only=True)
            with pytest.raises(TamperedHistoryError, match="fails validation") as caught:
                store.verify()
            assert caught.value.index == position
            with pytest.raises(TamperedHistoryError):
                store.load()
            assert store.load(verify=False)

    # -- the ledger's meaning -------------------------------------------------------------
    def test_the_community_cannot_be_changed_outside_the_ledger(self, backend: StoreBackend) -> None:
        """The community a store shows is read-only: change it with events."""
        key = demo_store(backend, events=10)
        with backend.open(key, CHARTER) as store:
            with pytest.raises(FrozenError, match="PersonRegistered"):
                store.community.add_person(Person("p-new", "新居民", household=HOUSEHOLD))
            assert not store.community.has_person("p-new")

    def test_a_register_change_survives_reopen_and_validated_replay(self, backend: StoreBackend) -> None:
        """A resident registered by an event is in the community after reopening."""
        key = demo_store(backend, events=10)
        with backend.open(key, CHARTER) as store:
            at = max(e.at for e in store.events()) + timedelta(hours=1)
            store.append(
                [PersonRegistered(at=at, actor="p-grid1", person="p-new", name="新居民", household=HOUSEHOLD)]
            )
            store.append([_collect("I-new", at + timedelta(minutes=5))])
        with backend.open(key, CHARTER, readonly=True) as store:
            assert store.community.person("p-new").name == "新居民"
            again = Ledger.replay(CHARTER, store.genesis, list(store.events()))
            assert again.snapshot() == store.load().snapshot()
            assert again.head == store.verify()

    def test_recorded_times_on_a_wall_clock_round_trip_and_are_chained(self, backend: StoreBackend) -> None:
        """A store on a wall clock keeps each batch's recorded time, and hashes it in."""
        stream = list(demo_events(30))
        now = [stream[0].at - timedelta(minutes=1)]  # stands in for the wall clock
        key = fresh_key()
        store = backend.create(key, CHARTER, demo_community(), demo_appointments(), clock=lambda: now[0])
        try:
            for i in range(0, 30, 10):
                now[0] = stream[i + 9].at  # each batch recorded as it ends
                store.append(stream[i : i + 10])
            head = store.verify()
        finally:
            store.close()
        with backend.open(key, CHARTER, readonly=True) as reader:
            ledger = reader.load()
            assert [ledger.recorded_at(i) for i in (0, 9, 10, 29)] == [stream[i].at for i in (9, 9, 19, 29)]
            assert reader.verify() == head == ledger.head

    # -- checkpoints ----------------------------------------------------------------------
    def test_a_checkpoint_catches_a_dropped_tail(self, backend: StoreBackend) -> None:
        """A published checkpoint pins the head: a store cut back before it fails verification,
        which without the checkpoint only proves internal consistency."""
        key = demo_store(backend, events=50, batch=10)
        with backend.open(key, CHARTER) as store:
            point = store.checkpoint()
            published = Checkpoint.loads(point.dumps())
            assert store.checkpoints() == [point]
            assert store.verify(checkpoint=published)
        backend.delete_tail(key, 10)
        with backend.open(key, CHARTER) as store, pytest.raises(TamperedHistoryError):
            store.verify()  # the stored checkpoint lies past the end now
        with backend.open(key, CHARTER) as store, pytest.raises(TamperedHistoryError):
            store.verify(checkpoint=published)

    def test_an_edit_of_an_empty_stores_genesis_is_caught_by_a_checkpoint(
        self, backend: StoreBackend
    ) -> None:
        """With no event yet, only a published checkpoint pins the genesis record."""
        key = fresh_key()
        with backend.create(key, CHARTER, demo_community(), demo_appointments()) as store:
            published = Checkpoint.loads(store.checkpoint().dumps())
        _edit(backend, key, _secretary_to_resident)
        with backend.open(key, CHARTER) as store, pytest.raises(TamperedHistoryError, match="genesis"):
            store.verify(checkpoint=published)

    # -- many communities in one place ----------------------------------------------------
    def test_communities_side_by_side_are_separate_chains(self, backend: StoreBackend) -> None:
        """Where one address holds many communities, each keeps its own chain and batches."""
        if not backend.many_communities:
            pytest.skip("this backend holds one community per address")
        first, second = demo_store(backend, events=30, batch=10), demo_store(backend, events=50, batch=25)
        with backend.open(first, CHARTER) as one, backend.open(second, CHARTER) as two:
            assert (len(one), len(two)) == (30, 50)
            assert one.verify() == _head(list(demo_events(30)))
            assert two.verify() == _head(list(demo_events(50)))
            assert [b.id for b in two.batches()] == [1, 2]
        backend.delete_event_row(first, 5)
        with backend.open(second, CHARTER) as two:
            assert two.verify()  # damage to one community's chain is not the other's
        with backend.open(first, CHARTER) as one, pytest.raises(TamperedHistoryError):
            one.verify()

    # -- crashes --------------------------------------------------------------------------
    @pytest.mark.slow
    def test_sigkill_mid_append_never_damages_the_store(self, backend: StoreBackend) -> None:
        """After each of many SIGKILLs mid-append the store opens, verifies, holds whole batches
        only, and has lost no batch whose commit had returned."""
        key = demo_store(backend)
        rng = random.Random(20221129)  # noqa: S311 - when to kill, not a secret
        stream: list[Event] = []
        stored = 0
        for _ in range(KILLS):
            writer = subprocess.Popen(  # noqa: S603 - the backend's own writer command
                backend.writer_command(key, "crash", str(1_000_000)), stdout=subprocess.PIPE, text=True
            )
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
            committed = stored
            # one to three batches commit, then the kill lands a random moment later: in the
            # middle of encoding, validating, writing or committing
            for _ in range(rng.randint(1, 3)):
                committed = int(writer.stdout.readline().split()[1])
            time.sleep(rng.uniform(0.0, 0.015))
            writer.send_signal(signal.SIGKILL)
            assert writer.wait(timeout=60) == -signal.SIGKILL, "the writer finished or failed before the kill"
            writer.stdout.close()
            now = _whole_batches(backend, key, stream)
            assert now >= committed > stored, (
                f"a committed batch was lost: {now} stored, {committed} committed"
            )
            stored = now


KILLS = 50


def _whole_batches(backend: StoreBackend, key: str, stream: list[Event]) -> int:
    """The store verifies and holds exactly a prefix of whole batches of the writer's stream."""
    with backend.open(key, CHARTER) as store:
        assert store.verify()
        position = 0
        for index, batch in enumerate(store.batches()):
            assert (batch.id, batch.first_seq, batch.count) == (index + 1, position, batch_size(index))
            position += batch.count
        assert len(store) == position
        if len(stream) < position:
            stream[:] = demo_events(position * 2)
        assert list(store.events()) == stream[:position]
        return position


def _collect(issue: str, at: Any, actor: str = "p-grid1") -> IssueCollected:
    return IssueCollected(
        at=at,
        actor=actor,
        issue=issue,
        kind="dispute",
        unit=HOUSEHOLD,
        channel="grid_visit",
        summary="走访 a visit",
    )
