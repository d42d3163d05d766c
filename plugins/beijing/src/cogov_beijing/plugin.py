"""Hook implementations of the Beijing street plugin (entry point ``beijing`` in group ``cogov``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.plugins import (
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
    RegisterRoleSet,
    RegisterSatisfactionScale,
    RegisterSetup,
    RegisterSupervision,
    RegisterWorkflow,
    SetupSpec,
    hookimpl,
)
from cogov_beijing import charter, structure
from cogov_beijing.observers import response_clock
from cogov_beijing.supervision import SUPERVISION

if TYPE_CHECKING:
    import click


@hookimpl
def cogov_register_unit_levels(register: RegisterLevels) -> None:
    register("beijing:street", charter.LEVELS)


@hookimpl
def cogov_register_role_sets(register: RegisterRoleSet) -> None:
    register(charter.ROLE_SET)


@hookimpl
def cogov_register_issue_kinds(register: RegisterIssueKind) -> None:
    for kind in charter.ISSUE_KINDS:
        register(kind)


@hookimpl
def cogov_register_channels(register: RegisterChannel) -> None:
    register(charter.CHANNEL)


@hookimpl
def cogov_register_workflows(register: RegisterWorkflow) -> None:
    register(charter.WORKFLOW)


@hookimpl
def cogov_register_guards(register: RegisterGuard) -> None:
    register("beijing:first_receiver", charter.first_receiver)


@hookimpl
def cogov_register_satisfaction_scales(register: RegisterSatisfactionScale) -> None:
    register("beijing:12345", charter.SATISFACTION_SCALE)


@hookimpl
def cogov_register_calendars(register: RegisterCalendar) -> None:
    register(charter.CALENDAR)


@hookimpl
def cogov_register_meeting_kinds(register: RegisterMeetingKind) -> None:
    for kind in charter.MEETING_KINDS:
        register(kind)


@hookimpl
def cogov_register_association_kinds(register: RegisterAssociationKind) -> None:
    for kind in charter.ASSOCIATION_KINDS:
        register(kind)


@hookimpl
def cogov_register_activity_kinds(register: RegisterActivityKind) -> None:
    for kind in charter.ACTIVITY_KINDS:
        register(kind)


@hookimpl
def cogov_register_supervision(register: RegisterSupervision) -> None:
    register(SUPERVISION)


@hookimpl
def cogov_register_charters(register: RegisterCharter) -> None:
    register(charter.CHARTER)


@hookimpl
def cogov_register_setups(register: RegisterSetup) -> None:
    register(
        SetupSpec(
            key="beijing",
            zh="示范街道（虚构）",
            en="Shifan street, Beijing (synthetic)",
            charter=charter.CHARTER.key,
            community=structure.build_community,
            appointments=structure.appointments,
            description="Whistle-and-report street with 12345 hotline intake; 3 communities, 12 grids.",
        )
    )


@hookimpl
def cogov_register_observers(register: RegisterObserver) -> None:
    register("beijing:response_clock", response_clock)


@hookimpl
def cogov_register_commands(cli: click.Group) -> None:
    import click  # noqa: PLC0415 - only the CLI needs click, and only when it runs

    @cli.command("beijing-street")
    @click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
    def beijing_street(lang: str) -> None:
        """Show the Beijing street's set-up: communities, grids and roles."""
        from cogov.plugins import load_setup  # noqa: PLC0415

        setup = load_setup("beijing")
        zh = lang == "zh"
        click.echo(setup.zh if zh else setup.en)
        for unit in setup.community.units_at("community"):
            grids = len(setup.community.children(unit.code))
            name = unit.name_zh if zh else unit.name_en
            click.echo(f"  {unit.code} {name}: {grids} {'个网格' if zh else 'grids'}")
        for role in setup.charter.role_set:
            click.echo(f"  {'角色' if zh else 'role'} {role.zh if zh else role.en}")
