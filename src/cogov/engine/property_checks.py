"""The checks of red property management (红色物业): routing to a property company, its staff's steps.

- **Routing** (``route_to_property``): the charter declares a property remit; the issue's kind
  is within it; the company named is an association of the remit's company kind; the issue
  lies within the company's unit (a compound's company serves that compound).
- **The company's steps** (accept, plan, resolve, return): the actor, and a plan's responsible
  person, are members (staff) of the company the issue was routed to.  The actor must also hold
  the step's duty over the issue's unit, as for every step (the ledger checks that after these).
- **Staff appointments**: a role the remit names as a staff role is held only by a member of a
  property company based at the appointment's unit.

Each check raises a :class:`~cogov.errors.CogovError` saying what is refused and how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cogov.engine.folded import IssueRecord
from cogov.errors import (
    DefinitionError,
    EligibilityError,
    IllegalTransitionError,
    NotAuthorisedError,
    UnknownKeyError,
)
from cogov.model.charter import Charter
from cogov.model.events import (
    Event,
    IssueRoutedToProperty,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
)
from cogov.model.property import PropertyRemit
from cogov.model.roles import Appointment
from cogov.model.structure import Community

if TYPE_CHECKING:
    from cogov.engine.state import State

__all__ = ["PROPERTY_CORRECTABLE", "PROPERTY_REFERENCE_CHECKS", "check_staff_appointment"]


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
    assert company_id is not None  # the workflow reaches a company's step only after routing
    company = state.community.association(company_id)
    if person not in company.members:
        name = state.community.person(person).name
        msg = (
            f"issue {record.id!r} is with property company {company.id!r} ({company.name_en}); "
            f"{who} {name} ({person}) is not of its staff: only its own staff take its steps"
        )
        raise NotAuthorisedError(msg)


def _company_step(state: State, event: Any, record: IssueRecord) -> None:
    _remit(state, record)
    _staff(state, record, event.actor, "actor")


def _company_plan(state: State, event: PropertyPlanMade, record: IssueRecord) -> None:
    _company_step(state, event, record)
    state.community.present_person(event.responsible)
    _staff(state, record, event.responsible, "the plan's responsible person")


#: the checks of the property steps, by event type (run before the duty is authorised)
PROPERTY_REFERENCE_CHECKS: dict[type[Event], Callable[[State, Any, IssueRecord], None]] = {
    IssueRoutedToProperty: _route,
    PropertyAccepted: _company_step,
    PropertyPlanMade: _company_plan,
    PropertyResolved: _company_step,
    PropertyReturned: _company_step,
}

#: what may be corrected of each property event: descriptive fields only (never the company)
PROPERTY_CORRECTABLE: dict[type[Event], frozenset[str]] = {
    IssueRoutedToProperty: frozenset({"note"}),
    PropertyAccepted: frozenset({"note"}),
    PropertyPlanMade: frozenset({"matter"}),
    PropertyResolved: frozenset({"outcome"}),
    PropertyReturned: frozenset({"reason"}),
}


def check_staff_appointment(charter: Charter, community: Community, appointment: Appointment) -> None:
    """Raise unless a staff role of the property remit goes to a member of a company at its unit
    (for an appointment event, and for each appointment a genesis record brings)."""
    remit = charter.property_remit
    if remit is None or appointment.role not in remit.staff_roles:
        return
    companies = [
        a for a in community.associations if a.kind == remit.company_kind and a.unit == appointment.unit
    ]
    if any(appointment.person in a.members for a in companies):
        return
    label = charter.role_set[appointment.role].label
    name = community.person(appointment.person).name
    there = ", ".join(a.id for a in companies) or "none"
    msg = (
        f"appointment {appointment.id!r}: {label} is held by the staff of a property company (物业公司) "
        f"at {appointment.unit!r}; {name} ({appointment.person}) is a member of none (companies there: "
        f"{there}); record them joining the company (MemberJoined) first"
    )
    raise EligibilityError(msg)
