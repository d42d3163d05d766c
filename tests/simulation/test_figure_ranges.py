"""Confidence intervals never leave their figure's possible range, and the median means something."""

from __future__ import annotations

import math
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from cogov.evaluation import Period, compute_statistics
from cogov.report import HEADLINE, summarise
from cogov.simulation import DEMO, estimate, run_replications, simulate
from cogov.simulation.figures import figure_range

#: what 20 simulated years gave: most issues answered on the day, a few medians above zero
SKEWED = [0.0] * 17 + [8.0, 5.0, 11.0]


def test_a_skewed_duration_gets_no_interval_below_zero() -> None:
    """Seventeen zeros and three larger values: the t interval reached -0.8 days; now it stops at 0."""
    unclipped = estimate("days", SKEWED)
    assert unclipped.low < 0  # the fault: Student's t knows nothing of the range
    clipped = estimate("days", SKEWED, low=0.0)
    assert clipped.low == 0.0
    assert clipped.high == unclipped.high
    assert clipped.mean == unclipped.mean


@given(
    bounds=st.sampled_from([(0.0, 1.0), (0.0, math.inf), (0.0, 100.0)]),
    data=st.data(),
)
def test_every_bound_lies_in_the_figures_range(bounds: tuple[float, float], data: st.DataObject) -> None:
    """Whatever the values (inside the range), the interval and the band stay inside it."""
    low, high = bounds
    finite_high = 1e6 if math.isinf(high) else high
    values = data.draw(st.lists(st.floats(low, finite_high), min_size=1, max_size=30))
    found = estimate("x", values, low=low, high=high)
    for bound in (found.low, found.high, found.band_low, found.band_high):
        assert low <= bound <= high


def test_the_headline_summary_clips_counts_rates_and_durations() -> None:
    """summarise() clips each headline figure to its declared range: no -0.41 days, no 100.3 %."""
    replications = [
        {
            "median_days_to_resolution_registered": v,
            "resolution_rate": 1.0 if i < 19 else 0.94,
            "disputes_resolved": 0.0,
        }
        for i, v in enumerate(SKEWED)
    ]
    summary = summarise(replications)
    for spec in HEADLINE:
        interval = summary.intervals.get(spec.key)
        if interval is not None:
            assert spec.low <= interval.low <= interval.high <= spec.high, spec.key


def test_simulated_figures_are_clipped_where_they_are_estimated() -> None:
    """ReplicationResults.summary() clips every figure year_figures makes to figure_range."""
    results = run_replications(DEMO, 6, seed=11, workers=1)
    for name, found in results.summary().items():
        low, high = figure_range(name)
        if found.n > 1:
            assert low <= found.low <= found.high <= high, name
    assert figure_range("resolution_rate") == (0.0, 1.0)
    assert figure_range("collected_by_kind:dispute") == (0.0, math.inf)


def test_the_headline_median_is_over_registered_issues_and_is_not_zero() -> None:
    """The all-issue median is 0 days (most answered on the spot); the registered one is not."""
    medians = []
    for seed in range(5):
        model = simulate(DEMO, seed)
        stats = compute_statistics(
            model.ledger, period=Period(DEMO.start, DEMO.start + timedelta(days=DEMO.days))
        )
        assert stats.median_days_to_resolution_registered is not None
        assert stats.median_days_to_resolution_registered > 0
        medians.append(stats.median_days_to_resolution)
    assert medians.count(0.0) >= 3  # the figure the report used to average
    assert "median_days_to_resolution_registered" in {spec.key for spec in HEADLINE}
    assert "median_days" not in {spec.key for spec in HEADLINE}
