"""The checks of every event that is not an issue step: meetings, activities, appointments,
the register and structure, and corrections.

Each check raises a :class:`~cogov.errors.CogovError` saying what is refused and why, or
returns having changed nothing; the ledger then folds the event
(:mod:`cogov.engine.state`).  Every check ends by authorising the actor: a duty held over a
unit at the event's time, as for issue steps.  The register and the structure are kept under
two duties, :data:`~cogov.model.roles.REGISTER_DUTY` (people, attributes, members) and
:data:`~cogov.model.roles.STRUCTURE_DUTY` (units, associations).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cogov.engine.association_offices import (
    ASSOCIATION_CHECKS,
    authorise_act,
    check_activity_members,
    check_no_office,
    check_worthies,
)
from cogov.engine.community_checks import COMMUNITY_CHECKS
from cogov.engine.folded import IssueRecord
from cogov.engine.property_checks import (
    PROPERTY_CORRECTABLE,
    PROPERTY_REFERENCE_CHECKS,
    check_property_correction,
    check_staff_appointment,
    check_staff_leaving,
)
from cogov.engine.state import State, corrected
from cogov.engine.supervision import SUPERVISION_CHECKS
from cogov.errors import (
    CogovError,
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
    OutOfOrderError,
    UnknownKeyError,
)
from cogov.model.events import (
    ActivityHeld,
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    AppointmentEnded,
    AssociationActivityHeld,
    AssociationFormed,
    AttributeCleared,
    AttributeSet,
    CompletionConfirmed,
    Event,
    EventCorrected,
    FollowUpVisited,
    IssueActionTaken,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueShelved,
    IssueWithdrawn,
    MediationFailed,
    MediationStarted,
    MediationStartedWithWorthies,
    MeetingHeld,
    MemberJoined,
    MemberLeft,
    PersonLeft,
    PersonMoved,
    PersonRegistered,
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    UnitAdded,
    UnitMoved,
    UnitRetired,
    VerificationVisited,
    WhistleBlown,
)
from cogov.model.roles import APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY, Appointment
from cogov.model.structure import Association, Person, PersonAttribute, Unit

__all__ = ["CHECKS", "CORRECTABLE", "ISSUE_REFERENCE_CHECKS", "Check"]

#: a check of one event type: (state, event, events recorded before it) -> None or raise
Check = Callable[[State, Any, list[Event]], None]


def _level(state: State, what: str, level: str, expected: str, code: str) -> None:
    community = state.community
    if community.level_depth(level) < community.level_depth(expected):
        msg = f"{what} is held at {expected!r} level or below, but unit {code!r} is a {level!r}"
        raise InvalidFieldError(msg)


def _meeting(state: State, event: MeetingHeld, events: list[Event]) -> None:
    if event.meeting in state.meetings:
        msg = f"meeting id {event.meeting!r} is already used; give each meeting an id of its own"
        raise DuplicateError(msg)
    kind = state.charter.meeting_kind(event.kind)
    community = state.community
    unit = community.unit_in_use(event.unit, f"meeting {event.meeting!r}: unit")
    _level(state, f"meeting {event.meeting!r} ({kind.label})", unit.level, kind.level, unit.code)
    for person in event.attendees:
        community.present_person(person)
    state.authority.authorise(event.actor, kind.duty, event.unit, event.at)


def _activity(state: State, event: ActivityHeld, events: list[Event]) -> None:
    if event.activity in state.activities:
        msg = f"activity id {event.activity!r} is already used; give each activity an id of its own"
        raise DuplicateError(msg)
    kind = state.charter.activity_kind(event.kind)
    community = state.community
    community.unit_in_use(event.unit, f"activity {event.activity!r}: unit")
    for person in event.participants:
        community.present_person(person)
    if isinstance(event, AssociationActivityHeld):
        check_activity_members(state, event)
        authorise_act(state, event.actor, kind.duty, event.unit, event.at, association_id=event.association)
        return
    state.authority.authorise(event.actor, kind.duty, event.unit, event.at)


def _appointed(state: State, event: Appointed, events: list[Event]) -> None:
    appointment = Appointment(event.appointment, event.person, event.role, event.unit, event.at, event.until)
    state.community.present_person(event.person)
    state.community.unit_in_use(event.unit, f"appointment {event.appointment!r}: unit")
    state.authority.check_appointment(appointment)
    check_staff_appointment(state.charter, state.community, appointment)
    state.authority.authorise(event.actor, APPOINT_DUTY, event.unit, event.at)


def _appointment_ended(state: State, event: AppointmentEnded, events: list[Event]) -> None:
    current = state.authority.check_end(event.appointment, event.at)
    state.authority.authorise(event.actor, APPOINT_DUTY, current.unit, event.at)


# -- the structure -------------------------------------------------------------------------------
def _unit_added(state: State, event: UnitAdded, events: list[Event]) -> None:
    state.community.check_unit(Unit(event.unit, event.level, event.name_zh, event.name_en, event.parent))
    state.authority.authorise(event.actor, STRUCTURE_DUTY, event.parent, event.at)


def _unit_moved(state: State, event: UnitMoved, events: list[Event]) -> None:
    community = state.community
    community.check_move_unit(event.unit, event.parent)
    old_parent = community.unit(event.unit).parent
    assert old_parent is not None
    state.authority.authorise(event.actor, STRUCTURE_DUTY, old_parent, event.at)
    state.authority.authorise(event.actor, STRUCTURE_DUTY, event.parent, event.at)


def _unit_retired(state: State, event: UnitRetired, events: list[Event]) -> None:
    community = state.community
    community.check_retire_unit(event.unit)
    active = [a.id for a in state.authority if a.unit == event.unit and a.active_at(event.at)]
    if active:
        msg = f"unit {event.unit!r} still has appointments in force ({', '.join(active)}); end them first"
        raise EligibilityError(msg)
    parent = community.unit(event.unit).parent
    assert parent is not None
    state.authority.authorise(event.actor, STRUCTURE_DUTY, parent, event.at)


def _association_formed(state: State, event: AssociationFormed, events: list[Event]) -> None:
    state.charter.association_kind(event.kind)
    state.community.unit_in_use(event.unit, f"association {event.association!r}: unit")
    state.community.check_association(
        Association(event.association, event.kind, event.unit, event.name_zh, event.name_en)
    )
    state.authority.authorise(event.actor, STRUCTURE_DUTY, event.unit, event.at)


# -- the register --------------------------------------------------------------------------------
def _home(state: State, person: Person, actor: str, at: datetime) -> str:
    """The unit a person's register entry is kept at: their household; for a person with none
    (an official living elsewhere), the unit of the actor's own register duty at the top level
    that duty is held at (a community's register keepers register its officials)."""
    if person.household is not None:
        return person.household
    authority, community = state.authority, state.community
    levels = {spec.level for spec in authority.role_set.holding(REGISTER_DUTY)}
    top = min(levels, key=community.level_depth) if levels else None
    for appointment in authority.of_person(actor):
        if (
            appointment.active_at(at)
            and REGISTER_DUTY in authority.role_set[appointment.role].duties
            and community.unit(appointment.unit).level == top
        ):
            return appointment.unit
    root = community.root
    assert root is not None
    return root  # refused by authorise below, with its reasons


def _person_registered(state: State, event: PersonRegistered, events: list[Event]) -> None:
    person = Person(event.person, event.name, event.household, event.attributes)
    state.community.check_person(person)
    state.authority.authorise(
        event.actor, REGISTER_DUTY, _home(state, person, event.actor, event.at), event.at
    )


def _person_moved(state: State, event: PersonMoved, events: list[Event]) -> None:
    community = state.community
    community.check_move_person(event.person, event.household)
    person = community.person(event.person)
    state.authority.authorise(
        event.actor, REGISTER_DUTY, _home(state, person, event.actor, event.at), event.at
    )
    state.authority.authorise(event.actor, REGISTER_DUTY, event.household, event.at)


def _in_force(state: State, person: str, event: Event) -> list[Appointment]:
    return [a for a in state.authority.of_person(person) if a.end is None or a.end > event.at]


def _person_left(state: State, event: PersonLeft, events: list[Event]) -> None:
    person = state.community.present_person(event.person)
    held = _in_force(state, event.person, event)
    if held:
        msg = (
            f"person {event.person!r} still holds appointments ({', '.join(a.id for a in held)}); "
            "end them (AppointmentEnded) before recording that they left"
        )
        raise EligibilityError(msg)
    check_no_office(state, event.person, None, event.at)
    state.authority.authorise(
        event.actor, REGISTER_DUTY, _home(state, person, event.actor, event.at), event.at
    )


def _attribute_set(state: State, event: AttributeSet, events: list[Event]) -> None:
    person = state.community.present_person(event.person)
    if event.attribute in person.attributes:
        msg = f"person {event.person!r} already has attribute {event.attribute!r}"
        raise DuplicateError(msg)
    state.authority.authorise(
        event.actor, REGISTER_DUTY, _home(state, person, event.actor, event.at), event.at
    )


def _attribute_cleared(state: State, event: AttributeCleared, events: list[Event]) -> None:
    person = state.community.present_person(event.person)
    if event.attribute not in person.attributes:
        msg = f"person {event.person!r} has no attribute {event.attribute!r}; attributes: {sorted(person.attributes)}"
        raise UnknownKeyError(msg)
    role_set = state.authority.role_set
    needing = [
        a.id for a in _in_force(state, event.person, event) if event.attribute in role_set[a.role].requires
    ]
    if needing:
        msg = (
            f"person {event.person!r} holds appointments that require {event.attribute!r} "
            f"({', '.join(needing)}); end them before clearing it"
        )
        raise EligibilityError(msg)
    state.authority.authorise(
        event.actor, REGISTER_DUTY, _home(state, person, event.actor, event.at), event.at
    )


def _member_joined(state: State, event: MemberJoined, events: list[Event]) -> None:
    association = state.community.association(event.association)
    state.community.present_person(event.person)
    if event.person in association.members:
        msg = f"person {event.person!r} is already a member of association {event.association!r}"
        raise DuplicateError(msg)
    state.authority.authorise(event.actor, REGISTER_DUTY, association.unit, event.at)


def _member_left(state: State, event: MemberLeft, events: list[Event]) -> None:
    association = state.community.association(event.association)
    if event.person not in association.members:
        msg = f"person {event.person!r} is not a member of association {event.association!r}"
        raise UnknownKeyError(msg)
    check_no_office(state, event.person, event.association, event.at)
    check_staff_leaving(state, event.person, event.association, event.at)
    state.authority.authorise(event.actor, REGISTER_DUTY, association.unit, event.at)


# -- corrections ---------------------------------------------------------------------------------
#: what may be corrected of each event type: descriptive fields only, never who, when, what or which step
CORRECTABLE: dict[type[Event], frozenset[str]] = {
    IssueCollected: frozenset({"summary"}),
    AnsweredOnSpot: frozenset({"answer"}),
    IssueRegistered: frozenset({"note"}),
    WhistleBlown: frozenset({"summoned", "matter"}),
    VerificationVisited: frozenset({"findings"}),
    PlanMade: frozenset({"responsible", "matter", "deadline"}),
    AgreementReached: frozenset({"terms"}),
    MediationFailed: frozenset({"reason"}),
    IssueResolved: frozenset({"outcome"}),
    CompletionConfirmed: frozenset({"note"}),
    ReworkOrdered: frozenset({"reason"}),
    FollowUpVisited: frozenset({"satisfaction", "note"}),
    IssueReopened: frozenset({"reason"}),
    IssueRejected: frozenset({"reason"}),
    IssueWithdrawn: frozenset({"reason"}),
    IssueShelved: frozenset({"reason"}),
    ReferredOut: frozenset({"to", "reason"}),
    IssueActionTaken: frozenset({"note"}),
    MeetingHeld: frozenset({"attendees", "note"}),
    ActivityHeld: frozenset({"participants", "hours"}),
    # participants of an association's activity are checked against its membership when recorded
    AssociationActivityHeld: frozenset({"hours"}),
    UnitAdded: frozenset({"name_zh", "name_en"}),
    UnitRetired: frozenset({"reason"}),
    PersonRegistered: frozenset({"name"}),
    PersonLeft: frozenset({"reason"}),
    AssociationFormed: frozenset({"name_zh", "name_en"}),
    **PROPERTY_CORRECTABLE,
}


def _duty_of(state: State, seq: int, original: Event, actor: str, at: datetime) -> tuple[str, str]:
    """The duty and unit event ``seq`` needed: a correction needs the same."""
    if isinstance(original, IssueEvent):
        record = state.issues[original.issue]
        position = record.seqs.index(seq)
        before = record.path[position - 1] if position else None
        transition = state.workflow.move(before, original.action)
        assert transition is not None
        return transition.duty, record.unit
    if isinstance(original, MeetingHeld):
        return state.charter.meeting_kind(original.kind).duty, original.unit
    if isinstance(original, ActivityHeld):
        return state.charter.activity_kind(original.kind).duty, original.unit
    if isinstance(original, UnitAdded | UnitRetired):
        parent = state.community.unit(original.unit).parent
        return STRUCTURE_DUTY, parent or original.unit
    if isinstance(original, AssociationFormed):
        return STRUCTURE_DUTY, original.unit
    if isinstance(original, PersonRegistered | PersonLeft):
        return REGISTER_DUTY, _home(state, state.community.person(original.person), actor, at)
    msg = f"events of type {type(original).type!r} cannot be corrected"
    raise InvalidFieldError(msg)


def _correction(state: State, event: EventCorrected, events: list[Event]) -> None:
    seq = event.corrects
    if seq >= len(events):
        msg = f"correction cites event #{seq}, but only {len(events)} events are recorded before it"
        raise UnknownKeyError(msg)
    original = events[seq]
    allowed = CORRECTABLE.get(type(original), frozenset())
    name = type(original).type
    for field, _ in event.changes:
        if field not in allowed:
            msg = (
                f"correction of event #{seq} ({name}): field {field!r} cannot be corrected; "
                f"correctable fields of {name}: {sorted(allowed) or 'none'}. Who acted, when, on what "
                "and which step stay as recorded; undo a wrong step with the workflow's own actions"
            )
            raise IllegalTransitionError(msg)
    try:
        now = corrected(state.effective(seq, events), event.changes)
    except json.JSONDecodeError as error:
        msg = f"correction of event #{seq} ({name}): a value is not JSON text ({error})"
        raise InvalidFieldError(msg) from None
    except CogovError as error:
        msg = f"correction of event #{seq} ({name}): {error}"
        raise InvalidFieldError(msg) from None
    except (TypeError, ValueError) as error:
        msg = f"correction of event #{seq} ({name}): a value has the wrong type ({error})"
        raise InvalidFieldError(msg) from None
    community = state.community
    if isinstance(now, FollowUpVisited):
        state.charter.satisfaction(now.satisfaction)
    elif isinstance(now, PlanMade):
        community.present_person(now.responsible)
        if now.deadline <= now.at:
            msg = f"correction of event #{seq}: plan deadline {now.deadline.isoformat()} must be after the plan is made"
            raise InvalidFieldError(msg)
    elif isinstance(now, MeetingHeld):
        for person in now.attendees:
            community.person(person)
    elif isinstance(now, ActivityHeld):
        for person in now.participants:
            community.person(person)
    # a company's step is corrected by its own staff, as it was taken (checked before the duty, like the step)
    check_property_correction(state, seq, original, event.actor, events)
    duty, unit = _duty_of(state, seq, original, event.actor, event.at)
    if isinstance(original, AssociationActivityHeld):
        authorise_act(state, event.actor, duty, unit, event.at, association_id=original.association)
        return
    state.authority.authorise(event.actor, duty, unit, event.at)


# -- the references an issue step makes ------------------------------------------------------
def _plan(state: State, event: PlanMade, record: IssueRecord) -> None:
    state.community.present_person(event.responsible)
    if event.deadline <= event.at:
        msg = f"issue {record.id!r}: plan deadline {event.deadline.isoformat()} must be after the plan is made ({event.at.isoformat()})"
        raise InvalidFieldError(msg)


def _mediation(state: State, event: MediationStarted, record: IssueRecord) -> None:
    community = state.community
    community.present_person(event.mediator)
    # The mediator presides (调委会主持): they must hold the duty this step needs, over the
    # issue's unit, at that time, as the actor recording it must.
    transition = state.workflow.move(record.state, event.action)
    duty = transition.duty if transition is not None else event.action
    try:
        state.authority.authorise(event.mediator, duty, record.unit, event.at)
    except NotAuthorisedError as refused:
        msg = f"issue {record.id!r}: mediator {event.mediator!r} must hold the duty {duty!r}: {refused}"
        raise NotAuthorisedError(msg) from None
    if event.lawyer is not None:
        lawyer = community.present_person(event.lawyer)
        if PersonAttribute.LAWYER not in lawyer.attributes:
            msg = (
                f"issue {record.id!r}: lawyer {event.lawyer!r} is not registered as a lawyer (attribute "
                f"{PersonAttribute.LAWYER!r}); name a registered lawyer or legal adviser, or none"
            )
            raise EligibilityError(msg)


def _mediation_with_worthies(state: State, event: MediationStartedWithWorthies, record: IssueRecord) -> None:
    _mediation(state, event, record)
    check_worthies(state, event, record)


def _follow_up(state: State, event: FollowUpVisited, record: IssueRecord) -> None:
    state.charter.satisfaction(event.satisfaction)


def _escalation(state: State, event: IssueEscalated, record: IssueRecord) -> None:
    if event.meeting is None:
        return
    meeting = state.meetings.get(event.meeting)
    if meeting is None:
        msg = f"issue {record.id!r}: escalated to unknown meeting {event.meeting!r}; record the MeetingHeld first"
        raise UnknownKeyError(msg)
    wanted = state.charter.escalation_meeting
    if wanted is not None and meeting.kind != wanted:
        msg = (
            f"issue {record.id!r}: escalation cites meeting {meeting.id!r}, a {meeting.kind!r}; "
            f"the charter takes issues up at a {wanted!r}: cite one of those"
        )
        raise InvalidFieldError(msg)
    if meeting.at > event.at:
        msg = (
            f"issue {record.id!r}: escalated at {event.at.isoformat()} to meeting {meeting.id!r}, "
            f"which is held later ({meeting.at.isoformat()})"
        )
        raise OutOfOrderError(msg)
    if not state.community.within(record.unit, meeting.unit):
        msg = (
            f"issue {record.id!r} at unit {record.unit!r} cannot be escalated to meeting {meeting.id!r}, "
            f"held for unit {meeting.unit!r}"
        )
        raise InvalidFieldError(msg)


#: the checks of the people, answers and meetings an issue step refers to, by event type
ISSUE_REFERENCE_CHECKS: dict[type[Event], Callable[[State, Any, IssueRecord], None]] = {
    PlanMade: _plan,
    MediationStarted: _mediation,
    MediationStartedWithWorthies: _mediation_with_worthies,
    FollowUpVisited: _follow_up,
    IssueEscalated: _escalation,
    **PROPERTY_REFERENCE_CHECKS,
}

CHECKS: dict[type[Event], Check] = {
    **SUPERVISION_CHECKS,
    MeetingHeld: _meeting,
    ActivityHeld: _activity,
    AssociationActivityHeld: _activity,
    Appointed: _appointed,
    AppointmentEnded: _appointment_ended,
    UnitAdded: _unit_added,
    UnitMoved: _unit_moved,
    UnitRetired: _unit_retired,
    PersonRegistered: _person_registered,
    PersonMoved: _person_moved,
    PersonLeft: _person_left,
    AttributeSet: _attribute_set,
    AttributeCleared: _attribute_cleared,
    AssociationFormed: _association_formed,
    MemberJoined: _member_joined,
    MemberLeft: _member_left,
    EventCorrected: _correction,
    **COMMUNITY_CHECKS,
    **ASSOCIATION_CHECKS,
}
