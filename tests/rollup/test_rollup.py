"""Roll-up of a worked street: totals from the union, rates pooled (not averaged), ranking with a minimum sample."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from cogov.boundary.sources import StoreSource, store_sources
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.errors import InvalidFieldError
from cogov.evaluation.rollup import roll_up
from cogov.evaluation.statistics import tally
from cogov.events import IssueCollected, UnitAdded
from cogov.testing.strategies._values import EPOCH

from .county import CHARTER, community
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


def test_a_trusted_read_equals_the_rebuilt_ledger(street: Path) -> None:
    """Reading a trusted store without rebuilding its ledger tallies exactly what the ledger does."""
    for source in store_sources(str(street), verify=False):
        charter, structure, events = source.read()
        ledger = source.load()
        assert list(events) == list(ledger.corrected_events)
        assert tally(events, charter, structure, group_level="community") == tally(
            ledger, group_level="community"
        )


def test_a_store_whose_structure_changes_is_read_through_its_ledger(tmp_path: Path) -> None:
    """A household added by an event is known to the roll-up (the genesis structure lacks it)."""
    code = f"{STREET}009"
    structure, appointments = community(code)
    at = EPOCH + timedelta(days=1)
    events = [
        UnitAdded(
            at=at,
            actor=f"{code}-sec",
            unit=f"{code}00199",
            level="household",
            name_zh="新户",
            name_en="new flat",
            parent=f"{code}001",
        ),
        IssueCollected(
            at=at,
            actor=f"{code}-sec",
            issue="I1",
            kind="dispute",
            unit=f"{code}00199",
            channel="grid_visit",
            summary="新户问题",
        ),
    ]
    with SQLiteStore.create(
        tmp_path / f"{code}.db", CHARTER, structure, appointments, clock="events", created_at=EPOCH
    ) as store:
        store.append(events)
    rollup = roll_up(store_sources(str(tmp_path), verify=False), level="street")
    assert rollup.statistics(STREET).collected_by_group == {code: 1}
