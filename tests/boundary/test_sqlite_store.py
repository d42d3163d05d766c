"""The SQLite store: exact round-trips, all-or-nothing batches, WAL readers, tamper detection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov import Charter, CogovError, Community, IssueClosed, IssueRegistered, Ledger, basic_charter
from cogov.boundary import codec
from cogov.boundary._demo import demo_appointments, demo_community, demo_events
from cogov.boundary.codec import CommunityDocument
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.boundary.store import EventStore
from cogov.errors import StoreError, TamperedHistoryError
from cogov.testing import appointments, communities

from .histories import every_type_appointments, every_type_charter, every_type_history
from .strategies import MODEL_VALUES

CHARTER = basic_charter()
#: the examples share a pytest temporary directory, each in a folder of its own
tmp_settings = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _new_store(path: Path, events: int = 0, batch: int = 50) -> SQLiteStore:
    store = SQLiteStore.create(path, CHARTER, demo_community(), demo_appointments(), clock="events")
    stream = list(demo_events(events))
    for i in range(0, len(stream), batch):
        store.append(stream[i : i + batch])
    return store


@tmp_settings
@given(cuts=st.lists(st.integers(1, 12), max_size=8))
def test_every_event_type_round_trips_through_the_store(
    tmp_path_factory: pytest.TempPathFactory, cuts: list[int]
) -> None:
    """A history using every event type, appended in any batching, reloads to an equal ledger and chain."""
    charter, appointments, events = every_type_charter(), every_type_appointments(), every_type_history()
    community = demo_community()
    expected = Ledger(charter, community, appointments=appointments)
    expected.apply_all(events)
    path = tmp_path_factory.mktemp("store") / "ledger.db"
    with SQLiteStore.create(path, charter, community, appointments, clock="events") as store:
        assert isinstance(store, EventStore)
        position = 0
        for cut in [*cuts, len(events)]:
            if position < len(events):
                store.append(events[position : position + cut])
                position += cut
    with SQLiteStore.open(path, charter) as store:
        assert list(store.events()) == events
        ledger = store.load()
        assert list(ledger.events) == events
        assert ledger.snapshot() == expected.snapshot()
        assert store.verify() == ledger.verify() == expected.head
        sizes, remaining = [], len(events)
        for cut in [*cuts, len(events)]:
            if remaining > 0:
                sizes.append(min(cut, remaining))
                remaining -= cut
        assert [b.count for b in store.batches()] == sizes
        assert sum(b.count for b in store.batches()) == len(events)
        assert store.genesis.community() == community
        assert store.community == expected.community  # as the register events made it
        assert store.appointments == appointments


@tmp_settings
@given(count=st.integers(0, 300), batch=st.integers(1, 120), grids=st.integers(1, 5))
def test_generated_streams_round_trip_through_the_store(
    tmp_path_factory: pytest.TempPathFactory, count: int, batch: int, grids: int
) -> None:
    """Streams of any length and batch size reload exactly and verify."""
    path = tmp_path_factory.mktemp("store") / "ledger.db"
    stream = list(demo_events(count, grids=grids))
    with SQLiteStore.create(
        path, CHARTER, demo_community(grids), demo_appointments(grids), durability="normal", clock="events"
    ) as store:
        for i in range(0, count, batch):
            store.append(stream[i : i + batch])
    with SQLiteStore.open(path, CHARTER, readonly=True) as store:
        ledger = store.load()
        assert list(ledger.events) == stream
        assert (
            store.verify()
            == Ledger.replay(
                CHARTER, demo_community(grids), stream, appointments=demo_appointments(grids)
            ).head
        )


def test_an_invalid_event_rejects_its_batch_and_keeps_what_was_recorded(tmp_path: Path) -> None:
    """A refused event writes nothing of its batch; earlier batches and later appends are unaffected."""
    path = tmp_path / "ledger.db"
    store = _new_store(path, events=120, batch=40)
    before = store.load()
    good = list(demo_events(130))[120:]
    bad = IssueClosed(at=good[0].at, actor="p-sec", issue="I-does-not-exist")
    with pytest.raises(CogovError, match="unknown issue 'I-does-not-exist'") as caught:
        store.append([*good[:5], bad, *good[5:]])
    assert "position 5" in "".join(caught.value.__notes__)
    assert len(store) == 120
    store.close()
    with SQLiteStore.open(path, CHARTER) as reopened:
        assert len(reopened) == 120
        assert reopened.load().snapshot() == before.snapshot()
        batch = reopened.append(good)
        assert (batch.id, batch.first_seq, batch.count) == (4, 120, 10)
        assert reopened.verify() == reopened.load().head


def test_unwritable_events_are_refused_before_anything_changes(tmp_path: Path) -> None:
    """An event the codec cannot write (an infinite number of hours) leaves store and ledger untouched."""
    store = _new_store(tmp_path / "ledger.db", events=10)
    event = IssueRegistered(at=next(demo_events(1)).at, actor="p-sec", issue="I-0000001")
    object.__setattr__(event, "note", 5)  # corrupted in memory after validation
    with pytest.raises(CogovError):
        store.append([event])
    assert len(store) == 10
    assert store.verify() == store.load().head


def test_two_writers_on_one_file_stay_consistent(tmp_path: Path) -> None:
    """A second writer folds in what the first appended before validating its own batch."""
    path = tmp_path / "ledger.db"
    stream = list(demo_events(60))
    first = _new_store(path)
    second = SQLiteStore.open(path, CHARTER)
    first.append(stream[:20])
    second.append(stream[20:40])
    first.append(stream[40:60])
    assert list(second.events()) == stream
    assert (
        first.verify()
        == second.verify()
        == Ledger.replay(CHARTER, demo_community(), stream, appointments=demo_appointments()).head
    )


def test_a_reader_reads_while_a_writer_holds_the_write_lock(tmp_path: Path) -> None:
    """In WAL mode a reader loads the committed events while a write transaction is open."""
    path = tmp_path / "ledger.db"
    writer = _new_store(path, events=30, batch=10)
    assert writer._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    blocker = sqlite3.connect(path, isolation_level=None, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO events VALUES (30, 99, x'00', x'00', NULL)")
    try:
        reader = SQLiteStore.open(path, CHARTER, readonly=True)
        assert len(reader.load()) == 30
        assert reader.verify()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.connect(path, timeout=0).execute("BEGIN IMMEDIATE")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert len(SQLiteStore.open(path, CHARTER, readonly=True).load()) == 30


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pristine") / "ledger.db"
    store = _new_store(path, events=200, batch=25)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path.read_bytes()


def _flip(path: Path, seq: int, column: str, position: int, bit: int) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    (value,) = db.execute(f"SELECT {column} FROM events WHERE seq = ?", (seq,)).fetchone()
    data = bytearray(value)
    data[position % len(data)] ^= 1 << bit
    db.execute(f"UPDATE events SET {column} = ? WHERE seq = ?", (bytes(data), seq))
    db.close()


@tmp_settings
@given(
    seq=st.integers(0, 199),
    column=st.sampled_from(["body", "hash"]),
    position=st.integers(0, 10_000),
    bit=st.integers(0, 7),
)
def test_a_flipped_bit_in_a_stored_event_is_named(
    tmp_path_factory: pytest.TempPathFactory, pristine: bytes, seq: int, column: str, position: int, bit: int
) -> None:
    """Changing any one bit of a stored event's JSON or hash makes verify() name that event."""
    path = tmp_path_factory.mktemp("flip") / "ledger.db"
    path.write_bytes(pristine)
    assert SQLiteStore.open(path, CHARTER).verify()
    _flip(path, seq, column, position, bit)
    with SQLiteStore.open(path, CHARTER) as store, pytest.raises(TamperedHistoryError) as caught:
        store.verify()
    assert caught.value.index == seq
    assert f"event #{seq}" in str(caught.value)


def test_a_flipped_byte_that_still_decodes_is_named(tmp_path: Path) -> None:
    """A change that yields a different but valid event (an issue id) is caught by the chain."""
    path = tmp_path / "ledger.db"
    _new_store(path, events=40).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "UPDATE events SET body = CAST(replace(body, 'I-0000002', 'I-0000009') AS BLOB) WHERE seq = 17"
    )
    db.close()
    with (
        SQLiteStore.open(path, CHARTER) as store,
        pytest.raises(TamperedHistoryError, match="chain hash") as caught,
    ):
        store.verify()
    assert caught.value.index == 17


def test_a_missing_event_is_named(tmp_path: Path) -> None:
    """Deleting a stored event is reported at its sequence number."""
    path = tmp_path / "ledger.db"
    _new_store(path, events=40).close()
    sqlite3.connect(path, isolation_level=None).execute("DELETE FROM events WHERE seq = 23")
    with (
        SQLiteStore.open(path, CHARTER) as store,
        pytest.raises(TamperedHistoryError, match="missing") as caught,
    ):
        store.verify()
    assert caught.value.index == 23


def test_opening_checks_file_and_charter(tmp_path: Path) -> None:
    """The wrong charter, a non-store file, a missing file and re-creating are refused with the fix."""
    path = tmp_path / "ledger.db"
    _new_store(path).close()
    other = CHARTER.__class__(
        **{
            **{
                f: getattr(CHARTER, f)
                for f in (
                    "key",
                    "zh",
                    "en",
                    "role_set",
                    "workflow",
                    "issue_kinds",
                    "channels",
                    "satisfaction_scale",
                    "levels",
                    "meeting_kinds",
                    "escalation_meeting",
                    "supervision",
                )
            },
            "key": "other",
        }
    )
    with pytest.raises(StoreError, match=r"recorded under charter 'basic'.*differs in \['key'\]"):
        SQLiteStore.open(path, other)
    with pytest.raises(StoreError, match="the file exists"):
        SQLiteStore.create(path, CHARTER, demo_community())
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a cogov store"):
        SQLiteStore.open(junk, CHARTER)
    with (
        SQLiteStore.open(path, CHARTER, readonly=True) as reader,
        pytest.raises(StoreError, match="opened read-only"),
    ):
        reader.append(list(demo_events(1)))
    with pytest.raises(StoreError, match="no store at"):
        SQLiteStore.open(tmp_path / "nothing.db", CHARTER)


@tmp_settings
@given(community=communities(), charter=MODEL_VALUES["Charter"], data=st.data())
def test_model_values_round_trip_through_the_store(
    tmp_path_factory: pytest.TempPathFactory, community: Community, charter: Charter, data: st.DataObject
) -> None:
    """The community, its appointments and the charter a store is created with come back equal."""
    charter = attrs.evolve(charter, role_set=CHARTER.role_set, levels=CHARTER.levels)
    made = tuple(data.draw(appointments(community, charter.role_set, max_per_role=1)))
    path = tmp_path_factory.mktemp("store") / "ledger.db"
    SQLiteStore.create(path, charter, community, made).close()
    with SQLiteStore.open(path, charter, readonly=True) as store:
        assert CommunityDocument.of(store.community, store.appointments) == CommunityDocument.of(
            community, made
        )
        assert (
            codec.loads_charter(
                store._db.execute("SELECT value FROM meta WHERE key = 'charter'").fetchone()[0]
            )
            == charter
        )
