"""The command line as a user meets it: pipes, languages, narrow terminals, broken plugins.

Every test runs the installed ``cogov`` command in a real subprocess.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cogov as cogov_package

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")
RECORDED = Path(__file__).parents[2] / "plugins/xiaoxiguan/src/cogov_xiaoxiguan/data/year-2022.jsonl"

pytestmark = pytest.mark.skipif(
    COGOV is None, reason="the cogov console script is not installed (pip install -e .)"
)


def cogov(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "COGOV_LANG": "zh", **(env or {})}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=300, env=env, cwd=cwd, check=False
    )


# -- the version --------------------------------------------------------------------------------
def test_version_is_the_installed_distributions() -> None:
    """``cogov.__version__`` is the installed distribution's version, as ``cogov --version`` says."""
    assert cogov_package.__version__ == importlib.metadata.version("cogov")
    assert cogov_package.__version__ in cogov("--version").stdout


# -- pipes --------------------------------------------------------------------------------------
@pytest.mark.skipif(
    shutil.which("head") is None or shutil.which("bash") is None, reason="needs bash and head"
)
@pytest.mark.parametrize("args", [["report", str(RECORDED), "--out", "{tmp}/r.html"], ["plugins"]])
def test_output_into_a_closed_pipe_exits_zero(args: list[str], tmp_path: Path) -> None:
    """``cogov report … | head`` ends quietly with exit code 0 when the reader stops early."""
    assert COGOV is not None
    command = " ".join([COGOV, *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -n 0"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COGOV_LANG": "zh"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


# -- languages ----------------------------------------------------------------------------------
def test_english_report_does_not_overwrite_the_chinese_one(tmp_path: Path) -> None:
    """The default report file names differ per language, so ``--lang en`` keeps the Chinese report."""
    zh = cogov("report", RECORDED, "--lang", "zh", cwd=tmp_path)
    en = cogov("report", RECORDED, "--lang", "en", cwd=tmp_path)
    assert zh.returncode == en.returncode == 0, zh.stderr + en.stderr
    pages = sorted(tmp_path.glob("*.html"))
    assert len(pages) == 2, pages
    langs = {page.name: page.read_text(encoding="utf-8").split('lang="', 1)[1][:2] for page in pages}
    assert sorted(langs.values()) == ["en", "zh"], langs
