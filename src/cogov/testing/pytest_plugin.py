"""The cogov pytest plugin (entry point ``pytest11``): fixtures for plugin authors.

``cogov_plugins``
    Registers plugins into the process-wide cogov plugin manager for one test and removes
    them afterwards, so ``load_setup``, ``build_charter`` and friends see them::

        def test_my_street_loads(cogov_plugins):
            cogov_plugins.register(my_plugin, "mine")
            assert "mine" in cogov.plugins.setup_names()

``cogov_conformance``
    :func:`cogov.testing.conformance.assert_conformant`, as a fixture::

        def test_my_plugin_conforms(cogov_conformance):
            cogov_conformance(my_plugin, "mine")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pluggy
import pytest

from cogov.plugins import get_plugin_manager, register_plugin
from cogov.testing.conformance import assert_conformant

__all__ = ["PluginRegistrar", "cogov_conformance", "cogov_plugins"]


class PluginRegistrar:
    """Registers plugins for the duration of one test."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self._names: list[str] = []

    def register(self, plugin: object, name: str = "test-plugin") -> object:
        """Register ``plugin`` as ``name`` (validated like an installed plugin); returns it.

        A plugin that is already registered (say, installed and autoloaded) is left as it is
        and not removed afterwards.
        """
        if self.pm.is_registered(plugin):
            return plugin
        register_plugin(self.pm, plugin, name)
        self._names.append(name)
        return plugin

    def unregister_all(self) -> None:
        for name in reversed(self._names):
            if self.pm.has_plugin(name):
                self.pm.unregister(name=name)
        self._names.clear()


@pytest.fixture
def cogov_plugins() -> Iterator[PluginRegistrar]:
    """Register cogov plugins for one test; they are removed when the test ends."""
    registrar = PluginRegistrar(get_plugin_manager())
    try:
        yield registrar
    finally:
        registrar.unregister_all()


@pytest.fixture
def cogov_conformance() -> Callable[..., None]:
    """``cogov_conformance(plugin, name, also=())`` fails the test listing every problem."""
    return assert_conformant
