"""Stores written before the genesis record (format version 1) open, verify and upgrade.

``data/version-1.db`` was written by cogov's version-1 store: the demo community, its
appointments and 40 demo events in two batches (25 and 15).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cogov import Ledger, basic_charter
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.engine.chain import GENESIS, chain_hash
from cogov.errors import StoreError, TamperedHistoryError
from cogov.testing.samples import demo_appointments, demo_community, demo_events

V1 = Path(__file__).parent / "data" / "version-1.db"
CHARTER = basic_charter()


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copyfile(V1, path)
    return path


def _v1_head(events: list) -> bytes:
    head = GENESIS
    for event in events:
        head = chain_hash(head, event)
    return head


def test_a_version_1_store_opens_verifies_and_loads(old_store: Path) -> None:
    events = list(demo_events(40))
    with SQLiteStore.open(old_store, CHARTER, readonly=True) as store:
        assert store.legacy
        assert list(store.events()) == events
        assert store.verify() == _v1_head(events)  # the head its own chain published
        ledger = store.load()
        expected = Ledger(CHARTER, demo_community(), appointments=demo_appointments())
        expected.apply_all(events)
        assert ledger.snapshot() == expected.snapshot()


def test_appending_to_a_version_1_store_says_to_upgrade_it(old_store: Path) -> None:
    with SQLiteStore.open(old_store, CHARTER) as store, pytest.raises(StoreError, match="upgrade"):
        store.append(list(demo_events(41))[40:])


def test_upgrade_verifies_rewrites_in_the_current_format_and_keeps_the_old_file(old_store: Path) -> None:
    events = list(demo_events(40))
    backup = SQLiteStore.upgrade(old_store, CHARTER)
    assert backup.read_bytes() == V1.read_bytes()
    with SQLiteStore.open(old_store, CHARTER) as store:
        assert not store.legacy
        assert list(store.events()) == events
        assert [b.count for b in store.batches()] == [25, 15]
        assert _v1_head(events).hex() in store.genesis.note
        assert store.verify() == store.load().head
        store.append(list(demo_events(45))[40:])  # it lives on
    with pytest.raises(StoreError, match="nothing to upgrade"):
        SQLiteStore.upgrade(old_store, CHARTER)


def test_a_tampered_version_1_store_is_not_upgraded(old_store: Path) -> None:
    db = sqlite3.connect(old_store, isolation_level=None)
    db.execute(
        "UPDATE events SET body = CAST(replace(body, 'I-0000002', 'I-0000009') AS BLOB) WHERE seq = 17"
    )
    db.close()
    before = old_store.read_bytes()
    with pytest.raises(TamperedHistoryError) as caught:
        SQLiteStore.upgrade(old_store, CHARTER)
    assert caught.value.index == 17
    assert old_store.read_bytes() == before  # nothing rewritten
    assert not old_store.with_name("old.db.v1.bak").exists()
