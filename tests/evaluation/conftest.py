"""A small two-grid community and a helper that writes issue journeys into its ledger.

The community is :func:`cogov.testing.samples.grid_community` with two grids of two
households each, straight in the grid, one resident each: ``p-1-1a`` and ``p-2-1a`` (the first
household of each grid) are resident representatives, ``p-1-2a`` and ``p-2-2a`` are not.
Journeys are :class:`cogov.testing.journeys.IssueJourneys`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
import pytest

import cogov
from cogov import CHINA_TZ, Community, Ledger
from cogov.testing.journeys import IssueJourneys
from cogov.testing.samples import SampleCommunity, grid_community

START = datetime(2022, 1, 3, 9, 0, tzinfo=CHINA_TZ)


def _representatives(grid: int, household: int, resident: int) -> set[str]:
    return {"resident_representative"} if household == 1 else set()


def build_sample() -> SampleCommunity:
    return grid_community(
        2,
        2,
        buildings=0,
        residents_per_household=1,
        resident_attributes=_representatives,
        since=START - timedelta(days=30),
    )


def build_community() -> Community:
    return build_sample().community


SAMPLE = build_sample()
COMMUNITY = SAMPLE.root
GRIDS = SAMPLE.grids
HOUSEHOLDS = SAMPLE.households
APPOINTMENTS = SAMPLE.appointments


class Journeys(IssueJourneys):
    """Issue journeys in the evaluation tests' community."""

    def __init__(self) -> None:
        super().__init__(SAMPLE)


@pytest.fixture
def community() -> Community:
    return build_community()


@pytest.fixture
def charter() -> cogov.Charter:
    activities = (
        cogov.ActivityKind("clean_up", "环境整治", "clean-up"),
        cogov.ActivityKind("patrol", "巡逻", "patrol"),
    )
    return attrs.evolve(cogov.basic_charter(), activity_kinds=activities)


@pytest.fixture
def new_ledger(community: Community, charter: cogov.Charter) -> Callable[[], Ledger]:
    return lambda: Ledger(charter, community, appointments=APPOINTMENTS)


@pytest.fixture
def journeys() -> Journeys:
    return Journeys()


@pytest.fixture
def journeys_factory() -> type[Journeys]:
    """The Journeys class, for property tests that need a fresh writer per example."""
    return Journeys
