"""Xiaoxiguan's 2022 services and organisations, recorded: the events behind the source's
remaining figures.

The source reports, for the year: "500余件" matters answered or solved for residents, "400余次"
tasks of party members reporting to the community (双报到), "2000余人次" party cadres educated
at the political life hall, "信访听证会2起", and 98 % satisfaction with public order.  This
module writes one plausible diary with those totals (the chosen values are in
:data:`CHOSEN`; every lower bound is met):

- **one-stop services** (一站式, 最多跑一次): 400 requests at the community's service centre and
  its three neighbourhood centres, every seventh through the proxy desk (代办); 7 needed a
  second visit; 395 were delivered by year end, 388 of them in one visit.  With the 110 issues answered and resolved,
  505 matters were answered or solved (≥ 500);
- **double report** (双报到): the 8 sunk units and 140 of their cadres report in January; the
  community publishes 70 items of its needs and project lists with 6 places each (420
  planned), all claimed; 414 completed (≥ 400), every fourth rated by a resident;
- **political education**: 24 sessions of 85 cadres, 2,040 person-times (≥ 2,000);
- **petition hearings**: 2; **public order and sense of security**: 98 of 100 surveyed satisfied
  (survey answers are evaluation records, :func:`public_order_survey`);
- **the convention**: adopted at a residents' congress in January; 16 family ceremonies
  registered with the weddings-and-funerals council, one wedding over the 20-table limit
  (flagged, and a breach noticed); 8 more breaches found by building heads, noticed and
  rectified;
- **the party chain as organisations**: a party branch for each compound and a party group
  for each building, with the party members living there as members;
- **associations at work**: the hygiene association inspects every compound each quarter; 24
  households flagged elderly living alone (独居老人) each get a charity-association helper and a
  visit every quarter; every household is linked to its building's central household (中心户);
- **the good-people list** (好人榜): 12 residents nominated in the autumn, 10 approved by the
  December congress and published on the good-people list, 3 of them also on the
  moral-models board (道德模范风采展示栏);
- **red property** (红色物业) at Xianghe compound (祥和小区): its owners' committee, with the
  compound's party branch secretary on it, and its property company, whose manager sits on
  the owners' committee too (双向进入、交叉任职); the three sides meet each quarter;
- **sunshine disclosure**: at year end the congresses, the convention and the project list
  are disclosed with the ledger checkpoint they were drawn from (added by
  :func:`cogov_xiaoxiguan.recorded.generate_year`, which alone knows the head).

The party chain's organisations, the good-people list and red property are written by
:mod:`cogov_xiaoxiguan.recorded_organisations`.  Dates, households, people and scores are
**synthetic** and deterministic (a random generator
of its own, so the issue diary of :mod:`cogov_xiaoxiguan.recorded` is unchanged).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from cogov import CHINA_TZ, Community
from cogov.evaluation import SurveyResponse
from cogov.events import (
    AffairsDisclosed,
    AssociationHelperAssigned,
    AttributeSet,
    BreachNoticeIssued,
    BreachRecorded,
    BreachRectified,
    CeremonyRegistered,
    CompoundInspected,
    DoubleReportRegistered,
    Event,
    HouseholdHelped,
    HouseholdLinked,
    MeetingHeld,
    ServiceDelivered,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
)
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.conventions import CONVENTION
from cogov_xiaoxiguan.recorded_associations import officers
from cogov_xiaoxiguan.recorded_organisations import CADRE as _CADRE
from cogov_xiaoxiguan.recorded_organisations import SECRETARY as _SECRETARY
from cogov_xiaoxiguan.recorded_organisations import day as _day
from cogov_xiaoxiguan.recorded_organisations import first_resident as _first
from cogov_xiaoxiguan.recorded_organisations import good_people, party_organisations, red_property
from cogov_xiaoxiguan.vocabulary import (
    PETITION_HEARING,
    POLITICAL_EDUCATION,
    RESIDENTS_CONGRESS,
)

__all__ = [
    "CHOSEN",
    "JANUARY_CONGRESS",
    "PUBLIC_ORDER",
    "SENSE_OF_SECURITY",
    "disclosure",
    "public_order_survey",
    "service_year",
]

#: the value recorded for each figure the source gives (a "+" figure at or above its floor)
CHOSEN = {
    "matters_answered_or_solved": 505,  # source "500余件": 110 issues resolved + 395 services delivered
    "services_delivered": 395,
    "party_service_tasks": 414,  # source "400余次": double-report items completed
    "political_education_person_times": 2040,  # source "2000余人次"
    "petition_hearings": 2,  # source "信访听证会2起"
    "public_order_satisfaction": 0.98,  # source "社会治安满意度 98%"
    "sense_of_security": 0.98,  # source "居民安全感 98%"
}

JANUARY_CONGRESS = "XXG-2022-RC-JAN"
#: the subjects of the year's public-order survey (evaluation records)
PUBLIC_ORDER = "XXG-2022-PUBLIC-ORDER"
SENSE_OF_SECURITY = "XXG-2022-SECURITY"

_COUNCIL = "xxg-as-1"
_HYGIENE = "xxg-as-3"
_CHARITY = "xxg-as-5"
_PROXY_TEAM = "xxg-vt-4"


def _households() -> list[str]:
    return [
        hh
        for grid in range(1, structure.GRIDS + 1)
        for compound in structure.compounds(grid)
        for building in structure.buildings(compound)
        for hh in structure.households(building)
    ]


def _building_head(household: str) -> str:
    return _first(structure.households(household[:-2])[2])


def service_year() -> list[Event]:
    """Every service and organisation event of the recorded 2022 (not yet in time order)."""
    rng = random.Random(2022_0500)  # noqa: S311 - reproducible synthetic detail, not security
    community = structure.build_community()
    members = {a.id: sorted(a.members) for a in community.associations}
    households = _households()
    events: list[Event] = []
    events += party_organisations(community)
    events += officers(community)
    events += _party_chain()
    events += _convention(community)
    events += _ceremonies_and_breaches(rng, households, members[_COUNCIL])
    events += _inspections(rng, members[_HYGIENE])
    events += _helpers(households, members[_CHARITY])
    events += list(_double_report(rng, households))
    events += list(_one_stop(rng, households, members[_PROXY_TEAM]))
    events += _party_meetings()
    events += good_people(rng, households)
    events += red_property()
    return events


def _party_chain() -> list[Event]:
    """Every household linked to its building's central household (flat 2), on 5 January."""
    at = _day(1, 5, 10)
    return [
        HouseholdLinked(at=at, actor=_SECRETARY, household=hh, central=flats[1])
        for grid in range(1, structure.GRIDS + 1)
        for compound in structure.compounds(grid)
        for building in structure.buildings(compound)
        for flats in [structure.households(building)]
        for hh in flats
        if hh != flats[1]
    ]


def _convention(community: Community) -> list[Event]:
    representatives = sorted(p.id for p in community.people if "resident_representative" in p.attributes)
    held = _day(1, 8, 9)
    return [
        MeetingHeld(
            at=held,
            actor=_SECRETARY,
            meeting=JANUARY_CONGRESS,
            kind=RESIDENTS_CONGRESS,
            unit=structure.COMMUNITY,
            attendees=tuple(representatives),
        ),
        CONVENTION.adopted(
            at=held + timedelta(hours=2),
            actor=_SECRETARY,
            unit=structure.COMMUNITY,
            congress=JANUARY_CONGRESS,
        ),
    ]


def _ceremonies_and_breaches(rng: random.Random, households: list[str], council: list[str]) -> list[Event]:
    events: list[Event] = []
    officer = council[0]
    for n in range(1, 17):
        at = _day(1 + (n * 7) % 12, 3 + n, 10)
        household = rng.choice(households)
        wedding = n % 8 not in (3, 6)
        tables = 24 if n == 5 else rng.randint(8, 18)
        measures = (
            (("tables", str(tables)),) if wedding else (("tables", str(rng.randint(5, 12))), ("days", "3"))
        )
        ceremony = f"XXG-2022-CER{n:02d}"
        events.append(
            CeremonyRegistered(
                at=at,
                actor=officer,  # the council's president (会长), by the post's duty
                ceremony=ceremony,
                household=household,
                ceremony_kind="wedding" if wedding else "funeral",
                convention=CONVENTION.id,
                council=_COUNCIL,
                officer=officer,
                measures=measures,
            )
        )
        if tables > CONVENTION.limits["tables"]:
            breach = "XXG-2022-BR00"
            events += [
                BreachRecorded(
                    at=at + timedelta(days=2),
                    actor=_building_head(household),
                    breach=breach,
                    convention=CONVENTION.id,
                    article="ceremonies",
                    household=household,
                    finding=f"婚宴{tables}桌，超过规约20桌 a wedding banquet of {tables} tables, over the limit of 20",
                ),
                BreachNoticeIssued(
                    at=at + timedelta(days=3),
                    actor=_building_head(household),
                    breach=breach,
                    notice="批评教育，下不为例 reminded of the convention",
                ),
            ]
    findings = (
        ("appearance", "楼道堆放杂物 clutter in the stairwell"),
        ("neighbours", "装修噪音扰邻 renovation noise late at night"),
        ("appearance", "门前垃圾未分类 refuse not sorted"),
        ("security", "电动车楼道充电 e-bike charged in the stairwell"),
    )
    for n in range(1, 9):
        household = rng.choice(households)
        article, finding = findings[n % len(findings)]
        at = _day(1 + n, 10 + n, 15)
        head = _building_head(household)
        breach = f"XXG-2022-BR{n:02d}"
        events += [
            BreachRecorded(
                at=at, actor=head, breach=breach, convention=CONVENTION.id, article=article,
                household=household, finding=finding,
            ),
            BreachNoticeIssued(at=at + timedelta(hours=1), actor=head, breach=breach, notice="限期整改 rectify within 3 days"),
            BreachRectified(at=at + timedelta(days=3), actor=head, breach=breach, note="已整改 rectified"),
        ]  # fmt: skip
    return events


def _inspections(rng: random.Random, hygiene: list[str]) -> list[Event]:
    """The hygiene association scores every compound each quarter (定期检查督查卫生情况)."""
    compounds = [c for grid in range(1, structure.GRIDS + 1) for c in structure.compounds(grid)]
    return [
        CompoundInspected(
            at=_day(month, 25, 9 + i * 0.25),
            actor=hygiene[0],  # the association's president (会长), by the post's duty
            inspection=f"XXG-2022-HY{month:02d}-{i + 1:02d}",
            unit=compound,
            association=_HYGIENE,
            inspectors=tuple(hygiene[:2]),
            score=float(rng.randint(72 + 3 * (month // 3), 98)),
        )
        for month in (3, 6, 9, 12)
        for i, compound in enumerate(compounds)
    ]


def _helpers(households: list[str], charity: list[str]) -> list[Event]:
    """24 households of elderly people living alone, each with a helper and a quarterly visit."""
    flagged = households[5::28]
    events: list[Event] = []
    for n, household in enumerate(flagged):
        helper = charity[n % len(charity)]
        events += [
            AttributeSet(
                at=_day(1, 6, 9), actor=_SECRETARY, person=_first(household), attribute="elderly_alone"
            ),
            # the charity association pairs its member; its president records it by the post's duty
            AssociationHelperAssigned(
                at=_day(1, 6, 11), actor=charity[0], household=household, helper=helper, association=_CHARITY
            ),
        ]
        events += [
            HouseholdHelped(
                at=_day(month, 15, 10 + n * 0.2),
                actor=charity[0],  # the charity association's president (会长), by the post's duty
                household=household,
                helper=helper,
                association=_CHARITY,
                note="上门探访 visit and help",
            )
            for month in (3, 6, 9, 12)
        ]
    return events


_ITEM_TITLES = (
    ("needs", "疫情防控值守 epidemic duty"),
    ("project", "创文创卫环境整治 civilised-city clean-up"),
    ("needs", "独居老人助老服务 help for elderly living alone"),
    ("project", "老旧小区改造协调 old-compound renovation liaison"),
    ("needs", "基层治理入户走访 household visits"),
    ("project", "政策宣讲 policy talks"),
)


def _double_report(rng: random.Random, households: list[str]) -> Iterator[Event]:
    units = sorted(structure.SUNK_UNITS)
    cadres = [f"xxg-sc{n:03d}" for n in range(1, 141)]
    registrants = [*units, *cadres]
    for n, registrant in enumerate(registrants):
        yield DoubleReportRegistered(
            at=_day(1, 10, 9 + n * 0.02),
            actor=_CADRE,
            registrant=registrant,
            registrant_kind="unit" if registrant in units else "party_member",
            unit=structure.COMMUNITY,
        )
    completions = 0
    for k in range(70):
        month = 1 + k // 6 if k < 60 else 11 + (k - 60) // 5
        published = _day(month, 12 + k % 6, 10)
        list_kind, title = _ITEM_TITLES[k % len(_ITEM_TITLES)]
        item = f"XXG-2022-SI{k + 1:03d}"
        yield ServiceItemPublished(
            at=published,
            actor=_CADRE,
            item=item,
            unit=structure.COMMUNITY,
            list_kind=list_kind,
            title=title,
            places=6,
        )
        for j in range(6):
            registrant = registrants[(6 * k + j) % len(registrants)]
            claimed = published + timedelta(days=1, hours=j)
            yield ServiceItemClaimed(at=claimed, actor=_CADRE, item=item, registrant=registrant)
            if k == 69:
                continue  # the year's last item is still being worked on
            done = claimed + timedelta(days=rng.randint(5, 12))
            yield ServiceItemCompleted(
                at=done, actor=_CADRE, item=item, registrant=registrant, hours=float(rng.randint(2, 4))
            )
            completions += 1
            if completions % 4 == 0:
                yield ServiceItemRated(
                    at=done + timedelta(days=1),
                    actor=_CADRE,
                    item=item,
                    registrant=registrant,
                    rater=_first(rng.choice(households)),
                    answer="satisfied" if rng.random() < 0.9 else "basically_satisfied",
                )


_SERVICES = (
    "id_card",
    "social_insurance",
    "certificate",
    "medical_insurance",
    "housekeeping",
    "elderly_allowance",
)


def _one_stop(rng: random.Random, households: list[str], proxies: list[str]) -> Iterator[Event]:
    centres = (structure.COMMUNITY, *structure.NEIGHBOURHOOD_CENTRES)
    first = datetime(2022, 1, 4, tzinfo=CHINA_TZ)
    for i in range(400):
        day = first + timedelta(days=i * 358 // 400)
        if day.weekday() >= 5:  # the desks open on working days
            day += timedelta(days=7 - day.weekday())
        at = day + timedelta(hours=9 + (i % 7), minutes=rng.randint(0, 50))
        request = f"XXG-2022-SR{i + 1:03d}"
        proxy = i % 7 == 3
        yield ServiceRequested(
            at=at,
            actor=_CADRE,
            request=request,
            household=rng.choice(households),
            centre=centres[i % len(centres)],
            service=_SERVICES[i % len(_SERVICES)],
            channel="proxy" if proxy else "counter",
            proxy=proxies[i % len(proxies)] if proxy else None,
        )
        done = at + timedelta(minutes=40)
        if i % 50 == 13 and not proxy:  # papers missing: the resident comes back once
            yield ServiceVisitMade(
                at=at + timedelta(days=2), actor=_CADRE, request=request, note="补齐材料 papers completed"
            )
            done = at + timedelta(days=2, hours=1)
        if i < 395:
            yield ServiceDelivered(at=done, actor=_CADRE, request=request, outcome="办结 done")


def _party_meetings() -> list[Event]:
    cadres = [f"xxg-sc{n:03d}" for n in range(1, structure.SUNK_CADRES + 1)]
    events: list[Event] = [
        MeetingHeld(
            at=_day(1, 13, 15) + timedelta(days=14 * k),
            actor=_SECRETARY,
            meeting=f"XXG-2022-PE{k + 1:02d}",
            kind=POLITICAL_EDUCATION,
            unit=structure.COMMUNITY,
            attendees=tuple(cadres[(85 * k + i) % len(cadres)] for i in range(85)),
        )
        for k in range(24)
    ]
    events += [
        MeetingHeld(
            at=at,
            actor=_SECRETARY,
            meeting=f"XXG-2022-HEARING{n}",
            kind=PETITION_HEARING,
            unit=structure.COMMUNITY,
            attendees=("xxg-cadre-1", "xxg-lawyer", "xxg-adviser"),
            note="信访听证 petition hearing",
        )
        for n, at in enumerate((_day(5, 18, 14), _day(10, 19, 14)), start=1)
    ]
    return events


def public_order_survey() -> list[SurveyResponse]:
    """The year's public-order survey: 100 residents asked about public order and their sense of
    security, 98 satisfied with each (evaluation records: answers are anonymous)."""
    at = datetime(2022, 11, 20, 10, tzinfo=CHINA_TZ)
    return [
        SurveyResponse(
            id=f"{subject}-{n:03d}",
            at=at + timedelta(minutes=n),
            subject=subject,
            answer="satisfied" if n <= 98 else "dissatisfied",
        )
        for subject in (PUBLIC_ORDER, SENSE_OF_SECURITY)
        for n in range(1, 101)
    ]


def disclosure(events: list[Event]) -> Event:
    """The residents' affairs supervision committee's disclosure of 2022 (事务阳光工程), after
    ``events`` (the rest of the year, in recorded order): the congresses, the convention and
    the project list, with the checkpoint (count and head) of the ledger they were drawn from."""
    from cogov.plugins import load_setup  # noqa: PLC0415 - the head needs the plugin's ledger

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(events)
    matters = [e.meeting for e in events if isinstance(e, MeetingHeld) and e.kind == RESIDENTS_CONGRESS]
    matters.append(CONVENTION.id)
    matters += [e.item for e in events if isinstance(e, ServiceItemPublished) and e.list_kind == "project"]
    return AffairsDisclosed(
        at=_day(12, 30, 16),
        actor=_SECRETARY,
        disclosure="XXG-2022-DISCLOSURE",
        unit=structure.COMMUNITY,
        year=2022,
        matters=tuple(matters),
        checkpoint_count=len(ledger),
        checkpoint_head=ledger.head.hex(),
    )
