"""Plugins: discovery, the catalogue of contributions, charter assembly, community set-ups.

Communities plug in their own levels, roles, workflow extensions, kinds, scales, calendars,
rules and community set-ups (a charter with a structure) through the hooks in :mod:`cogov.hookspecs`.  Installed
distributions publish plugins under the ``cogov`` entry-point group; the catalogue of
their contributions is collected once per plugin manager, and a :class:`~cogov.Charter` is
assembled from it once, so the engine never calls a hook per event.

>>> from cogov.plugins import load_setup
>>> setup = load_setup("xiaoxiguan")  # doctest: +SKIP
>>> ledger = setup.ledger()  # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from cogov.engine.guards import Guard
from cogov.engine.ledger import Ledger
from cogov.errors import PluginError, did_you_mean
from cogov.hookspecs import hookimpl
from cogov.model.charter import Charter
from cogov.model.labels import Labelled
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.plugins._charter import assemble_charter, assemble_workflow
from cogov.plugins._manager import (
    BUILTIN_NAME,
    ENTRY_POINT_GROUP,
    ENV_DISABLE_AUTOLOAD,
    ENV_LOAD_PLUGINS,
    ENV_TRACE_HOOKS,
    get_plugin_manager,
    make_plugin_manager,
    register_plugin,
)
from cogov.plugins._reference import ReferenceFigures, reference_for
from cogov.plugins._registry import Catalogue, Contribution, collect
from cogov.plugins._specs import CharterSpec, SetupSpec, WorkflowExtension
from cogov.plugins.registration import (
    ObserverFactory,
    RegisterActivityKind,
    RegisterAssociationKind,
    RegisterCalendar,
    RegisterChannel,
    RegisterCharter,
    RegisterGuard,
    RegisterIssueKind,
    RegisterLevels,
    RegisterMeetingKind,
    RegisterObserver,
    RegisterPolicy,
    RegisterReferenceFigures,
    RegisterRoleSet,
    RegisterRule,
    RegisterSatisfactionScale,
    RegisterScenario,
    RegisterSetup,
    RegisterSupervision,
    RegisterWorkflow,
)

if TYPE_CHECKING:
    from cogov.evaluation.rule import Rule
    from cogov.simulation.policies import Policy
    from cogov.simulation.scenario import Scenario

__all__ = [
    "BUILTIN_NAME",
    "ENTRY_POINT_GROUP",
    "ENV_DISABLE_AUTOLOAD",
    "ENV_LOAD_PLUGINS",
    "ENV_TRACE_HOOKS",
    "Catalogue",
    "CharterSpec",
    "CommunitySetup",
    "Contribution",
    "ObserverFactory",
    "PluginError",
    "ReferenceFigures",
    "RegisterActivityKind",
    "RegisterAssociationKind",
    "RegisterCalendar",
    "RegisterChannel",
    "RegisterCharter",
    "RegisterGuard",
    "RegisterIssueKind",
    "RegisterLevels",
    "RegisterMeetingKind",
    "RegisterObserver",
    "RegisterPolicy",
    "RegisterReferenceFigures",
    "RegisterRoleSet",
    "RegisterRule",
    "RegisterSatisfactionScale",
    "RegisterScenario",
    "RegisterSetup",
    "RegisterSupervision",
    "RegisterWorkflow",
    "SetupSpec",
    "WorkflowExtension",
    "assemble_charter",
    "assemble_workflow",
    "build_charter",
    "catalogue",
    "collect",
    "get_plugin_manager",
    "hookimpl",
    "load_setup",
    "make_plugin_manager",
    "policies",
    "reference_figures",
    "reference_for",
    "register_commands",
    "register_plugin",
    "rules",
    "scenarios",
    "setup_from",
    "setup_names",
    "survey_plugins",
]

# catalogue per (manager, registered plugins): registering or removing a plugin invalidates it
_catalogues: dict[tuple[int, tuple[tuple[str, int], ...]], Catalogue] = {}
_charters: dict[tuple[int, str], Charter] = {}


def _or_default(pm: pluggy.PluginManager | None) -> pluggy.PluginManager:
    return get_plugin_manager() if pm is None else pm


def catalogue(pm: pluggy.PluginManager | None = None) -> Catalogue:
    """Every contribution of the plugins of ``pm`` (default: the process-wide manager).

    Collected on first use and cached until a plugin is registered or unregistered.
    """
    pm = _or_default(pm)
    key = (id(pm), tuple(sorted((name, id(plugin)) for name, plugin in pm.list_name_plugin())))
    found = _catalogues.get(key)
    if found is None:
        found = collect(pm)
        _catalogues.clear()
        _charters.clear()
        _catalogues[key] = found
    return found


def survey_plugins(
    environ: Mapping[str, str] | None = None,
) -> tuple[pluggy.PluginManager, dict[str, PluginError]]:
    """A manager with every installed plugin that works, and the error of each one that does not.

    A plugin is broken when it fails to import, implements a hook wrongly, or contributes
    something the catalogue refuses; it is left out (unregistered) so the others can still be
    listed and used.  Errors of the built-in plugin are not a plugin's fault and are raised.
    """
    errors: list[PluginError] = []
    pm = make_plugin_manager(environ=environ, errors=errors)
    broken: dict[str, PluginError] = {}
    while True:
        for error in errors:
            if error.plugin is None or error.plugin == BUILTIN_NAME:
                raise error
            broken.setdefault(error.plugin, error)
            if pm.has_plugin(error.plugin):
                pm.unregister(name=error.plugin)
        errors = []
        catalogue_errors: list[PluginError] = []
        collect(pm, catalogue_errors)
        if not catalogue_errors:
            return pm, broken
        # a clash names the later plugin; leaving it out may leave the earlier one clean
        errors = catalogue_errors


def build_charter(name: str, pm: pluggy.PluginManager | None = None) -> Charter:
    """The assembled charter registered as ``name`` (built once per catalogue)."""
    cat = catalogue(pm)
    key = (id(cat), name)
    charter = _charters.get(key)
    if charter is None:
        charter = _charters[key] = assemble_charter(cat, name)
    return charter


def setup_names(pm: pluggy.PluginManager | None = None) -> list[str]:
    """Names of the community set-ups the loaded plugins provide, sorted."""
    return catalogue(pm).setups.sorted_keys()


def scenarios(pm: pluggy.PluginManager | None = None) -> Mapping[str, Scenario]:
    """Simulation scenarios registered by the plugins, by key."""
    return catalogue(pm).scenarios.mapping()


def policies(pm: pluggy.PluginManager | None = None) -> Mapping[str, Policy]:
    """Simulation policies registered by the plugins, by key."""
    return catalogue(pm).policies.mapping()


def reference_figures(pm: pluggy.PluginManager | None = None) -> Mapping[str, ReferenceFigures]:
    """Reference figures registered by the plugins, by key (see :func:`reference_for`)."""
    return catalogue(pm).reference_figures.mapping()


def rules(pm: pluggy.PluginManager | None = None) -> Mapping[str, Rule]:
    """Evaluation rules registered by the plugins, by key."""
    return catalogue(pm).rules.mapping()


def register_commands(cli: Any, pm: pluggy.PluginManager | None = None) -> None:
    """Let every plugin add its commands to the ``click`` group ``cli``."""
    _or_default(pm).hook.cogov_register_commands(cli=cli)


def _as_tuple(value: Any) -> tuple[Appointment, ...]:
    return tuple(value)


@attrs.frozen(eq=False)
class CommunitySetup(Labelled):
    """A loaded community set-up: its charter, a freshly built structure and appointments.

    With the plugins' guards and observers, it is what a ledger of that community is built
    on (:meth:`ledger`); a set-up may be a real community's or a synthetic one.
    """

    # A loaded set-up holds a community that changes as it is used: it equals itself
    # only (as it did before it shared the labelled base, whose equality is by value).
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    charter: Charter
    community: Community
    appointments: tuple[Appointment, ...] = attrs.field(converter=_as_tuple)
    guards: Mapping[str, Guard] = attrs.field(factory=dict, repr=False)
    observers: tuple[ObserverFactory, ...] = attrs.field(default=(), repr=False)
    plugin: str = ""
    description: str = ""

    def ledger(self, **kwargs: Any) -> Ledger:
        """A fresh ledger on this set-up, with the plugins' guards and observers.

        Keyword arguments go to :class:`~cogov.Ledger`; ``guards`` given here are added to
        (and override) the plugins' guards, ``observers`` are subscribed after theirs.
        """
        guards = {**self.guards, **(kwargs.pop("guards", None) or {})}
        extra_observers = tuple(kwargs.pop("observers", ()))
        kwargs.setdefault("appointments", self.appointments)
        ledger = Ledger(self.charter, self.community, guards=guards, **kwargs)
        for factory in self.observers:
            observer = factory(ledger)
            if observer is not None:
                ledger.subscribe(observer)
        for observer in extra_observers:
            ledger.subscribe(observer)
        return ledger


def load_setup(name: str, pm: pluggy.PluginManager | None = None) -> CommunitySetup:
    """Load the community set-up ``name``: charter, fresh structure, initial appointments."""
    cat = catalogue(pm)
    return setup_from(cat, name, charter=lambda key: build_charter(key, pm))


def setup_from(
    cat: Catalogue, name: str, *, charter: Callable[[str], Charter] | None = None
) -> CommunitySetup:
    """Build set-up ``name`` from the catalogue ``cat`` (``charter`` looks up charters by key)."""
    found = cat.setups.get(name)
    if found is None:
        msg = (
            f"no community set-up {name!r}{did_you_mean(name, cat.setups.sorted_keys())} "
            f"(installed set-ups: {cat.setups.sorted_keys()}). "
            "Install the plugin distribution that provides it (e.g. pip install cogov-xiaoxiguan) "
            f"and check {ENV_LOAD_PLUGINS} / {ENV_DISABLE_AUTOLOAD}"
        )
        raise PluginError(msg, hook="cogov_register_setups")
    spec = found.value
    built = charter(spec.charter) if charter is not None else assemble_charter(cat, spec.charter)
    try:
        community = spec.community()
        appointments = tuple(spec.appointments())
    except Exception as error:
        msg = f"plugin {found.plugin!r}, hook {found.hook}: set-up {name!r} failed to build: {type(error).__name__}: {error}"
        raise PluginError(msg, plugin=found.plugin, hook=found.hook) from error
    return CommunitySetup(
        key=spec.key,
        zh=spec.zh,
        en=spec.en,
        charter=built,
        community=community,
        appointments=appointments,
        guards=cat.guards.mapping(),
        observers=tuple(c.value for c in cat.observers),
        plugin=found.plugin,
        description=spec.description,
    )


#: old names of the community set-up API (read as "examples" only), kept for one release
_RENAMED = {
    "Example": "CommunitySetup",
    "ExampleSpec": "SetupSpec",
    "RegisterExample": "RegisterSetup",
    "load_example": "load_setup",
    "example_from": "setup_from",
    "example_names": "setup_names",
}


def __getattr__(name: str) -> Any:
    """An old name of the community set-up API: the renamed value, with a warning."""
    new = _RENAMED.get(name)
    if new is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        f"cogov.plugins.{name} is renamed cogov.plugins.{new} (a community set-up: charter, "
        "structure, appointments, guards and observers, real or synthetic)",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[new]
