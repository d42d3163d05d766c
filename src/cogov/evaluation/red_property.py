"""Red property management (红色物业): the community, the owners' committee and the property
company on one platform, with cross-appointments.

The source: "构建'社区+业委会+物业公司'自治平台，引导三方'双向进入、交叉任职'，打造'红色业委会'".
The owners' committee and the property company are associations of the kinds a plugin names;
the three sides meet in meetings of a kind the plugin names.  :func:`red_property` counts, for
one unit (a compound), the joint meetings and those all three sides attended, and the people
who sit on two sides at once: a community role holder (an appointment in force at or above
the unit) on the owners' committee or in the property company, or a member of both.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds
from cogov.evaluation.period import Period
from cogov.model.events import MeetingHeld

__all__ = ["RedPropertyFigures", "red_property"]


@attrs.frozen
class RedPropertyFigures:
    """Red property management (红色物业) in one compound: the joint meetings of the community, the owners' committee and the property company, and who sits on two sides."""

    unit: str
    owners_committee: tuple[str, ...]
    property_company: tuple[str, ...]
    meetings: int
    #: joint meetings attended by a community role holder, an owners' committee member and a property company member
    meetings_with_all_sides: int
    #: people on two sides at once (交叉任职)
    cross_appointed: tuple[str, ...]


def red_property(
    ledger: Ledger,
    unit: str,
    *,
    meeting_kind: str,
    owners_kind: str = "owners_committee",
    property_kind: str = "property_company",
    period: Period | None = None,
) -> RedPropertyFigures:
    """The red-property figures of ``unit`` over ``period`` (see the module docstring)."""
    community = ledger.community
    start, end = bounds(period)
    owners: set[str] = set()
    company: set[str] = set()
    committees: list[str] = []
    companies: list[str] = []
    for association in community.associations:
        if community.within(association.unit, unit) or community.within(unit, association.unit):
            if association.kind == owners_kind:
                owners.update(association.members)
                committees.append(association.id)
            elif association.kind == property_kind:
                company.update(association.members)
                companies.append(association.id)
    lineage = community.lineage(unit)

    def holds_office(person: str, at: datetime | None) -> bool:
        """An appointment at or above the unit, in force at ``at`` (``None``: with no end)."""
        return any(
            a.unit in lineage and (a.end is None if at is None else a.active_at(at))
            for a in ledger.authority.of_person(person)
        )

    meetings = full = 0
    for event in ledger.corrected_events:
        if isinstance(event, MeetingHeld) and event.kind == meeting_kind and start <= event.at < end:
            if not community.within(event.unit, unit):
                continue
            meetings += 1
            present = set(event.attendees)
            if present & owners and present & company and any(holds_office(p, event.at) for p in present):
                full += 1
    cross = sorted(p for p in owners | company if (p in owners and p in company) or holds_office(p, None))
    return RedPropertyFigures(
        unit=unit,
        owners_committee=tuple(sorted(committees)),
        property_company=tuple(sorted(companies)),
        meetings=meetings,
        meetings_with_all_sides=full,
        cross_appointed=tuple(cross),
    )
