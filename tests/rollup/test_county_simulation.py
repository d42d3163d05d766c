"""A small county simulated into SQLite stores: one verified chain per community, rolled up by street."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs
import pytest

from cogov.boundary.addresses import list_communities, open_store
from cogov.boundary.sources import StoreTarget, store_sources
from cogov.errors import ScenarioError
from cogov.evaluation.rollup import roll_up
from cogov.model.divisions import division_of, is_division_code
from cogov.model.events import MeetingHeld
from cogov.simulation.county import County, county_scenario, simulate_county
from cogov.simulation.scenario import CommunitySource


def _small(communities: int = 5):  # type: ignore[no-untyped-def]
    return county_scenario(communities, days=60.0, warmup_days=0.0, seed=7)


def test_a_county_has_coded_communities_of_varied_size() -> None:
    """Codes are 12-digit, unique, in county 420325; sizes and profiles vary."""
    county = county_scenario(40)
    assert len(set(county.codes)) == 40
    assert all(is_division_code(c) and c.startswith("420325") for c in county.codes)
    assert len({s.community.grids * s.community.households_per_grid for s in county.communities}) > 20
    assert len({s.label.split()[0] for s in county.communities}) == 3
    assert county.codes[0] == "420325100001" or division_of(county.codes[0], "street") == "420325100"


def test_simulated_county_chains_each_verify(tmp_path: Path) -> None:
    """Every community's store holds a chain that fully verifies, with the events the run reported."""
    county = _small()
    run = simulate_county(county, StoreTarget(str(tmp_path)), seed=3)
    assert list_communities(str(tmp_path)) == tuple(sorted(county.codes))
    for community in run.runs:
        with open_store(str(tmp_path), community=community.code) as store:
            store.verify()
            assert len(store) == community.events > 0


def test_the_county_does_not_depend_on_the_executor(tmp_path: Path) -> None:
    """A process pool writes the same ledgers as a serial run (seeds come from the county seed and code)."""
    county = _small(3)
    serial = simulate_county(county, StoreTarget(str(tmp_path / "serial")), seed=3)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = simulate_county(county, StoreTarget(str(tmp_path / "pooled")), seed=3, executor=pool)
    assert [r.events for r in pooled.runs] == [r.events for r in serial.runs]
    for code in county.codes:
        with (
            open_store(str(tmp_path / "serial"), community=code) as one,
            open_store(str(tmp_path / "pooled"), community=code) as other,
        ):
            assert one.verify() == other.verify()  # the same head hash


def test_simulated_county_rolls_up_to_the_sum_of_its_ledgers(tmp_path: Path) -> None:
    """The county's issues and meetings are those of every community's ledger added up."""
    county = _small(4)
    simulate_county(county, StoreTarget(str(tmp_path)), seed=3)
    stats = roll_up(store_sources(str(tmp_path)), level="county").statistics("420325")
    issues = meetings = 0
    for code in county.codes:
        with open_store(str(tmp_path), community=code) as store:
            ledger = store.load()
        issues += len(ledger.issues)
        meetings += sum(1 for e in ledger.events if isinstance(e, MeetingHeld))
    assert stats.issues_collected == issues > 0
    assert stats.meetings_held == meetings > 0
    assert set(stats.collected_by_group) == set(county.codes)


def test_a_community_without_a_code_is_refused() -> None:
    """A county's communities roll up by their codes, so each needs one."""
    first, second = _small(2).communities
    uncoded = attrs.evolve(second, community=attrs.evolve(second.community, code=None))
    with pytest.raises(ScenarioError, match="division code"):
        County("x", "x", (first, uncoded))


def test_a_bad_division_code_is_refused() -> None:
    """A code that is not 12 digits is refused when the scenario is made."""
    with pytest.raises(ScenarioError, match="12-digit"):
        CommunitySource(code="4203251")


def test_a_county_simulated_into_postgresql_rolls_up_as_from_sqlite(
    tmp_path: Path, postgres_address: str
) -> None:
    """One database receives every community's chain; each verifies, and the roll-up from the
    database equals the roll-up from SQLite files of the same run."""
    from cogov.testing.store_backends import PostgresBackend  # noqa: PLC0415 - the postgres extra

    county = _small(3)
    backend = PostgresBackend(postgres_address)
    try:
        database = backend.address("county")
        in_files = simulate_county(county, StoreTarget(str(tmp_path)), seed=3)
        in_database = simulate_county(county, StoreTarget(database), seed=3)
        assert [r.events for r in in_database.runs] == [r.events for r in in_files.runs]
        assert list_communities(database) == tuple(sorted(county.codes))
        for code in county.codes:
            with (
                open_store(database, community=code) as row,
                open_store(str(tmp_path), community=code) as file,
            ):
                assert row.verify() == file.verify()  # the same chain, to its head
        from_database = roll_up(store_sources(database), level="county").statistics("420325")
        from_files = roll_up(store_sources(str(tmp_path)), level="county").statistics("420325")
        assert from_database == from_files
    finally:
        backend.cleanup()
