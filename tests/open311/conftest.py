"""Fixtures of the Open311 tests: the Xiaoxiguan example and stores made from it."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

import cogov
from cogov import CHINA_TZ, Appointment, Community, Person, Unit
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.plugins import load_setup

#: a community cadre (社区干部): holds the intake duty across the community
INTAKE = "xxg-cadre-1"
HOUSEHOLD = "420325100001001010101"
GRID = "420325100001001"


@pytest.fixture(scope="session")
def example() -> Any:
    return load_setup("xiaoxiguan")


@pytest.fixture
def store_path(tmp_path: Path, example: Any) -> Path:
    path = tmp_path / "ledger.db"
    SQLiteStore.create(
        path, example.charter, example.community, example.appointments, guards=example.guards
    ).close()
    return path


@attrs.frozen
class Small:
    """A community of one grid and two households under the basic charter: cheap to build."""

    charter: Any = attrs.field(factory=cogov.basic_charter)
    guards: dict[str, Any] = attrs.field(factory=dict)

    @property
    def community(self) -> Community:
        community = Community()
        community.extend(
            units=[
                Unit("420325100001", "community", "小西关社区", "Xiaoxiguan community"),
                Unit(GRID, "grid", "第一网格", "grid 1", parent="420325100001"),
                Unit(HOUSEHOLD, "household", "101户", "flat 101", parent=GRID),
                Unit("420325100001001010102", "household", "102户", "flat 102", parent=GRID),
            ],
            people=[
                Person(INTAKE, "李干部", attributes={"cadre"}),
                Person("p-resident", "王居民", household=HOUSEHOLD),
            ],
        )
        return community

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        start = datetime(2022, 1, 1, tzinfo=CHINA_TZ)
        return (Appointment("a-cadre", INTAKE, "community_cadre", "420325100001", start),)


@pytest.fixture(scope="session")
def small() -> Small:
    return Small()


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory, small: Small) -> Path:
    path = tmp_path_factory.mktemp("small") / "template.db"
    SQLiteStore.create(path, small.charter, small.community, small.appointments).close()
    return path


def copy_store(template: Path, directory: Path, name: str) -> Path:
    """A new store file with the template's genesis (a copy: creating one is slower)."""
    target = directory / name
    shutil.copyfile(template, target)
    return target
