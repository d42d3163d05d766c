"""``cogov report DIR --level street|county`` as a real subprocess on real SQLite stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.test_cli import COGOV, assert_one_line_error, cogov

from .street import STREET, A, B, C, write_street

pytestmark = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_street(tmp_path_factory.mktemp("street"))


def test_street_report_prints_totals_and_the_ranking(street: Path, tmp_path: Path) -> None:
    """The street's totals, its three communities ranked 001, 003 and 002 (not rated), and the same as JSON."""
    out = tmp_path / "street.json"
    result = cogov("report", street, "--level", "street", "--json", out, "--workers", "2")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert STREET in text
    assert "收集问题 (issues collected)" in text
    assert "样本不足" in text
    assert text.index(A) < text.index(C) < text.index(B)
    assert "3 communities rolled up into 1 street" in text
    document = json.loads(out.read_text(encoding="utf-8"))
    unit = document["units"][STREET]
    assert unit["totals"]["issues_collected"] == 26
    assert unit["totals"]["resolution_rate"] == 21 / 26
    assert "by_actor" not in unit["totals"]  # who did what stays in each community's own report
    assert [r["code"] for r in unit["rankings"]["community"]] == [A, C, B]
    assert [r["rated"] for r in unit["rankings"]["community"]] == [True, True, False]


def test_county_report_in_english_ranks_streets_and_communities(street: Path) -> None:
    """At county level the streets are ranked too; --lang en puts English first."""
    result = cogov("report", f"sqlite:///{street}", "--level", "county", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "street ranking" in result.stdout
    assert "community ranking" in result.stdout
    assert "county 420325" in result.stdout


def test_a_directory_without_level_is_one_line_error(street: Path) -> None:
    """A directory is many ledgers: the error says to give --level."""
    assert "--level" in assert_one_line_error(cogov("report", street), code=1)


def test_a_missing_address_is_one_line_error(tmp_path: Path) -> None:
    """No traceback, and the address named."""
    line = assert_one_line_error(cogov("report", tmp_path / "nowhere", "--level", "street"), code=1)
    assert "nowhere" in line


def test_a_store_that_is_not_a_community_is_refused(tmp_path: Path) -> None:
    """A store whose community has no 12-digit division code cannot be rolled up, and says why."""
    from cogov import Community, Unit  # noqa: PLC0415
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415

    from .county import CHARTER  # noqa: PLC0415

    plain = Community()
    plain.extend(units=[Unit("C1", "community", "社区", "community")])
    SQLiteStore.create(tmp_path / "C1.db", CHARTER, plain).close()
    line = assert_one_line_error(cogov("report", tmp_path, "--level", "street"), code=1)
    assert "12-digit" in line
