"""A county of communities: many community scenarios, one chain each, simulated in parallel.

A :class:`County` is a tuple of :class:`~cogov.simulation.scenario.Scenario` values, one per
community, each a synthetic community on the basic charter numbered by a 12-digit division
code (:mod:`cogov.model.divisions`).  :func:`county_scenario` makes one of varied size and
profile: old-town neighbourhoods (老城社区: many issues raised at household meetings),
new estates (新建小区: more service requests, more answered on the spot) and villages (村:
fewer households, more disputes).  :func:`simulate_county` runs every community's year on any
:class:`concurrent.futures.Executor` and hands each ledger to a *target* in the worker (a
:class:`~cogov.boundary.sources.StoreTarget` writes one store per community), so only a
small :class:`CommunityRun` travels back.

Codes: the county is Fang county, Hubei (房县, 420325) and its first street Chengguan town
(城关镇, 420325100), as in the Xiaoxiguan source; the other township-level codes follow the
pattern of the National Bureau of Statistics' division codes (towns numbered from 100,
townships from 200) and community codes theirs (residents' committees from 001, villages
from 200).  Apart from those two, the codes and names are made up, not a real roster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from random import Random
from typing import Protocol, runtime_checkable

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import ScenarioError
from cogov.model.divisions import DIVISION_LEVELS, is_division_code
from cogov.simulation.experiments import simulate
from cogov.simulation.scenario import CommunitySource, Duration, KindModel, MeetingModel, Scenario
from cogov.simulation.streams import derive_seed

__all__ = [
    "PROFILES",
    "CommunityRun",
    "County",
    "CountyRun",
    "LedgerTarget",
    "county_scenario",
    "simulate_community",
    "simulate_county",
]

#: the profiles a generated county mixes: (share of communities, label)
PROFILES = {
    "old_town": (0.4, "老城社区 old-town neighbourhood"),
    "new_estate": (0.35, "新建小区 new residential estate"),
    "village": (0.25, "村 village"),
}


@runtime_checkable
class LedgerTarget(Protocol):
    """Where a simulated community's ledger goes (picklable: it is sent to the workers)."""

    def write(self, key: str, ledger: Ledger) -> str:
        """Record ``ledger`` under ``key``; return the address it can be read back from."""
        ...


@attrs.frozen
class County:
    """Communities of one county, each a scenario whose community carries its division code."""

    key: str
    label: str
    communities: tuple[Scenario, ...]

    def __attrs_post_init__(self) -> None:
        codes = [s.community.code for s in self.communities]
        if not codes:
            msg = f"county {self.key!r}: give at least one community"
            raise ScenarioError(msg)
        if any(code is None for code in codes):
            msg = f"county {self.key!r}: every community needs a division code (CommunitySource.code)"
            raise ScenarioError(msg)
        if len(set(codes)) != len(codes):
            msg = f"county {self.key!r}: a division code is used twice"
            raise ScenarioError(msg)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(str(s.community.code) for s in self.communities)

    def expected_issues(self) -> float:
        """Issues the whole county is expected to raise over its communities' horizons."""
        total = 0.0
        for s in self.communities:
            households = s.community.grids * s.community.households_per_grid
            total += s.expected_size(households=households, grids=s.community.grids)["issues"]
        return total


def _kinds(profile: str, scale: float) -> tuple[KindModel, ...]:
    """The issue models of a profile; ``scale`` varies a community's issue rates around it."""
    meeting = {"old_town": 0.7, "new_estate": 0.4, "village": 0.6}[profile]
    on_spot = {"old_town": 0.5, "new_estate": 0.65, "village": 0.45}[profile]
    disputes = {"old_town": 0.06, "new_estate": 0.04, "village": 0.1}[profile]
    services = {"old_town": 0.1, "new_estate": 0.25, "village": 0.05}[profile]
    return (
        KindModel(
            "policy_question",
            0.25 * scale,
            meeting_share=meeting,
            on_spot_share=min(1.0, on_spot + 0.35),
            handling=Duration(3.0, "gamma", 0.5),
        ),
        KindModel(
            "reasonable_demand",
            0.3 * scale,
            seasonal_amplitude=0.3,
            seasonal_peak_day=200.0,
            meeting_share=meeting,
            on_spot_share=on_spot,
            handling=Duration(12.0, "gamma", 0.7),
            rebound_probability=0.05,
        ),
        KindModel(
            "service_request",
            services * scale,
            meeting_share=0.2,
            on_spot_share=on_spot,
            route="direct",
            handling=Duration(4.0, "gamma", 0.6),
        ),
        KindModel(
            "dispute",
            disputes * scale,
            meeting_share=0.5,
            on_spot_share=0.05,
            mediate=True,
            mediation=Duration(10.0, "gamma", 0.6),
            mediation_success=0.85,
            rebound_probability=0.05,
        ),
    )


#: township-level codes of the generated county: Chengguan town first, then towns, then townships
_STREETS = (*(f"{100 + i}" for i in range(12)), *(f"{200 + i}" for i in range(8)))


def county_scenario(
    communities: int = 300,
    *,
    county: str = "420325",
    seed: int = 2022,
    days: float = 365.0,
    warmup_days: float = 30.0,
    streets: int = len(_STREETS),
) -> County:
    """A county of ``communities`` communities of varied size and profile (see the module docstring).

    Sizes and profiles are drawn from ``seed``; the communities are dealt to the county's
    first ``streets`` township-level divisions in turn, residents' committees numbered from 001 and villages
    from 200 within each.  A community has 4 to 16 grids (a village 2 to 6) of 80 to 280 households.
    """
    if not (len(county) == DIVISION_LEVELS["county"] and county.isdigit()):
        msg = f"county_scenario: county must be a 6-digit division code such as 420325, got {county!r}"
        raise ScenarioError(msg)
    if not 1 <= streets <= len(_STREETS):
        msg = f"county_scenario: streets must be between 1 and {len(_STREETS)}, got {streets}"
        raise ScenarioError(msg)
    if not 1 <= communities <= streets * 199:
        msg = f"county_scenario: {streets} streets hold between 1 and {streets * 199} communities, got {communities}"
        raise ScenarioError(msg)
    rng = Random(seed)  # noqa: S311 - simulation, not cryptography
    profiles = list(PROFILES)
    shares = [PROFILES[p][0] for p in profiles]
    numbered: dict[tuple[str, bool], int] = {}
    scenarios = []
    for n in range(communities):
        street = _STREETS[n % streets]
        profile = rng.choices(profiles, shares)[0]
        village = profile == "village"
        serial = numbered.get((street, village), 200 if village else 1)
        numbered[street, village] = serial + 1
        code = f"{county}{street}{serial:03d}"
        grids = rng.randint(2, 6) if village else rng.randint(4, 16)
        households = rng.randint(80, 280)
        scenarios.append(
            Scenario(
                key=f"c{code}",
                label=f"{PROFILES[profile][1]} {code}",
                community=CommunitySource(
                    grids=grids,
                    households_per_grid=households,
                    cadres=max(1, grids // 4),
                    mediators=1 + grids // 8,
                    code=code,
                ),
                kinds=_kinds(profile, rng.uniform(0.7, 1.3)),
                meetings=(
                    MeetingModel("household_meeting", 30.0, attendance=0.8 if village else 0.7),
                    MeetingModel("weekly_joint_meeting", 7.0, first_day=3.0, held_probability=0.9),
                ),
                days=days,
                warmup_days=warmup_days,
                handler_capacity=3,
                mediator_capacity=2,
            )
        )
    assert all(is_division_code(str(s.community.code)) for s in scenarios)
    return County(f"county-{county}", f"{communities} communities of county {county}", tuple(scenarios))


@attrs.frozen
class CommunityRun:
    """What one simulated community sends back: its size, its times and where its ledger went."""

    code: str
    events: int
    #: seconds to simulate the year (every event validated by the ledger)
    simulate_seconds: float
    #: seconds to hand the ledger to the target (a store writes its chain)
    write_seconds: float
    address: str
    #: the same two in CPU time of the process that ran them (steadier on a busy machine)
    simulate_cpu: float = 0.0
    write_cpu: float = 0.0


@attrs.frozen
class CountyRun:
    """Every community's run, by code."""

    runs: tuple[CommunityRun, ...]

    @property
    def events(self) -> int:
        return sum(r.events for r in self.runs)

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(r.address for r in self.runs)


def simulate_community(scenario: Scenario, seed: int, target: LedgerTarget) -> CommunityRun:
    """Simulate one community's period and write its ledger to ``target`` (runs in a worker)."""
    started, cpu = time.perf_counter(), time.process_time()
    ledger = simulate(scenario, seed).ledger
    simulated, simulated_cpu = time.perf_counter(), time.process_time()
    code = str(scenario.community.code)
    address = target.write(code, ledger)
    return CommunityRun(
        code,
        len(ledger),
        simulated - started,
        time.perf_counter() - simulated,
        address,
        simulated_cpu - cpu,
        time.process_time() - simulated_cpu,
    )


def simulate_county(
    county: County,
    target: LedgerTarget,
    *,
    seed: int = 2022,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CountyRun:
    """Simulate every community of ``county`` (on ``executor``, or here) into ``target``.

    A community's seed is derived from ``seed`` and its code, so its ledger does not depend on
    the executor, the number of workers or which other communities run.
    """
    scenarios: Iterable[Scenario] = county.communities
    total = len(county.communities)
    runs: list[CommunityRun] = []
    seeds = [derive_seed(seed, code) for code in county.codes]
    if executor is None:
        for scenario, community_seed in zip(scenarios, seeds, strict=True):
            runs.append(simulate_community(scenario, community_seed, target))
            if progress is not None:
                progress(len(runs), total)
    else:
        futures = [
            executor.submit(simulate_community, scenario, community_seed, target)
            for scenario, community_seed in zip(scenarios, seeds, strict=True)
        ]
        for future in futures:
            runs.append(future.result())
            if progress is not None:
                progress(len(runs), total)
    return CountyRun(tuple(sorted(runs, key=lambda r: r.code)))
