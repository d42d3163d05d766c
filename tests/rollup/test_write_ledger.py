"""A ledger written whole into a new SQLite store is the same chain, and verifies fully."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov.boundary.sqlite_import import write_ledger
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import StoreError, TamperedHistoryError
from cogov.simulation.county import county_scenario
from cogov.simulation.experiments import simulate


@pytest.fixture(scope="module")
def ledger():  # type: ignore[no-untyped-def]
    return simulate(county_scenario(1, days=45.0, warmup_days=0.0).communities[0], 11).ledger


def test_the_store_holds_the_same_chain_and_verifies(ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Same head hash, same events; a full verification (every hash, every event's meaning) passes."""
    path = write_ledger(tmp_path / "c.db", ledger)
    with SQLiteStore.open(path, ledger.charter, readonly=True) as store:
        assert store.verify() == ledger.head
        assert list(store.events()) == list(ledger.events)
        assert store.load().head == ledger.head


def test_an_existing_file_is_never_overwritten(ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.db"
    write_ledger(path, ledger)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="exists"):
        write_ledger(path, ledger)
    assert path.read_bytes() == before


def test_a_changed_row_is_caught_when_read(ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The rows are the chain's: editing one breaks verification at that event."""
    import sqlite3  # noqa: PLC0415

    path = write_ledger(tmp_path / "c.db", ledger)
    db = sqlite3.connect(path)
    body = db.execute("SELECT body FROM events WHERE seq = 3").fetchone()[0]
    db.execute("UPDATE events SET body = ? WHERE seq = 3", (body.replace(b'"at":"2022', b'"at":"2021'),))
    db.commit()
    db.close()
    with SQLiteStore.open(path, ledger.charter, readonly=True) as store, pytest.raises(TamperedHistoryError):
        store.verify()
