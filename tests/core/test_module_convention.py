"""One private-module convention across the packages, and one garbage-collector pause.

A module whose name starts with ``_`` belongs to its package: only modules of that package
import it.  What other packages (or users) import is public and named without the
underscore.  The cyclic garbage collector is paused through one helper,
:func:`cogov.engine.batches.gc_paused`, never by hand.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted((SRC / "cogov").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path))
    return found


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _private_owner(name: str) -> str | None:
    """The package that owns the first private module in ``name``, or ``None``."""
    parts = name.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def test_a_private_module_is_imported_only_from_its_own_package() -> None:
    """No module imports another package's ``_module``: a module used across packages is public."""
    modules = dict(_modules())
    crossings = []
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for name in _imported(path):
            if not name.startswith("cogov.") or (name.rpartition(".")[0] in modules and name not in modules):
                continue  # a name imported from a public module (``from cogov.x import _name`` aside)
            owner = _private_owner(name)
            if owner is not None and package != owner and not package.startswith(owner + "."):
                crossings.append(f"{module} imports {name}")
    assert crossings == []


def test_the_garbage_collector_is_paused_by_one_helper() -> None:
    """Only cogov.engine.batches calls gc.disable; every other pause goes through gc_paused."""
    callers = sorted(
        module
        for module, path in _modules()
        if "gc.disable()" in path.read_text(encoding="utf-8") and module != "cogov.engine.batches"
    )
    assert callers == []
