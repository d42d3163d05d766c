"""The plugin manager: discovery by entry point, environment switches, strict validation.

Environment switches (read when a manager is made):

``COGOV_LOAD_PLUGINS``
    Comma-separated entry-point names to load, e.g. ``xiaoxiguan,beijing``; only those are
    loaded.  Set but empty: load none.  A name no installed distribution provides is an
    error.
``COGOV_DISABLE_PLUGIN_AUTOLOAD``
    Any non-empty value: load no entry-point plugins (the built-in one is always there).
``COGOV_TRACE_HOOKS``
    Any non-empty value: write every hook call and result to standard error.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Mapping, Sequence

import pluggy

from cogov import hookspecs
from cogov.errors import PluginError, did_you_mean
from cogov.plugins import builtin

__all__ = [
    "BUILTIN_NAME",
    "ENTRY_POINT_GROUP",
    "ENV_DISABLE_AUTOLOAD",
    "ENV_LOAD_PLUGINS",
    "ENV_TRACE_HOOKS",
    "check_hooks",
    "get_plugin_manager",
    "make_plugin_manager",
    "register_plugin",
]

ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
ENV_LOAD_PLUGINS = "COGOV_LOAD_PLUGINS"
ENV_DISABLE_AUTOLOAD = "COGOV_DISABLE_PLUGIN_AUTOLOAD"
ENV_TRACE_HOOKS = "COGOV_TRACE_HOOKS"
#: name under which the core's own contributions are registered
BUILTIN_NAME = "cogov"

_current: pluggy.PluginManager | None = None


def _selected(environ: Mapping[str, str]) -> set[str] | None:
    """Entry-point names to load: ``None`` for all, an empty set for none."""
    if environ.get(ENV_DISABLE_AUTOLOAD):
        return set()
    names = environ.get(ENV_LOAD_PLUGINS)
    if names is None:
        return None
    return {n.strip() for n in names.split(",") if n.strip()}


def check_hooks(pm: pluggy.PluginManager, name: str) -> None:
    """Raise :class:`PluginError` if plugin ``name`` implements a hook that is not specified."""
    plugin = pm.get_plugin(name)
    for caller in pm.get_hookcallers(plugin) or ():
        if not caller.has_spec():
            known = sorted(n for n in dir(hookspecs) if n.startswith("cogov_"))
            msg = (
                f"plugin {name!r} implements unknown hook {caller.name!r}; "
                f"is it misspelt? cogov hooks: {', '.join(known)}"
            )
            raise PluginError(msg, plugin=name, hook=caller.name)


def register_plugin(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register ``plugin`` as ``name``, refusing unknown hooks and bad signatures by name."""
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        msg = f"plugin {name!r} is invalid: {error}"
        raise PluginError(msg, plugin=name, hook=_hook_in(str(error))) from error
    except ValueError as error:
        msg = f"plugin {name!r} cannot be registered: {error}"
        raise PluginError(msg, plugin=name) from error
    try:
        check_hooks(pm, name)
    except PluginError:
        pm.unregister(name=name)
        raise


def _hook_in(message: str) -> str | None:
    for word in message.replace("'", " ").replace('"', " ").split():
        if word.startswith("cogov_"):
            return word.rstrip(".,:;")
    return None


def make_plugin_manager(
    *,
    environ: Mapping[str, str] | None = None,
    plugins: Sequence[tuple[str, object]] = (),
    autoload: bool = True,
    errors: list[PluginError] | None = None,
) -> pluggy.PluginManager:
    """A new manager with the hook specs, the built-in plugin, and plugins per the environment.

    ``plugins`` are extra ``(name, plugin)`` pairs registered after the entry points;
    ``autoload=False`` skips entry points whatever the environment says (as tests want).
    An entry point that fails to import or to register raises its :class:`PluginError`; with
    an ``errors`` list, it is left out and its error appended instead (``cogov plugins``
    lists such plugins as broken).
    """
    env = os.environ if environ is None else environ
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    register_plugin(pm, builtin, BUILTIN_NAME)
    wanted = _selected(env) if autoload else set()
    found: set[str] = set()
    if wanted is None or wanted:
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if wanted is not None and entry_point.name not in wanted:
                continue
            if pm.has_plugin(entry_point.name) or pm.is_blocked(entry_point.name):
                continue
            found.add(entry_point.name)  # installed, even if broken: not "missing" below
            try:
                plugin = entry_point.load()
            except Exception as error:
                msg = f'Error importing plugin "{entry_point.name}": {type(error).__name__}: {error}'
                failure = PluginError(msg, plugin=entry_point.name)
                failure.__cause__ = error
                if errors is None:
                    raise failure from error
                errors.append(failure)
                continue
            try:
                register_plugin(pm, plugin, entry_point.name)
            except PluginError as error:
                if errors is None:
                    raise
                errors.append(error)
    if wanted:
        missing = wanted - found
        if missing:
            installed = sorted(ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
            msg = (
                f"{ENV_LOAD_PLUGINS} names plugin(s) {sorted(missing)} that no installed distribution "
                f"provides{did_you_mean(sorted(missing)[0], installed)} (installed cogov plugins: {installed})"
            )
            raise PluginError(msg, plugin=sorted(missing)[0])
    for name, plugin in plugins:
        register_plugin(pm, plugin, name)
    pm.check_pending()
    if env.get(ENV_TRACE_HOOKS):
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    return pm


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide manager, made on first use from the installed plugins and the environment."""
    global _current  # noqa: PLW0603 - one lazily made manager per process is the point
    if _current is None:
        _current = make_plugin_manager()
    return _current
