"""The error a misbehaving plugin raises: it always names the plugin and, when known, the hook."""

from __future__ import annotations

from cogov.errors import CogovError

__all__ = ["PluginError"]


class PluginError(CogovError, ValueError):
    """A plugin failed to import, implements an unknown hook, or contributed bad or clashing data.

    ``plugin`` is the plugin's name (its entry-point name), ``hook`` the hook it failed in,
    or ``None`` when it failed before any hook was called (on import).
    """

    def __init__(self, message: str, *, plugin: str | None = None, hook: str | None = None) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook
