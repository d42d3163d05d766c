"""A small Xiaoxiguan-like community for the example and error tests of the core."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cogov import Appointment, Community, Ledger, Person, Unit, basic_charter
from cogov.events import IssueCollected, IssueRegistered
from cogov.testing import EPOCH

X = "420325100001"
G1, G2 = f"{X}-G01", f"{X}-G02"
B1, B3 = f"{G1}-C1-B1", f"{G2}-C1-B1"


def build_community() -> Community:
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(X, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
            Unit(G1, "grid", "第一网格", "grid 1", parent=X),
            Unit(G2, "grid", "第二网格", "grid 2", parent=X),
            Unit(f"{G1}-C1", "compound", "祥和小区", "Xianghe compound", parent=G1),
            Unit(f"{G2}-C1", "compound", "阳光小区", "Yangguang compound", parent=G2),
            Unit(B1, "building", "1栋", "building 1", parent=f"{G1}-C1"),
            Unit(B3, "building", "3栋", "building 3", parent=f"{G2}-C1"),
            Unit("H0101", "household", "101户", "flat 101", parent=B1),
            Unit("H0201", "household", "201户", "flat 201", parent=B1),
            Unit("H0301", "household", "301户", "flat 301", parent=B3),
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


def initial_appointments() -> list[Appointment]:
    return [
        Appointment("a-sec", "p-sec", "community_secretary", X, EPOCH),
        Appointment("a-cadre", "p-cadre", "community_cadre", X, EPOCH),
        Appointment("a-grid1", "p-grid1", "grid_head", G1, EPOCH),
        Appointment("a-grid2", "p-grid2", "grid_head", G2, EPOCH),
        Appointment("a-bldg", "p-bldg", "building_head", B1, EPOCH),
        Appointment("a-med", "p-med", "mediator", X, EPOCH),
    ]


def at(days: float, hours: float = 0) -> datetime:
    """A moment ``days`` days and ``hours`` hours after the appointments start (China time)."""
    return EPOCH + timedelta(days=days, hours=hours)


@pytest.fixture
def ledger() -> Ledger:
    """A fresh ledger of the small community under the basic charter."""
    return Ledger(basic_charter(), build_community(), appointments=initial_appointments())


@pytest.fixture
def registered(ledger: Ledger) -> Ledger:
    """The ledger with issue I-1 (a dispute at flat 101) collected and registered by grid head 1."""
    ledger.apply(
        IssueCollected(
            at=at(1),
            actor="p-grid1",
            issue="I-1",
            kind="dispute",
            unit="H0101",
            channel="grid_visit",
            summary="楼上噪音 noise from upstairs",
            reporter="p-yang",
        )
    )
    ledger.apply(IssueRegistered(at=at(1, 1), actor="p-grid1", issue="I-1"))
    return ledger
