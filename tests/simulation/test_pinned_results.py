"""Simulated results pinned to exact values: a faster scheduler or model must not change them.

The events' own chain (each event hashed onto the one before, from a zero root) commits to
every event a run recorded, so one hash pins a whole run: the events, their order, their
times.  It leaves out the genesis record, so a change to the charter's declarations that does
not change what happens (a new association post, say) leaves it alone.  Changing one of these values changes every
published simulation result; do it only on purpose, and say so in the CHANGELOG.
"""

from __future__ import annotations

import pytest

from cogov.engine.chain import GENESIS, chain_hash
from cogov.events import Event
from cogov.simulation import simulate, simulate_mmc, simulate_year

from .strategies import SMALL


def events_chain(events: list[Event]) -> str:
    """The hash of ``events`` chained from a zero root (the run alone, not its genesis)."""
    head = GENESIS
    for event in events:
        head = chain_hash(head, event)
    return head.hex()


@pytest.mark.parametrize(
    ("seed", "head", "events", "callbacks"),
    [
        (1, "8a5dfb81abd69de52fa203201c5d5141", 6123, 3417),
        (7, "e083667429b17c1adb7c43704444aa5a", 6187, 3471),
    ],
)
def test_a_xiaoxiguan_year_is_pinned(seed: int, head: str, events: int, callbacks: int) -> None:
    """The real workload: a Xiaoxiguan year (its warm-up year included) has a fixed chain head."""
    xiaoxiguan = pytest.importorskip(
        "cogov_xiaoxiguan.scenario", reason="the Xiaoxiguan plugin is not installed"
    )
    model = simulate(xiaoxiguan.XIAOXIGUAN_YEAR, seed)
    model.ledger.verify()
    assert (events_chain(model.ledger.events), len(model.ledger)) == (head, events)
    assert model.scheduler.processed == callbacks
    assert model.scheduler.now == 730.0


def test_the_small_scenario_is_pinned() -> None:
    """The test suite's small two-grid scenario, without any plugin."""
    ledger = simulate_year(SMALL, 42)
    ledger.verify()
    assert (events_chain(ledger.events), len(ledger)) == ("9ce822fee2b190a4e84e08720620467b", 190)


def test_the_bare_mmc_queue_is_pinned() -> None:
    """The benchmark's M/M/10 model on the bare scheduler: the same waits to the last bit."""
    run = simulate_mmc(9.0, 1.0, 10, customers=20_000, warmup=500, seed=1)
    assert (run.mean_wait, run.events) == (0.5103344504549266, 41_000)
