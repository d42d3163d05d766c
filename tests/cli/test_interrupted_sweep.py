"""An interrupted ``cogov sweep -w 2`` stops in seconds, leaves no process and keeps its work.

Real subprocesses and real signals: the sweep runs in its own session (as from a terminal),
is interrupted once its worker processes are busy, and must exit within a few seconds with
every process it started gone.  SIGINT is sent both to the whole process group (Ctrl-C at a
terminal reaches the workers too) and to the main process alone (``kill -INT``); SIGTERM to
the main process (a service manager, ``timeout``).  The replications finished before the
signal are written, and ``--resume`` finishes the sweep without running them again.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")

pytestmark = [
    pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed"),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc"),
]

#: long enough (about a third of a second a replication) that a signal lands mid-sweep
GRID = """\
scenario = "demo"
replications = 24
seed = 3
[parameters]
days = [3000]
on_spot_share = [0.3, 0.9]
"""
POINTS, REPLICATIONS = 2, 24
#: how long a signalled sweep may take to exit
STOP_WITHIN = 5.0


def _env() -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "160", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    return env


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name may hold spaces and parentheses: the fields after the last ')' are fixed
    return int(stat.rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent_of(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _journal_lines(out: Path) -> int:
    journal = out / "replications.jsonl"
    if not journal.exists():
        return 0
    return sum(1 for line in journal.read_text(encoding="utf-8").splitlines()[1:] if line.endswith("}"))


def _start(tmp_path: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    grid = tmp_path / "grid.toml"
    grid.write_text(GRID, encoding="utf-8")
    assert COGOV is not None
    return subprocess.Popen(
        [COGOV, "sweep", str(grid), "-w", "2", "--out", str(out), "--no-progress", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,
    )


def _interrupt(process: subprocess.Popen[str], out: Path, how: str) -> tuple[int, str, set[int], float]:
    """Wait until both workers are busy and a replication is kept, signal, wait; what was left."""
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _descendants(process.pid)
        if len(workers) >= 2 and _journal_lines(out) >= 1:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep ended before it could be interrupted"
    assert len(workers) >= 2, f"expected two worker processes, saw {workers}"
    signalled = time.monotonic()
    if how == "SIGINT to the group":
        os.killpg(process.pid, signal.SIGINT)
    elif how == "SIGINT":
        process.send_signal(signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=STOP_WITHIN + 10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{how}: the sweep did not exit within {STOP_WITHIN + 10} s")
    took = time.monotonic() - signalled
    # the workers are not our children: give an orphan a moment, then see whether it lives on
    end = time.monotonic() + 2.0
    while time.monotonic() < end and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    survivors = {pid for pid in workers if _alive(pid)}
    for pid in survivors:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return process.returncode, stderr, survivors, took


@pytest.mark.parametrize(("how", "trials"), [("SIGINT to the group", 4), ("SIGINT", 3), ("SIGTERM", 4)])
def test_an_interrupted_sweep_stops_in_seconds_and_leaves_no_process(
    tmp_path: Path, how: str, trials: int
) -> None:
    """Trial after trial, a signalled sweep exits within seconds and none of its workers survives."""
    for trial in range(trials):
        out = tmp_path / f"out{trial}"
        process = _start(tmp_path, out)
        code, stderr, survivors, took = _interrupt(process, out, how)
        assert not survivors, f"{how}, trial {trial}: worker processes {survivors} outlived the sweep"
        assert took < STOP_WITHIN, f"{how}, trial {trial}: took {took:.1f} s to stop"
        assert code == (143 if how == "SIGTERM" else 130), stderr
        assert "Traceback" not in stderr, stderr
        assert stderr.strip().splitlines()[-1].startswith("cogov: error: "), stderr
        assert "--resume" in stderr, stderr


def test_an_interrupted_sweep_keeps_its_replications_and_resume_finishes_without_repeating_them(
    tmp_path: Path,
) -> None:
    """Partial results are written; --resume runs only the rest and ends where a straight run ends."""
    out = tmp_path / "interrupted"
    code, stderr, survivors, _ = _interrupt(_start(tmp_path, out), out, "SIGTERM")
    assert code == 143, stderr
    assert not survivors
    kept = _journal_lines(out)
    assert 1 <= kept < POINTS * REPLICATIONS
    partial = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    assert partial["complete"] is False
    assert sum(p["replications_done"] for p in partial["points"]) == kept
    assert (out / "sweep.csv").exists()

    resumed = _start(tmp_path, out, "--resume")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    assert f"resuming: {kept} of {POINTS * REPLICATIONS} replications already done" in stdout
    # every replication is in the journal exactly once: nothing ran twice
    lines = (out / "replications.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    keys = [(json.loads(line)["point"], json.loads(line)["replication"]) for line in lines]
    assert sorted(keys) == sorted({(p, r) for p in range(POINTS) for r in range(REPLICATIONS)})

    straight = tmp_path / "straight"
    run = _start(tmp_path, straight)
    run.communicate(timeout=120)
    assert run.returncode == 0
    finished = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    expected = json.loads((straight / "sweep.json").read_text(encoding="utf-8"))
    assert finished == expected


def test_resume_refuses_a_journal_of_another_sweep(tmp_path: Path) -> None:
    """--resume over a journal written for other parameters or seed is an error, not a mix."""
    out = tmp_path / "out"
    code, stderr, _, _ = _interrupt(_start(tmp_path, out), out, "SIGINT")
    assert code == 130, stderr
    other = tmp_path / "other.toml"
    other.write_text(GRID.replace("seed = 3", "seed = 4"), encoding="utf-8")
    assert COGOV is not None
    result = subprocess.run(
        [COGOV, "sweep", str(other), "--out", str(out), "--resume", "--no-progress"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("cogov: error: ")
    assert "seed" in result.stderr
