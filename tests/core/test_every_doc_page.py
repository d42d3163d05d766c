"""Every page of the documentation runs as written: each python block, in order, per page.

A page's blocks share one namespace (a later block uses what an earlier one defined), run
from an empty scratch directory, and print what the page shows after a ``print(`` (the
``# ...`` lines that follow it).  Pages are found, not listed: a new page is tested the day
it is written.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

import pytest

from cogov.plugins import example_names

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    str(path.relative_to(ROOT))
    for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").rglob("*.md")]
    if path.exists()
)


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.DOTALL | re.M)


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
def test_every_python_block_of_the_page_runs(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's python blocks run in order in one namespace and print what the page shows."""
    path = ROOT / page
    blocks = python_blocks(path)
    if not blocks:
        pytest.skip("no python block")
    text = path.read_text(encoding="utf-8")
    for plugin in ("xiaoxiguan", "beijing"):
        if f"cogov_{plugin}" in text or f'load_example("{plugin}")' in text:
            pytest.importorskip(f"cogov_{plugin}", reason=f"the page uses the {plugin} plugin")
            if plugin not in example_names():
                pytest.skip(f"the {plugin} plugin is not loaded")
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "scratch"  # where the pages' tempfile.mkdtemp() directories go
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.syspath_prepend(str(tmp_path))  # a page may write a module and import it
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem.replace('-', '_')}"}
    before = set(sys.modules)
    try:
        for number, block in enumerate(blocks, 1):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block, f"{page} block {number}", "exec"), namespace)
            expected = expected_output(block)
            if expected:
                printed = [line.rstrip() for line in out.getvalue().splitlines()]
                assert printed == expected, f"{page} block {number} printed something else"
    finally:
        for name in set(sys.modules) - before:  # modules a page wrote in its scratch directory
            module = sys.modules[name]
            if str(tmp_path) in str(getattr(module, "__file__", "") or ""):
                del sys.modules[name]
