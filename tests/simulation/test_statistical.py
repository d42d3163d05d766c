"""Long seeded statistical checks (``-m slow``; CI runs them in their own step).

Tolerances come from the replications' own 95 % confidence intervals, never fixed percentages.
"""

from __future__ import annotations

import math
import statistics

import pytest

from cogov.simulation import (
    ONE_MORE_HEAD,
    CommunityModel,
    CommunitySource,
    KindModel,
    Scenario,
    estimate,
    mmc_mean_wait,
    mmc_scenario,
    run_replications,
    simulate_mmc,
)

pytestmark = pytest.mark.slow


def test_long_scheduler_runs_pin_erlang_c_tightly() -> None:
    """200 runs of 20,000 customers: Erlang C's 0.6687 inside a CI narrower than ±0.04."""
    waits = [simulate_mmc(9.0, 1.0, 10, customers=20_000, warmup=2_000, seed=r).mean_wait for r in range(200)]
    ci = estimate("wait", waits)
    assert ci.contains(mmc_mean_wait(9.0, 1.0, 10)), ci
    assert ci.half_width < 0.04


def _wait(model: CommunityModel) -> dict[str, float]:
    return {"wait": statistics.fmean(model.handler_waits)}


def test_long_ledger_runs_reproduce_erlang_c() -> None:
    """100 ledger-backed runs of 600 days (about 5,400 customers each) contain Erlang C's wait."""
    results = run_replications(mmc_scenario(days=600.0, warmup_days=30.0), 100, seed=600, measure=_wait)
    ci = results.estimate("wait")
    assert ci.contains(mmc_mean_wait(9.0, 1.0, 10)), ci


def test_one_more_head_turns_mmc10_into_mmc11() -> None:
    """The staffing policy adds a real server: the wait matches Erlang C for c = 11 (0.2152)."""
    results = run_replications(mmc_scenario(days=300.0), 100, seed=11, policy=ONE_MORE_HEAD, measure=_wait)
    ci = results.estimate("wait")
    assert ci.contains(mmc_mean_wait(9.0, 1.0, 11)), ci
    assert not ci.contains(mmc_mean_wait(9.0, 1.0, 10))


SEASONAL = Scenario(
    key="seasonal",
    label="seasonal arrivals",
    community=CommunitySource(grids=2, households_per_grid=50),
    kinds=(
        KindModel(
            "service_request",
            2.0,
            seasonal_amplitude=0.6,
            seasonal_peak_day=45.0,
            meeting_share=0.0,
            on_spot_share=1.0,
            follow_up_share=0.0,
        ),
    ),
    days=365.0,
)


def _by_quarter(model: CommunityModel) -> dict[str, float]:
    counts = [0.0] * 4
    for record in model.ledger.issues.values():
        day = (record.opened_at - model.scenario.start).total_seconds() / 86_400
        counts[min(3, int(day // 91.25))] += 1
    return {f"q{i}": c for i, c in enumerate(counts)}


def test_seasonal_thinning_gives_the_integrated_rate_in_each_quarter() -> None:
    """Arrivals per quarter match ∫ λ(1 + a·cos(2π(t − peak)/365)) dt within their CIs."""
    results = run_replications(SEASONAL, 150, seed=4, measure=_by_quarter)
    rate = 2.0 * 100 / 365.0
    amplitude, peak, omega = 0.6, 45.0, 2 * math.pi / 365.0
    for q in range(4):
        a, b = q * 91.25, (q + 1) * 91.25
        expected = rate * (
            (b - a) + amplitude / omega * (math.sin(omega * (b - peak)) - math.sin(omega * (a - peak)))
        )
        ci = results.estimate(f"q{q}")
        assert ci.contains(expected), (q, expected, ci)
