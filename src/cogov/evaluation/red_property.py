"""Red property management (红色物业): the community, the owners' committee and the property
company on one platform, with cross-appointments.

The source: "构建'社区+业委会+物业公司'自治平台，引导三方'双向进入、交叉任职'，打造'红色业委会'".
The owners' committee and the property company are associations of the kinds a plugin names;
the three sides meet in meetings of a kind the plugin names.  :func:`red_property` counts, for
one unit (a compound), the joint meetings and those all three sides attended, and the people
who sit on two sides at once: a community role holder (an appointment in force at or above
the unit) on the owners' committee or in the property company, or a member of both.

:func:`property_issues` follows the issues the community routes to each property company
(:mod:`cogov.model.property`): how many, how many the company resolved and how fast (median
days from routing to its resolution), how many ran past a deadline of the company's own steps
(their clocks red, :mod:`cogov.model.deadlines`), and the residents' satisfaction at the
community's follow-up visit.
"""

from __future__ import annotations

import statistics
from datetime import datetime

import attrs

from cogov.engine.ledger import Ledger
from cogov.engine.supervision import issue_clocks
from cogov.evaluation._sources import bounds
from cogov.evaluation.period import Period
from cogov.model.deadlines import Clock
from cogov.model.events import (
    FollowUpVisited,
    IssueRoutedToProperty,
    MeetingHeld,
    PropertyResolved,
    PropertyReturned,
)
from cogov.model.property import COMPANY_STATES
from cogov.model.workdays import WorkingCalendar

__all__ = ["PropertyIssueFigures", "RedPropertyFigures", "property_issues", "red_property"]


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


@attrs.frozen
class PropertyIssueFigures:
    """The issues routed to one property company (转物业公司办理) and what became of them."""

    company: str
    #: issues routed to the company in the period (each once)
    routed: int
    #: of them, resolved by the company (物业处置完毕) by the period's end
    resolved: int
    #: of them, returned by the company to the community (退回社区)
    returned: int
    #: median days from routing to the company's (first) resolution; None when none resolved
    median_days: float | None
    #: of them, issues whose step with the company ran past its deadline (red) by the period's end
    overdue: int
    #: of them, followed up by the community, and of those, the satisfied answers
    followed_up: int
    satisfied: int

    @property
    def satisfaction(self) -> float | None:
        """Satisfied share of the follow-up visits (None: no visit)."""
        return self.satisfied / self.followed_up if self.followed_up else None


def property_issues(ledger: Ledger, *, period: Period | None = None) -> tuple[PropertyIssueFigures, ...]:
    """The figures of every property company issues were routed to in ``period``, by company id."""
    charter = ledger.charter
    remit = charter.property_remit
    if remit is None:
        return ()
    start, end = bounds(period)
    # clocks still running are judged at the period's end, or now if it has not come
    horizon = min(end, ledger.clock) if ledger.clock is not None else end
    events = ledger.corrected_events
    routed: dict[str, dict[str, datetime]] = {}
    for event in events:
        if type(event) is IssueRoutedToProperty and start <= event.at < end:
            routed.setdefault(event.company, {}).setdefault(event.issue, event.at)
    rules = charter.supervision
    company_steps = {d.key for d in rules.deadlines if d.states <= COMPANY_STATES} if rules else set()
    calendar = charter.calendar
    state = ledger._state
    out = []
    for company, issues in sorted(routed.items()):
        days: list[float] = []
        resolved = returned = overdue = followed = satisfied = 0
        for issue, at in issues.items():
            record = ledger.issue(issue)
            later = [events[seq] for seq in record.seqs if events[seq].at >= at]
            done = next((e.at for e in later if type(e) is PropertyResolved and e.at < end), None)
            if done is not None:
                resolved += 1
                days.append((done - at).total_seconds() / 86400.0)
            if any(type(e) is PropertyReturned and e.at < end for e in later):
                returned += 1
            overdue += any(
                clock.step in company_steps
                and at <= clock.started < horizon
                and _red_by(clock, calendar, horizon)
                for clock in issue_clocks(state, record, ledger.events)
            )
            answers = [
                e.satisfaction
                for e in later
                if type(e) is FollowUpVisited and done is not None and done <= e.at < end
            ]
            if answers:
                followed += 1
                satisfied += charter.satisfaction(answers[-1]).satisfied
        out.append(
            PropertyIssueFigures(
                company=company,
                routed=len(issues),
                resolved=resolved,
                returned=returned,
                median_days=statistics.median(days) if days else None,
                overdue=overdue,
                followed_up=followed,
                satisfied=satisfied,
            )
        )
    return tuple(out)


def _red_by(clock: Clock, calendar: WorkingCalendar, horizon: datetime) -> bool:
    """Whether ``clock`` ran past its due time before it stopped, or before ``horizon``."""
    stop = clock.stopped if clock.stopped is not None and clock.stopped < horizon else horizon
    return stop > clock.due_at(calendar, stop)
