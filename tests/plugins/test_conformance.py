"""The test kit: conformance checks report every problem at once; fixtures register plugins per test."""

from __future__ import annotations

import importlib.util
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cogov import CHINA_TZ, Community, IssueKind, Unit, hookspecs
from cogov.events import IssueActionTaken, IssueCollected, IssueRegistered
from cogov.plugins import (
    SetupSpec,
    build_charter,
    catalogue,
    get_plugin_manager,
    hookimpl,
    load_setup,
    make_plugin_manager,
    policies,
    scenarios,
    setup_names,
)
from cogov.testing import ConformanceError, assert_conformant, check_plugin
from cogov.testing.pytest_plugin import PluginRegistrar

HERE = Path(__file__).parent


def _load_broken() -> object:
    spec = importlib.util.spec_from_file_location("cogov_tests_broken_plugin", HERE / "broken_plugin.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


broken = _load_broken()


@pytest.fixture(scope="module")
def messages() -> list[str]:
    return [str(p) for p in check_plugin(broken, "broken")]


@pytest.mark.parametrize(
    "expected",
    [
        # bad registrations
        "issue kind 'dispute' is registered by two plugins, 'cogov' and 'broken'",
        "register() expects a IssueKind for an issue kind, got 'not an issue kind'",
        "rule 'broken:no_evaluate' has none",
        "the hook returned [Channel(key='broken:pigeon'",
        # labels in both languages
        "Chinese label zh='leak' has no Chinese characters",
        "English label en='漏水' is missing or not English",
        "role 'helper': Chinese label zh='helper' has no Chinese characters",
        # duties refer to real transitions
        "role 'fixer' duty 'teleport' is no transition's duty",
        # workflows
        "unreachable workflow states ['limbo']",
        "names guard 'broken:missing_guard', which no plugin registers",
        # rules well formed
        "rule is not well formed: weights sum to 1.3, not 1",
        # scales, charters, examples
        "no answer counts as satisfied",
        "field 'calendar' names calendar 'broken:nowhere'",
        "community set-up does not load: plugin 'broken', hook cogov_register_setups: set-up 'broken' failed to build: FileNotFoundError",
        "1 name(s) lack Chinese in name_zh or have Chinese in name_en: unit 'b1'",
    ],
)
def test_broken_plugin_shows_each_failure(messages: list[str], expected: str) -> None:
    """Each kind of mistake in the broken plugin has its own message naming plugin and hook."""
    assert any(expected in m for m in messages), "\n".join(messages)


def test_every_problem_is_reported_at_once(messages: list[str]) -> None:
    """One check reports all problems, each naming the plugin."""
    assert len(messages) >= 13
    assert all(m.startswith(("[broken]", "[cogov]")) for m in messages)


def test_assert_conformant_lists_every_problem() -> None:
    """assert_conformant raises one AssertionError listing every problem."""
    with pytest.raises(ConformanceError) as info:
        assert_conformant(broken, "broken")
    assert len(info.value.problems) >= 13
    assert "teleport" in str(info.value)
    assert "limbo" in str(info.value)


def test_unknown_hook_is_reported_by_the_conformance_check() -> None:
    """A misspelt hook is a conformance problem naming plugin and hook."""

    class Typo:
        @hookimpl
        def cogov_register_issue_kind(self, register: object) -> None:
            pass

    [problem] = check_plugin(Typo(), "typo")
    assert (problem.plugin, problem.hook) == ("typo", "cogov_register_issue_kind")


def test_xiaoxiguan_conforms() -> None:
    """The Xiaoxiguan plugin passes the conformance check."""
    plugin = pytest.importorskip("cogov_xiaoxiguan.plugin")
    assert_conformant(plugin, "xiaoxiguan")


def test_beijing_conforms() -> None:
    """The Beijing street plugin passes the conformance check."""
    plugin = pytest.importorskip("cogov_beijing.plugin")
    assert_conformant(plugin, "beijing")


def tiny_community() -> Community:
    community = Community()
    community.extend(
        units=[
            Unit("t1", "county", "小县", "small county"),
            Unit("t2", "community", "小社区", "tiny", parent="t1"),
        ]
    )
    return community


class Tiny:
    """A tiny well-formed plugin: the basic charter as an example community."""

    @hookimpl
    def cogov_register_issue_kinds(self, register: object) -> None:
        register(IssueKind("tiny:noise", "噪音", "noise"))  # type: ignore[operator]

    @hookimpl
    def cogov_register_setups(self, register: object) -> None:
        register(SetupSpec(key="tiny", zh="小社区", en="tiny", charter="basic", community=tiny_community))  # type: ignore[operator]


def test_fixture_registers_for_one_test_only(cogov_plugins: object) -> None:
    """cogov_plugins.register makes a plugin visible to load_setup for this test."""
    plugin = Tiny()
    cogov_plugins.register(plugin, "tiny")  # type: ignore[attr-defined]
    assert "tiny" in setup_names()
    assert load_setup("tiny").community.root == "t1"


def test_registrar_removes_what_it_registered() -> None:
    """What the fixture registered is gone once it tears down."""
    registrar = PluginRegistrar(get_plugin_manager())
    registrar.register(Tiny(), "tiny")
    assert "tiny" in setup_names()
    registrar.unregister_all()
    assert not get_plugin_manager().has_plugin("tiny")
    assert "tiny" not in setup_names()


def test_conformance_fixture(cogov_conformance: object) -> None:
    """The cogov_conformance fixture checks a plugin like assert_conformant."""
    cogov_conformance(Tiny(), "tiny")  # type: ignore[operator]


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"cogov_tests_{name}", HERE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


every = _load("every_hook")


def test_the_test_plugin_implements_every_hook() -> None:
    """tests/plugins/every_hook.py implements each hook spec but the deprecated names (add one there with each new hook)."""
    specified = {name for name in dir(hookspecs) if name.startswith("cogov_")} - set(
        hookspecs.DEPRECATED_HOOKS
    )
    assert {name for name in dir(every) if name.startswith("cogov_")} == specified


def test_every_hook_plugin_conforms_and_everything_is_attributed() -> None:
    """Each contribution of the every-hook plugin is kept and attributed to it."""
    assert_conformant(every, "every")
    pm = make_plugin_manager(autoload=False, plugins=[("every", every)])
    cat = catalogue(pm)
    for section in cat.sections():
        assert [c.plugin for c in section if c.key.startswith("every")] == ["every"], section.what
    assert scenarios(pm)["every:scenario"].key == "every:scenario"
    assert policies(pm)["every:policy"].key == "every:policy"
    assert build_charter("every", pm).rules == (every.Named("every:rule"),)


def test_every_hook_example_runs_with_its_guard_and_observer() -> None:
    """The example's ledger runs the plugin's workflow, guard and observer."""
    pm = make_plugin_manager(autoload=False, plugins=[("every", every)])
    ledger = load_setup("every", pm).ledger()
    t = datetime(2024, 1, 2, 9, tzinfo=CHINA_TZ)
    every.SEEN.clear()
    ledger.apply_all(
        [
            IssueCollected(
                at=t,
                actor="e-warden",
                issue="i1",
                kind="every:leak",
                unit="w1-b1-h1",
                channel="every:doorbell",
                summary="漏水 leak",
            ),
            IssueRegistered(at=t, actor="e-warden", issue="i1"),
            IssueActionTaken(at=t, actor="e-warden", issue="i1", action="every:triage"),
        ]
    )
    assert ledger.issue("i1").state == "every:triaged"
    assert every.SEEN == [(0, "issue_collected"), (1, "issue_registered"), (2, "issue_action_taken")]


def test_the_conformance_check_uses_no_deprecated_name_of_cogov() -> None:
    """Checking a plugin raises no DeprecationWarning from cogov's own code (it used Section.values())."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        problems = check_plugin(broken, "broken")
    assert any("teleport" in str(problem) for problem in problems)
