"""A damaged, full or read-only store file gives a StoreError saying what is wrong; nothing
already committed is lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cogov import basic_charter
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import StoreError, TamperedHistoryError
from cogov.testing.samples import demo_appointments, demo_community, demo_events

CHARTER = basic_charter()


def new_store(path: Path, events: int = 20) -> Path:
    with SQLiteStore.create(path, CHARTER, demo_community(), demo_appointments(), clock="events") as store:
        if events:
            store.append(list(demo_events(events)))
    return path


def run_sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def contents(path: Path) -> tuple[int, bytes]:
    """How many events the store holds and its verified head hash."""
    with SQLiteStore.open(path, CHARTER, readonly=True) as store:
        return len(store.load()), store.verify()


META_DAMAGE = {
    "format row missing": ("DELETE FROM meta WHERE key = 'format'", "not a cogov store"),
    "version row missing": (
        "DELETE FROM meta WHERE key = 'version'",
        r"lacks a text value for \['version'\]",
    ),
    "charter row missing": (
        "DELETE FROM meta WHERE key = 'charter'",
        r"lacks a text value for \['charter'\]",
    ),
    "genesis row missing": (
        "DELETE FROM meta WHERE key = 'genesis'",
        "it has no genesis record",
    ),
    "meta table missing": ("DROP TABLE meta", "no meta table"),
    "version not a number": (
        "UPDATE meta SET value = 'one' WHERE key = 'version'",
        "version 'one' is not a number",
    ),
    "charter not JSON": (
        "UPDATE meta SET value = '{' WHERE key = 'charter'",
        "recorded charter does not decode",
    ),
    "charter not an object": (
        "UPDATE meta SET value = '[]' WHERE key = 'charter'",
        "recorded charter does not",
    ),
    "genesis not JSON": (
        "UPDATE meta SET value = '{' WHERE key = 'genesis'",
        "recorded genesis does not",
    ),
    "lone surrogate in a unit name": (
        "UPDATE meta SET value = replace(value, '第1网格', '第1\\ud800网格') WHERE key = 'genesis'",
        "recorded genesis does not decode.*lone surrogate U\\+D800",
    ),
    "meta text not UTF-8": (
        "UPDATE meta SET value = CAST(X'7BFF' AS TEXT) WHERE key = 'genesis'",
        "not UTF-8, so it is damaged",
    ),
    "events table missing": ("DROP TABLE events", "no such table: events"),
}


@pytest.mark.parametrize(("statement", "says"), META_DAMAGE.values(), ids=META_DAMAGE.keys())
def test_damaged_meta_is_a_store_error_that_says_what_is_wrong(
    tmp_path: Path, statement: str, says: str
) -> None:
    """Each damage to the meta table (or the schema) is named, read-only or not."""
    path = new_store(tmp_path / "ledger.db")
    run_sql(path, statement)
    for readonly in (True, False):
        with pytest.raises(StoreError, match=says):
            SQLiteStore.open(path, CHARTER, readonly=readonly)


def test_a_hash_column_holding_an_integer_is_named_by_load_and_verify(tmp_path: Path) -> None:
    """A chain hash that is not 16 bytes is a damaged event, found by its index."""
    path = new_store(tmp_path / "ledger.db")
    run_sql(path, "UPDATE events SET hash = 42 WHERE seq = 3")
    with SQLiteStore.open(path, CHARTER, readonly=True) as store:
        with pytest.raises(TamperedHistoryError, match=r"event #3.*chain hash is 42") as caught:
            store.load()
        assert caught.value.index == 3
        with pytest.raises(TamperedHistoryError) as caught:
            store.verify()
        assert caught.value.index == 3


def test_a_full_store_refuses_the_batch_and_keeps_what_was_committed(tmp_path: Path) -> None:
    """At its size limit (PRAGMA max_page_count) an append is a StoreError; the committed
    events stay, verify, and the store takes more once there is room."""
    path = new_store(tmp_path / "ledger.db", events=5)
    before = contents(path)
    stream = list(demo_events(2000))
    with SQLiteStore.open(path, CHARTER) as store:
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match=r"append 1995 events \(none was written\).*disk is full"):
            store.append(stream[5:])
        assert len(store) == 5
    assert contents(path) == before
    with SQLiteStore.open(path, CHARTER) as store:
        store.append(stream[5:])
    assert contents(path)[0] == 2000


@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), mounted for the test; skipped where mounting is not allowed."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_file_system_refuses_the_batch_and_keeps_what_was_committed(small_mount: Path) -> None:
    """On a file system that fills up, appends fail with a StoreError and the store reopens intact."""
    path = new_store(small_mount / "ledger.db", events=0)
    stream = list(demo_events(30_000))
    written = [0]

    def fill(store: SQLiteStore) -> None:
        for i in range(0, len(stream), 500):
            store.append(stream[i : i + 500])
            written[0] = i + 500

    with (
        SQLiteStore.open(path, CHARTER, durability="normal") as store,
        pytest.raises(StoreError, match="disk is full"),
    ):
        fill(store)
    count, head = contents(path)
    assert count == written[0] > 0
    assert head


def test_a_store_on_a_read_only_mount_can_be_read(small_mount: Path) -> None:
    """readonly=True reads a store on a read-only file system; opening it for writing says it is read-only."""
    path = new_store(small_mount / "ledger.db")
    writable = contents(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    assert contents(path) == writable
    # A writer is refused when it opens or, if SQLite lets it open (a -shm file already there),
    # when it appends; either way the error says why and the store is unchanged.
    with pytest.raises(StoreError, match="read-only"), SQLiteStore.open(path, CHARTER) as store:
        store.append(list(demo_events(21))[20:])
    assert contents(path) == writable


def test_a_store_in_a_read_only_folder_can_be_read(tmp_path: Path) -> None:
    """A read-only file in a read-only folder (no -shm can be made) opens with readonly=True."""
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; the read-only mount test covers this")
    folder = tmp_path / "ro"
    folder.mkdir()
    path = new_store(folder / "ledger.db")
    writable = contents(path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert contents(path) == writable
        with pytest.raises(StoreError, match="read-only"):
            SQLiteStore.open(path, CHARTER)
    finally:
        folder.chmod(0o755)
