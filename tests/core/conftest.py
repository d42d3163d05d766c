"""A small Xiaoxiguan-like community for the example and error tests of the core."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cogov import Appointment, Community, Ledger, basic_charter
from cogov.events import IssueCollected, IssueRegistered
from cogov.testing import EPOCH
from cogov.testing.samples import small_appointments, small_community

X = "420325100001"
G1, G2 = f"{X}-G01", f"{X}-G02"
B1, B3 = f"{G1}-C1-B1", f"{G2}-C1-B1"


def build_community() -> Community:
    return small_community()


def initial_appointments() -> list[Appointment]:
    return small_appointments(EPOCH)


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
