"""A deliberately broken cogov plugin: one of each kind of mistake the conformance check catches.

Used by ``test_conformance.py`` to show each failure message.  Do not copy.
"""

from __future__ import annotations

from typing import Any

from cogov import (
    Category,
    Channel,
    Community,
    IssueKind,
    RoleSet,
    RoleSpec,
    SatisfactionLevel,
    State,
    Transition,
    Unit,
)
from cogov.plugins import CharterSpec, SetupSpec, WorkflowExtension, hookimpl


class IllFormedRule:
    """A rule that knows it is ill formed: its problems() says so."""

    key = "broken:rule"

    def evaluate(self, *args: Any) -> None:
        return None

    def problems(self) -> list[str]:
        return ["weights sum to 1.3, not 1"]


class RuleWithoutEvaluate:
    key = "broken:no_evaluate"


def _no_community() -> Any:
    msg = "the structure file is missing"
    raise FileNotFoundError(msg)


@hookimpl
def cogov_register_issue_kinds(register: Any) -> None:
    register(IssueKind("broken:leak", "leak", "漏水"))  # labels swapped: zh has no Chinese, en is Chinese
    register(IssueKind("dispute", "纠纷", "dispute"))  # clashes with the core's kind
    register("not an issue kind")


@hookimpl
def cogov_register_role_sets(register: Any) -> None:
    register(
        RoleSet(
            "broken",
            (
                RoleSpec("fixer", "维修员", "fixer", level="community", duties={"collect", "teleport"}),
                RoleSpec("helper", "helper", "helper", level="community", duties={"resolve"}),
            ),
        )
    )


@hookimpl
def cogov_register_workflows(register: Any) -> None:
    register(
        WorkflowExtension(
            key="broken:flow",
            zh="坏流程",
            en="broken flow",
            base="canonical",
            states=(State("limbo", "悬置", "limbo", Category.OPEN),),
            transitions=(
                Transition("escape", ["limbo"], "closed", "逃逸", "escape"),
                Transition(
                    "ponder", ["registered"], "registered", "沉思", "ponder", guards=["broken:missing_guard"]
                ),
            ),
        )
    )


@hookimpl
def cogov_register_satisfaction_scales(register: Any) -> None:
    register("broken:gloomy", [SatisfactionLevel("meh", "一般", "meh", weight=0.5)])


@hookimpl
def cogov_register_rules(register: Any) -> None:
    register(IllFormedRule())
    register(RuleWithoutEvaluate())


@hookimpl
def cogov_register_charters(register: Any) -> None:
    register(
        CharterSpec(
            key="broken",
            zh="坏章程",
            en="broken charter",
            role_set="broken",
            workflow="broken:flow",
            calendar="broken:nowhere",
        )
    )


def _monolingual_community() -> Community:
    community = Community()
    community.add_unit(Unit("b1", "county", "Broken county", "坏县"))  # names in the wrong languages
    return community


@hookimpl
def cogov_register_setups(register: Any) -> None:
    register(
        SetupSpec(
            key="broken_names",
            zh="坏名字",
            en="broken names",
            charter="basic",
            community=_monolingual_community,
        )
    )
    register(
        SetupSpec(key="broken", zh="坏社区", en="broken community", charter="basic", community=_no_community)
    )


@hookimpl
def cogov_register_channels(register: Any) -> list[Channel]:
    return [Channel("broken:pigeon", "信鸽", "carrier pigeon")]  # returned instead of registered
