"""The policy comparison example runs and prints every statistic with its interval and the difference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy_comparison.py"


def test_policy_comparison_example_prints_intervals_and_differences() -> None:
    """A short run prints a header, the meetings and the days to be heard with intervals."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--replications", "4", "--workers", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    out = result.stdout
    assert "difference" in out
    header = next(row for row in out.splitlines() if row.startswith("statistic"))
    assert "fortnightly_household_meetings" in header.split()  # the policy key in full, not cut short
    line = next(row for row in out.splitlines() if row.startswith("mean_days_to_be_heard"))
    assert line.count("[") == 3  # baseline, alternative and difference, each with its interval
    household = next(row for row in out.splitlines() if row.startswith("meetings_by_kind:household_meeting"))
    assert household.rstrip().endswith("*")
