"""Modules renamed for their idea keep their old paths for a release, with a warning."""

from __future__ import annotations

import importlib
import pathlib
import re
import warnings

import pytest

import cogov

RENAMED_MODULES = {
    "cogov.engine.records": "cogov.engine.folded",
    "cogov.evaluation.records": "cogov.evaluation.off_ledger",
}


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED_MODULES.items()))
def test_every_name_of_a_renamed_module_resolves_from_the_old_path_with_a_warning(old: str, new: str) -> None:
    """Each name of the new module is the same object through the old path, and the warning names the new one."""
    new_module = importlib.import_module(new)
    old_module = importlib.import_module(old)
    assert new_module.__all__
    for name in new_module.__all__:
        with pytest.warns(
            DeprecationWarning, match=rf"{re.escape(old)} is renamed {re.escape(new)}"
        ) as caught:
            value = getattr(old_module, name)
        assert value is getattr(new_module, name)
        assert f"from {new} import {name}" in str(caught[0].message)
        assert caught[0].filename == __file__  # the warning points at the caller's line


def test_a_from_import_of_the_old_path_warns() -> None:
    """``from cogov.engine.records import IssueRecord`` (the usual spelling) still works and warns."""
    from cogov.engine.folded import IssueRecord as Current  # noqa: PLC0415

    with pytest.warns(DeprecationWarning, match=r"cogov\.engine\.folded"):
        from cogov.engine.records import IssueRecord  # noqa: PLC0415
    assert IssueRecord is Current
    with pytest.warns(DeprecationWarning, match=r"cogov\.evaluation\.off_ledger"):
        from cogov.evaluation.records import Ballot  # noqa: PLC0415
    assert Ballot is importlib.import_module("cogov.evaluation").Ballot


@pytest.mark.parametrize("old", sorted(RENAMED_MODULES))
def test_a_name_the_old_module_never_had_is_an_attribute_error_without_a_warning(old: str) -> None:
    """Only the new module's names resolve through the old path; anything else fails as for any module."""
    module = importlib.import_module(old)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="has no attribute 'NoSuchThing'"):
            _ = module.NoSuchThing


def test_the_top_level_points_the_moved_records_at_their_new_module() -> None:
    """``cogov.IssueRecord`` (moved off the top level) names cogov.engine.folded, not the renamed path."""
    with pytest.warns(DeprecationWarning, match=r"import it from cogov\.engine\.folded "):
        _ = cogov.IssueRecord


def test_nothing_shipped_imports_a_renamed_path() -> None:
    """The library and the plugins use the new module names, so using cogov raises none of these warnings."""
    root = pathlib.Path(__file__).resolve().parents[2]
    sources = [*(root / "src").rglob("*.py"), *(root / "plugins").rglob("*.py")]
    shims = {root / "src" / (old.replace(".", "/") + ".py") for old in RENAMED_MODULES}
    offenders = [
        f"{path.relative_to(root)}: {old}"
        for path in sources
        if path not in shims
        for old in RENAMED_MODULES
        if re.search(rf"\b{re.escape(old)}\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
