"""Xiaoxiguan's 2022 organisations at work, recorded: the party chain's branches and groups, the
good-people list and red property at Xianghe compound (see :mod:`cogov_xiaoxiguan.recorded_services`,
which adds them to the year, and the helpers both use).

Everything here is **synthetic** and deterministic, like the rest of the recorded year.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cogov import CHINA_TZ, Community
from cogov.events import (
    AssociationFormed,
    Event,
    GoodDeedNominated,
    HonoursPublished,
    MeetingHeld,
    MemberJoined,
    NominationReviewed,
    PersonRegistered,
)
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.vocabulary import TRIPARTITE_MEETING

__all__ = [
    "CADRE",
    "OWNERS_COMMITTEE",
    "PROPERTY_COMPANY",
    "RED_PROPERTY_COMPOUND",
    "SECRETARY",
    "day",
    "first_resident",
    "good_people",
    "party_organisations",
    "red_property",
]

#: who records: the community party branch secretary and a community cadre
SECRETARY = "xxg-secretary"
CADRE = "xxg-cadre-2"


def day(month: int, dom: int, hour: float = 9) -> datetime:
    """A time of 2022 in China Standard Time."""
    return datetime(2022, month, dom, tzinfo=CHINA_TZ) + timedelta(hours=hour)


def first_resident(household: str) -> str:
    """The first resident (index 0) of a synthetic household."""
    return f"xxg-r{household[len(structure.COMMUNITY) :]}-0"


def party_organisations(community: Community) -> list[Event]:
    """A party branch for every compound and a party group for every building (4 January), with
    the party members who live there as members."""
    at = day(1, 4, 9)
    events: list[Event] = []
    for grid in range(1, structure.GRIDS + 1):
        for compound in structure.compounds(grid):
            name = community.unit(compound).name_zh
            units = [(compound, "party_branch", f"{name}党支部", f"party branch of {compound}")]
            units += [
                (b, "party_group", f"{community.unit(b).name_zh}党小组", f"party group of {b}")
                for b in structure.buildings(compound)
            ]
            for unit, kind, zh, en in units:
                association = (
                    f"xxg-{'pb' if kind == 'party_branch' else 'pg'}-{unit[len(structure.COMMUNITY) :]}"
                )
                events.append(
                    AssociationFormed(
                        at=at,
                        actor=SECRETARY,
                        association=association,
                        kind=kind,
                        unit=unit,
                        name_zh=zh,
                        name_en=en,
                    )
                )
                events += [
                    MemberJoined(at=at, actor=SECRETARY, association=association, person=p.id)
                    for p in community.members(unit)
                    if "party_member" in p.attributes
                ]
    return events


_VIRTUES = (
    ("respect_elders", "照顾独居老人十余年 cared for an elderly neighbour for ten years"),
    ("law_abiding", "劝阻并举报电信诈骗 stopped and reported a telephone fraud"),
    ("dedication", "义务清扫小区多年 has swept the compound unpaid for years"),
    ("honesty_kindness", "拾金不昧 returned a lost wallet"),
    ("good_deeds", "雨夜救助落水儿童 rescued a child from the river"),
)


def good_people(rng: random.Random, households: list[str]) -> list[Event]:
    """12 nominations (October), reviewed at the December congress, published on 8 December."""
    events: list[Event] = []
    approved: list[str] = []
    for n in range(1, 13):
        nomination = f"XXG-2022-GP{n:02d}"
        category, deed = _VIRTUES[n % len(_VIRTUES)]
        events.append(
            GoodDeedNominated(
                at=day(10, 10 + n, 10),
                actor=CADRE,
                nomination=nomination,
                person=first_resident(rng.choice(households)),
                unit=structure.COMMUNITY,
                category=category,
                deed=deed,
            )
        )
        decision = "rejected" if n in (4, 9) else "approved"
        events.append(
            NominationReviewed(
                at=day(12, 5, 11 + n * 0.1), actor=SECRETARY, nomination=nomination, decision=decision,
                note="居民代表大会评议 reviewed by the residents' congress",
            )
        )  # fmt: skip
        if decision == "approved":
            approved.append(nomination)
    events += [
        HonoursPublished(
            at=day(12, 8, 10), actor=SECRETARY, listing="XXG-2022-GOOD-PEOPLE", board="good_people",
            unit=structure.COMMUNITY, nominations=tuple(approved),
        ),
        HonoursPublished(
            at=day(12, 8, 11), actor=SECRETARY, listing="XXG-2022-MORAL-MODELS", board="moral_models",
            unit=structure.COMMUNITY, nominations=tuple(approved[:3]),
        ),
    ]  # fmt: skip
    return events


RED_PROPERTY_COMPOUND = structure.NEIGHBOURHOOD_CENTRES[0]  # 祥和小区 (Xianghe), named in the source
OWNERS_COMMITTEE = "xxg-oc-1"
PROPERTY_COMPANY = "xxg-pm"


def red_property() -> list[Event]:
    """Xianghe's owners' committee and property company, with cross-appointments, and four joint meetings."""
    compound = RED_PROPERTY_COMPOUND
    first, _, third = structure.buildings(compound)
    branch_secretary = first_resident(structure.households(first)[5])
    owners = [first_resident(hh) for hh in structure.households(third)[:4]]
    staff = [("xxg-pm-1", "吴物业经理"), ("xxg-pm-2", "钱物业管家"), ("xxg-pm-3", "孙物业保洁")]
    at = day(1, 7, 9)
    events: list[Event] = [
        PersonRegistered(at=at, actor=SECRETARY, person=pid, name=name) for pid, name in staff
    ]
    events += [
        AssociationFormed(
            at=at, actor=SECRETARY, association=OWNERS_COMMITTEE, kind="owners_committee", unit=compound,
            name_zh="祥和小区业主委员会", name_en="Xianghe owners' committee",
        ),
        AssociationFormed(
            at=at, actor=SECRETARY, association=PROPERTY_COMPANY, kind="property_company", unit=compound,
            name_zh="祥和小区物业服务公司", name_en="Xianghe property company",
        ),
    ]  # fmt: skip
    events += [
        MemberJoined(at=at, actor=SECRETARY, association=OWNERS_COMMITTEE, person=p)
        for p in (branch_secretary, *owners, staff[0][0])
    ]
    events += [
        MemberJoined(at=at, actor=SECRETARY, association=PROPERTY_COMPANY, person=pid) for pid, _ in staff
    ]
    events += [
        MeetingHeld(
            at=day(month, 10, 15),
            actor=branch_secretary,
            meeting=f"XXG-2022-TRI{month:02d}",
            kind=TRIPARTITE_MEETING,
            unit=compound,
            attendees=(branch_secretary, *owners[:2], staff[0][0], "xxg-cadre-1"),
            note="物业服务问题协商 property service matters settled together",
        )
        for month in (3, 6, 9, 12)
    ]
    return events
