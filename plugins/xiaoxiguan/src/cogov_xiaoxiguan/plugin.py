"""Hook implementations of the Xiaoxiguan plugin (entry point ``xiaoxiguan`` in group ``cogov``)."""

from __future__ import annotations

from cogov.plugins import (
    RegisterActivityKind,
    RegisterAssociationKind,
    RegisterCalendar,
    RegisterCharter,
    RegisterIssueKind,
    RegisterMeetingKind,
    RegisterPolicy,
    RegisterReferenceFigures,
    RegisterRoleSet,
    RegisterRule,
    RegisterScenario,
    RegisterSetup,
    RegisterSupervision,
    RegisterWorkflow,
    hookimpl,
)
from cogov_xiaoxiguan.charter import CHARTER, SETUP
from cogov_xiaoxiguan.red_property import PROPERTY_ISSUE_KINDS
from cogov_xiaoxiguan.roles import ROLE_SET
from cogov_xiaoxiguan.supervision import SUPERVISION
from cogov_xiaoxiguan.vocabulary import ACTIVITY_KINDS, ASSOCIATION_KINDS, CALENDAR, MEETING_KINDS
from cogov_xiaoxiguan.workflow import WORKFLOW


@hookimpl
def cogov_register_role_sets(register: RegisterRoleSet) -> None:
    register(ROLE_SET)


@hookimpl
def cogov_register_workflows(register: RegisterWorkflow) -> None:
    register(WORKFLOW)


@hookimpl
def cogov_register_issue_kinds(register: RegisterIssueKind) -> None:
    for kind in PROPERTY_ISSUE_KINDS:
        register(kind)


@hookimpl
def cogov_register_meeting_kinds(register: RegisterMeetingKind) -> None:
    for kind in MEETING_KINDS:
        register(kind)


@hookimpl
def cogov_register_association_kinds(register: RegisterAssociationKind) -> None:
    for kind in ASSOCIATION_KINDS:
        register(kind)


@hookimpl
def cogov_register_activity_kinds(register: RegisterActivityKind) -> None:
    for kind in ACTIVITY_KINDS:
        register(kind)


@hookimpl
def cogov_register_calendars(register: RegisterCalendar) -> None:
    register(CALENDAR)


@hookimpl
def cogov_register_supervision(register: RegisterSupervision) -> None:
    register(SUPERVISION)


@hookimpl
def cogov_register_charters(register: RegisterCharter) -> None:
    register(CHARTER)


@hookimpl
def cogov_register_setups(register: RegisterSetup) -> None:
    register(SETUP)


# Evaluation rules (cogov_register_rules) and simulation scenarios (cogov_register_scenarios)
# of Xiaoxiguan are added below by their own modules.


@hookimpl
def cogov_register_rules(register: RegisterRule) -> None:
    # imported here so loading the plugin does not import the evaluation package
    from cogov_xiaoxiguan.card_rules import CARD_RULES  # noqa: PLC0415
    from cogov_xiaoxiguan.evaluation import RULES  # noqa: PLC0415
    from cogov_xiaoxiguan.service_rules import SERVICE_RULES  # noqa: PLC0415

    for rule in (*RULES, *SERVICE_RULES, *CARD_RULES):
        register(rule)


@hookimpl
def cogov_register_scenarios(register: RegisterScenario) -> None:
    # imported here so loading the plugin does not import the simulation package
    from cogov_xiaoxiguan.scenario import XIAOXIGUAN_YEAR  # noqa: PLC0415

    register(XIAOXIGUAN_YEAR)


@hookimpl
def cogov_register_policies(register: RegisterPolicy) -> None:
    from cogov_xiaoxiguan.scenario import XIAOXIGUAN_POLICIES  # noqa: PLC0415

    for policy in XIAOXIGUAN_POLICIES:
        register(policy)


@hookimpl
def cogov_register_reference_figures(register: RegisterReferenceFigures) -> None:
    from cogov_xiaoxiguan.reference import NEWS_2022  # noqa: PLC0415

    register(NEWS_2022)
