"""Small generated counties: communities with 12-digit division codes, each with its own legal history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs
from hypothesis import strategies as st

import cogov
from cogov import Appointment, Community, Person, Unit
from cogov.engine.ledger import Ledger
from cogov.model.events import ActivityHeld, Event, MeetingHeld
from cogov.model.structure import PersonAttribute
from cogov.testing.strategies import event_sequences
from cogov.testing.strategies._values import EPOCH

COUNTY = "420325"
CHARTER = cogov.basic_charter()
#: the basic charter with a volunteer activity, for generated ledgers that hold activities too
ACTIVE_CHARTER = attrs.evolve(CHARTER, activity_kinds=(cogov.ActivityKind("patrol", "巡逻", "patrol"),))


def community_units(code: str) -> list[Unit]:
    """Units of community ``code`` below its street: the community, two grids, two households each."""
    units = [Unit(code, "community", f"社区{code[-3:]}", f"community {code[-3:]}", parent=code[:9])]
    for g in (1, 2):
        grid = f"{code}{g:03d}"
        units.append(Unit(grid, "grid", f"网格{g}", f"grid {g}", parent=code))
        for h in (1, 2):
            units.append(Unit(f"{grid}{h:02d}", "household", f"{h}户", f"household {h}", parent=grid))
    return units


def people_of(code: str) -> tuple[list[Person], list[Appointment]]:
    since = EPOCH - timedelta(days=30)
    cadre = {PersonAttribute.PARTY_MEMBER, PersonAttribute.CADRE}
    people = [
        Person(f"{code}-sec", "书记", attributes=cadre),
        Person(f"{code}-med", "调解员", attributes={PersonAttribute.MEDIATOR}),
    ]
    appointments = [
        Appointment(f"{code}-a-sec", f"{code}-sec", "community_secretary", code, since),
        Appointment(f"{code}-a-med", f"{code}-med", "mediator", code, since),
    ]
    for g in (1, 2):
        people.append(Person(f"{code}-gh{g}", f"网格长{g}", attributes={PersonAttribute.SUNK_CADRE}))
        appointments.append(
            Appointment(f"{code}-a-gh{g}", f"{code}-gh{g}", "grid_head", f"{code}{g:03d}", since)
        )
        for h in (1, 2):
            people.append(Person(f"{code}-r{g}{h}", f"居民{g}{h}", household=f"{code}{g:03d}{h:02d}"))
    return people, appointments


def community(code: str) -> tuple[Community, list[Appointment]]:
    """Community ``code`` in its county and street, as its own ledger would hold it."""
    built = Community()
    built.extend(
        units=[
            Unit(COUNTY, "county", "房县", "Fang county"),
            Unit(code[:9], "town", f"镇{code[6:9]}", f"town {code[6:9]}", parent=COUNTY),
            *community_units(code),
        ]
    )
    people, appointments = people_of(code)
    built.extend(people=people)
    return built, appointments


def union_community(codes: Sequence[str]) -> Community:
    """One community structure holding every community of ``codes`` (for computing over the union)."""
    built = Community()
    built.add_unit(Unit(COUNTY, "county", "房县", "Fang county"))
    for street in sorted({code[:9] for code in codes}):
        built.add_unit(Unit(street, "town", f"镇{street[6:9]}", f"town {street[6:9]}", parent=COUNTY))
    for code in codes:
        built.extend(units=community_units(code), people=people_of(code)[0])
    return built


def renamed(events: Sequence[Event], code: str) -> list[Event]:
    """The events with issue ids made unique county-wide (each ledger numbers its own from 0)."""
    out: list[Event] = []
    for event in events:
        changes = {}
        for field in ("issue", "duplicate_of"):
            value = getattr(event, field, None)
            if isinstance(value, str):
                changes[field] = f"{code}-{value}"
        out.append(attrs.evolve(event, **changes) if changes else event)
    return out


@st.composite
def county_ledgers(draw: st.DrawFn, max_communities: int = 5) -> list[tuple[str, Ledger]]:
    """Between one and ``max_communities`` communities in one or two streets, each a ledger of legal events."""
    count = draw(st.integers(1, max_communities))
    codes = sorted(
        draw(
            st.sets(
                st.builds(
                    lambda s, c: f"{COUNTY}{s}{c:03d}", st.sampled_from(["100", "101"]), st.integers(1, 30)
                ),
                min_size=count,
                max_size=count,
            )
        )
    )
    ledgers = []
    for code in codes:
        structure, appointments = community(code)
        events = draw(event_sequences(ACTIVE_CHARTER, structure, appointments, max_size=25))
        at = max([EPOCH, *(e.at for e in events)])
        residents = [p.id for p in structure.people if p.household is not None]
        for n in range(draw(st.integers(0, 3))):
            at += timedelta(hours=draw(st.integers(1, 200)))
            if draw(st.booleans()):
                events.append(
                    MeetingHeld(
                        at=at,
                        actor=f"{code}-sec",
                        meeting=f"M{n}",
                        kind="household_meeting",
                        unit=f"{code}001",
                    )
                )
            else:
                events.append(
                    ActivityHeld(
                        at=at,
                        actor=f"{code}-sec",
                        activity=f"A{n}",
                        kind="patrol",
                        unit=code,
                        participants=draw(
                            st.lists(st.sampled_from(residents), min_size=1, max_size=3, unique=True)
                        ),
                        hours=draw(
                            st.sampled_from([0.1, 0.5, 1.3, 2.7])
                        ),  # sums of these are not exact in floats
                    )
                )
        ledger = Ledger(ACTIVE_CHARTER, structure, appointments=appointments)
        if events:
            ledger.apply_all(events)
        ledgers.append((code, ledger))
    return ledgers
