"""The plugin manager: environment switches, strict hook checking, errors naming plugin and hook."""

from __future__ import annotations

import importlib.metadata
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

import cogov
from cogov import CHINA_TZ, IssueKind, RoleSet, RoleSpec
from cogov.events import IssueCollected
from cogov.plugins import (
    BUILTIN_NAME,
    CharterSpec,
    PluginError,
    build_charter,
    catalogue,
    hookimpl,
    load_setup,
    make_plugin_manager,
    setup_names,
)
from cogov.plugins import _manager as manager_module


def names(pm: Any) -> set[str]:
    return {name for name, _ in pm.list_name_plugin()}


def installed() -> set[str]:
    return {ep.name for ep in importlib.metadata.entry_points(group="cogov")}


def plugin_of(**hooks: Any) -> ModuleType:
    """A plugin module whose hook implementations are the given functions."""
    module = ModuleType("test_plugin")
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


class Kinds:
    """A minimal plugin: one issue kind."""

    def __init__(self, key: str = "noise") -> None:
        self.key = key

    @hookimpl
    def cogov_register_issue_kinds(self, register: Any) -> None:
        register(IssueKind(self.key, "噪音", "noise"))


def test_empty_load_list_loads_no_entry_points() -> None:
    """COGOV_LOAD_PLUGINS set but empty loads only the built-in plugin."""
    pm = make_plugin_manager(environ={"COGOV_LOAD_PLUGINS": ""})
    assert names(pm) == {BUILTIN_NAME}
    assert setup_names(pm) == []
    assert build_charter("basic", pm).workflow is cogov.CANONICAL_WORKFLOW


def test_disable_autoload_loads_no_entry_points() -> None:
    """COGOV_DISABLE_PLUGIN_AUTOLOAD wins over COGOV_LOAD_PLUGINS."""
    pm = make_plugin_manager(
        environ={"COGOV_DISABLE_PLUGIN_AUTOLOAD": "1", "COGOV_LOAD_PLUGINS": ",".join(installed())}
    )
    assert names(pm) == {BUILTIN_NAME}


def test_default_loads_every_installed_plugin() -> None:
    """With no switch set, every entry point of the ``cogov`` group is loaded."""
    pm = make_plugin_manager(environ={})
    assert names(pm) == {BUILTIN_NAME} | installed()


@pytest.mark.parametrize("name", sorted(installed()))
def test_load_list_loads_only_the_named_plugin(name: str) -> None:
    """COGOV_LOAD_PLUGINS=name loads that plugin and no other."""
    pm = make_plugin_manager(environ={"COGOV_LOAD_PLUGINS": f" {name} "})
    assert names(pm) == {BUILTIN_NAME, name}
    for example in setup_names(pm):
        assert catalogue(pm).setups.get(example).plugin == name  # type: ignore[union-attr]


def test_load_list_naming_a_missing_plugin_is_an_error() -> None:
    """A name no distribution provides is reported with the installed names."""
    with pytest.raises(PluginError, match=r"\['nowhere'\].*installed cogov plugins") as info:
        make_plugin_manager(environ={"COGOV_LOAD_PLUGINS": "nowhere"})
    assert info.value.plugin == "nowhere"


def test_import_failure_names_the_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin that fails to import reads 'Error importing plugin "name": ...'."""
    broken = importlib.metadata.EntryPoint("broken", "cogov_no_such_module_xyz:plugin", "cogov")
    monkeypatch.setattr(manager_module.importlib.metadata, "entry_points", lambda group: [broken])
    with pytest.raises(PluginError, match=r'^Error importing plugin "broken": ModuleNotFoundError') as info:
        make_plugin_manager(environ={})
    assert (info.value.plugin, info.value.hook) == ("broken", None)


def test_unknown_hook_is_an_error_naming_plugin_and_hook() -> None:
    """A misspelt hook implementation is refused, not silently ignored."""
    plugin = plugin_of(cogov_register_rolesets=(lambda register: None))
    with pytest.raises(PluginError, match="unknown hook 'cogov_register_rolesets'") as info:
        make_plugin_manager(autoload=False, plugins=[("typo", plugin)])
    assert (info.value.plugin, info.value.hook) == ("typo", "cogov_register_rolesets")


def test_wrong_hook_arguments_are_an_error_naming_plugin_and_hook() -> None:
    """An implementation asking for an argument the spec does not offer is refused."""
    plugin = plugin_of(cogov_register_issue_kinds=(lambda register, extra: None))
    with pytest.raises(PluginError, match="'extra'") as info:
        make_plugin_manager(autoload=False, plugins=[("greedy", plugin)])
    assert (info.value.plugin, info.value.hook) == ("greedy", "cogov_register_issue_kinds")


def test_same_key_from_two_plugins_names_both_and_the_key() -> None:
    """Two plugins registering one key is an error naming both plugins and the key."""
    pm = make_plugin_manager(autoload=False, plugins=[("first", Kinds()), ("second", Kinds())])
    with pytest.raises(
        PluginError, match="issue kind 'noise' is registered by two plugins, 'first' and 'second'"
    ):
        catalogue(pm)


def test_clash_with_the_core_names_the_core() -> None:
    """A plugin re-registering a core key names the core as the other plugin."""
    pm = make_plugin_manager(autoload=False, plugins=[("mine", Kinds("dispute"))])
    with pytest.raises(PluginError, match="'dispute' is registered by two plugins, 'cogov' and 'mine'"):
        catalogue(pm)


def test_bad_data_names_plugin_and_hook() -> None:
    """Registering something that is not a role set names the plugin and the hook."""
    plugin = plugin_of(cogov_register_role_sets=(lambda register: register("not a role set")))
    pm = make_plugin_manager(autoload=False, plugins=[("sloppy", plugin)])
    with pytest.raises(
        PluginError, match=r"plugin 'sloppy', hook cogov_register_role_sets: .*RoleSet"
    ) as info:
        catalogue(pm)
    assert (info.value.plugin, info.value.hook) == ("sloppy", "cogov_register_role_sets")


def test_a_failing_hook_names_plugin_and_hook() -> None:
    """An exception inside a hook implementation is reported with plugin and hook."""

    def boom(register: Any) -> None:
        msg = "disk on fire"
        raise RuntimeError(msg)

    pm = make_plugin_manager(autoload=False, plugins=[("fiery", plugin_of(cogov_register_calendars=boom))])
    with pytest.raises(
        PluginError,
        match="plugin 'fiery' failed in hook cogov_register_calendars: RuntimeError: disk on fire",
    ):
        catalogue(pm)


def test_charter_naming_a_missing_part_names_plugin_field_and_key() -> None:
    """A charter spec whose role set nobody registers fails with plugin, field and key."""
    spec = CharterSpec(key="mine", zh="我的", en="mine", role_set="nobody_has_this")
    plugin = plugin_of(cogov_register_charters=(lambda register: register(spec)))
    pm = make_plugin_manager(autoload=False, plugins=[("partial", plugin)])
    with pytest.raises(
        PluginError, match=r"plugin 'partial'.*field 'role_set' names role set 'nobody_has_this'"
    ):
        build_charter("mine", pm)


def test_unknown_setup_lists_the_installed_ones() -> None:
    """Loading an unknown community set-up says which exist and how to install more."""
    pm = make_plugin_manager(autoload=False)
    with pytest.raises(PluginError, match=r"no community set-up 'atlantis'.*pip install"):
        load_setup("atlantis", pm)


def test_trace_switch_writes_hook_calls(capsys: pytest.CaptureFixture[str]) -> None:
    """COGOV_TRACE_HOOKS=1 traces hook calls on standard error."""
    pm = make_plugin_manager(environ={"COGOV_LOAD_PLUGINS": "", "COGOV_TRACE_HOOKS": "1"})
    catalogue(pm)
    assert "cogov_register_workflows" in capsys.readouterr().err


def test_no_hook_is_called_per_event() -> None:
    """Once the charter is built, applying events calls no hook at all."""
    role_set = RoleSet("solo", (RoleSpec("clerk", "文员", "clerk", level="community", duties={"collect"}),))
    plugin = plugin_of(
        cogov_register_role_sets=(lambda register: register(role_set)),
        cogov_register_charters=hookimpl(
            lambda register: register(CharterSpec(key="solo", zh="单人", en="solo", role_set="solo"))
        ),
    )
    pm = make_plugin_manager(autoload=False, plugins=[("solo", plugin)])
    charter = build_charter("solo", pm)
    calls: list[str] = []
    pm.add_hookcall_monitoring(lambda name, impls, kwargs: calls.append(name), lambda *args: None)
    community = cogov.Community()
    community.extend(
        units=[
            cogov.Unit("c1", "county", "县", "county"),
            cogov.Unit("c2", "community", "社区", "community", parent="c1"),
        ],
        people=[cogov.Person("p1", "甲")],
    )
    start = cogov.Appointment("a1", "p1", "clerk", "c2", start=datetime(2022, 1, 1, tzinfo=CHINA_TZ))
    ledger = cogov.Ledger(charter, community, appointments=[start])
    for n in range(20):
        ledger.apply(
            IssueCollected(
                at=start.start + timedelta(hours=n + 1),
                actor="p1",
                issue=f"i{n}",
                kind="dispute",
                unit="c2",
                channel="hotline",
                summary="x",
            )
        )
    assert build_charter("solo", pm) is charter
    assert calls == []


@pytest.mark.parametrize("name", sorted(installed() & {"xiaoxiguan", "beijing"}))
def test_an_installed_distribution_makes_its_community_loadable_by_name(name: str) -> None:
    """pip-installing a plugin distribution is all it takes: its community set-up loads by name."""
    pm = make_plugin_manager(environ={})
    example = load_setup(name, pm)
    assert example.plugin == name
    assert example.key == name
    assert len(example.ledger().authority) == len(example.appointments)


def test_errors_list_leaves_broken_entry_points_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """With an ``errors`` list, a plugin that fails to import is left out and its error kept."""
    ghost = importlib.metadata.EntryPoint("ghost", "cogov_no_such_module_xyz:plugin", "cogov")
    monkeypatch.setattr(manager_module.importlib.metadata, "entry_points", lambda group: [ghost])
    errors: list[PluginError] = []
    pm = make_plugin_manager(environ={}, errors=errors)
    assert names(pm) == {BUILTIN_NAME}
    assert [(e.plugin, e.hook) for e in errors] == [("ghost", None)]
    assert str(errors[0]).startswith('Error importing plugin "ghost": ModuleNotFoundError')


def test_survey_leaves_out_a_plugin_whose_contributions_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """survey_plugins unregisters a plugin the catalogue refuses and keeps the healthy ones usable."""
    from cogov.plugins import survey_plugins  # noqa: PLC0415

    clash = importlib.metadata.EntryPoint("clash", f"{__name__}:CLASHING", "cogov")
    good = importlib.metadata.EntryPoint("good", f"{__name__}:GOOD", "cogov")
    monkeypatch.setattr(manager_module.importlib.metadata, "entry_points", lambda group: [clash, good])
    pm, broken = survey_plugins(environ={})
    assert set(broken) == {"clash"}
    assert "'dispute'" in str(broken["clash"])
    assert names(pm) == {BUILTIN_NAME, "good"}
    assert catalogue(pm).issue_kinds.get("noise") is not None


CLASHING = Kinds("dispute")  # the core's own kind: refused when the catalogue is collected
GOOD = Kinds("noise")
