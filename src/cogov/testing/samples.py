"""Sample communities and event streams for tests and benchmarks, valid under the basic charter.

- :func:`small_community` and :func:`small_appointments`: a Xiaoxiguan-like community of two
  grids with a secretary, a cadre, grid heads, a building head, a mediator and residents, for
  worked examples (who may do what, where).
- :func:`demo_community`, :func:`demo_appointments` and :func:`demo_events`: a synthetic
  community of any size and a deterministic stream of any number of events, every one
  accepted by :meth:`~cogov.Ledger.apply`, the same for the same arguments (the store tests
  and benchmark, the crash test's writer).

Nothing here needs Hypothesis or pytest.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from cogov.model.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    VerificationVisited,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community, Person, Unit

__all__ = [
    "DEMO_START",
    "SMALL_START",
    "demo_appointments",
    "demo_community",
    "demo_events",
    "small_appointments",
    "small_community",
]

DEMO_START = datetime(2022, 1, 3, 8, 0, tzinfo=timezone(timedelta(hours=8)))
_ROOT = "420325100001"

#: when the small community's appointments start (China time; the strategies' EPOCH too)
SMALL_START = datetime(2022, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8), "CST"))
_G1, _G2 = f"{_ROOT}-G01", f"{_ROOT}-G02"
_B1, _B3 = f"{_G1}-C1-B1", f"{_G2}-C1-B1"


def small_community() -> Community:
    """Two grids of a Xiaoxiguan-like community, three households and eleven people.

    Grid ``420325100001-G01`` has building ``…-G01-C1-B1`` with households ``H0101`` and
    ``H0201``; grid ``…-G02`` has ``H0301``.  People: ``p-sec`` (party secretary), ``p-cadre``,
    ``p-grid1`` and ``p-grid2`` (grid heads), ``p-bldg`` (building head), ``p-med``
    (mediator), ``p-lawyer``, the residents ``p-yang`` (a resident representative),
    ``p-chen`` and ``p-wu``, and ``p-out``, who lives elsewhere.
    """
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(_ROOT, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
            Unit(_G1, "grid", "第一网格", "grid 1", parent=_ROOT),
            Unit(_G2, "grid", "第二网格", "grid 2", parent=_ROOT),
            Unit(f"{_G1}-C1", "compound", "祥和小区", "Xianghe compound", parent=_G1),
            Unit(f"{_G2}-C1", "compound", "阳光小区", "Yangguang compound", parent=_G2),
            Unit(_B1, "building", "1栋", "building 1", parent=f"{_G1}-C1"),
            Unit(_B3, "building", "3栋", "building 3", parent=f"{_G2}-C1"),
            Unit("H0101", "household", "101户", "flat 101", parent=_B1),
            Unit("H0201", "household", "201户", "flat 201", parent=_B1),
            Unit("H0301", "household", "301户", "flat 301", parent=_B3),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-cadre", "刘干部", attributes={"cadre"}),
            Person("p-grid1", "李网格长", attributes={"sunk_cadre", "party_member"}),
            Person("p-grid2", "张网格长", attributes={"sunk_cadre"}),
            Person("p-bldg", "周楼栋长", household="H0201"),
            Person("p-med", "赵调解员", attributes={"mediator"}),
            Person("p-lawyer", "孙律师", attributes={"lawyer"}),
            Person("p-yang", "杨大爷", household="H0101", attributes={"resident_representative"}),
            Person("p-chen", "陈女士", household="H0201"),
            Person("p-wu", "吴先生", household="H0301"),
            Person("p-out", "路人"),
        ],
    )
    return community


def small_appointments(start: datetime = SMALL_START) -> list[Appointment]:
    """The small community's offices under the basic role set, all from ``start``."""
    return [
        Appointment("a-sec", "p-sec", "community_secretary", _ROOT, start),
        Appointment("a-cadre", "p-cadre", "community_cadre", _ROOT, start),
        Appointment("a-grid1", "p-grid1", "grid_head", _G1, start),
        Appointment("a-grid2", "p-grid2", "grid_head", _G2, start),
        Appointment("a-bldg", "p-bldg", "building_head", _B1, start),
        Appointment("a-med", "p-med", "mediator", _ROOT, start),
    ]


def demo_community(grids: int = 4, households_per_grid: int = 6) -> Community:
    """A community with ``grids`` grids, one building each, and two residents per household."""
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(_ROOT, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-med", "赵调解员", attributes={"mediator"}),
        ],
    )
    for g in range(1, grids + 1):
        grid = f"{_ROOT}-G{g:02d}"
        building = f"{grid}-B1"
        community.add_unit(Unit(grid, "grid", f"第{g}网格", f"grid {g}", parent=_ROOT))
        community.add_unit(Unit(building, "building", "1栋", "building 1", parent=grid))
        community.add_person(Person(f"p-grid{g}", f"网格长{g}", attributes={"party_member"}))
        for h in range(1, households_per_grid + 1):
            household = f"{building}-H{h:02d}"
            community.add_unit(Unit(household, "household", f"{h}0{h}户", f"flat {h}0{h}", parent=building))
            community.add_person(Person(f"p-{g}-{h}a", f"居民{g}{h}甲", household=household))
            community.add_person(Person(f"p-{g}-{h}b", f"居民{g}{h}乙", household=household))
    return community


def demo_appointments(grids: int = 4) -> tuple[Appointment, ...]:
    """The demo community's secretary, mediator and grid heads, from the day before :data:`DEMO_START`."""
    start = DEMO_START - timedelta(days=1)
    return (
        Appointment("a-sec", "p-sec", "community_secretary", _ROOT, start),
        Appointment("a-med", "p-med", "mediator", _ROOT, start),
        *(
            Appointment(f"a-grid{g}", f"p-grid{g}", "grid_head", f"{_ROOT}-G{g:02d}", start)
            for g in range(1, grids + 1)
        ),
    )


def demo_events(
    count: int,
    *,
    grids: int = 4,
    households_per_grid: int = 6,
    start_issue: int = 0,
    start: datetime = DEMO_START,
) -> Iterator[Event]:
    """``count`` events: issue journeys of three shapes, with a meeting now and then.

    Issue numbers start at ``start_issue`` and times at ``start`` so a stream can be
    continued; every event is one minute after the previous one.
    """
    minute = timedelta(minutes=1)
    t = start
    issue_no = start_issue
    produced = 0
    while produced < count:
        g = issue_no % grids + 1
        h = issue_no // grids % households_per_grid + 1
        grid = f"{_ROOT}-G{g:02d}"
        household = f"{grid}-B1-H{h:02d}"
        head, resident = f"p-grid{g}", f"p-{g}-{h}a"
        issue = f"I-{issue_no:07d}"
        shape = issue_no % 3
        journey: list[Event]
        if shape == 0:
            journey = [
                MeetingHeld(
                    at=t,
                    actor=head,
                    meeting=f"M-{issue_no:07d}",
                    kind="household_meeting",
                    unit=grid,
                    attendees=(resident, f"p-{g}-{h}b"),
                ),
                IssueCollected(
                    at=t + minute,
                    actor=head,
                    issue=issue,
                    kind="policy_question",
                    unit=household,
                    channel="household_meeting",
                    summary="低保政策咨询 subsistence allowance question",
                    reporter=resident,
                    meeting=f"M-{issue_no:07d}",
                ),
                AnsweredOnSpot(at=t + 2 * minute, actor=head, issue=issue, answer="现场答复 answered"),
                IssueClosed(at=t + 3 * minute, actor=head, issue=issue),
            ]
        elif shape == 1:
            journey = [
                IssueCollected(
                    at=t,
                    actor=head,
                    issue=issue,
                    kind="hidden_risk",
                    unit=household,
                    channel="grid_visit",
                    summary="楼道堆放杂物 clutter in the stairwell",
                    reporter=resident,
                ),
                IssueRegistered(at=t + minute, actor=head, issue=issue, note="需协调 needs coordination"),
                IssueEscalated(at=t + 2 * minute, actor="p-sec", issue=issue),
                VerificationVisited(at=t + 3 * minute, actor=head, issue=issue, findings="属实 confirmed"),
                PlanMade(
                    at=t + 4 * minute,
                    actor="p-sec",
                    issue=issue,
                    responsible=head,
                    matter="清理 clear it",
                    deadline=t + timedelta(days=7),
                ),
                IssueResolved(at=t + 5 * minute, actor=head, issue=issue, outcome="已清理 cleared"),
                CompletionConfirmed(at=t + 6 * minute, actor="p-sec", issue=issue),
                FollowUpVisited(at=t + 7 * minute, actor=head, issue=issue, satisfaction="satisfied"),
                IssueClosed(at=t + 8 * minute, actor=head, issue=issue),
            ]
        else:
            journey = [
                IssueCollected(
                    at=t,
                    actor=head,
                    issue=issue,
                    kind="dispute",
                    unit=household,
                    channel="walk_in",
                    summary="邻里噪音纠纷 noise dispute",
                    reporter=resident,
                ),
                IssueRegistered(at=t + minute, actor=head, issue=issue),
                MediationStarted(at=t + 2 * minute, actor="p-med", issue=issue, mediator="p-med"),
                AgreementReached(at=t + 3 * minute, actor="p-med", issue=issue, terms="晚十点后保持安静"),
                FollowUpVisited(
                    at=t + 4 * minute, actor=head, issue=issue, satisfaction="basically_satisfied"
                ),
                IssueClosed(at=t + 5 * minute, actor=head, issue=issue),
            ]
        for event in journey[: count - produced]:
            yield event
            produced += 1
        t += minute * len(journey)
        issue_no += 1
