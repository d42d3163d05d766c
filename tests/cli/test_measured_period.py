"""``cogov report`` on a simulated ledger reports the measured period, not the warm-up with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")

pytestmark = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")


def cogov(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=300, env=env, check=False
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    result = cogov("simulate", "xiaoxiguan", "-r", "1", "--seed", "4", "--out", out, "--no-progress")
    assert result.returncode == 0, result.stderr
    return out


def test_the_run_records_its_measured_period(run: Path) -> None:
    """run.json beside the ledger says which period was measured and where the clock started."""
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert record["ledger"] == "ledger.jsonl"
    assert record["measured_period"]["start"].startswith("2023-01-01")
    assert record["measured_period"]["end"].startswith("2024-01-01")
    assert record["clock_start"] < record["measured_period"]["start"]


def test_report_without_a_period_reports_the_measured_year_only(run: Path, tmp_path: Path) -> None:
    """Without --year the report covers the measured year, exactly as with --year given."""
    default = cogov("report", run / "ledger.jsonl", "-o", tmp_path / "a.html", "--json", tmp_path / "a.json")
    assert default.returncode == 0, default.stderr
    assert "measured period" in default.stdout
    chosen = cogov(
        "report",
        run / "ledger.jsonl",
        "--year",
        "2023",
        "-o",
        tmp_path / "b.html",
        "--json",
        tmp_path / "b.json",
    )
    assert chosen.returncode == 0, chosen.stderr
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert a["period_start"] == "2023-01-01"
    assert a["period_end"] == "2023-12-31"
    assert a["headline"] == b["headline"]


def test_an_explicit_period_still_wins(run: Path, tmp_path: Path) -> None:
    """--year names another period: the recorded one is not used (and not announced)."""
    result = cogov(
        "report",
        run / "ledger.jsonl",
        "--year",
        "2022",
        "-o",
        tmp_path / "c.html",
        "--json",
        tmp_path / "c.json",
    )
    assert result.returncode == 0, result.stderr
    assert "measured period" not in result.stdout
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["period_start"] == "2022-01-01"
