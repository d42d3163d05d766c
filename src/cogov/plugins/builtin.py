"""The core's own contributions, registered through the same hooks as any plugin.

The default level scheme, the canonical workflow, the default issue kinds, channels,
meeting kinds and satisfaction scale, the Monday-to-Friday calendar, the built-in guards,
the basic role set and the ``basic`` charter.  It is always loaded, even when every
entry-point plugin is switched off.
"""

from __future__ import annotations

from cogov.engine.guards import BUILTIN_GUARDS
from cogov.hookspecs import hookimpl
from cogov.model.canonical import (
    BASIC_ROLE_SET,
    CANONICAL_SUPERVISION,
    CANONICAL_WORKFLOW,
    DEFAULT_CHANNELS,
    DEFAULT_ISSUE_KINDS,
    DEFAULT_MEETING_KINDS,
    DEFAULT_SATISFACTION_SCALE,
)
from cogov.model.structure import DEFAULT_LEVELS
from cogov.model.workdays import WorkingCalendar
from cogov.plugins._specs import CharterSpec
from cogov.plugins.registration import (
    RegisterCalendar,
    RegisterChannel,
    RegisterCharter,
    RegisterGuard,
    RegisterIssueKind,
    RegisterLevels,
    RegisterMeetingKind,
    RegisterRoleSet,
    RegisterSatisfactionScale,
    RegisterSupervision,
    RegisterWorkflow,
)

__all__ = [
    "cogov_register_calendars",
    "cogov_register_channels",
    "cogov_register_charters",
    "cogov_register_guards",
    "cogov_register_issue_kinds",
    "cogov_register_meeting_kinds",
    "cogov_register_role_sets",
    "cogov_register_satisfaction_scales",
    "cogov_register_supervision",
    "cogov_register_unit_levels",
    "cogov_register_workflows",
]


@hookimpl
def cogov_register_unit_levels(register: RegisterLevels) -> None:
    register("default", DEFAULT_LEVELS)


@hookimpl
def cogov_register_role_sets(register: RegisterRoleSet) -> None:
    register(BASIC_ROLE_SET)


@hookimpl
def cogov_register_issue_kinds(register: RegisterIssueKind) -> None:
    for kind in DEFAULT_ISSUE_KINDS:
        register(kind)


@hookimpl
def cogov_register_channels(register: RegisterChannel) -> None:
    for channel in DEFAULT_CHANNELS:
        register(channel)


@hookimpl
def cogov_register_workflows(register: RegisterWorkflow) -> None:
    register(CANONICAL_WORKFLOW)


@hookimpl
def cogov_register_guards(register: RegisterGuard) -> None:
    for name, guard in BUILTIN_GUARDS.items():
        register(name, guard)


@hookimpl
def cogov_register_satisfaction_scales(register: RegisterSatisfactionScale) -> None:
    register("default", DEFAULT_SATISFACTION_SCALE)


@hookimpl
def cogov_register_calendars(register: RegisterCalendar) -> None:
    register(WorkingCalendar())


@hookimpl
def cogov_register_supervision(register: RegisterSupervision) -> None:
    register(CANONICAL_SUPERVISION)


@hookimpl
def cogov_register_meeting_kinds(register: RegisterMeetingKind) -> None:
    for kind in DEFAULT_MEETING_KINDS:
        register(kind)


@hookimpl
def cogov_register_charters(register: RegisterCharter) -> None:
    register(
        CharterSpec(
            key="basic",
            zh="基础章程",
            en="basic charter",
            role_set=BASIC_ROLE_SET.key,
            meeting_kinds=[k.key for k in DEFAULT_MEETING_KINDS],
            escalation_meeting="weekly_joint_meeting",
            supervision=CANONICAL_SUPERVISION.key,
        )
    )
