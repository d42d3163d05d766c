"""A legal history that uses every event type, under a charter extended just enough to allow it.

Stores (:mod:`cogov.testing.stores`) and codecs are tested with it: a backend that keeps this
history keeps every field of every event type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import attrs

from cogov import (
    ActivityKind,
    Appointment,
    AssociationKind,
    Charter,
    OfficerPost,
    RoleSpec,
    Transition,
    basic_charter,
)
from cogov.events import (
    EVENT_TYPES,
    ActivityHeld,
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    AppointmentEnded,
    AssociationActivityHeld,
    AssociationFormed,
    AssociationHelperAssigned,
    AssociationOfficerAppointed,
    AssociationOfficerEnded,
    AttributeCleared,
    AttributeSet,
    CardIssued,
    CompletionConfirmed,
    Event,
    EventCorrected,
    ExtensionDecided,
    ExtensionRequested,
    FollowUpVisited,
    IssueActionTaken,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueResumed,
    IssueRoutedToProperty,
    IssueShelved,
    IssueWithdrawn,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
    MediationStartedWithWorthies,
    MeetingHeld,
    MemberJoined,
    MemberLeft,
    PersonLeft,
    PersonMoved,
    PersonRegistered,
    PlanMade,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
    ReferredOut,
    ReworkOrdered,
    SupervisionEscalated,
    SupervisionNoticeIssued,
    UnitAdded,
    UnitMoved,
    UnitRetired,
    VerificationVisited,
    WhistleBlown,
)
from cogov.model.property import PropertyRemit, property_states, property_transitions
from cogov.testing.community_services import community_service_setup, every_service_event, service_role
from cogov.testing.samples import DEMO_START, demo_appointments

__all__ = [
    "GRID",
    "HOUSEHOLD",
    "NEW_HOUSEHOLD",
    "every_type_appointments",
    "every_type_charter",
    "every_type_history",
]

GRID = "420325100001-G01"
#: the duties of the every-type charter's property company staff
PROPERTY_STAFF_DUTIES = frozenset({"property_accept", "property_plan", "property_resolve", "property_return"})
HOUSEHOLD = f"{GRID}-B1-H01"
NEW_HOUSEHOLD = f"{GRID}-B1-H99"


def every_type_charter() -> Charter:
    """The basic charter plus a patrol activity, a plugin-style ``consult`` action and a grid's
    property company (红色物业) taking service requests."""
    base = basic_charter()
    workflow = base.workflow.extended(
        states=property_states(),
        transitions=[
            Transition("consult", ["registered"], "registered", "征询意见", "consult residents"),
            *property_transitions(),
        ],
    )
    roles = base.role_set.merged(
        "basic_plus",
        [
            RoleSpec(
                "consultant",
                "议事员",
                "consultant",
                level="community",
                duties={"consult", "route_to_property"},
            ),
            service_role(),
            RoleSpec(
                "property_staff",
                "物业服务人员",
                "property company staff",
                level="grid",
                duties=PROPERTY_STAFF_DUTIES,
            ),
        ],
    )
    return attrs.evolve(
        base,
        worthies_association="local_worthies_association",
        workflow=workflow,
        role_set=roles,
        activity_kinds=(ActivityKind("patrol", "巡逻", "patrol"),),
        association_kinds=(
            AssociationKind(
                "patrol_team",
                "巡逻队",
                "patrol team",
                posts=(OfficerPost("captain", "队长", "captain", duties={"record_activity"}, max_holders=1),),
                activities=frozenset({"patrol"}),
            ),
            AssociationKind("local_worthies_association", "乡贤协会", "association of local worthies"),
            AssociationKind("weddings_funerals_council", "红白理事会", "weddings-and-funerals council"),
            AssociationKind("hygiene_association", "卫生协会", "hygiene association"),
            AssociationKind("property_company", "物业公司", "property company"),
        ),
        property_remit=PropertyRemit(
            company_kind="property_company", kinds={"service_request"}, staff_roles={"property_staff"}
        ),
    )


def every_type_appointments() -> tuple[Appointment, ...]:
    start = DEMO_START - timedelta(days=1)
    return (
        *demo_appointments(),
        Appointment("a-cons", "p-sec", "consultant", "420325100001", start),
        Appointment("a-svc", "p-sec", "service_worker", "420325100001", start),
    )


def every_type_history() -> list[Event]:
    """Seven issue journeys, a meeting, an activity and an appointment made and ended."""
    clock = iter(DEMO_START + timedelta(minutes=i) for i in range(1000))
    sec, med, head = "p-sec", "p-med", "p-grid1"

    def collect(issue: str, kind: str) -> IssueCollected:
        return IssueCollected(
            at=next(clock),
            actor=head,
            issue=issue,
            kind=kind,
            unit=HOUSEHOLD,
            channel="grid_visit",
            summary="事项 matter",
            reporter="p-1-1a",
        )

    events: list[Event] = [
        MeetingHeld(
            at=next(clock),
            actor=head,
            meeting="M1",
            kind="household_meeting",
            unit=GRID,
            attendees=("p-1-1a",),
        ),
        ActivityHeld(
            at=next(clock),
            actor=sec,
            activity="A1",
            kind="patrol",
            unit=GRID,
            participants=("p-1-1a", "p-1-1b"),
            hours=2,
        ),
        Appointed(
            at=next(clock),
            actor=sec,
            appointment="a-bh",
            person="p-1-2a",
            role="building_head",
            unit=f"{GRID}-B1",
        ),
        # A: whistle, verify, plan, mediation fails, referred out
        collect("A", "dispute"),
        IssueRegistered(at=next(clock), actor=head, issue="A", note="登记"),
        IssueEscalated(at=next(clock), actor=sec, issue="A"),
        WhistleBlown(at=next(clock), actor=sec, issue="A", summoned="县住建局", matter="管网"),
        VerificationVisited(at=next(clock), actor=head, issue="A", findings="属实"),
        PlanMade(
            at=next(clock),
            actor=sec,
            issue="A",
            responsible=head,
            matter="协调",
            deadline=DEMO_START + timedelta(days=9),
        ),
        MediationStarted(at=next(clock), actor=med, issue="A", mediator=med),
        MediationFailed(at=next(clock), actor=med, issue="A", reason="分歧大"),
        ReferredOut(at=next(clock), actor=med, issue="A", to="人民法院", reason="诉讼"),
        # B: agreement, rebound, withdrawn
        collect("B", "dispute"),
        IssueRegistered(at=next(clock), actor=head, issue="B"),
        MediationStarted(at=next(clock), actor=med, issue="B", mediator=med),
        AgreementReached(at=next(clock), actor=med, issue="B", terms="协议"),
        IssueReopened(at=next(clock), actor=sec, issue="B", reason="反弹"),
        IssueWithdrawn(at=next(clock), actor=sec, issue="B", reason="撤回"),
        # C: rework, confirmed, followed up, closed
        collect("C", "hidden_risk"),
        IssueRegistered(at=next(clock), actor=head, issue="C"),
        PlanMade(
            at=next(clock),
            actor=sec,
            issue="C",
            responsible=head,
            matter="整改",
            deadline=DEMO_START + timedelta(days=9),
        ),
        IssueResolved(at=next(clock), actor=head, issue="C", outcome="已整改"),
        ReworkOrdered(at=next(clock), actor=sec, issue="C", reason="不合格"),
        IssueResolved(at=next(clock), actor=head, issue="C", outcome="已返工"),
        CompletionConfirmed(at=next(clock), actor=sec, issue="C", note="验收"),
        FollowUpVisited(at=next(clock), actor=head, issue="C", satisfaction="satisfied", note="满意"),
        IssueClosed(at=next(clock), actor=head, issue="C"),
        # D, E, F: answered on the spot, rejected, duplicate
        collect("D", "policy_question"),
        AnsweredOnSpot(at=next(clock), actor=head, issue="D", answer="已答复"),
        collect("E", "complaint"),
        IssueRejected(at=next(clock), actor=sec, issue="E", reason="不属实"),
        collect("F", "hidden_risk"),
        MarkedDuplicate(at=next(clock), actor=sec, issue="F", duplicate_of="C"),
        # G: shelved, resumed, a plugin action
        collect("G", "service_request"),
        IssueRegistered(at=next(clock), actor=head, issue="G"),
        IssueShelved(at=next(clock), actor=sec, issue="G", reason="待资金"),
        IssueResumed(at=next(clock), actor=sec, issue="G"),
        IssueActionTaken(at=next(clock), actor=sec, issue="G", action="consult", note="征询"),
        AppointmentEnded(at=next(clock), actor=sec, appointment="a-bh"),
        # the register and the structure
        UnitAdded(
            at=next(clock),
            actor=sec,
            unit=NEW_HOUSEHOLD,
            level="household",
            name_zh="99户",
            name_en="flat 99",
            parent=f"{GRID}-B1",
        ),
        PersonRegistered(
            at=next(clock),
            actor=head,
            person="p-new",
            name="新居民",
            household=NEW_HOUSEHOLD,
            attributes={"volunteer"},
        ),
        AttributeSet(at=next(clock), actor=head, person="p-new", attribute="elderly_alone"),
        AttributeCleared(at=next(clock), actor=head, person="p-new", attribute="volunteer"),
        AssociationFormed(
            at=next(clock),
            actor=sec,
            association="AS1",
            kind="patrol_team",
            unit=GRID,
            name_zh="巡逻队",
            name_en="patrol team",
        ),
        MemberJoined(at=next(clock), actor=sec, association="AS1", person="p-new"),
        AssociationOfficerAppointed(
            at=next(clock), actor=sec, office="O1", association="AS1", person="p-new", post="captain"
        ),
        AssociationActivityHeld(
            at=next(clock),
            actor="p-new",
            activity="A2",
            kind="patrol",
            unit=GRID,
            participants=("p-new",),
            hours=1.5,
            association="AS1",
        ),
        AssociationHelperAssigned(
            at=next(clock), actor=sec, household=HOUSEHOLD, helper="p-new", association="AS1"
        ),
        AssociationOfficerEnded(at=next(clock), actor=sec, office="O1"),
        MemberLeft(at=next(clock), actor=sec, association="AS1", person="p-new"),
        PersonMoved(at=next(clock), actor=head, person="p-new", household=HOUSEHOLD),
        PersonLeft(at=next(clock), actor=head, person="p-new", reason="迁出 moved away"),
        UnitRetired(at=next(clock), actor=sec, unit=NEW_HOUSEHOLD, reason="拆除 demolished"),
        UnitAdded(
            at=next(clock),
            actor=sec,
            unit=f"{GRID}-B9",
            level="building",
            name_zh="9栋",
            name_en="building 9",
            parent=GRID,
        ),
        UnitMoved(at=next(clock), actor=sec, unit=f"{GRID}-B9", parent="420325100001-G02"),
        # W: a mediation local worthies (乡贤) join
        AssociationFormed(
            at=next(clock),
            actor=sec,
            association="AS2",
            kind="local_worthies_association",
            unit=GRID,
            name_zh="乡贤协会",
            name_en="association of local worthies",
        ),
        MemberJoined(at=next(clock), actor=sec, association="AS2", person="p-1-1a"),
        collect("W", "dispute"),
        IssueRegistered(at=next(clock), actor=head, issue="W"),
        MediationStartedWithWorthies(
            at=next(clock), actor=med, issue="W", mediator=med, worthies=("p-1-1a",)
        ),
        AgreementReached(at=next(clock), actor=med, issue="W", terms="协议"),
    ]
    events += community_service_setup(next(clock), sec) + every_service_event(clock, sec)
    events += _property(clock, collect, sec, head)
    events += _supervised(collect("H", "hidden_risk"), head, sec)
    follow_up = next(i for i, e in enumerate(events) if isinstance(e, FollowUpVisited))
    events.append(
        EventCorrected(
            at=events[-1].at + timedelta(minutes=1),
            actor=head,
            corrects=follow_up,
            reason="回访记录有误 recorded wrongly",
            changes=(("satisfaction", '"basically_satisfied"'),),
        )
    )
    assert {type(e) for e in events} == set(EVENT_TYPES)
    return events


def _property(
    clock: Iterator[datetime], collect: Callable[[str, str], IssueCollected], sec: str, head: str
) -> list[Event]:
    """A grid's property company with one staff member: P routed, planned, resolved, reworked,
    checked and followed up by the community; Q routed and returned to the community."""
    staff = "p-1-1b"
    events: list[Event] = [
        AssociationFormed(
            at=next(clock), actor=sec, association="PM1", kind="property_company", unit=GRID,
            name_zh="物业公司", name_en="property company",
        ),
        MemberJoined(at=next(clock), actor=sec, association="PM1", person=staff),
        Appointed(at=next(clock), actor=sec, appointment="a-pm", person=staff, role="property_staff", unit=GRID),
        collect("P", "service_request"),
        IssueRegistered(at=next(clock), actor=head, issue="P"),
        IssueRoutedToProperty(at=next(clock), actor=sec, issue="P", company="PM1", note="电梯"),
        PropertyAccepted(at=next(clock), actor=staff, issue="P", note="受理"),
        PropertyPlanMade(at=next(clock), actor=staff, issue="P", responsible=staff, matter="维修电梯"),
        PropertyResolved(at=next(clock), actor=staff, issue="P", outcome="已修复"),
        ReworkOrdered(at=next(clock), actor=sec, issue="P", reason="仍有异响"),
        PropertyResolved(at=next(clock), actor=staff, issue="P", outcome="已返修"),
        CompletionConfirmed(at=next(clock), actor=sec, issue="P"),
        FollowUpVisited(at=next(clock), actor=head, issue="P", satisfaction="satisfied"),
        collect("Q", "service_request"),
        IssueRegistered(at=next(clock), actor=head, issue="Q"),
        IssueRoutedToProperty(at=next(clock), actor=sec, issue="Q", company="PM1"),
        PropertyReturned(at=next(clock), actor=staff, issue="Q", reason="属市政管网 municipal pipes"),
    ]  # fmt: skip
    return events


def _supervised(collected: IssueCollected, head: str, sec: str) -> list[Event]:
    """A hidden risk left unplanned: extended a day, noticed, carded yellow then red, escalated."""

    def day(d: int, hour: int) -> datetime:
        return DEMO_START.replace(hour=hour) + timedelta(days=d)

    return [
        collected,
        IssueRegistered(at=collected.at + timedelta(minutes=1), actor=head, issue="H"),
        ExtensionRequested(
            at=day(1, 12), actor=head, issue="H", request="X1", working_days=1, reason="待核实"
        ),
        ExtensionDecided(at=day(1, 13), actor=sec, request="X1", decision="approved"),
        SupervisionNoticeIssued(at=day(1, 14), actor=sec, issue="H", note="请尽快定方案 plan it"),
        CardIssued(at=day(2, 20), actor=sec, issue="H", colour="yellow", step="register_to_plan"),
        CardIssued(at=day(3, 15), actor=sec, issue="H", colour="red", step="register_to_plan"),
        SupervisionEscalated(at=day(3, 16), actor=sec, issue="H", unit="420325100"),
    ]
