"""Replications, comparisons and sweeps: plain results with intervals, progress, any executor."""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from cogov.boundary.codec import make_converter
from cogov.simulation import (
    BASELINE,
    DEMO,
    FORTNIGHTLY,
    MEDIATE_DISPUTES,
    MMC,
    ONE_MORE_HEAD,
    Policy,
    ReplicationResults,
    Scenario,
    ScenarioError,
    compare,
    estimate,
    run_replications,
)

from .strategies import SMALL


def test_summary_gives_every_figure_a_t_interval_that_contains_its_mean() -> None:
    """Every figure has a mean inside its interval; counts from the evaluation are there."""
    results = run_replications(SMALL, 8, seed=1, workers=1)
    summary = results.summary()
    assert {"issues_collected", "resolved", "resolution_rate", "meeting_issues_collected"} <= set(summary)
    for name, est in summary.items():
        if est.n >= 2 and not math.isnan(est.std):
            assert est.low <= est.mean <= est.high, name
            assert est.band_low <= est.mean <= est.band_high or est.std == 0, name
    collected = summary["issues_collected"]
    assert collected.n == 8
    assert collected.mean > 10


def test_estimate_matches_a_hand_computed_interval() -> None:
    """Mean 2, s = 1, n = 3: half-width t(0.975, 2)·1/√3 = 2.4841."""
    est = estimate("x", [1.0, 2.0, 3.0])
    assert est.mean == 2.0
    assert est.half_width == pytest.approx(4.302653 / math.sqrt(3), rel=1e-6)
    assert estimate("y", [math.nan, 5.0]).n == 1


def test_progress_reports_every_replication_and_ends_at_the_total() -> None:
    """The callback sees done counts rising to replications x policies."""
    calls: list[tuple[int, int]] = []
    with ThreadPoolExecutor(2) as pool:
        compare(
            SMALL,
            (BASELINE, FORTNIGHTLY),
            5,
            seed=2,
            executor=pool,
            batch_size=2,
            progress=lambda d, t: calls.append((d, t)),
        )
    assert calls[-1] == (10, 10)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_comparison_reports_paired_differences() -> None:
    """Fortnightly meetings: 17 instead of 8 household meetings in the 120-day period, every time."""
    comparison = compare(SMALL, (BASELINE, FORTNIGHTLY), 6, seed=3, workers=1)
    diff = comparison.difference("meetings_by_kind:household_meeting", FORTNIGHTLY.key)
    assert diff.mean == 9.0
    assert diff.std == 0.0
    assert set(comparison.differences(FORTNIGHTLY.key)) >= {"resolved", "issues_collected"}
    with pytest.raises(ScenarioError, match="no policy 'x'"):
        comparison.of("x")


def test_results_round_trip_through_json_and_csv() -> None:
    """Results are plain data: JSON round-trips exactly (NaN kept), CSV has one row per replication."""
    results = run_replications(SMALL, 3, seed=4, workers=1)
    again = ReplicationResults.from_json(results.to_json())
    assert again.names == results.names
    assert all(
        (a == b) or (math.isnan(a) and math.isnan(b))
        for row_a, row_b in zip(again.values, results.values, strict=True)
        for a, b in zip(row_a, row_b, strict=True)
    )
    lines = results.to_csv().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("replication,")


@pytest.mark.parametrize("scenario", [SMALL, DEMO, MMC])
def test_scenarios_round_trip_through_the_codec(scenario: Scenario) -> None:
    """Scenarios are data: unstructure to JSON and back through the cogov converter."""
    converter = make_converter()
    text = json.dumps(converter.unstructure(scenario), ensure_ascii=False)
    assert converter.structure(json.loads(text), Scenario) == scenario


@pytest.mark.parametrize("policy", [BASELINE, FORTNIGHTLY, ONE_MORE_HEAD, MEDIATE_DISPUTES])
def test_policies_round_trip_through_the_codec(policy: Policy) -> None:
    """Policies are data too."""
    converter = make_converter()
    text = json.dumps(converter.unstructure(policy), ensure_ascii=False)
    assert converter.structure(json.loads(text), Policy) == policy


def test_scenario_data_is_validated_with_the_value_and_the_fix() -> None:
    """A bad probability or a twice-modelled kind is refused naming the value."""
    from cogov.simulation import KindModel  # noqa: PLC0415

    with pytest.raises(ScenarioError, match=r"on_spot_share.*1\.5"):
        KindModel("dispute", 1.0, on_spot_share=1.5)
    with pytest.raises(ScenarioError, match="modelled twice"):
        Scenario("x", "x", kinds=(KindModel("dispute", 1.0), KindModel("dispute", 2.0)))
    with pytest.raises(ScenarioError, match="replications must be >= 1"):
        run_replications(SMALL, 0, seed=1, workers=1)
