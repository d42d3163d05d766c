"""cogov.testing: strategies load lazily, so the pytest plugin works without Hypothesis."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cogov.testing


def test_pytest_plugin_and_conformance_import_without_hypothesis() -> None:
    """With Hypothesis missing, cogov.testing and its pytest plugin import; strategies say why not."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import cogov.testing, cogov.testing.pytest_plugin\n"
        "from cogov.testing import check_plugin\n"
        "try:\n"
        "    cogov.testing.communities\n"
        "except ImportError:\n"
        "    print('strategies need hypothesis')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "strategies need hypothesis"


def test_every_public_name_resolves() -> None:
    """Every name in cogov.testing.__all__ resolves, and an unknown one is an AttributeError."""
    for name in cogov.testing.__all__:
        assert getattr(cogov.testing, name) is not None
    with pytest.raises(AttributeError, match="no_such_strategy"):
        cogov.testing.no_such_strategy  # noqa: B018


def test_the_history_strategy_keeps_its_old_names_with_a_warning() -> None:
    """cogov.testing.Scenario and scenarios (misread as a simulation's) resolve to History and histories."""
    with pytest.warns(DeprecationWarning, match="renamed cogov.testing.History"):
        assert cogov.testing.Scenario is cogov.testing.History  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning, match="renamed cogov.testing.histories"):
        assert cogov.testing.scenarios is cogov.testing.histories  # type: ignore[attr-defined]
    assert "Scenario" not in cogov.testing.__all__


def test_no_submodule_of_cogov_testing_shadows_one_of_its_names() -> None:
    """Importing a submodule binds it on the package: one named like an exported strategy
    (``histories``) would replace that strategy for everyone who imported the submodule."""
    import importlib  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    import cogov.testing  # noqa: PLC0415

    exported = {name: getattr(cogov.testing, name) for name in cogov.testing.__all__}
    for module in pkgutil.iter_modules(cogov.testing.__path__):
        if module.name == "pytest_plugin":
            continue
        importlib.import_module(f"cogov.testing.{module.name}")
        assert module.name not in exported, (
            f"cogov.testing.{module.name} shadows cogov.testing.{module.name}()"
        )
    assert {name: getattr(cogov.testing, name) for name in cogov.testing.__all__} == exported
