"""Every input of the hostile corpus, given to the installed ``cogov`` (a real subprocess):
a clear error (exit 1, one ``cogov: error:`` line) or success, never exit 70."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .corpus import CORPUS, Hostile

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")

pytestmark = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")

RUNS = [(entry, command) for entry in CORPUS for command in entry.commands]


def _run(folder: Path, entry: Hostile, command: str) -> subprocess.CompletedProcess[str]:
    assert COGOV is not None
    args = [COGOV, command, str(folder / entry.file)]
    if command == "report":
        args += ["--out", str(folder / f"{entry.file}.html"), "--lang", "en"]
    env = {**os.environ, "COLUMNS": "200", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.fixture(scope="module")
def results(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    """Write the corpus and run every command on it, a few processes at a time."""
    folder = tmp_path_factory.mktemp("hostile")
    for entry in CORPUS:
        entry.make(folder / entry.file)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {(e.name, c): pool.submit(_run, folder, e, c) for e, c in RUNS}
    return {key: future.result() for key, future in futures.items()}


def test_the_corpus_names_are_unique() -> None:
    """Entries are told apart by name (and their files by file name)."""
    assert len({e.name for e in CORPUS}) == len({e.file for e in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("entry", "command"), RUNS, ids=[f"{c}: {e.name}" for e, c in RUNS])
def test_hostile_input_ends_in_a_clear_error_never_exit_70(
    results: dict[tuple[str, str], subprocess.CompletedProcess[str]], entry: Hostile, command: str
) -> None:
    """The command exits as the corpus says (never 70); a failure is one `cogov: error:` line,
    and the output holds the expected phrase and no escape sequence or traceback."""
    result = results[entry.name, command]
    output = result.stdout + result.stderr
    assert result.returncode != 70, result.stderr
    assert result.returncode in entry.codes, output[-2000:]
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("cogov: error: ")
    assert entry.says in output, output[-2000:]
    for forbidden in entry.never:
        assert forbidden not in output
