"""The source's figures belong to Xiaoxiguan's 2022: shown there only, switchable off, replaceable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cogov.plugins import ReferenceFigures, reference_figures, reference_for

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")
RECORDED = Path(__file__).parents[2] / "plugins/xiaoxiguan/src/cogov_xiaoxiguan/data/year-2022.jsonl"
SHOWN = "Reported by the source"

pytestmark = [
    pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed"),
    pytest.mark.skipif(not RECORDED.exists(), reason="needs the Xiaoxiguan plugin's recorded year"),
]


def cogov(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def _report(tmp_path: Path, *extra: str | Path) -> tuple[subprocess.CompletedProcess[str], dict]:  # type: ignore[type-arg]
    figures = tmp_path / "figures.json"
    result = cogov("report", RECORDED, "--out", tmp_path / "r.html", "--json", figures, *extra)
    assert result.returncode == 0, result.stderr
    return result, json.loads(figures.read_text(encoding="utf-8"))


def test_the_xiaoxiguan_plugin_registers_its_sources_figures() -> None:
    """The figures come through the hook, attributed to the plugin, not from the core."""
    found = reference_figures()
    news = found["xiaoxiguan:news_2022"]
    assert news.example == "xiaoxiguan"
    assert (news.start, news.end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert news.figures["meeting_issues_collected"] == 121
    assert news.figures["dispute_follow_up_satisfaction"] == 1.0  # a fraction, like every rate in data
    core = (Path(__file__).parents[2] / "src/cogov/cli/_sources.py").read_text(encoding="utf-8")
    assert "121" not in core
    assert "Jingchu" not in core


def test_reference_for_matches_only_its_community_and_period() -> None:
    """Same example and period, or the scenario over a period as long; nothing else."""
    news = reference_figures()["xiaoxiguan:news_2022"]
    year = {"start": date(2022, 1, 1), "end": date(2022, 12, 31)}
    assert reference_for([news], example="xiaoxiguan", **year) is news
    assert reference_for([news], example="my_community", **year) is None
    assert reference_for([news], example="xiaoxiguan", start=date(2023, 1, 1), end=date(2023, 12, 31)) is None
    assert reference_for([news], example="xiaoxiguan", start=date(2022, 1, 1), end=date(2022, 6, 30)) is None
    assert reference_for([news], example="xiaoxiguan", start=None, end=None) is None
    simulated = {"start": date(2023, 1, 1), "end": date(2023, 12, 31)}
    assert reference_for([news], example=None, scenario="xiaoxiguan", **simulated) is news
    assert reference_for([news], example=None, scenario="demo", **simulated) is None
    three_years = {"start": date(2023, 1, 1), "end": date(2025, 12, 31)}
    assert reference_for([news], example=None, scenario="xiaoxiguan", **three_years) is None
    with pytest.raises(ValueError, match="before start"):
        ReferenceFigures(
            "k", "x", date(2022, 2, 1), date(2022, 1, 1), {"meeting_issues_collected": 1}, "源", "src"
        )


def test_shown_for_its_year_and_not_for_another_period_or_a_grid(tmp_path: Path) -> None:
    """2022: shown.  2023, half of 2022, or one grid of 2022: not a word of the source's figures."""
    result, figures = _report(tmp_path, "--year", "2022")
    assert SHOWN in result.stdout
    reported = {f["key"]: f["reported"] for f in figures["headline"]}
    assert reported["meeting_issues_collected"] == 121
    for extra in (
        ["--year", "2023"],
        ["--from", "2022-01-01", "--to", "2022-06-30"],
        ["--year", "2022", "--unit", "420325100001001"],
    ):
        result, figures = _report(tmp_path, *extra)
        assert SHOWN not in result.stdout, extra
        assert all(f["reported"] is None for f in figures["headline"]), extra
        assert figures["source"] is None


def test_no_reference_switches_it_off(tmp_path: Path) -> None:
    """--no-reference: the 2022 report without the source's column."""
    result, figures = _report(tmp_path, "--year", "2022", "--no-reference")
    assert SHOWN not in result.stdout
    assert all(f["reported"] is None for f in figures["headline"])


def test_targets_replace_the_reference_for_any_period(tmp_path: Path) -> None:
    """A user's targets file (TOML or JSON) is shown instead, for whatever period is reported."""
    toml = tmp_path / "targets.toml"
    toml.write_text(
        'label = "our targets"\n[figures]\nresolution_rate = 0.95\nmeeting_issues_collected = 100\n'
    )
    _, figures = _report(tmp_path, "--year", "2023", "--targets", toml)
    reported = {f["key"]: f["reported"] for f in figures["headline"]}
    assert reported["resolution_rate"] == 0.95
    assert reported["meeting_issues_collected"] == 100
    assert reported["household_meetings"] is None
    assert figures["source"]["en"] == "our targets"
    as_json = tmp_path / "targets.json"
    as_json.write_text(json.dumps({"figures": {"follow_up_satisfaction": 0.9}}))
    _, figures = _report(tmp_path, "--year", "2022", "--targets", as_json)
    reported = {f["key"]: f["reported"] for f in figures["headline"]}
    assert reported == {**dict.fromkeys(reported), "follow_up_satisfaction": 0.9}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[figures]\nresolution_rat = 0.9\n", "did you mean 'resolution_rate'?"),
        ("[figures]\nresolution_rate = 95\n", "rates are fractions"),
        ("[figure]\nresolution_rate = 0.9\n", "did you mean 'figures'?"),
        ("[figures\n", "not valid TOML"),
    ],
)
def test_a_bad_targets_file_is_one_line_exit_1(tmp_path: Path, content: str, expected: str) -> None:
    """A misspelt figure gets a suggestion, a rate in percent the hint that rates are fractions."""
    path = tmp_path / "targets.toml"
    path.write_text(content)
    result = cogov("report", RECORDED, "--year", "2022", "--out", tmp_path / "r.html", "--targets", path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cogov: error: ")
    assert expected in lines[0]


def test_a_simulated_xiaoxiguan_year_is_compared_but_a_synthetic_community_is_not(tmp_path: Path) -> None:
    """The calibrated scenario's one-year run meets the source; the synthetic demo never does."""
    shown = cogov("simulate", "xiaoxiguan", "-r", "2", "--out", tmp_path / "x", "--no-progress")
    assert shown.returncode == 0, shown.stderr
    assert SHOWN in shown.stdout
    hidden = cogov(
        "simulate", "xiaoxiguan", "-r", "2", "--out", tmp_path / "y", "--no-progress", "--no-reference"
    )
    assert SHOWN not in hidden.stdout
    synthetic = cogov("simulate", "demo", "-r", "2", "--out", tmp_path / "z", "--no-progress")
    assert SHOWN not in synthetic.stdout
    # the simulated ledger, reported over its recorded measured period, is compared as its scenario
    report = cogov("report", tmp_path / "x" / "ledger.jsonl", "--out", tmp_path / "x.html")
    assert report.returncode == 0, report.stderr
    assert SHOWN in report.stdout
