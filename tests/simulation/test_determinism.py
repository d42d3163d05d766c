"""Seeded and deterministic: the same scenario and seed give a bit-identical ledger."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from cogov import Ledger
from cogov.simulation import BASELINE, FORTNIGHTLY, build_world, run_replications, simulate_year, sweep

from .strategies import SMALL


def _figures_of_hash(model: object) -> dict[str, float]:
    from cogov.simulation import CommunityModel  # noqa: PLC0415

    assert isinstance(model, CommunityModel)
    head = model.ledger.verify()
    return {"head": float(int.from_bytes(head[:6], "big")), "events": float(len(model.ledger))}


def test_same_seed_same_ledger_different_seed_different_ledger() -> None:
    """Two runs with one seed record the same events with the same hash chain head."""
    first, again, other = simulate_year(SMALL, 42), simulate_year(SMALL, 42), simulate_year(SMALL, 43)
    assert first.verify() == again.verify()
    assert list(first.events) == list(again.events)
    assert first.verify() != other.verify()


def test_simulated_ledger_replays_with_full_validation() -> None:
    """A simulated year is a valid history: replaying it through the validating ledger accepts it."""
    ledger = simulate_year(SMALL, 8)
    again = Ledger.replay(ledger.charter, ledger.genesis, ledger.events)
    assert again.genesis.appointments == build_world(SMALL.community).appointments
    assert again.verify() == ledger.verify()


def test_results_do_not_depend_on_executor_or_batching() -> None:
    """Serial, thread pool and process pool runs, in any batch size, give identical results."""
    serial = run_replications(SMALL, 6, seed=3, workers=1, measure=_figures_of_hash)
    with ThreadPoolExecutor(2) as threads:
        threaded = run_replications(
            SMALL, 6, seed=3, executor=threads, batch_size=4, measure=_figures_of_hash
        )
    with ProcessPoolExecutor(2) as processes:
        pooled = run_replications(
            SMALL, 6, seed=3, executor=processes, batch_size=1, measure=_figures_of_hash
        )
    assert serial.values == threaded.values == pooled.values
    assert len(set(serial.column("head"))) == 6


def test_common_random_numbers_share_seeds_and_independent_runs_do_not() -> None:
    """With CRN replication r has the same seed under every policy; without, the policy key enters it."""
    crn = sweep(SMALL, (BASELINE, FORTNIGHTLY), 3, seed=1, workers=1, measure=_figures_of_hash)
    independent = sweep(
        SMALL,
        (BASELINE, FORTNIGHTLY),
        3,
        seed=1,
        workers=1,
        measure=_figures_of_hash,
        common_random_numbers=False,
    )
    assert crn[0].seed_key == crn[1].seed_key == "crn"
    assert independent[1].seed_key == FORTNIGHTLY.key
    assert crn[0].values != independent[0].values


def test_a_simulated_year_is_just_another_source_of_events() -> None:
    """Through the JSON Lines codec and a validating replay, a simulated year keeps its hash chain."""
    from cogov.boundary import dumps_events, loads_events  # noqa: PLC0415

    ledger = simulate_year(SMALL, 12)
    events = loads_events(dumps_events(ledger.events))
    again = Ledger.replay(ledger.charter, ledger.genesis, events)
    assert again.verify() == ledger.verify()
    assert len(again) == len(ledger)
