"""Walk one resident's issue through its whole journey and print it.

A small community with one grid: a noise dispute is raised at the monthly
household-courtyard meeting (户院会), registered, escalated to the weekly joint meeting
(例会), verified on a home visit (入户核查), given a plan (一矛盾一方案), mediated to an
agreement, followed up (跟踪回访) and closed.  Each step prints the role that took it.

Run: python examples/issue_journey.py
"""

from __future__ import annotations

from datetime import datetime, timedelta

import cogov
from cogov import CHINA_TZ, Appointment, Community, Ledger, Person, Unit
from cogov.events import (
    AgreementReached,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    VerificationVisited,
)


def build_community() -> Community:
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit("420325100001", "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
            Unit("420325100001-G01", "grid", "第一网格", "grid 1", parent="420325100001"),
            Unit(
                "420325100001-G01-C1", "compound", "祥和小区", "Xianghe compound", parent="420325100001-G01"
            ),
            Unit("420325100001-G01-C1-B1", "building", "1栋", "building 1", parent="420325100001-G01-C1"),
            Unit("H0101", "household", "101户", "flat 101", parent="420325100001-G01-C1-B1"),
            Unit("H0201", "household", "201户", "flat 201", parent="420325100001-G01-C1-B1"),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-grid", "李网格长", attributes={"sunk_cadre", "party_member"}),
            Person("p-med", "赵调解员", attributes={"mediator"}),
            Person("p-yang", "杨大爷", household="H0101", attributes={"resident_representative"}),
            Person("p-chen", "陈女士", household="H0201"),
        ],
    )
    return community


def main() -> None:
    community = build_community()
    start = datetime(2022, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    appointments = [
        Appointment("a-sec", "p-sec", "community_secretary", "420325100001", start),
        Appointment("a-grid", "p-grid", "grid_head", "420325100001-G01", start),
        Appointment("a-med", "p-med", "mediator", "420325100001", start),
    ]
    ledger = Ledger(cogov.basic_charter(), community, appointments=appointments)
    day = timedelta(days=1)
    t = start + 4 * day
    grid, household = "420325100001-G01", "H0101"
    events = [
        MeetingHeld(
            at=t,
            actor="p-grid",
            meeting="M-2022-03-G01",
            kind="household_meeting",
            unit=grid,
            attendees=("p-yang", "p-chen"),
        ),
        IssueCollected(
            at=t + timedelta(minutes=30),
            actor="p-grid",
            issue="I-0001",
            kind="dispute",
            unit=household,
            channel="household_meeting",
            reporter="p-yang",
            summary="楼上夜间噪音 noise from the flat above at night",
            meeting="M-2022-03-G01",
        ),
        IssueRegistered(at=t + timedelta(minutes=40), actor="p-grid", issue="I-0001"),
        MeetingHeld(
            at=t + 2 * day,
            actor="p-sec",
            meeting="W-2022-10",
            kind="weekly_joint_meeting",
            unit="420325100001",
            attendees=("p-grid", "p-med"),
        ),
        IssueEscalated(at=t + 2 * day, actor="p-sec", issue="I-0001", meeting="W-2022-10"),
        VerificationVisited(
            at=t + 3 * day,
            actor="p-grid",
            issue="I-0001",
            findings="两户均确认 both households confirm the noise",
        ),
        PlanMade(
            at=t + 3 * day + timedelta(hours=2),
            actor="p-sec",
            issue="I-0001",
            responsible="p-grid",
            matter="组织调解 arrange mediation",
            deadline=t + 20 * day,
        ),
        MediationStarted(at=t + 5 * day, actor="p-med", issue="I-0001", mediator="p-med"),
        AgreementReached(
            at=t + 5 * day + timedelta(hours=1),
            actor="p-med",
            issue="I-0001",
            terms="晚十点后保持安静 quiet after 22:00",
        ),
        FollowUpVisited(at=t + 19 * day, actor="p-grid", issue="I-0001", satisfaction="satisfied"),
        IssueClosed(at=t + 19 * day + timedelta(hours=1), actor="p-grid", issue="I-0001"),
    ]
    for event in events:
        ledger.apply(event)

    charter = ledger.charter
    print("Issue I-0001 — its journey (问题全流程)")
    for step in ledger.history("I-0001"):
        event = step.event
        assert isinstance(event, cogov.events.IssueEvent)
        role = charter.role_set[step.role].label if step.role else "-"
        actor = community.person(event.actor).name
        state = charter.workflow.state(step.after).label
        print(
            f"  #{step.seq:<3} {event.at:%Y-%m-%d %H:%M}  {event.action:<16} -> {state:<44} by {actor} [{role}]"
        )
    record = ledger.issue("I-0001")
    print(
        f"final state: {charter.workflow.state(record.state).label}; "
        f"category: {charter.workflow.category(record.state).value}; "
        f"satisfaction: {charter.satisfaction(record.satisfaction or 'dont_know').label}"
    )
    print(f"chain head: {ledger.verify().hex()} ({len(ledger)} events verified)")


if __name__ == "__main__":
    main()
