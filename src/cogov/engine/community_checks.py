"""Checks and folds of the community's services and organisations at work.

The events of the block "community services and organisations" in
:mod:`cogov.model.events` — the double report (双报到), one-stop services (一站式), residents'
conventions and their supervision, family ceremonies, hygiene inspections, helpers of
households in difficulty, the party chain's central households, the yearly disclosure and the good-people list —
are checked here the way :mod:`cogov.engine.checks` checks the register: ids are unique,
every reference names something recorded (a registrant, a published item, a convention's
article, an association member, a present person, a unit in use), and the actor holds the
mechanism's duty (:mod:`cogov.model.community_duties`) over the unit concerned.

They fold into :class:`~cogov.engine.community_state.CommunityRecords`
(:mod:`cogov.engine.community_state`), which the checks read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cogov.engine.association_offices import authorise_act
from cogov.engine.community_state import Breach, Claim, CommunityRecords, ServiceRequest
from cogov.errors import (
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    UnknownKeyError,
)
from cogov.model.community_duties import (
    CEREMONY_DUTY,
    CONVENTION_DUTY,
    DISCLOSURE_DUTY,
    DOUBLE_REPORT_DUTY,
    HELP_DUTY,
    HONOUR_DUTY,
    INSPECTION_DUTY,
    PARTY_CHAIN_DUTY,
    SERVICE_DESK_DUTY,
    SUPERVISION_DUTY,
)
from cogov.model.conventions import Convention
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
from cogov.model.structure import PersonAttribute

if TYPE_CHECKING:
    from cogov.engine.state import State

__all__ = ["COMMUNITY_CHECKS", "REGISTRANT_KINDS", "REVIEW_DECISIONS", "SERVICE_CHANNELS"]

#: who may report to the community: a unit's party organisation (an association) or a party member
REGISTRANT_KINDS = frozenset({"unit", "party_member"})
#: what a review of a good-people nomination may decide
REVIEW_DECISIONS = frozenset({"approved", "rejected"})
#: how a one-stop request arrives: the resident at the counter (a visit) or the proxy desk (代办, none)
SERVICE_CHANNELS = frozenset({"counter", "proxy"})


def _records(state: State) -> CommunityRecords:
    return state.community_records


def _fresh(what: str, key: str, seen: Any) -> None:
    if key in seen:
        msg = f"{what} id {key!r} is already used; give each {what} an id of its own"
        raise DuplicateError(msg)


def _household(state: State, code: str, what: str) -> None:
    community = state.community
    unit = community.unit_in_use(code, what)
    innermost = community.levels[-1].key
    if unit.level != innermost:
        msg = f"{what} {code!r} is a {unit.level!r}, not a {innermost!r} (the innermost level)"
        raise InvalidFieldError(msg)


def _member(state: State, association_id: str, person: str, what: str) -> None:
    association = state.community.association(association_id)
    state.community.present_person(person)
    if person not in association.members:
        msg = f"{what} {person!r} is not a member of association {association_id!r} ({association.name_en})"
        raise EligibilityError(msg)


# -- double report -----------------------------------------------------------------------------
def _registered(state: State, event: DoubleReportRegistered, events: list[Event]) -> None:
    if event.registrant_kind not in REGISTRANT_KINDS:
        msg = f"double report: registrant_kind {event.registrant_kind!r} is not one of {sorted(REGISTRANT_KINDS)}"
        raise InvalidFieldError(msg)
    community = state.community
    if event.registrant_kind == "unit":
        community.association(event.registrant)
    else:
        person = community.present_person(event.registrant)
        if PersonAttribute.PARTY_MEMBER not in person.attributes:
            msg = f"double report: person {event.registrant!r} reports as a party member but is not one"
            raise EligibilityError(msg)
    if event.registrant in _records(state).registrants:
        msg = f"double report: {event.registrant!r} has already reported to the community"
        raise DuplicateError(msg)
    community.unit_in_use(event.unit, "double report: unit")
    state.authority.authorise(event.actor, DOUBLE_REPORT_DUTY, event.unit, event.at)


def _published(state: State, event: ServiceItemPublished, events: list[Event]) -> None:
    _fresh("service item", event.item, _records(state).items)
    state.community.unit_in_use(event.unit, f"service item {event.item!r}: unit")
    state.authority.authorise(event.actor, DOUBLE_REPORT_DUTY, event.unit, event.at)


def _item(state: State, item: str) -> tuple[str, int]:
    found = _records(state).items.get(item)
    if found is None:
        msg = f"unknown service item {item!r}; publish it first (ServiceItemPublished)"
        raise UnknownKeyError(msg)
    return found


def _claimed(state: State, event: ServiceItemClaimed, events: list[Event]) -> None:
    records = _records(state)
    unit, places = _item(state, event.item)
    home = records.registrants.get(event.registrant)
    if home is None:
        msg = f"{event.registrant!r} has not reported to the community (DoubleReportRegistered) and cannot claim items"
        raise EligibilityError(msg)
    if not (state.community.within(unit, home) or state.community.within(home, unit)):
        msg = (
            f"{event.registrant!r} reported to {home!r}, which does not cover item {event.item!r} at {unit!r}"
        )
        raise EligibilityError(msg)
    if (event.item, event.registrant) in records.claims:
        msg = f"{event.registrant!r} has already claimed item {event.item!r}"
        raise DuplicateError(msg)
    if records.claimed(event.item) >= places:
        msg = f"all {places} places of item {event.item!r} are claimed; publish another item or more places"
        raise IllegalTransitionError(msg)
    state.authority.authorise(event.actor, DOUBLE_REPORT_DUTY, unit, event.at)


def _claim(state: State, item: str, registrant: str) -> Claim:
    claim = _records(state).claims.get((item, registrant))
    if claim is None:
        msg = f"{registrant!r} has not claimed item {item!r}; record the claim first (ServiceItemClaimed)"
        raise UnknownKeyError(msg)
    return claim


def _completed(state: State, event: ServiceItemCompleted, events: list[Event]) -> None:
    claim = _claim(state, event.item, event.registrant)
    if claim.completed:
        msg = f"{event.registrant!r} has already completed item {event.item!r}"
        raise DuplicateError(msg)
    state.authority.authorise(event.actor, DOUBLE_REPORT_DUTY, _item(state, event.item)[0], event.at)


def _rated(state: State, event: ServiceItemRated, events: list[Event]) -> None:
    claim = _claim(state, event.item, event.registrant)
    if not claim.completed:
        msg = f"item {event.item!r} of {event.registrant!r} is not completed; residents rate completed items"
        raise IllegalTransitionError(msg)
    state.community.present_person(event.rater)
    state.charter.satisfaction(event.answer)
    if event.rater in claim.raters:
        msg = f"{event.rater!r} has already rated item {event.item!r} of {event.registrant!r}"
        raise DuplicateError(msg)
    state.authority.authorise(event.actor, DOUBLE_REPORT_DUTY, _item(state, event.item)[0], event.at)


# -- one-stop services ---------------------------------------------------------------------------
def _requested(state: State, event: ServiceRequested, events: list[Event]) -> None:
    _fresh("service request", event.request, _records(state).requests)
    _household(state, event.household, f"service request {event.request!r}: household")
    state.community.unit_in_use(event.centre, f"service request {event.request!r}: centre")
    if event.channel not in SERVICE_CHANNELS:
        msg = f"service request {event.request!r}: channel {event.channel!r} is not one of {sorted(SERVICE_CHANNELS)}"
        raise InvalidFieldError(msg)
    if (event.channel == "proxy") != (event.proxy is not None):
        msg = f"service request {event.request!r}: a proxy request names its proxy (代办员) and a counter request none"
        raise InvalidFieldError(msg)
    if event.proxy is not None:
        state.community.present_person(event.proxy)
    state.authority.authorise(event.actor, SERVICE_DESK_DUTY, event.centre, event.at)


def _open_request(state: State, request_id: str) -> ServiceRequest:
    request = _records(state).requests.get(request_id)
    if request is None:
        msg = f"unknown service request {request_id!r}; record it first (ServiceRequested)"
        raise UnknownKeyError(msg)
    if request.delivered:
        msg = f"service request {request_id!r} is already delivered"
        raise IllegalTransitionError(msg)
    return request


def _on_request(state: State, event: ServiceVisitMade | ServiceDelivered, events: list[Event]) -> None:
    """A visit or the delivery: the request is open, and the actor serves at its centre."""
    request = _open_request(state, event.request)
    state.authority.authorise(event.actor, SERVICE_DESK_DUTY, request.centre, event.at)


# -- conventions, their supervision, ceremonies ---------------------------------------------------
def _adopted(state: State, event: ConventionAdopted, events: list[Event]) -> None:
    _fresh("convention", event.convention, _records(state).conventions)
    state.community.unit_in_use(event.unit, f"convention {event.convention!r}: unit")
    if not event.articles:
        msg = f"convention {event.convention!r} has no articles; a convention residents can cite needs at least one"
        raise InvalidFieldError(msg)
    if event.congress is not None and event.congress not in state.meetings:
        msg = f"convention {event.convention!r}: adopted at unknown meeting {event.congress!r}; record the MeetingHeld first"
        raise UnknownKeyError(msg)
    state.authority.authorise(event.actor, CONVENTION_DUTY, event.unit, event.at)


def _convention(state: State, convention_id: str, household: str, what: str) -> Convention:
    found = _records(state).conventions.get(convention_id)
    if found is None:
        msg = f"{what}: unknown convention {convention_id!r}; record its adoption first (ConventionAdopted)"
        raise UnknownKeyError(msg)
    unit, convention = found
    _household(state, household, f"{what}: household")
    if not state.community.within(household, unit):
        msg = f"{what}: household {household!r} is not within {unit!r}, where convention {convention_id!r} applies"
        raise InvalidFieldError(msg)
    return convention


def _breach_recorded(state: State, event: BreachRecorded, events: list[Event]) -> None:
    _fresh("breach", event.breach, _records(state).breaches)
    convention = _convention(state, event.convention, event.household, f"breach {event.breach!r}")
    convention.article(event.article)
    state.authority.authorise(event.actor, SUPERVISION_DUTY, event.household, event.at)


def _open_breach(state: State, breach_id: str) -> Breach:
    breach = _records(state).breaches.get(breach_id)
    if breach is None:
        msg = f"unknown breach {breach_id!r}; record it first (BreachRecorded)"
        raise UnknownKeyError(msg)
    if breach.rectified:
        msg = f"breach {breach_id!r} is already rectified"
        raise IllegalTransitionError(msg)
    return breach


def _on_breach(state: State, event: BreachNoticeIssued | BreachRectified, events: list[Event]) -> None:
    """A notice or the rectification: the breach is open, and the actor supervises its household."""
    breach = _open_breach(state, event.breach)
    state.authority.authorise(event.actor, SUPERVISION_DUTY, breach.household, event.at)


def _ceremony(state: State, event: CeremonyRegistered, events: list[Event]) -> None:
    _fresh("ceremony", event.ceremony, _records(state).ceremonies)
    _convention(state, event.convention, event.household, f"ceremony {event.ceremony!r}")
    _member(state, event.council, event.officer, f"ceremony {event.ceremony!r}: officer")
    authorise_act(state, event.actor, CEREMONY_DUTY, event.household, event.at, association_id=event.council)


# -- associations at work, helping the weak, the party chain, disclosure ---------------------------
def _inspected(state: State, event: CompoundInspected, events: list[Event]) -> None:
    _fresh("inspection", event.inspection, _records(state).inspections)
    state.community.unit_in_use(event.unit, f"inspection {event.inspection!r}: unit")
    if not event.inspectors:
        msg = f"inspection {event.inspection!r} names no inspectors"
        raise InvalidFieldError(msg)
    for person in event.inspectors:
        _member(state, event.association, person, f"inspection {event.inspection!r}: inspector")
    if not event.maximum > 0 or event.score > event.maximum:
        msg = f"inspection {event.inspection!r}: score {event.score} must be between 0 and the maximum {event.maximum} (> 0)"
        raise InvalidFieldError(msg)
    authorise_act(state, event.actor, INSPECTION_DUTY, event.unit, event.at, association_id=event.association)


def _helper(state: State, event: HelperAssigned, events: list[Event]) -> None:
    _household(state, event.household, "helper: household")
    state.community.present_person(event.helper)
    if event.helper in _records(state).helpers.get(event.household, frozenset()):
        msg = f"{event.helper!r} is already a helper of household {event.household!r}"
        raise DuplicateError(msg)
    if isinstance(event, AssociationHelperAssigned):
        _member(state, event.association, event.helper, "helper")
        authorise_act(
            state, event.actor, HELP_DUTY, event.household, event.at, association_id=event.association
        )
        return
    state.authority.authorise(event.actor, HELP_DUTY, event.household, event.at)


def _helped(state: State, event: HouseholdHelped, events: list[Event]) -> None:
    _household(state, event.household, "help: household")
    state.community.present_person(event.helper)
    if event.association is not None:
        _member(state, event.association, event.helper, "help: helper")
        authorise_act(
            state, event.actor, HELP_DUTY, event.household, event.at, association_id=event.association
        )
        return
    state.authority.authorise(event.actor, HELP_DUTY, event.household, event.at)


def _linked(state: State, event: HouseholdLinked, events: list[Event]) -> None:
    _household(state, event.household, "party chain: household")
    _household(state, event.central, "party chain: central household")
    if event.household == event.central:
        msg = f"household {event.household!r} cannot be its own central household"
        raise InvalidFieldError(msg)
    if _records(state).links.get(event.household) == event.central:
        msg = f"household {event.household!r} is already linked to central household {event.central!r}"
        raise DuplicateError(msg)
    community = state.community
    if not any(PersonAttribute.PARTY_MEMBER in p.attributes for p in community.members(event.central)):
        msg = f"central household {event.central!r} has no party member; a central household (中心户) is a party member's"
        raise EligibilityError(msg)
    state.authority.authorise(event.actor, PARTY_CHAIN_DUTY, event.household, event.at)


def _disclosed(state: State, event: AffairsDisclosed, events: list[Event]) -> None:
    records = _records(state)
    _fresh("disclosure", event.disclosure, records.disclosures)
    state.community.unit_in_use(event.unit, f"disclosure {event.disclosure!r}: unit")
    if event.checkpoint_count > len(events):
        msg = (
            f"disclosure {event.disclosure!r} cites a checkpoint of {event.checkpoint_count} events, "
            f"but only {len(events)} are recorded before it"
        )
        raise InvalidFieldError(msg)
    known = {*state.meetings, *records.conventions, *records.items}
    for matter in event.matters:
        if matter not in known:
            msg = (
                f"disclosure {event.disclosure!r}: matter {matter!r} is not a recorded meeting, "
                "convention or service item"
            )
            raise UnknownKeyError(msg)
    state.authority.authorise(event.actor, DISCLOSURE_DUTY, event.unit, event.at)


# -- the good-people list ------------------------------------------------------------------------
def _nominated(state: State, event: GoodDeedNominated, events: list[Event]) -> None:
    _fresh("nomination", event.nomination, _records(state).nominations)
    state.community.present_person(event.person)
    state.community.unit_in_use(event.unit, f"nomination {event.nomination!r}: unit")
    state.authority.authorise(event.actor, HONOUR_DUTY, event.unit, event.at)


def _reviewed(state: State, event: NominationReviewed, events: list[Event]) -> None:
    found = _records(state).nominations.get(event.nomination)
    if found is None:
        msg = f"unknown nomination {event.nomination!r}; record it first (GoodDeedNominated)"
        raise UnknownKeyError(msg)
    if found[1]:
        msg = f"nomination {event.nomination!r} is already reviewed ({found[1]})"
        raise DuplicateError(msg)
    if event.decision not in REVIEW_DECISIONS:
        msg = f"nomination {event.nomination!r}: decision {event.decision!r} is not one of {sorted(REVIEW_DECISIONS)}"
        raise InvalidFieldError(msg)
    state.authority.authorise(event.actor, HONOUR_DUTY, found[0], event.at)


def _published_honours(state: State, event: HonoursPublished, events: list[Event]) -> None:
    records = _records(state)
    _fresh("listing", event.listing, records.listings)
    state.community.unit_in_use(event.unit, f"listing {event.listing!r}: unit")
    if not event.nominations:
        msg = f"listing {event.listing!r} publishes no nomination"
        raise InvalidFieldError(msg)
    for nomination in event.nominations:
        found = records.nominations.get(nomination)
        if found is None or found[1] != "approved":
            state_ = "unknown" if found is None else (found[1] or "not reviewed")
            msg = f"listing {event.listing!r}: nomination {nomination!r} is {state_}; only approved nominations are published"
            raise IllegalTransitionError(msg)
        if not state.community.within(found[0], event.unit):
            msg = f"listing {event.listing!r} at {event.unit!r}: nomination {nomination!r} was made at {found[0]!r}, outside it"
            raise InvalidFieldError(msg)
        if (event.board, nomination) in records.honours:
            msg = f"nomination {nomination!r} is already published on board {event.board!r}"
            raise DuplicateError(msg)
    state.authority.authorise(event.actor, HONOUR_DUTY, event.unit, event.at)


#: a check of one event type: (state, event, events recorded before it) -> None or raise
COMMUNITY_CHECKS: dict[type[Event], Callable[[State, Any, list[Event]], None]] = {
    DoubleReportRegistered: _registered,
    ServiceItemPublished: _published,
    ServiceItemClaimed: _claimed,
    ServiceItemCompleted: _completed,
    ServiceItemRated: _rated,
    ServiceRequested: _requested,
    ServiceVisitMade: _on_request,
    ServiceDelivered: _on_request,
    ConventionAdopted: _adopted,
    BreachRecorded: _breach_recorded,
    BreachNoticeIssued: _on_breach,
    BreachRectified: _on_breach,
    CeremonyRegistered: _ceremony,
    CompoundInspected: _inspected,
    HelperAssigned: _helper,
    AssociationHelperAssigned: _helper,
    HouseholdHelped: _helped,
    HouseholdLinked: _linked,
    AffairsDisclosed: _disclosed,
    GoodDeedNominated: _nominated,
    NominationReviewed: _reviewed,
    HonoursPublished: _published_honours,
}
