"""Concurrent POSTs from several client processes: each accepted request is recorded exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.model.events import IssueCollected

from .conftest import fresh_store
from .server import make_keys, running

POST_MANY = Path(__file__).with_name("post_many.py")
PROCESSES = 4
EACH = 50


def test_two_hundred_concurrent_posts_are_each_in_the_chain_once(
    tmp_path: Path, template: Path, example: Any
) -> None:
    """200 POSTs from 4 processes at once: all accepted, each exactly once in a chain that verifies."""
    store = fresh_store(template, tmp_path)
    keys = make_keys(tmp_path / "keys.json")
    with running(store, tmp_path / "keys.json", keys, "--rate", "0") as server:
        clients = [
            subprocess.Popen(
                [sys.executable, str(POST_MANY), server.url, keys["desk"], str(i * EACH), str(EACH), "25"],
                stdout=subprocess.PIPE,
                text=True,
            )
            for i in range(PROCESSES)
        ]
        answers = []
        for client in clients:
            out, _ = client.communicate(timeout=300)
            assert client.returncode == 0
            answers += [json.loads(line) for line in out.splitlines()]
    assert len(answers) == PROCESSES * EACH
    assert Counter(status for status, _ in answers) == {201: PROCESSES * EACH}
    accepted = [issue for _, issue in answers]
    assert len(set(accepted)) == len(accepted)
    with SQLiteStore.open(store, example.charter, guards=example.guards, readonly=True) as opened:
        opened.verify()
        ledger = opened.load()
    recorded = Counter(e.issue for e in ledger.events if isinstance(e, IssueCollected))
    assert set(recorded) == set(accepted)
    assert set(recorded.values()) == {1}
    assert len(ledger.events) == PROCESSES * EACH
