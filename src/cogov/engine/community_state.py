"""The part of a ledger's state the community's services and organisations fold into.

:class:`CommunityRecords` holds what later checks of those events read (who reported to the
community, the items and their claims, the requests, the conventions and breaches, …);
:func:`folds` gives the fold of each event type, which the ledger's state calls for a
validated and a trusted replay alike, with an undo for each change (a refused batch is
rolled back).  The checks are in :mod:`cogov.engine.community_checks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from cogov.model.conventions import Convention, ceremony_measures
from cogov.model.events import (
    AffairsDisclosed,
    AssociationHelperAssigned,
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
    NominationReviewed,
    ServiceDelivered,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
)

__all__ = ["Breach", "Claim", "CommunityRecords", "ServiceRequest", "folds"]


@attrs.frozen
class Claim:
    """One registrant's claim of a published item, and how far it got."""

    item: str
    registrant: str
    completed: bool = False
    raters: frozenset[str] = frozenset()


@attrs.frozen
class ServiceRequest:
    """A one-stop service request: where, how it came, the resident's visits, whether done."""

    id: str
    household: str
    centre: str
    channel: str
    visits: int
    delivered: bool = False


@attrs.frozen
class Breach:
    """A breach of a convention's article by a household, and its notices and rectification."""

    id: str
    convention: str
    household: str
    notices: int = 0
    rectified: bool = False


@attrs.define
class CommunityRecords:
    """What the community's services and organisations have recorded so far (ledger state)."""

    #: registrant → the unit it reported to
    registrants: dict[str, str] = attrs.Factory(dict)
    #: item → (unit, places)
    items: dict[str, tuple[str, int]] = attrs.Factory(dict)
    #: (item, registrant) → claim
    claims: dict[tuple[str, str], Claim] = attrs.Factory(dict)
    requests: dict[str, ServiceRequest] = attrs.Factory(dict)
    #: convention → (its unit, the convention)
    conventions: dict[str, tuple[str, Convention]] = attrs.Factory(dict)
    breaches: dict[str, Breach] = attrs.Factory(dict)
    #: ceremony → the limits it went over
    ceremonies: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    inspections: set[str] = attrs.Factory(set)
    #: household → its helpers
    helpers: dict[str, frozenset[str]] = attrs.Factory(dict)
    #: household → its central household
    links: dict[str, str] = attrs.Factory(dict)
    disclosures: set[str] = attrs.Factory(set)
    #: nomination → (its unit, the review's decision or "" before review)
    nominations: dict[str, tuple[str, str]] = attrs.Factory(dict)
    #: (board, nomination) published, and the listings' ids
    honours: set[tuple[str, str]] = attrs.Factory(set)
    listings: set[str] = attrs.Factory(set)

    def claimed(self, item: str) -> int:
        return sum(1 for (i, _) in self.claims if i == item)

    def snapshot(self) -> dict[str, Any]:
        """Plain copies, for comparing a replay with the live state."""
        return {f.name: _copy(getattr(self, f.name)) for f in attrs.fields(CommunityRecords)}


def _copy(value: Any) -> Any:
    return set(value) if isinstance(value, set) else dict(value)


# -- folds ---------------------------------------------------------------------------------------
class _Folds:
    """The fold of each event type into ``records``; ``remember`` takes how to undo a change."""

    def __init__(self, records: CommunityRecords, remember: Callable[[Callable[[], object]], None]) -> None:
        self.records = records
        self.remember = remember

    def _put(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        missing = object()
        before = mapping.get(key, missing)
        mapping[key] = value
        if before is missing:
            self.remember(lambda: mapping.pop(key))
        else:
            self.remember(lambda: mapping.__setitem__(key, before))

    def _add(self, bag: set[Any], key: Any) -> None:
        bag.add(key)
        self.remember(lambda: bag.discard(key))

    def registered(self, event: DoubleReportRegistered, seq: int, events: list[Event]) -> None:
        self._put(self.records.registrants, event.registrant, event.unit)

    def published(self, event: ServiceItemPublished, seq: int, events: list[Event]) -> None:
        self._put(self.records.items, event.item, (event.unit, event.places))

    def claimed(self, event: ServiceItemClaimed, seq: int, events: list[Event]) -> None:
        self._put(self.records.claims, (event.item, event.registrant), Claim(event.item, event.registrant))

    def completed(self, event: ServiceItemCompleted, seq: int, events: list[Event]) -> None:
        claims = self.records.claims
        key = (event.item, event.registrant)
        self._put(claims, key, attrs.evolve(claims[key], completed=True))

    def rated(self, event: ServiceItemRated, seq: int, events: list[Event]) -> None:
        claims = self.records.claims
        key = (event.item, event.registrant)
        self._put(claims, key, attrs.evolve(claims[key], raters=claims[key].raters | {event.rater}))

    def requested(self, event: ServiceRequested, seq: int, events: list[Event]) -> None:
        visits = 1 if event.channel == "counter" else 0
        request = ServiceRequest(event.request, event.household, event.centre, event.channel, visits)
        self._put(self.records.requests, event.request, request)

    def visit(self, event: ServiceVisitMade, seq: int, events: list[Event]) -> None:
        requests = self.records.requests
        old = requests[event.request]
        self._put(requests, event.request, attrs.evolve(old, visits=old.visits + 1))

    def delivered(self, event: ServiceDelivered, seq: int, events: list[Event]) -> None:
        requests = self.records.requests
        self._put(requests, event.request, attrs.evolve(requests[event.request], delivered=True))

    def adopted(self, event: ConventionAdopted, seq: int, events: list[Event]) -> None:
        self._put(self.records.conventions, event.convention, (event.unit, Convention.from_event(event)))

    def breach(self, event: BreachRecorded, seq: int, events: list[Event]) -> None:
        self._put(
            self.records.breaches, event.breach, Breach(event.breach, event.convention, event.household)
        )

    def noticed(self, event: BreachNoticeIssued, seq: int, events: list[Event]) -> None:
        breaches = self.records.breaches
        old = breaches[event.breach]
        self._put(breaches, event.breach, attrs.evolve(old, notices=old.notices + 1))

    def rectified(self, event: BreachRectified, seq: int, events: list[Event]) -> None:
        breaches = self.records.breaches
        self._put(breaches, event.breach, attrs.evolve(breaches[event.breach], rectified=True))

    def ceremony(self, event: CeremonyRegistered, seq: int, events: list[Event]) -> None:
        convention = self.records.conventions[event.convention][1]
        over = tuple(convention.exceeded(ceremony_measures(event)))
        self._put(self.records.ceremonies, event.ceremony, over)

    def inspected(self, event: CompoundInspected, seq: int, events: list[Event]) -> None:
        self._add(self.records.inspections, event.inspection)

    def helper(self, event: HelperAssigned, seq: int, events: list[Event]) -> None:
        before = self.records.helpers.get(event.household, frozenset())
        self._put(self.records.helpers, event.household, before | {event.helper})

    def helped(self, event: HouseholdHelped, seq: int, events: list[Event]) -> None:
        """Help changes no state a later check reads; the figures read the event itself."""

    def linked(self, event: HouseholdLinked, seq: int, events: list[Event]) -> None:
        self._put(self.records.links, event.household, event.central)

    def disclosed(self, event: AffairsDisclosed, seq: int, events: list[Event]) -> None:
        self._add(self.records.disclosures, event.disclosure)

    def nominated(self, event: GoodDeedNominated, seq: int, events: list[Event]) -> None:
        self._put(self.records.nominations, event.nomination, (event.unit, ""))

    def reviewed(self, event: NominationReviewed, seq: int, events: list[Event]) -> None:
        unit = self.records.nominations[event.nomination][0]
        self._put(self.records.nominations, event.nomination, (unit, event.decision))

    def honoured(self, event: HonoursPublished, seq: int, events: list[Event]) -> None:
        self._add(self.records.listings, event.listing)
        for nomination in event.nominations:
            self._add(self.records.honours, (event.board, nomination))


def folds(
    records: CommunityRecords, remember: Callable[[Callable[[], object]], None]
) -> dict[type[Event], Callable[[Any, int, list[Event]], None]]:
    """The fold of each event type into ``records``; ``remember`` takes how to undo a change."""
    f = _Folds(records, remember)
    return {
        DoubleReportRegistered: f.registered,
        ServiceItemPublished: f.published,
        ServiceItemClaimed: f.claimed,
        ServiceItemCompleted: f.completed,
        ServiceItemRated: f.rated,
        ServiceRequested: f.requested,
        ServiceVisitMade: f.visit,
        ServiceDelivered: f.delivered,
        ConventionAdopted: f.adopted,
        BreachRecorded: f.breach,
        BreachNoticeIssued: f.noticed,
        BreachRectified: f.rectified,
        CeremonyRegistered: f.ceremony,
        CompoundInspected: f.inspected,
        HelperAssigned: f.helper,
        AssociationHelperAssigned: f.helper,
        HouseholdHelped: f.helped,
        HouseholdLinked: f.linked,
        AffairsDisclosed: f.disclosed,
        GoodDeedNominated: f.nominated,
        NominationReviewed: f.reviewed,
        HonoursPublished: f.honoured,
    }
