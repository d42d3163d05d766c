"""The core tutorial runs as written and prints what it says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial" / "first-ledger.md"
EXPLANATION = ROOT / "docs" / "explanation" / "ledger.md"
README = ROOT / "README.md"


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


def test_tutorial_code_runs_and_prints_what_the_page_shows() -> None:
    """Every python block of the first-ledger tutorial runs in order and prints its shown output."""
    blocks = python_blocks(TUTORIAL)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {"__name__": "tutorial"}
    for number, block in enumerate(blocks, 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, f"{TUTORIAL.name} block {number}", "exec"), namespace)
        printed = [line.rstrip() for line in out.getvalue().splitlines()]
        assert printed == expected_output(block), f"block {number} printed something else"


def test_readme_first_look_runs_and_prints_what_it_shows() -> None:
    """The README's first look is a complete program, not a fragment."""
    (block,) = python_blocks(README)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, README.name, "exec"), {"__name__": "readme"})
    assert [line.rstrip() for line in out.getvalue().splitlines()] == expected_output(block)


def test_explanation_names_the_benchmark_and_its_method() -> None:
    """The ledger explanation reports measured figures and says how memory was measured."""
    text = EXPLANATION.read_text(encoding="utf-8")
    assert "benchmarks/ledger.py" in text
    assert "ru_maxrss" in text
    assert "tracemalloc" in text
    assert "FIGURE_" not in text, "a measured figure was left as a placeholder"
