"""Merged tallies are the statistics of the union: exact counts, rates, medians and intervals."""

from __future__ import annotations

from datetime import timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cogov.engine.ledger import Ledger
from cogov.evaluation import Period, WeightedRates, compute_statistics
from cogov.evaluation.statistics import tally
from cogov.evaluation.tally import Tally, merge
from cogov.model.events import MeetingHeld
from cogov.testing.strategies._values import EPOCH

from .county import ACTIVE_CHARTER, county_ledgers, renamed, union_community

periods = st.none() | st.builds(
    lambda start, days: Period(EPOCH + timedelta(days=start), EPOCH + timedelta(days=start + days)),
    st.integers(0, 10),
    st.integers(1, 60),
)


def _tallies(ledgers: list[tuple[str, Ledger]], period: Period | None) -> list[Tally]:
    return [tally(ledger, period=period, group_level="community") for _, ledger in ledgers]


def _union(ledgers: list[tuple[str, Ledger]], period: Period | None):  # type: ignore[no-untyped-def]
    events = [event for code, ledger in ledgers for event in renamed(ledger.corrected_events, code)]
    # meetings and activities are named per ledger too
    events = [
        attrs.evolve(e, meeting=f"{e.unit}-{e.meeting}") if isinstance(e, MeetingHeld) else e for e in events
    ]
    return compute_statistics(
        events,
        ACTIVE_CHARTER,
        union_community([code for code, _ in ledgers]),
        period=period,
        group_level="community",
    )


@given(county_ledgers(), periods, st.data())
def test_merging_any_grouping_equals_computing_over_the_union(ledgers, period, data) -> None:  # type: ignore[no-untyped-def]
    """Split the communities into groups any way, merge within and across groups in any order:
    the table equals the one computed over all their events at once, exactly."""
    parts = _tallies(ledgers, period)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(parts), max_size=len(parts)))
    groups: dict[int, list[Tally]] = {}
    for label, part in zip(labels, parts, strict=True):
        groups.setdefault(label, []).append(part)
    order = data.draw(st.permutations(sorted(groups)))
    merged = merge(merge(data.draw(st.permutations(groups[label]))) for label in order)
    union = _union(ledgers, period)
    assert merged.statistics() == union
    # the rates, medians and percentiles are those of the union, not averages of the parts
    assert merged.statistics().resolution_rate == union.resolution_rate
    assert merged.statistics().median_days_to_resolution == union.median_days_to_resolution


@given(county_ledgers(max_communities=4), periods)
def test_merge_is_commutative_and_associative(ledgers, period) -> None:  # type: ignore[no-untyped-def]
    """merge(a, merge(b, c)) == merge(merge(a, b), c) == merge(c, b, a), field by field."""
    parts = _tallies(ledgers, period)
    while len(parts) < 3:
        parts.append(parts[0])  # the same counts twice are still a valid sum
    a, b, c = parts[:3]
    assert merge([a, merge([b, c])]) == merge([merge([a, b]), c]) == merge([c, b, a])


@given(county_ledgers(), periods)
def test_a_community_ranked_from_merged_figures_scores_as_from_its_own_ledger(ledgers, period) -> None:  # type: ignore[no-untyped-def]
    """The weighted rates of a community read from the merged street equal its score from its own ledger,
    intervals included."""
    rule = WeightedRates("rates", "三率", "three rates", level="community", minimum_sample=2)
    merged = merge(_tallies(ledgers, period)).statistics()
    for code, ledger in ledgers:
        alone = tally(ledger, period=period, group_level="community").statistics()
        from_merged = rule.rate(code, merged.by_group.get(code), merged, period=period)
        from_alone = rule.rate(code, alone.by_group.get(code), alone, period=period)
        assert from_merged == from_alone
        assert [c.interval for c in from_merged.criteria] == [c.interval for c in from_alone.criteria]


@given(county_ledgers(max_communities=2), periods)
def test_tally_statistics_equal_compute_on_a_ledger(ledgers, period) -> None:  # type: ignore[no-untyped-def]
    """tally(...).statistics() is compute_statistics(...) (the one pass makes both)."""
    for _, ledger in ledgers:
        assert tally(ledger, period=period).statistics() == compute_statistics(ledger, period=period)
