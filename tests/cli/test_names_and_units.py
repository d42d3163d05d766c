"""One name and one unit per figure, in the CLI's files and in Python; a misspelt name gets a suggestion."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cogov.cli._scenarios import headline_measure
from cogov.report import HEADLINE
from cogov.simulation import DEMO, ScenarioError, run_replications, simulate, year_figures

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")
#: the headline's own sums, which Python gives by kind (meetings_by_kind:…, volunteer_person_times:…)
HEADLINE_ONLY = {"household_meetings", "weekly_meetings", "volunteer_person_times"}


def test_every_headline_figure_has_pythons_name_and_value() -> None:
    """What replications.csv/summary.json call a figure, year_figures calls it too, with the same value."""
    for seed in (1, 2):
        model = simulate(DEMO, seed)
        cli, python = headline_measure(model), year_figures(model)
        shared = set(cli) & set(python)
        assert shared == {spec.key for spec in HEADLINE} - HEADLINE_ONLY
        for name in shared:
            a, b = cli[name], python[name]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), name


def test_rates_are_fractions_in_data() -> None:
    """A rate is at most 1 in the data; only the printed form is in percent."""
    model = simulate(DEMO, 3)
    figures = headline_measure(model)
    for spec in HEADLINE:
        if spec.unit == "%" and not math.isnan(figures[spec.key]):
            assert 0.0 <= figures[spec.key] <= 1.0, spec.key
            assert spec.high == 1.0


def test_a_misspelt_figure_or_policy_gets_a_suggestion_in_python() -> None:
    """ReplicationResults.column('resolution_rat') suggests 'resolution_rate'."""
    results = run_replications(DEMO, 2, seed=1, workers=1)
    with pytest.raises(ScenarioError, match="did you mean 'resolution_rate'"):
        results.column("resolution_rat")


def _cogov(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "COLUMNS": "160", **(env or {})}
    full.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=120, env=full, check=False
    )


@pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")
@pytest.mark.parametrize(
    ("args", "env", "suggestion"),
    [
        (["simulate", "xiaoxigan", "-r", "1"], None, "did you mean 'xiaoxiguan'?"),
        (
            ["simulate", "demo", "--policy", "fortnightly_meetings", "-r", "1"],
            None,
            "fortnightly_household_meetings",
        ),
        (["simulate", "demo", "--replicatons", "2"], None, "Did you mean '--replications'?"),
        (
            ["simulate", "xiaoxiguan", "-r", "1"],
            {"COGOV_LOAD_PLUGINS": "xiaoxigun"},
            "did you mean 'xiaoxiguan'?",
        ),
        (["report", "x.jsonl", "--setup", "xiaoxigan"], None, "did you mean 'xiaoxiguan'?"),
    ],
)
def test_a_misspelt_name_on_the_command_line_gets_a_suggestion(
    tmp_path: Path, args: list[str], env: dict[str, str] | None, suggestion: str
) -> None:
    """Scenario, policy, option, plugin and example names: one error line with the closest name."""
    result = (
        _cogov(*args, "--out", tmp_path / "out", env=env) if args[0] == "simulate" else _cogov(*args, env=env)
    )
    assert result.returncode in (1, 2), result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("cogov: error: ")
    assert suggestion in lines[-1]


@pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")
def test_a_misspelt_sweep_parameter_gets_a_suggestion(tmp_path: Path) -> None:
    """on_spot_shar = [...] in a grid file: did you mean 'on_spot_share'?"""
    grid = tmp_path / "grid.toml"
    grid.write_text('scenario = "demo"\n[parameters]\non_spot_shar = [0.5]\n', encoding="utf-8")
    result = _cogov("sweep", grid, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "did you mean 'on_spot_share'?" in result.stderr
