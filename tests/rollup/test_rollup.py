"""Roll-up of a worked street: totals from the union, rates pooled (not averaged), ranking with a minimum sample."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from cogov.boundary.sources import StoreSource, store_sources
from cogov.errors import InvalidFieldError
from cogov.evaluation.rollup import roll_up

from .street import STREET, A, B, C, write_street


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_street(tmp_path_factory.mktemp("street"))


def test_street_totals_pool_the_communities(street: Path) -> None:
    """26 issues, 21 resolved: 21/26 (not the mean of 1, 1 and 0.5); the registered median is 6
    days over the six registered resolutions (not the mean of the communities' 3 and 6)."""
    rollup = roll_up(store_sources(str(street)), level="street")
    assert rollup.units == (STREET,)
    stats = rollup.statistics(STREET)
    assert stats.issues_collected == 26
    assert stats.resolved == 21
    assert stats.resolution_rate == 21 / 26
    assert stats.answered_on_spot == 15
    assert stats.still_open == 5
    # all resolutions: 15 on the spot (0 days), then 2, 4, 6, 6, 6, 6: the 11th of 21 is 0
    assert stats.median_days_to_resolution == 0.0
    assert stats.median_days_to_resolution_registered == 6.0
    assert stats.p90_days_to_resolution == 6.0
    assert stats.follow_ups == {"dissatisfied": 1, "satisfied": 5}
    assert stats.satisfaction_rate() == 5 / 6
    assert stats.collected_by_group == {A: 12, B: 4, C: 10}


def test_street_ranking_applies_the_minimum_sample(street: Path) -> None:
    """001 scores 100; 003 has no follow-up, so response and resolution share the weight:
    100 × (1/6 × 1 + 5/6 × 0.5) = 58.33; 002 (4 issues < 10) is not rated and comes last."""
    rollup = roll_up(store_sources(str(street)), level="street")
    ranking = rollup.ranking(STREET)
    assert [s.subject for s in ranking] == [A, C, B]
    assert ranking[0].value == pytest.approx(100.0)
    assert ranking[1].value == pytest.approx(100 * (1 / 6 + 5 / 6 * 0.5))
    assert not ranking[2].rated
    assert "样本不足" in ranking[2].reason
    resolution = next(c for c in ranking[1].criteria if c.key == "resolution")
    assert resolution.interval is not None
    assert resolution.interval[0] < 0.5 < resolution.interval[1]


def test_county_level_groups_streets(street: Path) -> None:
    """At county level the county's totals are the street's, and the street is ranked with its pooled figures."""
    rollup = roll_up(store_sources(str(street)), level="county")
    assert rollup.units == (STREET[:6],)
    assert rollup.statistics(STREET[:6]) == roll_up(store_sources(str(street)), level="street").statistics(
        STREET
    )
    (only,) = rollup.ranking(STREET[:6], by="street")
    assert only.subject == STREET
    assert only.rated


def test_a_process_pool_gives_the_same_roll_up(street: Path) -> None:
    """Sources and tallies cross process boundaries; the result does not depend on the executor."""
    here = roll_up(store_sources(str(street)), level="street")
    with ProcessPoolExecutor(max_workers=2) as pool:
        there = roll_up(store_sources(str(street)), level="street", executor=pool)
    assert there == here


def test_one_community_twice_is_refused(street: Path) -> None:
    """Two ledgers claiming one community would count it twice."""
    source = StoreSource(str(street), A)
    with pytest.raises(InvalidFieldError, match="comes from two ledgers"):
        roll_up([source, StoreSource(str(street / f"{A}.db"))], level="street")


def test_unknown_level_is_refused(street: Path) -> None:
    with pytest.raises(InvalidFieldError, match="'street' or 'county'"):
        roll_up(store_sources(str(street)), level="grid")
