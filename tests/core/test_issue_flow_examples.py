"""Worked examples: every step of the issue flow of the domain README, in the small community.

Grid 1 (第一网格) has grid head 李网格长 (p-grid1) and building head 周楼栋长 (p-bldg); grid 2 has
张网格长 (p-grid2).  The community has secretary 王书记 (p-sec), cadre 刘干部 (p-cadre) and
mediator 赵调解员 (p-med); 孙律师 (p-lawyer) is a lawyer.  Issue I-1 is a noise dispute at
flat 101 in grid 1, collected and registered by the grid head (fixture ``registered``).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cogov import Category, Ledger
from cogov.errors import IllegalTransitionError, InvalidFieldError, NotAuthorisedError
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueResumed,
    IssueShelved,
    IssueWithdrawn,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
)
from cogov.testing import EPOCH

G1 = "420325100001-G01"
ROOT = Path(__file__).resolve().parents[2]


def at(days: float, hours: float = 0) -> datetime:
    return EPOCH + timedelta(days=days, hours=hours)


def category(ledger: Ledger, issue: str) -> Category:
    return ledger.workflow.category(ledger.issue(issue).state)


def plan_and_resolve(ledger: Ledger, issue: str = "I-1", day: float = 2) -> None:
    ledger.apply(
        PlanMade(
            at=at(day),
            actor="p-sec",
            issue=issue,
            responsible="p-grid1",
            matter="定人定事定问题 person, matter, problem",
            deadline=at(day + 14),
        )
    )
    ledger.apply(IssueResolved(at=at(day + 1), actor="p-grid1", issue=issue, outcome="已处理 handled"))


# -- 1 intake -----------------------------------------------------------------------------------------
def test_intake_at_the_monthly_household_courtyard_meeting(ledger: Ledger) -> None:
    """An issue raised at the household-courtyard meeting (户院会) is collected with the meeting and reporter."""
    ledger.apply(
        MeetingHeld(
            at=at(3),
            actor="p-grid1",
            meeting="M-03-G01",
            kind="household_meeting",
            unit=G1,
            attendees=("p-yang",),
        )
    )
    record = ledger.apply(
        IssueCollected(
            at=at(3, 0.5),
            actor="p-grid1",
            issue="I-7",
            kind="service_request",
            unit="H0101",
            channel="household_meeting",
            summary="楼道灯不亮 stairwell light out",
            reporter="p-yang",
            meeting="M-03-G01",
        )
    )
    assert ledger.issue("I-7") is record
    assert (record.state, record.meeting, record.reporter, record.channel) == (
        "collected",
        "M-03-G01",
        "p-yang",
        "household_meeting",
    )
    assert category(ledger, "I-7") is Category.OPEN
    assert ledger.meetings["M-03-G01"].attendees == ("p-yang",)


def test_a_building_head_collects_in_their_building_only(ledger: Ledger) -> None:
    """The building head (楼栋长) may collect issues in their building but not in grid 2."""
    ledger.apply(
        IssueCollected(
            at=at(1),
            actor="p-bldg",
            issue="I-8",
            kind="hidden_risk",
            unit="H0201",
            channel="grid_visit",
            summary="电动车楼道充电 e-bike charging in the stairwell",
        )
    )
    with pytest.raises(NotAuthorisedError, match="does not cover 'H0301'"):
        ledger.apply(
            IssueCollected(
                at=at(1),
                actor="p-bldg",
                issue="I-9",
                kind="hidden_risk",
                unit="H0301",
                channel="grid_visit",
                summary="同上 same",
            )
        )
    assert "I-9" not in ledger.issues


def test_a_meeting_of_grid_1_cannot_collect_an_issue_of_grid_2(ledger: Ledger) -> None:
    """An issue from flat 301 (grid 2) cannot be recorded as raised at grid 1's meeting."""
    ledger.apply(MeetingHeld(at=at(3), actor="p-grid1", meeting="M-G01", kind="household_meeting", unit=G1))
    with pytest.raises(InvalidFieldError, match="held for unit '420325100001-G01'"):
        ledger.apply(
            IssueCollected(
                at=at(3),
                actor="p-sec",
                issue="I-9",
                kind="policy_question",
                unit="H0301",
                channel="household_meeting",
                summary="低保政策 subsistence allowance policy",
                meeting="M-G01",
            )
        )


# -- 2 triage: answer on the spot, or register -----------------------------------------------------------
def test_a_policy_question_is_answered_on_the_spot_and_counts_as_resolved(ledger: Ledger) -> None:
    """现场答疑解决: answered on the spot, the issue is resolved at once and may be closed."""
    ledger.apply(
        IssueCollected(
            at=at(1),
            actor="p-grid1",
            issue="I-2",
            kind="policy_question",
            unit="H0201",
            channel="household_meeting",
            summary="医保怎么交 how to pay medical insurance",
        )
    )
    ledger.apply(
        AnsweredOnSpot(at=at(1, 0.2), actor="p-grid1", issue="I-2", answer="在App缴纳 pay in the app")
    )
    assert ledger.issue("I-2").state == "answered_on_spot"
    assert category(ledger, "I-2") is Category.RESOLVED
    ledger.apply(IssueClosed(at=at(1, 0.3), actor="p-grid1", issue="I-2"))
    assert ledger.issue("I-2").path == ["collected", "answered_on_spot", "closed"]


def test_an_issue_not_answerable_on_the_spot_is_registered(registered: Ledger) -> None:
    """登记: the registered issue is open and its history shows who registered it in which role."""
    record = registered.issue("I-1")
    assert record.path == ["collected", "registered"]
    assert category(registered, "I-1") is Category.OPEN
    steps = registered.history("I-1")
    assert [(s.before, s.after, s.role) for s in steps] == [
        (None, "collected", "grid_head"),
        ("collected", "registered", "grid_head"),
    ]


# -- 3 weekly joint meeting ---------------------------------------------------------------------------------
def test_escalation_to_the_weekly_joint_meeting_by_the_secretary(registered: Ledger) -> None:
    """例会: the secretary convenes the weekly joint meeting and escalates the issue to it."""
    registered.apply(
        MeetingHeld(
            at=at(2),
            actor="p-sec",
            meeting="W-10",
            kind="weekly_joint_meeting",
            unit="420325100001",
            attendees=("p-grid1", "p-med"),
        )
    )
    registered.apply(IssueEscalated(at=at(2), actor="p-sec", issue="I-1", meeting="W-10"))
    assert registered.issue("I-1").state == "escalated"
    assert registered.history("I-1")[-1].role == "community_secretary"


def test_a_grid_head_cannot_convene_the_weekly_joint_meeting_of_the_community(ledger: Ledger) -> None:
    """The weekly joint meeting is held for the community, beyond a grid head's grid."""
    with pytest.raises(NotAuthorisedError, match="'420325100001'"):
        ledger.apply(
            MeetingHeld(
                at=at(2), actor="p-grid1", meeting="W-1", kind="weekly_joint_meeting", unit="420325100001"
            )
        )


# -- 7 double whistle --------------------------------------------------------------------------------------
def test_blowing_the_whistle_summons_a_county_department(registered: Ledger) -> None:
    """吹哨: the secretary summons a higher-level department; a cadre may not whistle."""
    with pytest.raises(NotAuthorisedError, match="'whistle'"):
        registered.apply(
            WhistleBlown(at=at(2), actor="p-cadre", issue="I-1", summoned="县住建局 housing bureau")
        )
    registered.apply(
        WhistleBlown(
            at=at(2), actor="p-sec", issue="I-1", summoned="县住建局 housing bureau", matter="管网改造 pipes"
        )
    )
    assert registered.issue("I-1").state == "whistled"
    plan_and_resolve(registered, day=3)
    assert registered.issue("I-1").state == "resolved"


# -- 4 one problem, one verification ----------------------------------------------------------------------------
def test_the_grid_head_leads_the_verification_visit(registered: Ledger) -> None:
    """一问题一核查: grid 1's head verifies at flat 101; grid 2's head may not."""
    with pytest.raises(NotAuthorisedError):
        registered.apply(VerificationVisited(at=at(2), actor="p-grid2", issue="I-1", findings="看过 seen"))
    registered.apply(
        VerificationVisited(at=at(2), actor="p-grid1", issue="I-1", findings="噪音属实 noise confirmed")
    )
    assert registered.issue("I-1").state == "verified"


# -- 6 one dispute, one plan -----------------------------------------------------------------------------------
def test_a_plan_fixes_person_matter_and_deadline(registered: Ledger) -> None:
    """一矛盾一方案: the plan names a responsible person and a deadline, both kept on the record."""
    registered.apply(
        PlanMade(
            at=at(2),
            actor="p-sec",
            issue="I-1",
            responsible="p-grid1",
            matter="协调 coordinate",
            deadline=at(9),
        )
    )
    record = registered.issue("I-1")
    assert (record.state, record.responsible, record.deadline) == ("planned", "p-grid1", at(9))


# -- 5 mediation ---------------------------------------------------------------------------------------------
def test_mediation_with_a_lawyer_ends_in_an_agreement(registered: Ledger) -> None:
    """A dispute is mediated by the committee with a lawyer; the agreement resolves it."""
    registered.apply(
        MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-med", lawyer="p-lawyer")
    )
    assert registered.issue("I-1").state == "in_mediation"
    registered.apply(
        AgreementReached(at=at(2, 2), actor="p-med", issue="I-1", terms="晚十点后安静 quiet after 22:00")
    )
    assert registered.issue("I-1").state == "agreement_reached"
    assert category(registered, "I-1") is Category.RESOLVED
    assert registered.history("I-1")[-1].role == "mediator"


def test_failed_mediation_is_whistled_up_or_referred_out(registered: Ledger) -> None:
    """When mediation fails the issue stays open and can be referred to court."""
    registered.apply(MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-med"))
    registered.apply(
        MediationFailed(at=at(2, 3), actor="p-med", issue="I-1", reason="双方不让步 neither yields")
    )
    assert category(registered, "I-1") is Category.OPEN
    assert {"refer_out", "whistle"} <= set(registered.workflow.allowed_actions("mediation_failed"))
    registered.apply(
        ReferredOut(at=at(3), actor="p-med", issue="I-1", to="人民法院 court", reason="诉讼 lawsuit")
    )
    assert registered.issue("I-1").state == "referred_out"
    assert category(registered, "I-1") is Category.CLOSED_UNRESOLVED


def test_mediation_is_only_for_mediable_kinds(ledger: Ledger) -> None:
    """A policy question cannot go to mediation (the mediable_kind guard)."""
    ledger.apply(
        IssueCollected(
            at=at(1),
            actor="p-grid1",
            issue="I-3",
            kind="policy_question",
            unit="H0101",
            channel="service_phone",
            summary="问政策 a question",
        )
    )
    ledger.apply(IssueRegistered(at=at(1), actor="p-grid1", issue="I-3"))
    with pytest.raises(IllegalTransitionError, match="mediable_kind"):
        ledger.apply(MediationStarted(at=at(2), actor="p-med", issue="I-3", mediator="p-med"))


# -- resolve, completion check and rework ---------------------------------------------------------------------
def test_resolution_is_checked_and_rework_loops_back_to_the_plan(registered: Ledger) -> None:
    """A failed completion check (返工) returns the issue to its plan; the second check passes."""
    plan_and_resolve(registered)
    registered.apply(ReworkOrdered(at=at(4), actor="p-cadre", issue="I-1", reason="隔音不达标 still noisy"))
    record = registered.issue("I-1")
    assert (record.state, record.reworked) == ("planned", 1)
    registered.apply(IssueResolved(at=at(6), actor="p-grid1", issue="I-1", outcome="加装隔音 soundproofed"))
    registered.apply(CompletionConfirmed(at=at(7), actor="p-cadre", issue="I-1", note="验收通过 passed"))
    assert registered.issue("I-1").path[-4:] == ["resolved", "planned", "resolved", "completion_confirmed"]


def test_a_grid_head_may_resolve_but_not_confirm_completion(registered: Ledger) -> None:
    """The completion check is someone else's duty: the grid head who resolved may not confirm it."""
    plan_and_resolve(registered)
    with pytest.raises(NotAuthorisedError, match="'confirm_completion'"):
        registered.apply(CompletionConfirmed(at=at(4), actor="p-grid1", issue="I-1"))


# -- follow-up visits ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "label", "satisfied"),
    [
        ("satisfied", "satisfied (满意)", True),
        ("basically_satisfied", "basically satisfied (基本满意)", True),
        ("dissatisfied", "dissatisfied (不满意)", False),
        ("dont_know", "don't know (不了解)", False),
    ],
)
def test_follow_up_visit_records_each_satisfaction_answer(
    registered: Ledger, answer: str, label: str, satisfied: bool
) -> None:
    """跟踪回访: each answer of the scale is recorded on the issue, with its bilingual label."""
    plan_and_resolve(registered)
    registered.apply(CompletionConfirmed(at=at(4), actor="p-cadre", issue="I-1"))
    registered.apply(FollowUpVisited(at=at(10), actor="p-grid1", issue="I-1", satisfaction=answer))
    record = registered.issue("I-1")
    assert (record.state, record.satisfaction) == ("followed_up", answer)
    level = registered.charter.satisfaction(answer)
    assert (level.label, level.satisfied) == (label, satisfied)


def test_a_building_head_may_make_the_follow_up_visit_in_their_building(registered: Ledger) -> None:
    """Follow-up is also a building head's duty, within their building."""
    plan_and_resolve(registered)
    registered.apply(CompletionConfirmed(at=at(4), actor="p-cadre", issue="I-1"))
    registered.apply(FollowUpVisited(at=at(10), actor="p-bldg", issue="I-1", satisfaction="satisfied"))
    assert registered.history("I-1")[-1].role == "building_head"


# -- close and reopen -------------------------------------------------------------------------------------------
def test_close_after_follow_up_then_reopen_on_rebound(registered: Ledger) -> None:
    """办结, then 反弹: a closed issue reopens when the problem returns, and goes round again."""
    plan_and_resolve(registered)
    registered.apply(CompletionConfirmed(at=at(4), actor="p-cadre", issue="I-1"))
    registered.apply(FollowUpVisited(at=at(10), actor="p-grid1", issue="I-1", satisfaction="satisfied"))
    registered.apply(IssueClosed(at=at(10, 1), actor="p-grid1", issue="I-1"))
    assert registered.issue("I-1").state == "closed"
    registered.apply(
        IssueReopened(at=at(40), actor="p-cadre", issue="I-1", reason="噪音又出现 noise is back")
    )
    record = registered.issue("I-1")
    assert (record.state, record.reopened) == ("reopened", 1)
    assert category(registered, "I-1") is Category.OPEN
    registered.apply(IssueEscalated(at=at(41), actor="p-sec", issue="I-1"))
    assert registered.issue("I-1").state == "escalated"


# -- side exits -------------------------------------------------------------------------------------------------
def test_reject_with_a_reason_is_final(registered: Ledger) -> None:
    """不予受理: a rejected issue is closed unresolved and nothing more is allowed."""
    registered.apply(
        IssueRejected(at=at(2), actor="p-cadre", issue="I-1", reason="不属社区职责 not a community matter")
    )
    assert category(registered, "I-1") is Category.CLOSED_UNRESOLVED
    assert registered.workflow.allowed_actions("rejected") == ()
    with pytest.raises(IllegalTransitionError, match="final"):
        registered.apply(IssueEscalated(at=at(3), actor="p-sec", issue="I-1"))


def test_the_resident_withdraws(registered: Ledger) -> None:
    """撤回: a withdrawn issue is closed unresolved."""
    registered.apply(
        IssueWithdrawn(at=at(2), actor="p-grid1", issue="I-1", reason="邻居已道歉 neighbour apologised")
    )
    assert registered.issue("I-1").state == "withdrawn"
    assert category(registered, "I-1") is Category.CLOSED_UNRESOLVED


def test_a_duplicate_points_at_the_original(registered: Ledger) -> None:
    """标记重复: the second report of the same noise is marked a duplicate of I-1."""
    registered.apply(
        IssueCollected(
            at=at(2),
            actor="p-grid1",
            issue="I-2",
            kind="dispute",
            unit="H0201",
            channel="message_board",
            summary="楼上噪音 same noise",
        )
    )
    registered.apply(MarkedDuplicate(at=at(2, 1), actor="p-cadre", issue="I-2", duplicate_of="I-1"))
    record = registered.issue("I-2")
    assert (record.state, record.duplicate_of) == ("duplicate", "I-1")
    with pytest.raises(IllegalTransitionError, match="unknown issue 'I-99'"):
        registered.apply(MarkedDuplicate(at=at(2), actor="p-cadre", issue="I-1", duplicate_of="I-99"))


def test_shelve_and_resume(registered: Ledger) -> None:
    """挂账: a shelved issue waits (still open) and resumes as registered."""
    registered.apply(
        IssueShelved(at=at(2), actor="p-cadre", issue="I-1", reason="等待资金 waiting for funds")
    )
    assert (registered.issue("I-1").state, category(registered, "I-1")) == ("shelved", Category.OPEN)
    registered.apply(IssueResumed(at=at(60), actor="p-cadre", issue="I-1"))
    assert registered.issue("I-1").state == "registered"


def test_refer_out_of_a_whistled_issue(registered: Ledger) -> None:
    """转出: an issue the summoned department takes over is referred out of the community."""
    registered.apply(WhistleBlown(at=at(2), actor="p-sec", issue="I-1", summoned="县信访局 petitions bureau"))
    registered.apply(
        ReferredOut(
            at=at(3), actor="p-sec", issue="I-1", to="县信访局 petitions bureau", reason="移交 hand over"
        )
    )
    assert registered.issue("I-1").state == "referred_out"


# -- the whole journey ----------------------------------------------------------------------------------------------
def test_the_example_script_walks_one_dispute_to_closed() -> None:
    """examples/issue_journey.py runs and prints every step, its role and a verified chain."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "issue_journey.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    out = result.stdout
    for action in ("collect", "register", "escalate", "verify", "plan", "start_mediation", "reach_agreement"):
        assert f" {action} " in out
    assert "closed (已办结)" in out
    assert "grid head (网格长)" in out
    assert "people's mediator (人民调解员)" in out
    assert "satisfied (满意)" in out
    assert "(11 events verified)" in out
