"""Simulated results pinned to exact values: a faster scheduler or model must not change them.

A ledger's chain head commits to every event it recorded, so one head pins a whole run:
the events, their order, their recorded times.  Changing one of these values changes every
published simulation result; do it only on purpose, and say so in the CHANGELOG.
"""

from __future__ import annotations

import pytest

from cogov.simulation import simulate, simulate_mmc, simulate_year

from .strategies import SMALL


@pytest.mark.parametrize(
    ("seed", "head", "events", "callbacks"),
    [
        (1, "7048bab0b54ecd00674104f9612ff67f", 6123, 3417),
        (7, "9cfe51c3a9c23785897ef8476c44aef1", 6187, 3471),
    ],
)
def test_a_xiaoxiguan_year_is_pinned(seed: int, head: str, events: int, callbacks: int) -> None:
    """The real workload: a Xiaoxiguan year (its warm-up year included) has a fixed chain head."""
    xiaoxiguan = pytest.importorskip(
        "cogov_xiaoxiguan.scenario", reason="the Xiaoxiguan plugin is not installed"
    )
    model = simulate(xiaoxiguan.XIAOXIGUAN_YEAR, seed)
    assert (model.ledger.verify().hex(), len(model.ledger)) == (head, events)
    assert model.scheduler.processed == callbacks
    assert model.scheduler.now == 730.0


def test_the_small_scenario_is_pinned() -> None:
    """The test suite's small two-grid scenario, without any plugin."""
    ledger = simulate_year(SMALL, 42)
    assert (ledger.verify().hex(), len(ledger)) == ("fefd195e15715387034e58ca244574ee", 190)


def test_the_bare_mmc_queue_is_pinned() -> None:
    """The benchmark's M/M/10 model on the bare scheduler: the same waits to the last bit."""
    run = simulate_mmc(9.0, 1.0, 10, customers=20_000, warmup=500, seed=1)
    assert (run.mean_wait, run.events) == (0.5103344504549266, 41_000)
