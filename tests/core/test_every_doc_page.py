"""Every page of the documentation runs as written: each python block, in order, per page.

A page's blocks share one namespace (a later block uses what an earlier one defined), run
from an empty scratch directory, and print what the page shows after a ``print(`` (the
``# ...`` lines that follow it).  A block whose first line is ``# some/path.py`` (or
``# pyproject.toml``) is a file the reader writes: it is written, not run, and a
``pyproject.toml`` that declares ``cogov`` entry points has its plugins registered, as
``pip install`` would.  Pages are found, not listed: a new page is tested the day it is written.
"""

from __future__ import annotations
import __future__

import contextlib
import importlib
import importlib.util
import io
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from cogov.plugins import get_plugin_manager, setup_names
from cogov.testing.pytest_plugin import PluginRegistrar

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    str(path.relative_to(ROOT))
    for path in [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "plugins").glob("*/README.md"),
    ]
    if path.exists()
)
#: modules a page may show a recipe for without cogov depending on them (the page says the
#: recipe is not run by CI); a block importing one that is not installed is not run
OPTIONAL_MODULES = frozenset({"ray"})
#: annotations are not evaluated, as in a module with ``from __future__ import annotations``
#: (a hook signature names its ``Register*`` type without importing it)
_FLAGS = __future__.annotations.compiler_flag


def fenced(path: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.DOTALL | re.M)


def file_name(block: str) -> str | None:
    """The path a block is the contents of (its ``# path`` first line), if it is a file."""
    first = block.splitlines()[0] if block.strip() else ""
    name = first[2:].strip() if first.startswith("# ") else ""
    return (
        name
        if re.fullmatch(r"[\w./-]+\.(py|toml)", name) and ("/" in name or name.endswith(".toml"))
        else None
    )


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


def _missing_optional(block: str) -> str | None:
    for module in OPTIONAL_MODULES:
        if re.search(rf"^\s*(import|from)\s+{module}\b", block, flags=re.M) and not importlib.util.find_spec(
            module
        ):
            return module
    return None


@contextlib.contextmanager
def _installed(files: dict[str, str], root: Path) -> Iterator[None]:
    """Write the page's files under ``root`` and register the plugins its pyproject declares."""
    for name, body in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        if name.endswith(".py"):
            init = target.parent / "__init__.py"
            if not init.exists():
                init.write_text("", encoding="utf-8")
    registrar = PluginRegistrar(get_plugin_manager())
    project = tomllib.loads(files["pyproject.toml"]) if "pyproject.toml" in files else {}
    entry_points = project.get("project", {}).get("entry-points", {}).get("cogov", {})
    try:
        for name, target in entry_points.items():
            registrar.register(importlib.import_module(target), name)
        yield
    finally:
        registrar.unregister_all()


@pytest.mark.parametrize("page", PAGES)
def test_every_python_block_of_the_page_runs(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's python blocks run in order in one namespace and print what the page shows."""
    path = ROOT / page
    blocks = fenced(path, "python")
    if not blocks:
        pytest.skip("no python block")
    text = path.read_text(encoding="utf-8")
    for plugin in ("xiaoxiguan", "beijing"):
        if (
            f"cogov_{plugin}" in text
            or f'load_setup("{plugin}")' in text
            or f'scenarios()["{plugin}"]' in text
        ):
            pytest.importorskip(f"cogov_{plugin}", reason=f"the page uses the {plugin} plugin")
            if plugin not in setup_names():
                pytest.skip(f"the {plugin} plugin is not loaded")
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "scratch"  # where the pages' tempfile.mkdtemp() directories go
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    project = tmp_path / "project"  # the files the page has the reader write
    monkeypatch.syspath_prepend(str(project / "src"))
    monkeypatch.syspath_prepend(str(project))
    files = {name: block for block in [*blocks, *fenced(path, "toml")] if (name := file_name(block))}
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem.replace('-', '_')}"}
    before = set(sys.modules)
    ran = 0
    try:
        with _installed(files, project):
            for number, block in enumerate(blocks, 1):
                if file_name(block) or _missing_optional(block):
                    continue
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    exec(compile(block, f"{page} block {number}", "exec", flags=_FLAGS), namespace)
                ran += 1
                expected = expected_output(block)
                if expected:
                    printed = [line.rstrip() for line in out.getvalue().splitlines()]
                    assert printed == expected, f"{page} block {number} printed something else"
    finally:
        for name in set(sys.modules) - before:  # the modules the page wrote, so the next page starts clean
            if str(tmp_path) in str(getattr(sys.modules[name], "__file__", "") or ""):
                del sys.modules[name]
    assert ran or files, f"{page}: no block ran"
