"""Crash safety, for real: a writer process is killed with SIGKILL mid-append, again and again."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cogov import basic_charter
from cogov.boundary._demo import demo_events
from cogov.boundary.sqlite_store import SQLiteStore

from .crash_writer import batch_size

WRITER = Path(__file__).with_name("crash_writer.py")
LIMIT = 20_000
KILLS = 50


def _check(path: Path, stream: list[object]) -> int:
    """The store opens, verifies, and holds exactly a prefix of whole batches of the stream."""
    with SQLiteStore.open(path, basic_charter()) as store:
        head = store.verify()
        batches = store.batches()
        position = 0
        for index, batch in enumerate(batches):
            assert (batch.id, batch.first_seq, batch.count) == (index + 1, position, batch_size(index))
            position += batch.count
        assert len(store) == position
        assert list(store.events()) == stream[:position]
        assert head
        return position


def test_sigkill_mid_append_never_damages_the_store(tmp_path: Path) -> None:
    """After each of many SIGKILLs the store opens, verifies, and holds whole committed batches only."""
    path = tmp_path / "ledger.db"
    rng = random.Random(20221129)
    stream = list(demo_events(LIMIT))
    started = time.monotonic()
    kills, stored, grew = 0, 0, 0
    while kills < KILLS:
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(LIMIT)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.12))
        writer.send_signal(signal.SIGKILL)
        assert writer.wait(timeout=10) == -signal.SIGKILL, "the writer finished or failed before the kill"
        kills += 1
        now = _check(path, stream)
        grew += now > stored
        stored = now
    elapsed = time.monotonic() - started
    print(
        f"{kills} SIGKILLs in {elapsed:.1f} s; {stored} events in {len(SQLiteStore.open(path, basic_charter()).batches())} batches"
    )
    # The kills landed while appends were going on, not only before the first one.
    assert grew >= KILLS // 2
    assert stored > 0
