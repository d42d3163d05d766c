"""Conventions of the suite itself that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parents[1]


def test_no_test_fixes_its_own_number_of_examples() -> None:
    """Hypothesis example counts come from the profiles in conftest.py, never a literal per test."""
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "max_examples"
                and isinstance(node.value, ast.Constant)
            ):
                found.append(f"{path.relative_to(TESTS)}:{node.value.lineno}")
    assert found == []
