"""Crash safety, for real: a writer process is killed with SIGKILL mid-append, again and again."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cogov import basic_charter
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.testing.samples import demo_events

from .crash_writer import batch_size

WRITER = Path(__file__).with_name("crash_writer.py")
LIMIT = 1_000_000  # never reached: every run ends in a kill
KILLS = 50


def _check(path: Path, stream: list[object]) -> int:
    """The store opens, verifies, and holds exactly a prefix of whole batches of the stream."""
    with SQLiteStore.open(path, basic_charter()) as store:
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


# fifty real processes killed one after another: it runs in CI's slow step (pytest -m slow)
@pytest.mark.slow
def test_sigkill_mid_append_never_damages_the_store(tmp_path: Path) -> None:
    """After each of many SIGKILLs mid-append the store opens, verifies, holds whole batches only,
    and has lost no batch whose commit had returned."""
    path = tmp_path / "ledger.db"
    rng = random.Random(20221129)
    stream: list[object] = []
    started = time.monotonic()
    stored = 0
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(LIMIT)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        committed = stored
        # Let one to three batches commit, so the kill lands inside the append loop, then a
        # random moment later: in the middle of encoding, validating, writing or fsyncing.
        for _ in range(rng.randint(1, 3)):
            committed = int(writer.stdout.readline().split()[1])
        time.sleep(rng.uniform(0.0, 0.015))
        writer.send_signal(signal.SIGKILL)
        assert writer.wait(timeout=30) == -signal.SIGKILL, "the writer finished or failed before the kill"
        writer.stdout.close()
        now = _check(path, stream)
        assert now >= committed > stored, (
            f"a committed batch was lost: store holds {now}, {committed} were committed"
        )
        stored = now
    elapsed = time.monotonic() - started
    print(f"{KILLS} SIGKILLs in {elapsed:.1f} s; {stored} events stored")
