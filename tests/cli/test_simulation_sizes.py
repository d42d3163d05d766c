"""``cogov sweep`` refuses a parameter outside its documented range before anything runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")

pytestmark = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")


@pytest.mark.parametrize(
    ("scenario", "parameter", "value", "shown"),
    [
        ("demo", "days", "1e9", "0 < days <= 7305"),
        ("demo", "warmup_days", "1e9", "0 <= warmup_days <= 3650"),
        ("demo", "household_meeting_days", "1e-9", "1 <= household_meeting_days <= 3650"),
        ("demo", "extra_handlers_per_grid", "1000000000", "0 <= extra_handlers_per_grid <= 100"),
        ("xiaoxiguan", "days", "1e9", "0 < days <= 7305"),
        ("xiaoxiguan", "handler_capacity", "0", "1 <= handler_capacity <= 1000"),
    ],
)
def test_an_out_of_range_sweep_parameter_is_one_line_exit_1_at_once(
    tmp_path: Path, scenario: str, parameter: str, value: str, shown: str
) -> None:
    """The sizes that ran for minutes or exhausted memory now fail at once, naming the range."""
    grid = tmp_path / "grid.toml"
    grid.write_text(
        f'scenario = "{scenario}"\nreplications = 2\n[parameters]\n{parameter} = [30, {value}]\n',
        encoding="utf-8",
    )
    env = {**os.environ, "COLUMNS": "160"}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    started = time.monotonic()
    result = subprocess.run(
        [COGOV, "sweep", str(grid), "--out", str(tmp_path / "out"), "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cogov: error: ")
    assert parameter in lines[0]
    assert shown in lines[0]
    # nothing ran: no point's results were written
    assert not (tmp_path / "out" / "sweep.json").exists()
