"""``cogov compare``: two policies or two runs side by side, with paired differences and intervals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cogov.cli._scenarios import replicate
from cogov.report import differences
from cogov.simulation import BASELINE, DEMO, FORTNIGHTLY

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")

pytestmark = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")


def cogov(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_two_policies_side_by_side_with_paired_differences(tmp_path: Path) -> None:
    """Fortnightly household meetings against baseline: both means, the paired difference, its interval."""
    out = tmp_path / "compare.json"
    result = cogov(
        "compare", "demo", "fortnightly_household_meetings", "-r", "8", "--seed", "3", "--json", out
    )
    assert result.returncode == 0, result.stderr
    assert "A = baseline, B = fortnightly_household_meetings" in result.stdout
    assert "Paired difference" in result.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["paired"] is True
    meetings = document["figures"]["household_meetings"]
    assert meetings["difference"]["mean"] == pytest.approx(
        meetings["other"]["mean"] - meetings["baseline"]["mean"]
    )
    assert meetings["difference"]["mean"] > 0  # twice as many meetings
    rate = document["figures"]["resolution_rate"]["difference"]
    assert -1.0 <= rate["ci95"][0] <= rate["mean"] <= rate["ci95"][1] <= 1.0
    assert "pp" in result.stdout  # rate differences in percentage points


def test_pairing_narrows_the_interval_of_a_difference() -> None:
    """Common random numbers: the paired interval of issues collected is narrower than Welch's."""
    sides = [
        replicate(DEMO, p, replications=10, seed=5, workers=1, progress=None) for p in (BASELINE, FORTNIGHTLY)
    ]
    paired = differences(sides[0], sides[1], paired=True)["issues_collected"]
    independent = differences(sides[0], sides[1], paired=False)["issues_collected"]
    assert paired.mean == pytest.approx(independent.mean)
    assert paired.interval is not None
    assert independent.interval is not None
    assert (
        paired.interval.high - paired.interval.low
        < (independent.interval.high - independent.interval.low) / 2
    )


def test_two_runs_are_paired_when_they_share_seeds(tmp_path: Path) -> None:
    """Two cogov simulate outputs with the same seed pair up; with other seeds they are independent."""
    for name, policy, seed in (
        ("a", "baseline", "1"),
        ("b", "fortnightly_household_meetings", "1"),
        ("c", "baseline", "2"),
    ):
        done = cogov(
            "simulate",
            "demo",
            "-r",
            "4",
            "--seed",
            seed,
            "--policy",
            policy,
            "--out",
            tmp_path / name,
            "--no-progress",
        )
        assert done.returncode == 0, done.stderr
    same = cogov("compare", tmp_path / "a", tmp_path / "b", "--json", tmp_path / "ab.json")
    assert same.returncode == 0, same.stderr
    assert json.loads((tmp_path / "ab.json").read_text())["paired"] is True
    assert "demo · baseline" in same.stdout
    other = cogov("compare", tmp_path / "a", tmp_path / "c", "--json", tmp_path / "ac.json")
    assert other.returncode == 0, other.stderr
    assert json.loads((tmp_path / "ac.json").read_text())["paired"] is False
    assert "independent" in other.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["demo", "baseline", "baseline"], "two different policies"),
        (["demo", "fortnightly"], "did you mean 'fortnightly_household_meetings'?"),
        (["{tmp}", "{tmp}"], "no replications.csv"),
    ],
)
def test_a_wrong_comparison_is_one_line_exit_1(tmp_path: Path, args: list[str], expected: str) -> None:
    """The same policy twice, an unknown policy, or a directory that is not a run: one error line."""
    result = cogov("compare", *(a.replace("{tmp}", str(tmp_path)) for a in args), "-r", "2")
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cogov: error: ")
    assert expected in lines[0]
