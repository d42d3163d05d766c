"""What only the SQLite store does: WAL readers beside a writer, file checks, its meta table.

What every store does (round trips, batches, racing writers, tampering, checkpoints, crashes)
is tested for SQLite and PostgreSQL alike by the suite in test_store_conformance.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov import Charter, Community, basic_charter
from cogov.boundary import codec
from cogov.boundary.codec import CommunityDocument
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import StoreError, TamperedHistoryError
from cogov.testing import SERIALISED_VALUES, appointments, communities
from cogov.testing.samples import demo_appointments, demo_community, demo_events

CHARTER = basic_charter()
#: the examples share a pytest temporary directory, each in a folder of its own
tmp_settings = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _new_store(path: Path, events: int = 0, batch: int = 50) -> SQLiteStore:
    store = SQLiteStore.create(path, CHARTER, demo_community(), demo_appointments(), clock="events")
    stream = list(demo_events(events))
    for i in range(0, len(stream), batch):
        store.append(stream[i : i + batch])
    return store


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
@given(community=communities(), charter=SERIALISED_VALUES["Charter"], data=st.data())
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


@pytest.mark.parametrize(
    ("change", "seq", "words"),
    [
        ("DELETE FROM events WHERE seq = 23", 23, "missing"),
        ("UPDATE events SET body = CAST('{\"type\": 1' AS BLOB) WHERE seq = 30", 30, "does not decode"),
        ("UPDATE events SET hash = x'00' WHERE seq = 16", 16, "not 16 bytes"),
    ],
)
def test_a_trusted_load_streams_in_chunks_and_names_a_damaged_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, seq: int, words: str
) -> None:
    """The trusted load folds rows a chunk at a time: across chunk edges it builds the very
    ledger a verified load does, and a damaged row in a later chunk is named by its own number."""
    monkeypatch.setattr("cogov.boundary.sqlite_store._CHUNK", 7)
    path = tmp_path / "ledger.db"
    _new_store(path, events=40).close()
    with SQLiteStore.open(path, CHARTER) as store:
        trusted, verified = store.load(verify=False), store.load(verify=True)
        assert trusted.head == verified.head
        assert list(trusted.events) == list(verified.events)
        assert trusted.clock == verified.clock
        assert trusted.snapshot() == verified.snapshot()
        assert trusted.verify() == verified.head
    sqlite3.connect(path, isolation_level=None).execute(change)
    with SQLiteStore.open(path, CHARTER) as store, pytest.raises(TamperedHistoryError, match=words) as caught:
        store.load(verify=False)
    assert caught.value.index == seq
    assert f"event #{seq}" in str(caught.value)
