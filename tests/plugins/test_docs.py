"""The plugin docs: every hook is in the reference with its exact signature; the guide's plugin works."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cogov import hookspecs
from cogov.plugins import get_plugin_manager
from cogov.testing import assert_conformant
from cogov.testing.pytest_plugin import PluginRegistrar

DOCS = Path(__file__).parents[2] / "docs"
REFERENCE = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
GUIDE = (DOCS / "how-to" / "write-a-plugin.md").read_text(encoding="utf-8")

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("cogov_"))


def signature_of(name: str) -> str:
    return f"def {name}{inspect.signature(getattr(hookspecs, name))}:".replace("'", "")


def code_blocks(text: str, language: str) -> dict[str, str]:
    """Fenced blocks of ``language`` whose first line is a ``# path`` comment, by path."""
    blocks = {}
    for body in re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.M | re.S):
        first = body.splitlines()[0]
        if first.startswith("# ") and ("/" in first or first.endswith(".toml")):
            blocks[first[2:].strip()] = body
    return blocks


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_in_the_reference_with_its_exact_signature(name: str) -> None:
    """The hook reference has a section for each hookspec showing its exact signature."""
    assert f"### `{name}`" in REFERENCE, f"docs/reference/hooks.md has no section for {name}"
    assert signature_of(name) in REFERENCE, f"docs/reference/hooks.md does not show {signature_of(name)}"


def test_the_reference_documents_no_hook_that_does_not_exist() -> None:
    """Every hook the reference documents exists (no stale sections)."""
    documented = set(re.findall(r"^### `(cogov_\w+)`", REFERENCE, flags=re.M))
    assert documented == set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_every_hookspec_is_documented_in_its_docstring(name: str) -> None:
    """Each hookspec docstring says when it is called, its parameters and firstresult."""
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert "Called once" in doc
    assert ":param" in doc
    assert "firstresult" in doc


@pytest.fixture
def taohua(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The guide's plugin, written to disk as a package and imported."""
    blocks = code_blocks(GUIDE, "python")
    package = tmp_path / "cogov_taohua"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text(blocks["cogov_taohua/plugin.py"], encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        yield importlib.import_module("cogov_taohua.plugin")
    finally:
        for module in ("cogov_taohua.plugin", "cogov_taohua"):
            sys.modules.pop(module, None)


def test_the_guide_packages_the_plugin_under_the_cogov_entry_point_group() -> None:
    """The guide's pyproject declares the plugin in the ``cogov`` entry-point group."""
    project = tomllib.loads(code_blocks(GUIDE, "toml")["pyproject.toml"])
    assert project["project"]["entry-points"]["cogov"] == {"taohua": "cogov_taohua.plugin"}


def test_the_guide_plugin_passes_conformance(taohua: Any) -> None:
    """The plugin the guide writes passes the conformance check."""
    assert_conformant(taohua, "taohua")


def test_the_guide_tests_pass(taohua: Any) -> None:
    """The test file the guide writes passes, fixtures included."""
    namespace: dict[str, Any] = {}
    exec(
        compile(code_blocks(GUIDE, "python")["tests/test_plugin.py"], "guide:tests/test_plugin.py", "exec"),
        namespace,
    )
    tests: dict[str, Callable[..., None]] = {k: v for k, v in namespace.items() if k.startswith("test_")}
    assert len(tests) == 2
    tests["test_plugin_conforms"](assert_conformant)
    registrar = PluginRegistrar(get_plugin_manager())
    try:
        tests["test_an_issue_waits_for_market_day"](registrar)
    finally:
        registrar.unregister_all()
