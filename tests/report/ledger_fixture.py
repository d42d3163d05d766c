"""A small recorded year on the basic charter: three grids, issues of three shapes.

Issue ``n`` (0-based) is collected on day ``10 n`` of 2022 in grid ``n % 3 + 1``:
``n % 3 == 0`` is answered on the spot, ``1`` is registered, escalated, resolved after
``n`` days and followed up (satisfied), ``2`` is a dispute mediated to an agreement and
followed up (basically satisfied).  Counts are therefore known exactly to the tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import cogov
from cogov import CHINA_TZ, Appointment, Community, Ledger, Person, Unit
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    MediationStarted,
    MeetingHeld,
)

ROOT = "420325100001"
START = datetime(2022, 1, 1, 9, 0, tzinfo=CHINA_TZ)


def community() -> Community:
    built = Community()
    built.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(ROOT, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-med", "赵调解员", attributes={"mediator"}),
        ],
    )
    for g in range(1, 4):
        grid = f"{ROOT}-G{g}"
        built.add_unit(Unit(grid, "grid", f"第{g}网格", f"grid {g}", parent=ROOT))
        built.add_unit(Unit(f"{grid}-B1", "building", "1栋", "building 1", parent=grid))
        for h in range(1, 2 + g):
            household = f"{grid}-H{h}"
            built.add_unit(Unit(household, "household", f"{h}户", f"flat {h}", parent=f"{grid}-B1"))
            attributes = {"party_member"} if h == 1 else {"volunteer"}
            built.add_person(Person(f"p-{g}-{h}", f"居民{g}{h}", household=household, attributes=attributes))
    return built


def ledger(issues: int = 30) -> Ledger:
    """The recorded year with ``issues`` issues (all collected in 2022 when ``issues <= 36``)."""
    appointments = [
        Appointment("a-sec", "p-sec", "community_secretary", ROOT, START - timedelta(days=1)),
        Appointment("a-med", "p-med", "mediator", ROOT, START - timedelta(days=1)),
    ]
    book = Ledger(cogov.basic_charter(), community(), appointments=appointments)
    events: list[Event] = []
    for n in range(issues):
        g = n % 3 + 1
        at = START + timedelta(days=10 * n)
        issue = f"I-{n:03d}"
        events.append(
            MeetingHeld(
                at=at, actor="p-sec", meeting=f"M-{n:03d}", kind="household_meeting", unit=f"{ROOT}-G{g}"
            )
        )
        kind = "dispute" if n % 3 == 2 else "reasonable_demand"
        events.append(
            IssueCollected(
                at=at,
                actor="p-sec",
                issue=issue,
                kind=kind,
                unit=f"{ROOT}-G{g}-H1",
                channel="household_meeting",
                summary="问题 an issue",
                meeting=f"M-{n:03d}",
            )
        )
        step = timedelta(hours=1)
        if n % 3 == 0:
            events.append(AnsweredOnSpot(at=at + step, actor="p-sec", issue=issue, answer="答复 answered"))
            continue
        events.append(IssueRegistered(at=at + step, actor="p-sec", issue=issue))
        if n % 3 == 1:
            events.append(IssueEscalated(at=at + 2 * step, actor="p-sec", issue=issue))
            done = at + timedelta(days=n)
            events.append(IssueResolved(at=done, actor="p-sec", issue=issue, outcome="解决 fixed"))
            events.append(CompletionConfirmed(at=done + step, actor="p-sec", issue=issue))
            events.append(
                FollowUpVisited(at=done + 2 * step, actor="p-sec", issue=issue, satisfaction="satisfied")
            )
        else:
            events.append(MediationStarted(at=at + 2 * step, actor="p-med", issue=issue, mediator="p-med"))
            events.append(AgreementReached(at=at + 3 * step, actor="p-med", issue=issue, terms="协议 agreed"))
            events.append(
                FollowUpVisited(
                    at=at + 4 * step, actor="p-sec", issue=issue, satisfaction="basically_satisfied"
                )
            )
    # Recorded in the order things happened (the ledger's clock follows its events).
    book.apply_all(sorted(events, key=lambda event: event.at))
    return book
