"""Red property: joint meetings of the three sides and cross-appointments, from events."""

from __future__ import annotations

import attrs

from cogov import Ledger
from cogov.evaluation import red_property
from cogov.events import AssociationFormed, MeetingHeld, MemberJoined
from cogov.model.vocabulary import AssociationKind, MeetingKind
from cogov.testing.community_services import (
    GRID,
    WORKER,
    appointments,
    charter,
    community_service_setup,
    resident,
    ticks,
)
from cogov.testing.samples import DEMO_START, demo_community


def test_meetings_with_all_sides_and_people_on_two_sides() -> None:
    """A meeting without the company's member is not a full one; the grid head on the committee is cross-appointed."""
    base = charter()
    kinds = (
        *base.association_kinds,
        AssociationKind("owners_committee", "业委会", "owners' committee"),
        AssociationKind("property_company", "物业公司", "property company"),
    )
    meeting = MeetingKind("tripartite", "联席会议", "joint meeting", level="grid")
    led = Ledger(
        attrs.evolve(base, association_kinds=kinds, meeting_kinds=(*base.meeting_kinds, meeting)),
        demo_community(),
        appointments=appointments(),
    )
    led.apply_all(community_service_setup(DEMO_START))
    clock = ticks()
    led.apply_all(
        [
            AssociationFormed(at=next(clock), actor=WORKER, association="OC", kind="owners_committee", unit=GRID,
                              name_zh="业委会", name_en="owners' committee"),
            AssociationFormed(at=next(clock), actor=WORKER, association="PM", kind="property_company", unit=GRID,
                              name_zh="物业", name_en="property company"),
            MemberJoined(at=next(clock), actor=WORKER, association="OC", person="p-grid1"),
            MemberJoined(at=next(clock), actor=WORKER, association="OC", person=resident(1, 5)),
            MemberJoined(at=next(clock), actor=WORKER, association="PM", person=resident(1, 6)),
            MeetingHeld(at=next(clock), actor="p-grid1", meeting="T1", kind="tripartite", unit=GRID,
                        attendees=("p-grid1", resident(1, 5), resident(1, 6))),
            MeetingHeld(at=next(clock), actor="p-grid1", meeting="T2", kind="tripartite", unit=GRID,
                        attendees=("p-grid1", resident(1, 5))),
        ]
    )  # fmt: skip
    figures = red_property(led, GRID, meeting_kind="tripartite")
    assert (figures.meetings, figures.meetings_with_all_sides) == (2, 1)
    assert figures.cross_appointed == ("p-grid1",)
