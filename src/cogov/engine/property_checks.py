"""The checks of red property management (红色物业): routing to a property company, its staff's steps.

- **Routing** (``route_to_property``): the charter declares a property remit; the issue's kind
  is within it; the company named is an association of the remit's company kind; the issue
  lies within the company's unit (a compound's company serves that compound).
- **The company's steps** (accept, plan, resolve, return): the actor, and a plan's responsible
  person, are members (staff) of the company the issue was routed to.  The actor must also hold
  the step's duty over the issue's unit, as for every step (the ledger checks that after these).
- **Staff appointments**: a role the remit names as a staff role is held only by a member of a
  property company serving the appointment's unit (based there or at a unit containing it), and
  such a member leaves the company only after the appointment ends.
- **Corrections** of a company's step are made by staff of the company that took it.

Each check raises a :class:`~cogov.errors.CogovError` saying what is refused and how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cogov.engine.folded import IssueRecord
from cogov.errors import (
    DefinitionError,
    EligibilityError,
    IllegalTransitionError,
    NotAuthorisedError,
    UnknownKeyError,
)
from cogov.masking import shown_person
from cogov.model.charter import Charter
from cogov.model.events import (
    Event,
    IssueRoutedToProperty,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
)
from cogov.model.property import COMPANY_STATES, ROUTE_ACTION, PropertyRemit
from cogov.model.roles import Appointment
from cogov.model.structure import Association, Community

if TYPE_CHECKING:
    from cogov.engine.state import State

__all__ = [
    "PROPERTY_CORRECTABLE",
    "PROPERTY_REFERENCE_CHECKS",
    "check_property_correction",
    "check_staff_appointment",
    "check_staff_leaving",
]


def _remit(state: State, record: IssueRecord) -> PropertyRemit:
    remit = state.charter.property_remit
    if remit is None:
        msg = (
            f"issue {record.id!r}: charter {state.charter.key!r} declares no property remit "
            "(红色物业); no issue can be routed to a property company under it"
        )
        raise DefinitionError(msg)
    return remit


def _route(state: State, event: IssueRoutedToProperty, record: IssueRecord) -> None:
    remit = _remit(state, record)
    charter, community = state.charter, state.community
    if record.kind not in remit.kinds:
        kind = charter.issue_kind(record.kind)
        within = ", ".join(charter.issue_kind(k).label for k in sorted(remit.kinds))
        msg = (
            f"issue {record.id!r} is a {kind.label}, outside the property company's remit "
            f"(物业服务范围: {within}); the community keeps it"
        )
        raise IllegalTransitionError(msg)
    associations = {a.id: a for a in community.associations}
    company = associations.get(event.company)
    if company is None:
        known = [a for a, found in associations.items() if found.kind == remit.company_kind]
        msg = (
            f"issue {record.id!r}: no property company {event.company!r} is recorded; property companies: "
            f"{sorted(known) or 'none (record one: AssociationFormed)'}"
        )
        raise UnknownKeyError(msg)
    if company.kind != remit.company_kind:
        wanted = charter.association_kind(remit.company_kind).label
        msg = (
            f"issue {record.id!r}: association {company.id!r} ({company.name_en}) is a {company.kind!r}, "
            f"not a {wanted}; route the issue to a property company"
        )
        raise EligibilityError(msg)
    if not community.within(record.unit, company.unit):
        msg = (
            f"issue {record.id!r} at unit {record.unit!r} lies outside {company.id!r} ({company.name_en}), "
            f"which serves unit {company.unit!r}; route it to the company serving the issue's unit"
        )
        raise EligibilityError(msg)


def _staff(state: State, record: IssueRecord, person: str, who: str) -> None:
    company_id = record.property_company
    # The charter's check lets only routing bring an issue to a company's state; refuse plainly
    # should a record ever be there without one, or be back with the community.
    if company_id is None or record.state not in COMPANY_STATES:
        msg = (
            f"issue {record.id!r} (state {record.state!r}) was routed to no property company it is "
            f"still with; route it to one ({ROUTE_ACTION!r}) before the company's steps"
        )
        raise IllegalTransitionError(msg)
    _member_of(state, record, company_id, person, who=who, how="is with")


def _member_of(
    state: State, record: IssueRecord, company_id: str, person: str, *, who: str, how: str
) -> None:
    company = state.community.association(company_id)
    if person not in company.members:
        name = state.community.person(person).name
        msg = (
            f"issue {record.id!r} {how} property company {company.id!r} ({company.name_en}); "
            f"{who} {name} ({shown_person(person)}) is not of its staff: only its own staff take its steps"
        )
        raise NotAuthorisedError(msg)


def _company_step(state: State, event: Any, record: IssueRecord) -> None:
    _remit(state, record)
    _staff(state, record, event.actor, "actor")


def _company_plan(state: State, event: PropertyPlanMade, record: IssueRecord) -> None:
    _company_step(state, event, record)
    state.community.present_person(event.responsible)
    _staff(state, record, event.responsible, "the plan's responsible person")


#: the events of the company's own steps (taken, and corrected, by its staff only)
COMPANY_STEP_EVENTS = (PropertyAccepted, PropertyPlanMade, PropertyResolved, PropertyReturned)

#: the checks of the property steps, by event type (run before the duty is authorised)
PROPERTY_REFERENCE_CHECKS: dict[type[Event], Callable[[State, Any, IssueRecord], None]] = {
    IssueRoutedToProperty: _route,
    PropertyAccepted: _company_step,
    PropertyPlanMade: _company_plan,
    PropertyResolved: _company_step,
    PropertyReturned: _company_step,
}


def check_property_correction(
    state: State, seq: int, original: Event, actor: str, events: list[Event]
) -> None:
    """Raise unless ``actor``, correcting a company's step, is staff of the company that took it
    (the company the issue was routed to at that step, not the one it may be with now)."""
    if not isinstance(original, COMPANY_STEP_EVENTS):
        return
    record = state.issues[original.issue]
    company = None
    for earlier in record.seqs:
        if earlier >= seq:
            break
        step = events[earlier]
        if isinstance(step, IssueRoutedToProperty):
            company = step.company
    if company is None:  # a company step follows a routing (the charter's check): refuse plainly
        msg = f"issue {record.id!r}: the step to correct follows no routing to a property company"
        raise IllegalTransitionError(msg)
    _member_of(state, record, company, actor, who="corrector", how="took that step for")


#: what may be corrected of each property event: descriptive fields only (never the company)
PROPERTY_CORRECTABLE: dict[type[Event], frozenset[str]] = {
    IssueRoutedToProperty: frozenset({"note"}),
    PropertyAccepted: frozenset({"note"}),
    PropertyPlanMade: frozenset({"matter"}),
    PropertyResolved: frozenset({"outcome"}),
    PropertyReturned: frozenset({"reason"}),
}


def check_staff_appointment(charter: Charter, community: Community, appointment: Appointment) -> None:
    """Raise unless a staff role of the property remit goes to a member of a company serving its
    unit (the company's own unit or one within it, as it takes issues from anywhere within its
    unit), for an appointment event and for each appointment a genesis record brings."""
    remit = charter.property_remit
    if remit is None or appointment.role not in remit.staff_roles:
        return
    companies = _serving(remit, community, appointment.unit)
    if any(appointment.person in a.members for a in companies):
        return
    label = charter.role_set[appointment.role].label
    name = community.person(appointment.person).name
    there = ", ".join(a.id for a in companies) or "none"
    msg = (
        f"appointment {appointment.id!r}: {label} is held by the staff of a property company (物业公司) "
        f"serving a unit within {appointment.unit!r}; {name} ({shown_person(appointment.person)}) is a member "
        f"of none (companies there: {there}); record them joining the company (MemberJoined) first"
    )
    raise EligibilityError(msg)


def _serving(remit: PropertyRemit, community: Community, unit: str) -> list[Association]:
    """The property companies whose unit is ``unit`` or contains it."""
    return [
        a for a in community.associations if a.kind == remit.company_kind and community.within(unit, a.unit)
    ]


def check_staff_leaving(state: State, person: str, association: str, at: datetime) -> None:
    """Refuse a member leaving a property company while a staff appointment of theirs that only
    this membership makes eligible is in force (or still to start): end the appointment first."""
    remit = state.charter.property_remit
    if remit is None or not remit.staff_roles:
        return
    community = state.community
    left = community.association(association)
    if left.kind != remit.company_kind:
        return
    for appointment in state.authority.of_person(person):
        if appointment.role not in remit.staff_roles or (
            appointment.end is not None and appointment.end <= at
        ):
            continue
        others = [a for a in _serving(remit, community, appointment.unit) if a.id != association]
        if community.within(appointment.unit, left.unit) and not any(person in a.members for a in others):
            label = state.charter.role_set[appointment.role].label
            msg = (
                f"person {shown_person(person)!r} is {label} at {appointment.unit!r} (appointment "
                f"{appointment.id!r}) as staff of property company {association!r}; end the appointment "
                "(AppointmentEnded) first, then record them leaving the company"
            )
            raise EligibilityError(msg)
