"""A small community where every service and organisation event can be recorded.

The demo community of the store tests (four grids, six households each, two residents per
household) under the basic charter, plus one role holding every community-service duty, a
weddings-and-funerals council and a hygiene association.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs

from cogov import Appointment, Charter, Ledger, RoleSpec, basic_charter
from cogov.events import (
    AffairsDisclosed,
    AssociationFormed,
    AttributeSet,
    BreachNoticeIssued,
    BreachRecorded,
    BreachRectified,
    CeremonyRegistered,
    CompoundInspected,
    ConventionAdopted,
    DoubleReportRegistered,
    Event,
    GoodDeedNominated,
    HelperAssigned,
    HonoursPublished,
    HouseholdHelped,
    HouseholdLinked,
    MemberJoined,
    NominationReviewed,
    ServiceDelivered,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
)
from cogov.model.community_duties import COMMUNITY_SERVICE_DUTIES
from cogov.model.vocabulary import AssociationKind
from cogov.testing.samples import DEMO_START, demo_appointments, demo_community

__all__ = [
    "GRID",
    "HOUSEHOLD",
    "OTHER_HOUSEHOLD",
    "ROOT",
    "WORKER",
    "appointments",
    "charter",
    "community_service_setup",
    "every_service_event",
    "household",
    "ledger",
    "resident",
    "service_role",
    "ticks",
]

ROOT = "420325100001"
GRID = f"{ROOT}-G01"
HOUSEHOLD = f"{GRID}-B1-H01"
OTHER_HOUSEHOLD = f"{GRID}-B1-H02"
WORKER = "p-sec"  # holds every community-service duty (role "service_worker")


def household(grid: int, flat: int) -> str:
    return f"{ROOT}-G{grid:02d}-B1-H{flat:02d}"


def resident(grid: int, flat: int, second: bool = False) -> str:
    return f"p-{grid}-{flat}{'b' if second else 'a'}"


def service_role() -> RoleSpec:
    return RoleSpec(
        "service_worker",
        "社区服务专干",
        "community service worker",
        level="community",
        duties=COMMUNITY_SERVICE_DUTIES,
    )


def charter() -> Charter:
    """The basic charter with the service worker role and two association kinds."""
    base = basic_charter()
    return attrs.evolve(
        base,
        role_set=base.role_set.merged("basic_services", [service_role()]),
        association_kinds=(
            AssociationKind("weddings_funerals_council", "红白理事会", "weddings-and-funerals council"),
            AssociationKind("hygiene_association", "卫生协会", "hygiene association"),
            AssociationKind("party_branch", "党支部", "party branch"),
            AssociationKind("party_group", "党小组", "party group"),
        ),
    )


def appointments() -> tuple[Appointment, ...]:
    start = DEMO_START - timedelta(days=1)
    return (*demo_appointments(), Appointment("a-svc", WORKER, "service_worker", ROOT, start))


def community_service_setup(at: datetime, actor: str = WORKER) -> list[Event]:
    """The council (member p-1-1a) and the hygiene association (p-1-2a) formed, and p-1-4a
    made a party member (so flat 4 of grid 1 can be a central household)."""
    return [
        AssociationFormed(
            at=at, actor=actor, association="COUNCIL", kind="weddings_funerals_council", unit=ROOT,
            name_zh="红白理事会", name_en="council",
        ),
        MemberJoined(at=at, actor=actor, association="COUNCIL", person=resident(1, 1)),
        AssociationFormed(
            at=at, actor=actor, association="HYGIENE", kind="hygiene_association", unit=ROOT,
            name_zh="卫生协会", name_en="hygiene association",
        ),
        MemberJoined(at=at, actor=actor, association="HYGIENE", person=resident(1, 2)),
        AttributeSet(at=at, actor=actor, person=resident(1, 4), attribute="party_member"),
    ]  # fmt: skip


def ledger() -> Ledger:
    """A fresh ledger with the council (member p-1-1a) and the hygiene association (p-1-2a)
    formed, and p-1-4a a party member (flat 4 of grid 1 can be a central household)."""
    led = Ledger(charter(), demo_community(), appointments=appointments())
    led.apply_all(community_service_setup(DEMO_START))
    return led


def ticks(start: datetime = DEMO_START) -> Iterator[datetime]:
    return iter(start + timedelta(minutes=1 + i) for i in range(100_000))


def every_service_event(clock: Iterator[datetime], actor: str = WORKER) -> list[Event]:
    """One of each community-service event, in an order the ledger accepts (after :func:`ledger`'s set-up)."""
    return [
        DoubleReportRegistered(at=next(clock), actor=actor, registrant="p-grid1", registrant_kind="party_member", unit=ROOT),
        ServiceItemPublished(
            at=next(clock), actor=actor, item="ITEM1", unit=ROOT, list_kind="needs", title="助老 elder care", places=2
        ),
        ServiceItemClaimed(at=next(clock), actor=actor, item="ITEM1", registrant="p-grid1"),
        ServiceItemCompleted(at=next(clock), actor=actor, item="ITEM1", registrant="p-grid1", hours=3),
        ServiceItemRated(at=next(clock), actor=actor, item="ITEM1", registrant="p-grid1", rater=resident(1, 3), answer="satisfied"),
        ServiceRequested(
            at=next(clock), actor=actor, request="REQ1", household=HOUSEHOLD, centre=ROOT, service="id_card", channel="counter"
        ),
        ServiceVisitMade(at=next(clock), actor=actor, request="REQ1", note="补材料"),
        ServiceDelivered(at=next(clock), actor=actor, request="REQ1", outcome="办结 done"),
        ConventionAdopted(
            at=next(clock), actor=actor, convention="CONV1", unit=ROOT, title="居民规约",
            articles=(("ceremonies", "红白喜事从简"), ("hygiene", "门前三包")), limits=(("tables", "20"),),
        ),
        BreachRecorded(
            at=next(clock), actor=actor, breach="BR1", convention="CONV1", article="hygiene", household=HOUSEHOLD,
            finding="楼道堆放杂物",
        ),
        BreachNoticeIssued(at=next(clock), actor=actor, breach="BR1", notice="限期清理"),
        BreachRectified(at=next(clock), actor=actor, breach="BR1", note="已清理"),
        CeremonyRegistered(
            at=next(clock), actor=actor, ceremony="CER1", household=HOUSEHOLD, ceremony_kind="wedding",
            convention="CONV1", council="COUNCIL", officer=resident(1, 1), measures=(("tables", "25"),),
        ),
        CompoundInspected(
            at=next(clock), actor=actor, inspection="INS1", unit=f"{GRID}-B1", association="HYGIENE",
            inspectors=(resident(1, 2),), score=88,
        ),
        HelperAssigned(at=next(clock), actor=actor, household=OTHER_HOUSEHOLD, helper=resident(1, 3)),
        HouseholdHelped(at=next(clock), actor=actor, household=OTHER_HOUSEHOLD, helper=resident(1, 3), note="送米"),
        HouseholdLinked(at=next(clock), actor=actor, household=OTHER_HOUSEHOLD, central=household(1, 4)),
        AffairsDisclosed(
            at=next(clock), actor=actor, disclosure="DIS1", unit=ROOT, year=2022, matters=("CONV1", "ITEM1"),
            checkpoint_count=3, checkpoint_head="00",
        ),
        GoodDeedNominated(
            at=next(clock), actor=actor, nomination="N1", person=resident(1, 3), unit=ROOT, category="helping_others",
            deed="照顾独居老人 cares for a neighbour living alone",
        ),
        NominationReviewed(at=next(clock), actor=actor, nomination="N1", decision="approved"),
        HonoursPublished(at=next(clock), actor=actor, listing="L1", board="good_people", unit=ROOT, nominations=("N1",)),
    ]  # fmt: skip
