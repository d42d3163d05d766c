"""Validation against queueing theory: Erlang C, and Little's law on exact sample paths."""

from __future__ import annotations

import math
import statistics

import attrs
import pytest
from hypothesis import given

from cogov import CogovError
from cogov.simulation import (
    CommunityModel,
    Scenario,
    erlang_c,
    estimate,
    mmc_mean_wait,
    mmc_scenario,
    run_replications,
    sample_path,
    simulate_mmc,
    t_quantile,
)

from .strategies import SMALL, scenarios

ERLANG_WAIT = 0.6687


def test_erlang_c_matches_the_textbook_values() -> None:
    """C(10, 9) gives the M/M/10 mean wait 0.6687 at λ=9, μ=1; M/M/1 reduces to ρ/(μ−λ)."""
    assert mmc_mean_wait(9.0, 1.0, 10) == pytest.approx(ERLANG_WAIT, abs=5e-5)
    assert erlang_c(0.5, 1.0, 1) == pytest.approx(0.5)
    assert mmc_mean_wait(0.5, 1.0, 1) == pytest.approx(1.0)
    with pytest.raises(CogovError, match="stable"):
        erlang_c(10.0, 1.0, 10)


def test_t_quantiles_match_the_tables() -> None:
    """Student t 97.5 % quantiles for 1, 4, 29 and 99 degrees of freedom."""
    assert t_quantile(0.975, 1) == pytest.approx(12.7062, abs=1e-4)
    assert t_quantile(0.975, 4) == pytest.approx(2.7764, abs=1e-4)
    assert t_quantile(0.975, 29) == pytest.approx(2.0452, abs=1e-4)
    assert t_quantile(0.975, 99) == pytest.approx(1.9842, abs=1e-4)


def test_scheduler_mmc_queue_reproduces_erlang_c() -> None:
    """The bare scheduler M/M/10 queue: Erlang C's wait lies in the 95 % CI of 100 replications."""
    waits = [
        simulate_mmc(9.0, 1.0, 10, customers=5000, warmup=500, seed=1000 + r).mean_wait for r in range(100)
    ]
    ci = estimate("wait", waits)
    assert ci.contains(mmc_mean_wait(9.0, 1.0, 10)), ci
    assert ci.half_width < 0.1  # the test has power: a 15 % error would be outside


def test_ledger_mmc_scenario_reproduces_erlang_c() -> None:
    """Through the full engine (every customer collected, registered, resolved in a ledger):
    Erlang C's wait lies in the 95 % CI of 100 replications."""
    scenario = mmc_scenario(days=150.0, warmup_days=20.0)
    results = run_replications(scenario, 100, seed=9, workers=1, measure=_wait_only)
    ci = results.estimate("wait")
    assert ci.n == 100
    assert ci.contains(ERLANG_WAIT), ci
    assert ci.half_width < 0.15


def _wait_only(model: CommunityModel) -> dict[str, float]:
    return {"wait": statistics.fmean(model.handler_waits)}


def _model_area(model: CommunityModel) -> float:
    """∫ N(t) dt with N the issues the *model* holds in open work, on the scheduler's clock.

    Independent of the ledger: it reads the model's phase counts between callbacks.
    """
    scheduler, census = model.scheduler, model.census
    area, last = 0.0, 0.0
    while len(scheduler):
        now = scheduler.peek()
        in_work = model.arrivals - census["awaiting_meeting"] - census["awaiting_follow_up"]
        in_work -= census["awaiting_rebound"] + census["done"]
        area += in_work * (now - last)
        last = now
        scheduler.run(until=now)
    return area


@given(scenarios(drain=True))
def test_littles_law_holds_exactly_on_drained_runs(scenario: Scenario) -> None:
    """On runs that start and end empty, the model's time-average number in the system equals
    λ·W from the ledger's timestamps, to 1e-9 (two independent bookkeepings of one path)."""
    model = CommunityModel(scenario, seed=3)
    area = _model_area(model)
    path = sample_path(model.ledger)
    assert path.open_at_end == 0
    assert model.active == 0
    if path.issues == 0:
        assert area == 0
        return
    # L·T (model, float days) against Σ W (ledger, whole microseconds): to 1e-9 relative
    assert math.isclose(area, path.sojourn, rel_tol=1e-9, abs_tol=1e-9), (area, path.sojourn)
    # and the ledger's own sweep in recorded order agrees exactly
    assert math.isclose(path.mean_number, path.arrival_rate * path.mean_sojourn, rel_tol=1e-12)


def test_littles_law_on_the_mmc_scenario() -> None:
    """The drained M/M/10 run: L = λW to 1e-9 over hundreds of customers."""
    model = CommunityModel(mmc_scenario(days=40.0, warmup_days=0.0, drain=True), seed=11)
    area = _model_area(model)
    path = sample_path(model.ledger)
    assert path.issues > 300
    assert math.isclose(area, path.sojourn, rel_tol=1e-9)


def test_little_check_fails_when_the_model_and_ledger_disagree() -> None:
    """The check has power: counting issues awaiting follow-up as in the system breaks it."""
    model = CommunityModel(SMALL_DRAINED, seed=4)
    scheduler, census = model.scheduler, model.census
    area, last = 0.0, 0.0
    while len(scheduler):
        now = scheduler.peek()
        wrong = model.arrivals - census["awaiting_meeting"] - census["awaiting_rebound"] - census["done"]
        area += wrong * (now - last)
        last = now
        scheduler.run(until=now)
    assert not math.isclose(area, sample_path(model.ledger).sojourn, rel_tol=1e-9)


SMALL_DRAINED = attrs.evolve(SMALL, drain=True)


def _heard(model: CommunityModel) -> dict[str, float]:
    return {"heard": statistics.fmean(model.intake_waits)}


def test_issues_wait_half_a_cadence_to_be_heard() -> None:
    """Poisson arrivals see time averages: with meetings every 20 days an issue waits 10 days
    on average to be raised; 10 lies in the 95 % CI of 40 replications."""
    scenario = attrs.evolve(
        SMALL,
        kinds=(attrs.evolve(SMALL.kinds[0], meeting_share=1.0, seasonal_amplitude=0.0),),
        meetings=(attrs.evolve(SMALL.meetings[0], cadence_days=20.0, attendance=1.0), SMALL.meetings[1]),
        days=300.0,
    )
    ci = run_replications(scenario, 40, seed=20, workers=1, measure=_heard).estimate("heard")
    assert ci.contains(10.0), ci
    assert ci.half_width < 0.5
