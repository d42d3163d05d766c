"""The Beijing street's charter parts: levels, roles, workflow extension, guard, kinds, scale, calendar.

The flow (接诉即办, "respond on complaint"): a citizen calls 12345; the district centre
records the call (collect) and dispatches it (派单) to the street; the street's first receiver
(首接负责人) accepts it (签收) or sends it back (退单) if it is not the street's, then responds
to the caller within the time limit (响应), and either explains (解释说明), handles it, or —
when the street cannot solve it alone — blows the whistle (吹哨): the summoned departments
report to the street (报到) and handle it.  The centre's return visit (回访) records the
caller's rating; a poor result reopens the case.

First-receiver responsibility (首接负责制) is a guard: once a receiver accepts a case, only
they respond, explain or blow the whistle on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov import (
    ActivityKind,
    AssociationKind,
    Category,
    Channel,
    IssueKind,
    Level,
    MeetingKind,
    RoleSet,
    RoleSpec,
    SatisfactionLevel,
    State,
    Transition,
    china_working_calendar,
)
from cogov.engine.folded import IssueRecord
from cogov.model.roles import APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY
from cogov.model.structure import PersonAttribute
from cogov.plugins import CharterSpec, WorkflowExtension

if TYPE_CHECKING:
    from cogov import Ledger
    from cogov.events import IssueEvent

__all__ = [
    "ACTIVITY_KINDS",
    "ASSOCIATION_KINDS",
    "CALENDAR",
    "CHANNEL",
    "CHARTER",
    "ISSUE_KINDS",
    "LEVELS",
    "MEETING_KINDS",
    "ROLE_SET",
    "SATISFACTION_SCALE",
    "WORKFLOW",
    "first_receiver",
]

LEVELS = (
    Level("district", "区", "district"),
    Level("street", "街道", "street"),
    Level("community", "社区", "community"),
    Level("grid", "网格", "grid"),
    Level("household", "户", "household"),
)

CHANNEL = Channel("hotline_12345", "12345市民服务热线", "12345 citizen service hotline")

ISSUE_KINDS = (
    IssueKind("beijing:consultation", "咨询", "consultation", resolve_within_days=3),
    IssueKind("beijing:request", "求助", "request for help", resolve_within_days=7),
    IssueKind("beijing:complaint", "投诉", "complaint", resolve_within_days=13),
    IssueKind("beijing:report", "举报", "report of a violation", resolve_within_days=15),
)

SATISFACTION_SCALE = (
    SatisfactionLevel("satisfied", "满意", "satisfied", weight=1.0, satisfied=True),
    SatisfactionLevel("basically_satisfied", "基本满意", "basically satisfied", weight=0.9, satisfied=True),
    SatisfactionLevel("dissatisfied", "不满意", "dissatisfied", weight=0.0),
    SatisfactionLevel("not_reached", "未接通", "caller not reached", weight=None),
)

_O, _U = Category.OPEN, Category.CLOSED_UNRESOLVED

WORKFLOW = WorkflowExtension(
    key="beijing:whistle_and_report",
    zh="街乡吹哨、部门报到与接诉即办流程",
    en="whistle-and-report with 12345 respond-on-complaint",
    base="canonical",
    states=(
        State("dispatched", "已派单", "dispatched to the street", _O),
        State("sent_back", "已退单", "sent back to the centre", _O),
        State("accepted", "已签收", "accepted by the first receiver", _O),
        State("responded", "已响应", "caller contacted", _O),
        State("departments_reported", "部门已报到", "departments reported", _O),
        State("explained", "已解释说明", "explained (demand not supported)", _U),
    ),
    transitions=(
        Transition("dispatch", ["collected"], "dispatched", "派单", "dispatch to the street"),
        Transition("send_back", ["dispatched"], "sent_back", "退单", "send back (not our jurisdiction)"),
        Transition("redispatch", ["sent_back"], "dispatched", "改派", "re-dispatch"),
        Transition("accept", ["dispatched"], "accepted", "签收", "accept (first receiver)"),
        Transition(
            "respond",
            ["accepted"],
            "responded",
            "响应联系诉求人",
            "respond to the caller",
            guards=["beijing:first_receiver"],
        ),
        Transition(
            "explain",
            ["responded"],
            "explained",
            "解释说明",
            "explain to the caller",
            guards=["beijing:first_receiver"],
        ),
        Transition(
            "whistle",
            ["accepted", "responded"],
            "whistled",
            "吹哨",
            "blow the whistle",
            guards=["beijing:first_receiver"],
        ),
        Transition(
            "report_in", ["whistled"], "departments_reported", "部门报到", "departments report to the street"
        ),
        Transition("verify", ["responded"], "verified", "核查", "verify on site"),
        Transition("plan", ["responded", "departments_reported"], "planned", "制定方案", "make a plan"),
        Transition("resolve", ["responded", "departments_reported"], "resolved", "办理完毕", "resolve"),
    ),
)


def first_receiver(issue: IssueRecord, event: IssueEvent, ledger: Ledger) -> str | None:
    """首接负责制: after a receiver accepts a case, only they respond, explain or whistle on it."""
    for seq in reversed(issue.seqs):
        earlier = ledger.events[seq]
        if getattr(earlier, "action", None) == "accept":
            if earlier.actor == event.actor:
                return None
            return f"first-receiver responsibility (首接负责): {earlier.actor!r} accepted this case, not {event.actor!r}"
    return None


_P = PersonAttribute

ROLE_SET = RoleSet(
    "beijing",
    (
        RoleSpec(
            "hotline_dispatcher",
            "12345派单员",
            "12345 dispatcher",
            level="district",
            duties={"collect", "dispatch", "redispatch", "reject", "mark_duplicate"},
        ),
        RoleSpec(
            "hotline_reviewer",
            "12345回访员",
            "12345 return-visit officer",
            level="district",
            # the district 12345 centre supervises (督办) and decides extension requests
            duties={"follow_up", "close", "reopen", "beijing:supervise", "beijing:approve_extension"},
        ),
        RoleSpec(
            "street_secretary",
            "街道工委书记",
            "street party secretary",
            level="street",
            duties={
                "whistle",
                "close",
                "convene:whistle_meeting",
                "convene:monthly_review",
                APPOINT_DUTY,
                REGISTER_DUTY,
                STRUCTURE_DUTY,
            },
            requires={_P.PARTY_MEMBER},
            max_holders=1,
        ),
        RoleSpec(
            "first_receiver",
            "街道接诉即办首接人",
            "street first receiver",
            level="street",
            duties={
                "accept",
                "send_back",
                "respond",
                "explain",
                "whistle",
                "plan",
                "resolve",
                "verify",
                "confirm_completion",
            },
            requires={_P.CADRE},
        ),
        RoleSpec(
            "department_liaison",
            "职能部门报到人员",
            "department liaison",
            level="street",
            duties={"report_in", "plan", "resolve", "record:report_in"},
            requires={_P.CADRE},
        ),
        RoleSpec(
            "community_secretary",
            "社区书记",
            "community secretary",
            level="community",
            duties={
                "collect",
                "register",
                "plan",
                "resolve",
                "verify",
                "follow_up",
                "record:report_in",
                REGISTER_DUTY,
            },
            requires={_P.PARTY_MEMBER},
            max_holders=1,
        ),
        RoleSpec(
            "grid_worker",
            "网格员",
            "grid worker",
            level="grid",
            duties={"collect", "verify", "follow_up", REGISTER_DUTY},
        ),
    ),
)

MEETING_KINDS = (
    MeetingKind(
        "beijing:whistle_meeting",
        "吹哨会商会",
        "whistle joint meeting with departments",
        level="street",
        duty="convene:whistle_meeting",
    ),
    MeetingKind(
        "beijing:monthly_review",
        "接诉即办月度点评会",
        "monthly respond-on-complaint review",
        level="street",
        cadence_days=30,
        duty="convene:monthly_review",
    ),
)

ASSOCIATION_KINDS = (
    AssociationKind("beijing:reporting_department", "报到职能部门", "reporting department"),
    AssociationKind(
        "beijing:reporting_party_members", "在职党员回社区报到", "party members reporting to the community"
    ),
)

ACTIVITY_KINDS = (
    ActivityKind(
        "beijing:department_report_in",
        "部门到街道报到",
        "department reports to the street",
        "beijing:reporting_department",
        "record:report_in",
    ),
    ActivityKind(
        "beijing:party_member_service",
        "在职党员社区服务",
        "party member community service",
        "beijing:reporting_party_members",
        "record:report_in",
    ),
)


#: mainland China working days for the years the set-up covers, public holidays and 调休
#: from the core's table
CALENDAR = china_working_calendar("beijing:workdays", [2023, 2024])

CHARTER = CharterSpec(
    key="beijing",
    zh="街乡吹哨、部门报到·接诉即办章程",
    en="whistle-and-report street charter with 12345 respond-on-complaint",
    role_set=ROLE_SET.key,
    workflow=WORKFLOW.key,
    levels="beijing:street",
    issue_kinds=[*(k.key for k in ISSUE_KINDS), "dispute", "hidden_risk"],
    channels=[CHANNEL.key, "grid_visit", "walk_in"],
    meeting_kinds=[k.key for k in MEETING_KINDS],
    association_kinds=[k.key for k in ASSOCIATION_KINDS],
    activity_kinds=[k.key for k in ACTIVITY_KINDS],
    satisfaction_scale="beijing:12345",
    calendar=CALENDAR.key,
    supervision="beijing:12345",
)
