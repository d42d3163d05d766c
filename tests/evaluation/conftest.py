"""A small two-grid community and a helper that writes issue journeys into its ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
import pytest

import cogov
from cogov import CHINA_TZ, Appointment, Community, Ledger, Person, Unit
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueReopened,
    IssueResolved,
    MediationFailed,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReworkOrdered,
    WhistleBlown,
)

START = datetime(2022, 1, 3, 9, 0, tzinfo=CHINA_TZ)
COMMUNITY = "420325100001"
GRIDS = ("420325100001-G01", "420325100001-G02")
HOUSEHOLDS = {GRIDS[0]: ("H0101", "H0102"), GRIDS[1]: ("H0201", "H0202")}


def build_community() -> Community:
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(COMMUNITY, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
            *(
                Unit(g, "grid", f"第{i + 1}网格", f"grid {i + 1}", parent=COMMUNITY)
                for i, g in enumerate(GRIDS)
            ),
            *(
                Unit(h, "household", f"{h}户", f"flat {h}", parent=g)
                for g, hs in HOUSEHOLDS.items()
                for h in hs
            ),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-g1", "李网格长", attributes={"sunk_cadre"}),
            Person("p-g2", "张网格长", attributes={"sunk_cadre"}),
            Person("p-med", "赵调解员", attributes={"mediator"}),
            Person("p-rep1", "杨大爷", household="H0101", attributes={"resident_representative"}),
            Person("p-rep2", "陈女士", household="H0201", attributes={"resident_representative"}),
            Person("p-res", "刘先生", household="H0102"),
            Person("p-res2", "周女士", household="H0202"),
        ],
    )
    return community


APPOINTMENTS = (
    Appointment("a-sec", "p-sec", "community_secretary", COMMUNITY, START - timedelta(days=30)),
    Appointment("a-g1", "p-g1", "grid_head", GRIDS[0], START - timedelta(days=30)),
    Appointment("a-g2", "p-g2", "grid_head", GRIDS[1], START - timedelta(days=30)),
    Appointment("a-med", "p-med", "mediator", COMMUNITY, START - timedelta(days=30)),
)


class Journeys:
    """Writes whole issue journeys; each method returns the events it wrote, in order."""

    def __init__(self) -> None:
        self.count = 0

    def _collect(self, at: datetime, grid: int, kind: str, meeting: str | None) -> IssueCollected:
        self.count += 1
        household = HOUSEHOLDS[GRIDS[grid]][self.count % 2]
        return IssueCollected(
            at=at,
            actor="p-sec",
            issue=f"I-{self.count:04d}",
            kind=kind,
            unit=household,
            channel="household_meeting" if meeting else "service_phone",
            summary="问题 issue",
            meeting=meeting,
        )

    def answered(self, at: datetime, grid: int = 0, meeting: str | None = None) -> list[Event]:
        c = self._collect(at, grid, "policy_question", meeting)
        return [c, AnsweredOnSpot(at=at + timedelta(minutes=5), actor="p-sec", issue=c.issue, answer="答复")]

    def resolved(
        self,
        at: datetime,
        grid: int = 0,
        *,
        days: int = 2,
        satisfaction: str | None = "satisfied",
        rework: bool = False,
        reopen: bool = False,
        kind: str = "reasonable_demand",
    ) -> list[Event]:
        c = self._collect(at, grid, kind, None)
        i = c.issue
        t = at + timedelta(hours=1)
        out: list[Event] = [c, IssueRegistered(at=t, actor="p-sec", issue=i)]
        out.append(
            PlanMade(
                at=t + timedelta(hours=1),
                actor="p-sec",
                issue=i,
                responsible="p-g1",
                matter="处理 handle",
                deadline=t + timedelta(days=30),
            )
        )
        done = at + timedelta(days=days)
        if rework:
            out.append(IssueResolved(at=done - timedelta(hours=2), actor="p-sec", issue=i, outcome="修好"))
            out.append(ReworkOrdered(at=done - timedelta(hours=1), actor="p-sec", issue=i, reason="没修好"))
        out.append(IssueResolved(at=done, actor="p-sec", issue=i, outcome="修好 fixed"))
        out.append(CompletionConfirmed(at=done + timedelta(hours=1), actor="p-sec", issue=i))
        if satisfaction is not None:
            out.append(
                FollowUpVisited(
                    at=done + timedelta(days=1), actor="p-sec", issue=i, satisfaction=satisfaction
                )
            )
        if reopen:
            out.append(IssueReopened(at=done + timedelta(days=2), actor="p-sec", issue=i, reason="反弹"))
        else:
            out.append(IssueClosed(at=done + timedelta(days=2), actor="p-sec", issue=i))
        return out

    def dispute(
        self, at: datetime, grid: int = 0, *, agree: bool = True, satisfaction: str = "satisfied"
    ) -> list[Event]:
        c = self._collect(at, grid, "dispute", None)
        i = c.issue
        out: list[Event] = [
            c,
            IssueRegistered(at=at + timedelta(hours=1), actor="p-sec", issue=i),
            IssueEscalated(at=at + timedelta(days=1), actor="p-sec", issue=i),
            MediationStarted(at=at + timedelta(days=2), actor="p-med", issue=i, mediator="p-med"),
        ]
        if agree:
            out.append(AgreementReached(at=at + timedelta(days=3), actor="p-med", issue=i, terms="协议"))
            out.append(
                FollowUpVisited(at=at + timedelta(days=10), actor="p-sec", issue=i, satisfaction=satisfaction)
            )
        else:
            out.append(MediationFailed(at=at + timedelta(days=3), actor="p-med", issue=i, reason="未达成"))
        return out

    def open(self, at: datetime, grid: int = 0, *, whistle: bool = False) -> list[Event]:
        c = self._collect(at, grid, "reasonable_demand", None)
        out: list[Event] = [c, IssueRegistered(at=at + timedelta(hours=1), actor="p-sec", issue=c.issue)]
        if whistle:
            out.append(
                WhistleBlown(at=at + timedelta(hours=2), actor="p-sec", issue=c.issue, summoned="住建局")
            )
        return out

    @staticmethod
    def merge(*streams: list[Event]) -> list[Event]:
        """Merge journeys in time order (stable), as a ledger would record them."""
        return sorted((e for s in streams for e in s), key=lambda e: e.at)

    @staticmethod
    def meeting(at: datetime, mid: str, kind: str = "household_meeting", grid: int = 0) -> MeetingHeld:
        unit = GRIDS[grid] if kind == "household_meeting" else COMMUNITY
        return MeetingHeld(at=at, actor="p-sec", meeting=mid, kind=kind, unit=unit)


@pytest.fixture
def community() -> Community:
    return build_community()


@pytest.fixture
def charter() -> cogov.Charter:
    activities = (
        cogov.ActivityKind("clean_up", "环境整治", "clean-up"),
        cogov.ActivityKind("patrol", "巡逻", "patrol"),
    )
    return attrs.evolve(cogov.basic_charter(), activity_kinds=activities)


@pytest.fixture
def new_ledger(community: Community, charter: cogov.Charter) -> Callable[[], Ledger]:
    return lambda: Ledger(charter, community, appointments=APPOINTMENTS)


@pytest.fixture
def journeys() -> Journeys:
    return Journeys()


@pytest.fixture
def journeys_factory() -> type[Journeys]:
    """The Journeys class, for property tests that need a fresh writer per example."""
    return Journeys
