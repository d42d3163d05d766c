"""A well-formed test plugin that implements every cogov hook once (kept in step with hookspecs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from cogov import (
    CHINA_TZ,
    ActivityKind,
    Appointment,
    AssociationKind,
    Category,
    Channel,
    Community,
    IssueKind,
    Level,
    MeetingKind,
    Person,
    RoleSet,
    RoleSpec,
    SatisfactionLevel,
    State,
    Transition,
    Unit,
    WorkingCalendar,
)
from cogov.model.deadlines import StepDeadline, SupervisionRules
from cogov.plugins import CharterSpec, ReferenceFigures, SetupSpec, WorkflowExtension, hookimpl

LEVELS = (Level("ward", "片区", "ward"), Level("block", "街坊", "block"), Level("home", "住户", "home"))

ROLES = RoleSet(
    "every",
    (
        RoleSpec(
            "every:warden",
            "片长",
            "ward warden",
            level="ward",
            duties={
                "collect",
                "register",
                "answer_on_spot",
                "every:triage",
                "every:untriage",
                "convene:every_meeting",
                "every:chase",
                "every:grant_time",
            },
        ),
        RoleSpec(
            "every:helper", "帮手", "block helper", level="block", duties={"record:every_chore", "follow_up"}
        ),
    ),
)

WORKFLOW = WorkflowExtension(
    key="every:flow",
    zh="全钩子流程",
    en="every-hook flow",
    base="canonical",
    states=(State("every:triaged", "已分诊", "triaged", Category.OPEN),),
    transitions=(
        Transition(
            "every:triage", ["registered"], "every:triaged", "分诊", "triage", guards=["every:always"]
        ),
        Transition("every:untriage", ["every:triaged"], "registered", "退回分诊", "undo triage"),
    ),
)


@attrs.frozen
class Named:
    """A scenario, policy or rule stand-in: a key, and for rules an evaluate and problems."""

    key: str

    def evaluate(self, *args: Any) -> None:
        return None

    def problems(self) -> list[str]:
        return []


def community() -> Community:
    built = Community(LEVELS)
    built.extend(
        units=[
            Unit("w1", "ward", "东片区", "east ward"),
            Unit("w1-b1", "block", "一街坊", "block 1", parent="w1"),
            Unit("w1-b1-h1", "home", "一号", "home 1", parent="w1-b1"),
        ],
        people=[Person("e-warden", "甲"), Person("e-helper", "乙", household="w1-b1-h1")],
    )
    return built


def appointments() -> tuple[Appointment, ...]:
    start = datetime(2024, 1, 1, tzinfo=CHINA_TZ)
    return (
        Appointment("e-a1", "e-warden", "every:warden", "w1", start),
        Appointment("e-a2", "e-helper", "every:helper", "w1-b1", start),
    )


@hookimpl
def cogov_register_unit_levels(register: Any) -> None:
    register("every:levels", LEVELS)


@hookimpl
def cogov_register_role_sets(register: Any) -> None:
    register(ROLES)


@hookimpl
def cogov_register_issue_kinds(register: Any) -> None:
    register(IssueKind("every:leak", "漏水", "leak", resolve_within_days=2))


@hookimpl
def cogov_register_channels(register: Any) -> None:
    register(Channel("every:doorbell", "门铃", "doorbell"))


@hookimpl
def cogov_register_workflows(register: Any) -> None:
    register(WORKFLOW)


@hookimpl
def cogov_register_guards(register: Any) -> None:
    register("every:always", lambda issue, event, ledger: None)


@hookimpl
def cogov_register_satisfaction_scales(register: Any) -> None:
    register(
        "every:thumbs",
        [
            SatisfactionLevel("up", "赞", "thumbs up", 1.0, True),
            SatisfactionLevel("down", "踩", "thumbs down", 0.0),
        ],
    )


@hookimpl
def cogov_register_calendars(register: Any) -> None:
    register(WorkingCalendar("every:six_days", weekend={6}))


@hookimpl
def cogov_register_supervision(register: Any) -> None:
    register(
        SupervisionRules(
            "every:deadlines",
            deadlines=(
                StepDeadline(
                    "every:triage_in_time",
                    "按时分诊",
                    "triage in time",
                    states={"registered"},
                    working_days=2,
                ),
            ),
            card_duty="every:chase",
            extension_duty="every:grant_time",
        )
    )


@hookimpl
def cogov_register_meeting_kinds(register: Any) -> None:
    register(
        MeetingKind(
            "every_meeting",
            "片区会",
            "ward meeting",
            level="ward",
            cadence_days=14,
            duty="convene:every_meeting",
        )
    )


@hookimpl
def cogov_register_association_kinds(register: Any) -> None:
    register(AssociationKind("every:club", "俱乐部", "club"))


@hookimpl
def cogov_register_activity_kinds(register: Any) -> None:
    register(
        ActivityKind("every:chore", "家务", "chore", association="every:club", duty="record:every_chore")
    )


@hookimpl
def cogov_register_rules(register: Any) -> None:
    register(Named("every:rule"))


@hookimpl
def cogov_register_charters(register: Any) -> None:
    register(
        CharterSpec(
            key="every",
            zh="全钩子章程",
            en="every-hook charter",
            role_set="every",
            workflow="every:flow",
            levels="every:levels",
            issue_kinds=["every:leak"],
            channels=["every:doorbell"],
            meeting_kinds=["every_meeting"],
            association_kinds=["every:club"],
            activity_kinds=["every:chore"],
            satisfaction_scale="every:thumbs",
            calendar="every:six_days",
            supervision="every:deadlines",
        )
    )


@hookimpl
def cogov_register_setups(register: Any) -> None:
    register(
        SetupSpec(
            key="every",
            zh="全钩子社区",
            en="every-hook community",
            charter="every",
            community=community,
            appointments=appointments,
        )
    )


SEEN: list[tuple[int, str]] = []


@hookimpl
def cogov_register_observers(register: Any) -> None:
    register("every:recorder", lambda ledger: lambda seq, event: SEEN.append((seq, event.type)))


@hookimpl
def cogov_register_scenarios(register: Any) -> None:
    register(Named("every:scenario"))


@hookimpl
def cogov_register_policies(register: Any) -> None:
    register(Named("every:policy"))


@hookimpl
def cogov_register_reference_figures(register: Any) -> None:
    register(
        ReferenceFigures(
            key="every:reference",
            example="every",
            start=date(2022, 1, 1),
            end=date(2022, 12, 31),
            figures={"meeting_issues_collected": 12, "resolution_rate": 0.9},
            source_zh="测试来源",
            source_en="test source",
        )
    )


@hookimpl
def cogov_register_commands(cli: Any) -> None:
    @cli.command("every-hello")
    def hello() -> None:
        """Say hello from the every-hook plugin."""
        print("你好 hello")
