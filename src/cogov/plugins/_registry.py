"""The catalogue: every contribution of every plugin, validated and attributed.

:func:`collect` calls each ``cogov_register_*`` hook once per plugin, handing that plugin a
``register`` callback bound to its name, so every contribution is remembered with the plugin
(and hook) that gave it.  A malformed contribution, or a key another plugin already
registered, raises :class:`~cogov.plugins.PluginError` naming the plugin(s), the hook and
the key.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from cogov.engine.guards import Guard
from cogov.errors import PluginError
from cogov.hookspecs import DEPRECATED_HOOKS
from cogov.model.deadlines import SupervisionRules
from cogov.model.fields import KEY_RE
from cogov.model.roles import RoleSet
from cogov.model.structure import Level
from cogov.model.vocabulary import (
    ActivityKind,
    AssociationKind,
    Channel,
    IssueKind,
    MeetingKind,
    SatisfactionLevel,
)
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Workflow
from cogov.plugins._reference import ReferenceFigures
from cogov.plugins._specs import CharterSpec, SetupSpec, WorkflowExtension
from cogov.plugins.registration import ObserverFactory

if TYPE_CHECKING:
    from cogov.evaluation.rule import Rule
    from cogov.simulation.policies import Policy
    from cogov.simulation.scenario import Scenario

__all__ = ["Catalogue", "Contribution", "Section", "collect"]

T = TypeVar("T")


@attrs.frozen
class Contribution(Generic[T]):
    """One registered value, with the plugin and hook that registered it."""

    key: str
    value: T
    plugin: str
    hook: str


class Section(Generic[T]):
    """The contributions of one kind (role sets, issue kinds, …), keyed and attributed."""

    def __init__(self, what: str, hook: str) -> None:
        self.what = what
        self.hook = hook
        self._items: dict[str, Contribution[T]] = {}

    def add(self, key: str, value: T, plugin: str) -> None:
        if not isinstance(key, str) or KEY_RE.fullmatch(key) is None:
            msg = (
                f"plugin {plugin!r}, hook {self.hook}: {self.what} key {key!r} is not a valid key; "
                "use lower-case letters, digits and '_' (optionally ':'-separated)"
            )
            raise PluginError(msg, plugin=plugin, hook=self.hook)
        earlier = self._items.get(key)
        if earlier is not None:
            if earlier.plugin == plugin:
                msg = f"plugin {plugin!r}, hook {self.hook}: {self.what} {key!r} is registered twice"
            else:
                msg = (
                    f"{self.what} {key!r} is registered by two plugins, {earlier.plugin!r} and "
                    f"{plugin!r} (hook {self.hook}); rename one, e.g. with a '{plugin}:' prefix, "
                    "or load only one of them"
                )
            raise PluginError(msg, plugin=plugin, hook=self.hook)
        self._items[key] = Contribution(key, value, plugin, self.hook)

    def get(self, key: str) -> Contribution[T] | None:
        return self._items.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[Contribution[T]]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def sorted_keys(self) -> list[str]:
        """The keys registered in this section, sorted."""
        return sorted(self._items)

    def mapping(self) -> Mapping[str, T]:
        """Key → contributed value (without the plugin that gave it)."""
        return {k: c.value for k, c in self._items.items()}

    def keys(self) -> list[str]:
        """Deprecated name of :meth:`sorted_keys` (a list, unlike a mapping's keys)."""
        warnings.warn("Section.keys() is renamed Section.sorted_keys()", DeprecationWarning, stacklevel=2)
        return self.sorted_keys()

    def values(self) -> Mapping[str, T]:
        """Deprecated name of :meth:`mapping` (a mapping, unlike a mapping's values)."""
        warnings.warn("Section.values() is renamed Section.mapping()", DeprecationWarning, stacklevel=2)
        return self.mapping()

    def by_plugin(self, plugin: str) -> list[Contribution[T]]:
        return [c for c in self._items.values() if c.plugin == plugin]


@attrs.define
class Catalogue:
    """Everything the loaded plugins contributed, by section."""

    levels: Section[tuple[Level, ...]] = attrs.Factory(
        lambda: Section("level scheme", "cogov_register_unit_levels")
    )
    role_sets: Section[RoleSet] = attrs.Factory(lambda: Section("role set", "cogov_register_role_sets"))
    issue_kinds: Section[IssueKind] = attrs.Factory(
        lambda: Section("issue kind", "cogov_register_issue_kinds")
    )
    channels: Section[Channel] = attrs.Factory(lambda: Section("channel", "cogov_register_channels"))
    workflows: Section[Workflow | WorkflowExtension] = attrs.Factory(
        lambda: Section("workflow", "cogov_register_workflows")
    )
    guards: Section[Guard] = attrs.Factory(lambda: Section("guard", "cogov_register_guards"))
    satisfaction_scales: Section[tuple[SatisfactionLevel, ...]] = attrs.Factory(
        lambda: Section("satisfaction scale", "cogov_register_satisfaction_scales")
    )
    calendars: Section[WorkingCalendar] = attrs.Factory(
        lambda: Section("calendar", "cogov_register_calendars")
    )
    supervision: Section[SupervisionRules] = attrs.Factory(
        lambda: Section("supervision rules", "cogov_register_supervision")
    )
    meeting_kinds: Section[MeetingKind] = attrs.Factory(
        lambda: Section("meeting kind", "cogov_register_meeting_kinds")
    )
    association_kinds: Section[AssociationKind] = attrs.Factory(
        lambda: Section("association kind", "cogov_register_association_kinds")
    )
    activity_kinds: Section[ActivityKind] = attrs.Factory(
        lambda: Section("activity kind", "cogov_register_activity_kinds")
    )
    rules: Section[Rule] = attrs.Factory(lambda: Section("rule", "cogov_register_rules"))
    charters: Section[CharterSpec] = attrs.Factory(lambda: Section("charter", "cogov_register_charters"))
    setups: Section[SetupSpec] = attrs.Factory(lambda: Section("community set-up", "cogov_register_setups"))
    observers: Section[ObserverFactory] = attrs.Factory(
        lambda: Section("observer", "cogov_register_observers")
    )
    scenarios: Section[Scenario] = attrs.Factory(lambda: Section("scenario", "cogov_register_scenarios"))
    policies: Section[Policy] = attrs.Factory(lambda: Section("policy", "cogov_register_policies"))
    reference_figures: Section[ReferenceFigures] = attrs.Factory(
        lambda: Section("reference figures", "cogov_register_reference_figures")
    )

    def sections(self) -> Iterator[Section[Any]]:
        for field in attrs.fields(Catalogue):
            yield getattr(self, field.name)

    @property
    def examples(self) -> Section[SetupSpec]:
        """Deprecated name of :attr:`setups` (the community set-ups, not only examples)."""
        warnings.warn("Catalogue.examples is renamed Catalogue.setups", DeprecationWarning, stacklevel=2)
        return self.setups


# -- validation of what plugins hand to register --------------------------------------------
class _RefusedError(Exception):
    """Raised inside a register callback; turned into a PluginError naming plugin and hook."""


def _expect(value: object, cls: type[Any] | tuple[type[Any], ...], what: str) -> None:
    if not isinstance(value, cls):
        names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        msg = f"register() expects a {names} for {what}, got {value!r}"
        raise _RefusedError(msg)


def _sequence_of(value: object, cls: type[T], what: str) -> tuple[T, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or not value:
        msg = f"register() expects a non-empty sequence of {cls.__name__} for {what}, got {value!r}"
        raise _RefusedError(msg)
    for item in value:
        _expect(item, cls, what)
    return tuple(value)


def _key_attribute(value: object, what: str) -> str:
    key = getattr(value, "key", None)
    if not isinstance(key, str) or KEY_RE.fullmatch(key) is None:
        msg = f"register() expects a {what} with a valid str 'key' attribute, got {value!r} (key={key!r})"
        raise _RefusedError(msg)
    return key


def _registrars(cat: Catalogue, plugin: str) -> dict[str, Callable[..., None]]:  # noqa: PLR0915 - one small closure per hook
    """The register callback of each hook, bound to ``plugin``."""

    def levels(key: str, levels: Sequence[Level]) -> None:
        scheme = _sequence_of(levels, Level, f"level scheme {key!r}")
        seen = [lv.key for lv in scheme]
        if len(set(seen)) != len(seen):
            msg = f"level scheme {key!r} repeats a level key: {seen}"
            raise _RefusedError(msg)
        cat.levels.add(key, scheme, plugin)

    def role_set(value: RoleSet) -> None:
        _expect(value, RoleSet, "a role set")
        cat.role_sets.add(value.key, value, plugin)

    def issue_kind(value: IssueKind) -> None:
        _expect(value, IssueKind, "an issue kind")
        cat.issue_kinds.add(value.key, value, plugin)

    def channel(value: Channel) -> None:
        _expect(value, Channel, "a channel")
        cat.channels.add(value.key, value, plugin)

    def workflow(value: Workflow | WorkflowExtension) -> None:
        _expect(value, (Workflow, WorkflowExtension), "a workflow")
        cat.workflows.add(value.key, value, plugin)

    def guard(name: str, function: Guard) -> None:
        if not callable(function):
            msg = f"register() expects a callable guard(issue, event, ledger) for {name!r}, got {function!r}"
            raise _RefusedError(msg)
        cat.guards.add(name, function, plugin)

    def satisfaction_scale(key: str, levels: Sequence[SatisfactionLevel]) -> None:
        scale = _sequence_of(levels, SatisfactionLevel, f"satisfaction scale {key!r}")
        cat.satisfaction_scales.add(key, scale, plugin)

    def calendar(value: WorkingCalendar) -> None:
        _expect(value, WorkingCalendar, "a calendar")
        cat.calendars.add(value.key, value, plugin)

    def supervision(value: SupervisionRules) -> None:
        _expect(value, SupervisionRules, "supervision rules")
        cat.supervision.add(value.key, value, plugin)

    def meeting_kind(value: MeetingKind) -> None:
        _expect(value, MeetingKind, "a meeting kind")
        cat.meeting_kinds.add(value.key, value, plugin)

    def association_kind(value: AssociationKind) -> None:
        _expect(value, AssociationKind, "an association kind")
        cat.association_kinds.add(value.key, value, plugin)

    def activity_kind(value: ActivityKind) -> None:
        _expect(value, ActivityKind, "an activity kind")
        cat.activity_kinds.add(value.key, value, plugin)

    def rule(value: Rule) -> None:
        key = _key_attribute(value, "rule")
        if not callable(getattr(value, "evaluate", None)):
            msg = f"register() expects a rule with a callable 'evaluate'; rule {key!r} has none"
            raise _RefusedError(msg)
        cat.rules.add(key, value, plugin)

    def charter(value: CharterSpec) -> None:
        _expect(value, CharterSpec, "a charter")
        cat.charters.add(value.key, value, plugin)

    def setup(value: SetupSpec) -> None:
        _expect(value, SetupSpec, "a community set-up")
        cat.setups.add(value.key, value, plugin)

    def observer(key: str, factory: ObserverFactory) -> None:
        if not callable(factory):
            msg = f"register() expects a callable factory(ledger) for observer {key!r}, got {factory!r}"
            raise _RefusedError(msg)
        cat.observers.add(key, factory, plugin)

    def scenario(value: Scenario) -> None:
        cat.scenarios.add(_key_attribute(value, "scenario"), value, plugin)

    def policy(value: Policy) -> None:
        cat.policies.add(_key_attribute(value, "policy"), value, plugin)

    def reference(value: ReferenceFigures) -> None:
        _expect(value, ReferenceFigures, "reference figures")
        cat.reference_figures.add(value.key, value, plugin)

    registrars: dict[str, Callable[..., None]] = {
        "cogov_register_unit_levels": levels,
        "cogov_register_role_sets": role_set,
        "cogov_register_issue_kinds": issue_kind,
        "cogov_register_channels": channel,
        "cogov_register_workflows": workflow,
        "cogov_register_guards": guard,
        "cogov_register_satisfaction_scales": satisfaction_scale,
        "cogov_register_calendars": calendar,
        "cogov_register_supervision": supervision,
        "cogov_register_meeting_kinds": meeting_kind,
        "cogov_register_association_kinds": association_kind,
        "cogov_register_activity_kinds": activity_kind,
        "cogov_register_rules": rule,
        "cogov_register_charters": charter,
        "cogov_register_setups": setup,
        "cogov_register_observers": observer,
        "cogov_register_scenarios": scenario,
        "cogov_register_policies": policy,
        "cogov_register_reference_figures": reference,
    }
    # a hook under its old name still contributes, to the section of the hook that replaced it
    # (pluggy warns, naming the new hook, when a plugin implementing the old one is registered)
    for old, new in DEPRECATED_HOOKS.items():
        registrars[old] = registrars[new]
    return registrars


#: hooks in the order they are collected (kinds before the charters that name them)
REGISTER_HOOKS: tuple[str, ...] = tuple(_registrars(Catalogue(), "-"))


def _bound(
    registrar: Callable[..., None], plugin: str, hook: str, fail: Callable[[PluginError], None]
) -> Callable[..., None]:
    """The ``register`` handed to ``plugin``'s ``hook``: validates, records, reports failures."""

    def register(*args: Any, **kwargs: Any) -> None:
        try:
            registrar(*args, **kwargs)
        except PluginError as error:
            fail(error)
        except _RefusedError as refused:
            fail(PluginError(f"plugin {plugin!r}, hook {hook}: {refused}", plugin=plugin, hook=hook))
        except TypeError as error:
            msg = f"plugin {plugin!r}, hook {hook}: wrong call of register(): {error}"
            fail(PluginError(msg, plugin=plugin, hook=hook))

    return register


def collect(pm: pluggy.PluginManager, errors: list[PluginError] | None = None) -> Catalogue:
    """Call every ``cogov_register_*`` hook once per implementing plugin and collect the results.

    Raises the first :class:`PluginError`; with an ``errors`` list, appends every error to it
    instead and keeps going (the conformance check reports them all at once).
    """
    cat = Catalogue()
    plugins = pm.get_plugins()

    def fail(error: PluginError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    for hook_name in REGISTER_HOOKS:
        caller = getattr(pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            name = impl.plugin_name
            others = [p for p in plugins if p is not impl.plugin]
            single = pm.subset_hook_caller(hook_name, remove_plugins=others)
            registrar = _registrars(cat, name)[hook_name]

            register = _bound(registrar, name, hook_name, fail)

            try:
                returned = single(register=register)
            except PluginError:
                raise
            except Exception as error:
                msg = f"plugin {name!r} failed in hook {hook_name}: {type(error).__name__}: {error}"
                failure = PluginError(msg, plugin=name, hook=hook_name)
                failure.__cause__ = error
                fail(failure)
                continue
            if returned:
                # a common slip: returning the contributions instead of registering them
                msg = (
                    f"plugin {name!r}, hook {hook_name}: the hook returned {returned[0]!r} instead of "
                    "calling register(...) with it; return nothing"
                )
                fail(PluginError(msg, plugin=name, hook=hook_name))
    return cat
