"""The canonical issue workflow and default vocabulary shipped with the core.

The workflow follows the issue flow of grid-based community governance: collect (at a
household-courtyard meeting, a visit, the hotline, …) → answer on the spot | register →
escalate to the weekly joint meeting → verification visit → plan (person, matter, deadline)
→ handle or mediate → resolve → completion check (with rework) → follow-up visit with
satisfaction → close; with reopen on rebound, whistle to higher levels, reject, withdraw,
duplicate, shelve and refer out.  Plugins extend it; they never need to copy it.
"""

from __future__ import annotations

from cogov.model.charter import Charter
from cogov.model.deadlines import StepDeadline, SupervisionRules
from cogov.model.roles import APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY, RoleSet, RoleSpec
from cogov.model.structure import PersonAttribute
from cogov.model.vocabulary import Channel, IssueKind, MeetingKind, SatisfactionLevel
from cogov.model.workflow import Category, State, Transition, Workflow

__all__ = [
    "BASIC_ROLE_SET",
    "CANONICAL_SUPERVISION",
    "CANONICAL_WORKFLOW",
    "DEFAULT_CHANNELS",
    "DEFAULT_ISSUE_KINDS",
    "DEFAULT_MEETING_KINDS",
    "DEFAULT_SATISFACTION_SCALE",
    "basic_charter",
]

_O, _R, _U = Category.OPEN, Category.RESOLVED, Category.CLOSED_UNRESOLVED

_STATES = (
    State("collected", "已收集", "collected", _O),
    State("answered_on_spot", "现场答复解决", "answered on the spot", _R),
    State("registered", "已登记", "registered", _O),
    State("escalated", "已提交例会", "escalated to weekly joint meeting", _O),
    State("whistled", "已吹哨", "whistle blown", _O),
    State("verified", "已入户核查", "verified on a home visit", _O),
    State("planned", "已定方案", "plan made", _O),
    State("in_mediation", "调解中", "in mediation", _O),
    State("agreement_reached", "调解达成协议", "mediation agreement reached", _R),
    State("mediation_failed", "调解未达成", "mediation failed", _O),
    State("resolved", "已解决", "resolved", _R),
    State("completion_confirmed", "已验收", "completion confirmed", _R),
    State("followed_up", "已回访", "followed up", _R),
    State("closed", "已办结", "closed", _R),
    State("reopened", "已反弹重开", "reopened", _O),
    State("shelved", "已挂账", "shelved", _O),
    State("rejected", "不予受理", "rejected", _U),
    State("withdrawn", "已撤回", "withdrawn", _U),
    State("duplicate", "重复", "duplicate", _U),
    State("referred_out", "已转出", "referred out", _U),
)

_OPEN_WORK = ("registered", "escalated", "whistled", "verified", "planned", "in_mediation")

_TRANSITIONS = (
    Transition("collect", (), "collected", "收集问题", "collect"),
    Transition("answer_on_spot", ["collected"], "answered_on_spot", "现场答复", "answer on the spot"),
    Transition("register", ["collected"], "registered", "登记", "register"),
    Transition(
        "escalate", ["registered", "reopened"], "escalated", "提交例会", "escalate to weekly joint meeting"
    ),
    Transition(
        "whistle",
        ["registered", "escalated", "verified", "planned", "mediation_failed", "reopened"],
        "whistled",
        "吹哨",
        "blow the whistle",
    ),
    Transition(
        "verify",
        ["registered", "escalated", "whistled", "reopened"],
        "verified",
        "入户核查",
        "verification visit",
    ),
    Transition(
        "plan",
        ["registered", "escalated", "verified", "whistled", "reopened"],
        "planned",
        "定人定事定问题",
        "make a plan",
    ),
    Transition(
        "start_mediation",
        ["registered", "escalated", "verified", "planned", "reopened"],
        "in_mediation",
        "启动调解",
        "start mediation",
        guards=("mediable_kind",),
    ),
    Transition("reach_agreement", ["in_mediation"], "agreement_reached", "达成调解协议", "reach agreement"),
    Transition("fail_mediation", ["in_mediation"], "mediation_failed", "调解未达成", "mediation fails"),
    Transition(
        "resolve",
        ["registered", "escalated", "verified", "planned", "whistled"],
        "resolved",
        "解决",
        "resolve",
    ),
    Transition("confirm_completion", ["resolved"], "completion_confirmed", "验收通过", "confirm completion"),
    Transition("order_rework", ["resolved"], "planned", "返工", "order rework"),
    Transition(
        "follow_up",
        ["answered_on_spot", "agreement_reached", "completion_confirmed", "followed_up"],
        "followed_up",
        "跟踪回访",
        "follow-up visit",
    ),
    Transition(
        "close",
        ["answered_on_spot", "agreement_reached", "completion_confirmed", "followed_up"],
        "closed",
        "办结",
        "close",
    ),
    Transition(
        "reopen",
        ["agreement_reached", "completion_confirmed", "followed_up", "closed"],
        "reopened",
        "反弹重开",
        "reopen on rebound",
    ),
    Transition("reject", ["collected", "registered", "escalated"], "rejected", "不予受理", "reject"),
    Transition(
        "withdraw", ["collected", *_OPEN_WORK, "shelved", "reopened"], "withdrawn", "撤回", "withdraw"
    ),
    Transition(
        "mark_duplicate",
        ["collected", "registered"],
        "duplicate",
        "标记重复",
        "mark as duplicate",
        guards=("duplicate_target",),
    ),
    Transition("shelve", ["registered", "planned", "whistled"], "shelved", "挂账", "shelve"),
    Transition("resume", ["shelved"], "registered", "恢复办理", "resume"),
    Transition("refer_out", ["mediation_failed", "whistled"], "referred_out", "转出", "refer out"),
)

CANONICAL_WORKFLOW = Workflow("canonical", _STATES, _TRANSITIONS)

DEFAULT_ISSUE_KINDS = (
    IssueKind("policy_question", "政策咨询", "policy question", resolve_within_days=3),
    IssueKind("reasonable_demand", "合理诉求", "reasonable demand", resolve_within_days=7),
    IssueKind("dispute", "矛盾纠纷", "dispute", mediable=True, resolve_within_days=30),
    IssueKind("hidden_risk", "安全隐患", "hidden risk", resolve_within_days=7),
    IssueKind("service_request", "民生服务", "service request", resolve_within_days=7),
    IssueKind("complaint", "投诉", "complaint", resolve_within_days=13),
)

DEFAULT_CHANNELS = (
    Channel("household_meeting", "户院会", "household-courtyard meeting"),
    Channel("grid_visit", "网格走访", "grid visit"),
    Channel("message_board", "留言板", "message board"),
    Channel("service_phone", "服务电话", "service phone"),
    Channel("hotline", "热线", "hotline"),
    Channel("app", "社会治理App", "app"),
    Channel("video_monitoring", "视频监控", "video monitoring"),
    Channel("walk_in", "来访", "walk-in"),
)

DEFAULT_SATISFACTION_SCALE = (
    SatisfactionLevel("satisfied", "满意", "satisfied", weight=1.0, satisfied=True),
    SatisfactionLevel("basically_satisfied", "基本满意", "basically satisfied", weight=0.75, satisfied=True),
    SatisfactionLevel("dissatisfied", "不满意", "dissatisfied", weight=0.0),
    SatisfactionLevel("dont_know", "不了解", "don't know", weight=None),
)

DEFAULT_MEETING_KINDS = (
    MeetingKind("household_meeting", "户院会", "household-courtyard meeting", level="grid", cadence_days=30),
    MeetingKind("weekly_joint_meeting", "例会", "weekly joint meeting", level="community", cadence_days=7),
    MeetingKind(
        "residents_congress", "居民代表大会", "residents' congress", level="community", cadence_days=365
    ),
)

#: step deadlines of the canonical workflow, in working days (a plan is due at its own deadline)
CANONICAL_SUPERVISION = SupervisionRules(
    "canonical",
    deadlines=(
        StepDeadline(
            "register_to_plan",
            "登记至定方案",
            "registered to plan",
            states={"registered", "escalated", "whistled", "verified", "reopened"},
            working_days=5,
            by_kind=(("hidden_risk", 2), ("policy_question", 2)),
        ),
        StepDeadline("plan_to_resolved", "方案至解决", "plan to resolution", states={"planned"}),
        StepDeadline(
            "mediation", "调解", "mediation", states={"in_mediation", "mediation_failed"}, working_days=20
        ),
        StepDeadline(
            "resolved_to_follow_up",
            "解决至回访",
            "resolution to follow-up",
            states={"resolved", "completion_confirmed", "agreement_reached"},
            working_days=5,
        ),
    ),
)

_ALL_ISSUE_WORK = frozenset(
    {
        "collect",
        "answer_on_spot",
        "register",
        "escalate",
        "verify",
        "plan",
        "resolve",
        "confirm_completion",
        "order_rework",
        "follow_up",
        "close",
        "reopen",
        "reject",
        "withdraw",
        "mark_duplicate",
        "shelve",
        "resume",
        "refer_out",
        "whistle",
    }
)

BASIC_ROLE_SET = RoleSet(
    "basic",
    (
        RoleSpec(
            "community_secretary",
            "社区书记",
            "community party secretary",
            level="community",
            duties=_ALL_ISSUE_WORK
            | {"convene_meeting", "record_activity", APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY}
            | CANONICAL_SUPERVISION.duties,
            requires={PersonAttribute.PARTY_MEMBER},
            max_holders=1,
        ),
        RoleSpec(
            "community_cadre",
            "社区干部",
            "community cadre",
            level="community",
            duties=_ALL_ISSUE_WORK - {"whistle"} | {"convene_meeting", "record_activity", REGISTER_DUTY},
        ),
        RoleSpec(
            "grid_head",
            "网格长",
            "grid head",
            level="grid",
            duties={
                "collect",
                "answer_on_spot",
                "register",
                "verify",
                "plan",
                "resolve",
                "follow_up",
                "close",
                "withdraw",
                "convene_meeting",
                REGISTER_DUTY,
            },
            max_holders=1,
        ),
        RoleSpec(
            "building_head",
            "楼栋长",
            "building head",
            level="building",
            duties={"collect", "follow_up", "record_activity"},
        ),
        RoleSpec(
            "mediator",
            "人民调解员",
            "people's mediator",
            level="community",
            duties={"start_mediation", "reach_agreement", "fail_mediation", "refer_out"},
        ),
    ),
)


def basic_charter() -> Charter:
    """A plain charter with the canonical workflow and a generic role set (no plugins)."""
    return Charter(
        key="basic",
        zh="基础章程",
        en="basic charter",
        role_set=BASIC_ROLE_SET,
        workflow=CANONICAL_WORKFLOW,
        issue_kinds=DEFAULT_ISSUE_KINDS,
        channels=DEFAULT_CHANNELS,
        satisfaction_scale=DEFAULT_SATISFACTION_SCALE,
        meeting_kinds=DEFAULT_MEETING_KINDS,
        escalation_meeting="weekly_joint_meeting",
        supervision=CANONICAL_SUPERVISION,
    )
