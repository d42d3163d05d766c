"""The store-and-codec, JSON Schema and CLI pages run as written, in order, and print what they show."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pytest

from cogov.plugins import setup_names

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "docs/how-to/store-and-codec.md": 7,
    "docs/reference/json-schema.md": 3,
    "docs/how-to/cli.md": 1,
}


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.DOTALL)


def expected_output(block: str) -> list[str]:
    """The ``# ...`` lines that follow a print (the output the page promises), in order."""
    lines, printing = [], False
    for line in block.splitlines():
        if line.startswith("# ") and printing:
            lines.append(line[2:].rstrip())
        elif line.strip() and not line.startswith("#"):
            printing = "print(" in line
        elif not line.strip():
            printing = False
    return lines


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_in_order_and_prints_what_it_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every python block of the page runs, in order, in one namespace, from an empty directory."""
    pytest.importorskip("cogov_xiaoxiguan.recorded", reason="the pages use the Xiaoxiguan plugin")
    if "xiaoxiguan" not in setup_names():
        pytest.skip("the Xiaoxiguan plugin is not loaded")
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "scratch"  # where the pages' tempfile.mkdtemp() directories go
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = ROOT / page
    blocks = python_blocks(path)
    assert len(blocks) == PAGES[page], "a python block was added or removed; update PAGES"
    namespace: dict[str, object] = {"__name__": "howto"}
    for number, block in enumerate(blocks, 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, f"{path.name} block {number}", "exec"), namespace)
        expected = expected_output(block)
        if expected:
            printed = [line.rstrip() for line in out.getvalue().splitlines()]
            assert printed == expected, f"{path.name} block {number} printed something else"
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["scratch"], "a block wrote into the working directory, not a scratch directory"
