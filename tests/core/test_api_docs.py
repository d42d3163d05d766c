"""Every public class and function has a docstring: the API pages of the docs site are made from them."""

from __future__ import annotations

import importlib
import inspect

#: the modules whose ``__all__`` the API reference (docs/reference/api) documents
DOCUMENTED = (
    "cogov",
    "cogov.errors",
    "cogov.evaluation",
    "cogov.simulation",
    "cogov.plugins",
    "cogov.hookspecs",
    "cogov.boundary",
    "cogov.report",
    "cogov.testing.strategies",
    "cogov.testing.conformance",
)


def test_every_public_class_and_function_has_a_docstring() -> None:
    """A name in a documented __all__ that is a class or a function says what it is."""
    missing = set()
    for name in DOCUMENTED:
        module = importlib.import_module(name)
        for public in module.__all__:
            value = getattr(module, public)
            home = getattr(value, "__module__", "") or ""
            if not (inspect.isclass(value) or inspect.isfunction(value)):
                continue
            if not (value.__doc__ or "").strip():
                missing.add(f"{home}.{public}")
    assert sorted(missing) == []
