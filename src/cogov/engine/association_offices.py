"""The associations at work: officers in their posts, activities an association holds, local
worthies (乡贤) joining mediation.

An association kind declares its officer posts and the duties their holders take
(:class:`~cogov.model.vocabulary.OfficerPost`).  An officer is a member of the association,
appointed to a post for a time (:class:`~cogov.model.association_events.AssociationOfficerAppointed`);
while in office, the post's duties authorise the association's own acts within the association's
unit — a council registering a ceremony, inspectors scoring a compound, the charity association
helping a household, a volunteer team recording its themed activity — beside the role
appointments that authorise them as before (:func:`authorise_act`).  A charter whose association
kinds declare no posts has no officers, and its acts are authorised by roles alone.

Membership is read from the register as it stands when an event is applied: events are applied
in recorded order, so "a member at that time" is a member joined by an event recorded before and
not yet left.  An officer cannot leave the association (or the register) while in office.

Person ids in messages are shown as the ledger records them, except that an id shaped like a
resident ID or mobile number is masked the way the library masks those (``4203**********1234``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from cogov.errors import DuplicateError, EligibilityError, NotAuthorisedError, UnknownKeyError
from cogov.masking import shown_person
from cogov.model.association_events import AssociationOfficerAppointed, AssociationOfficerEnded
from cogov.model.event_base import Event
from cogov.model.events import AssociationActivityHeld, MediationStartedWithWorthies
from cogov.model.roles import REGISTER_DUTY
from cogov.model.structure import Association

if TYPE_CHECKING:
    from cogov.engine.folded import IssueRecord
    from cogov.engine.state import State

__all__ = [
    "ASSOCIATION_CHECKS",
    "Office",
    "OfficeRecords",
    "association_folds",
    "authorise_act",
    "check_activity_members",
    "check_no_office",
    "check_worthies",
    "held_at_once",
]


@attrs.frozen
class Office:
    """An officer appointment: ``person`` in ``post`` of ``association`` from ``start`` until ``end``."""

    id: str
    association: str
    person: str
    post: str
    start: datetime
    end: datetime | None = None
    #: the sequence number of the appointment event (where the holder's steps in office begin)
    seq: int = 0

    def in_force(self, at: datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


@attrs.define
class OfficeRecords:
    """The officer appointments recorded so far (ledger state)."""

    offices: dict[str, Office] = attrs.Factory(dict)
    #: (person, association) → the ids of that person's offices in that association
    by_holder: dict[tuple[str, str], tuple[str, ...]] = attrs.Factory(dict)

    def of(self, person: str, association: str) -> list[Office]:
        return [self.offices[o] for o in self.by_holder.get((person, association), ())]

    def held_by(self, person: str, after: datetime) -> list[Office]:
        """``person``'s offices not ended at ``after`` (in force then or later)."""
        return [o for o in self.offices.values() if o.person == person and (o.end is None or o.end > after)]

    def snapshot(self) -> dict[str, Any]:
        """Plain copies, for comparing a replay with the live state."""
        return {"offices": dict(self.offices), "by_holder": dict(self.by_holder)}


def held_at_once(offices: Iterable[Office], start: datetime, until: datetime | None) -> list[Office]:
    """The offices among ``offices`` held together at the busiest moment from ``start`` until
    ``until`` (None: open-ended).

    The number held changes only where an office starts or ends, and rises only where one starts:
    the busiest moment is ``start`` or the start of an office within the term.
    """
    overlapping = [
        o for o in offices if (o.end is None or o.end > start) and (until is None or o.start < until)
    ]
    busiest: list[Office] = []
    for moment in (start, *(o.start for o in overlapping if o.start > start)):
        held = [o for o in overlapping if o.in_force(moment)]
        if len(held) > len(busiest):
            busiest = held
    return busiest


def _records(state: State) -> OfficeRecords:
    return state.association_offices


def _member(state: State, association: Association, person: str, what: str) -> None:
    state.community.present_person(person)
    if person not in association.members:
        msg = (
            f"{what}: person {shown_person(person)!r} is not a member of association "
            f"{association.id!r} ({association.name_en}); record MemberJoined first"
        )
        raise EligibilityError(msg)


# -- authorising an association's own acts --------------------------------------------------------
def authorise_act(
    state: State, actor: str, duty: str, unit: str, at: datetime, *, association_id: str
) -> None:
    """Authorise ``actor`` to perform ``duty`` at ``unit`` for association ``association_id``: by a
    role appointment (as every act), or by an office in force in that association whose post grants
    the duty, when the association's unit covers ``unit``."""
    try:
        state.authority.authorise(actor, duty, unit, at)
    except NotAuthorisedError as refused:
        association = state.community.association(association_id)
        kind = state.charter.association_kind(association.kind)
        granting = [p.key for p in kind.posts if duty in p.duties]
        if not granting:
            raise
        for office in _records(state).of(actor, association_id):
            covers = state.community.within(unit, association.unit)
            if covers and office.in_force(at) and duty in kind.post(office.post).duties:
                return
        msg = (
            f"{refused}; nor is {shown_person(actor)!r} in office in association {association_id!r} "
            f"as {' or '.join(granting)} (posts of {kind.label} that grant {duty!r}) covering {unit!r} "
            f"on {at.isoformat()}"
        )
        raise NotAuthorisedError(msg) from None


# -- checks ----------------------------------------------------------------------------------------
def _officer_appointed(state: State, event: AssociationOfficerAppointed, events: list[Event]) -> None:
    records = _records(state)
    if event.office in records.offices:
        msg = f"office id {event.office!r} is already used; give each officer appointment an id of its own"
        raise DuplicateError(msg)
    association = state.community.association(event.association)
    kind = state.charter.association_kind(association.kind)
    post = kind.post(event.post)
    what = f"officer appointment {event.office!r} ({post.label} of {association.id!r})"
    _member(state, association, event.person, what)
    if event.until is not None and event.until <= event.at:
        msg = f"{what}: until {event.until.isoformat()} must be after the start {event.at.isoformat()}"
        raise EligibilityError(msg)
    current = [
        o
        for o in records.offices.values()
        if o.association == association.id
        and o.post == post.key
        and (o.end is None or o.end > event.at)
        and (event.until is None or o.start < event.until)
    ]
    if any(o.person == event.person for o in current):
        msg = f"{what}: {shown_person(event.person)!r} already holds that post then"
        raise DuplicateError(msg)
    if post.max_holders is not None:
        # those holding the post at one moment, not every office overlapping some part of the term
        held = held_at_once(current, event.at, event.until)
        if len(held) >= post.max_holders:
            holders = ", ".join(o.id for o in held)
            moment = max(event.at, *(o.start for o in held))
            msg = (
                f"{what}: {post.label} allows {post.max_holders} holder(s) at a time and has {holders} "
                f"on {moment.isoformat()}; end one first"
            )
            raise EligibilityError(msg)
    state.authority.authorise(event.actor, REGISTER_DUTY, association.unit, event.at)


def _officer_ended(state: State, event: AssociationOfficerEnded, events: list[Event]) -> None:
    office = _records(state).offices.get(event.office)
    if office is None:
        msg = f"unknown office {event.office!r}; end only officer appointments recorded before (AssociationOfficerAppointed)"
        raise UnknownKeyError(msg)
    if office.end is not None and office.end <= event.at:
        msg = f"office {event.office!r} already ended at {office.end.isoformat()}"
        raise EligibilityError(msg)
    if event.at <= office.start:
        msg = f"office {event.office!r} cannot end at {event.at.isoformat()}, before it starts at {office.start.isoformat()}"
        raise EligibilityError(msg)
    _no_step_after_end(office, event, events)
    unit = state.community.association(office.association).unit
    state.authority.authorise(event.actor, REGISTER_DUTY, unit, event.at)


def _no_step_after_end(office: Office, event: AssociationOfficerEnded, events: list[Event]) -> None:
    """Refuse an end dated at or before a step its holder recorded since taking office.

    Ends are never back-dated beyond the clock skew (:data:`~cogov.engine.timing.NOT_BACKDATED`),
    but within it an end dated before an act the office authorised would leave the ledger holding
    an act by an officer whose office had already ended.  Only the events recorded since the
    appointment are read, and officer appointments end rarely.
    """
    person = office.person
    for seq in range(len(events) - 1, office.seq, -1):
        step = events[seq]
        if step.actor == person and step.at >= event.at:
            msg = (
                f"office {event.office!r} cannot end at {event.at.isoformat()}: its holder "
                f"{shown_person(person)!r} recorded {type(step).type} (event #{seq}) dated "
                f"{step.at.isoformat()} while in office; an office ends when recorded and is never "
                "back-dated: date the end after that step"
            )
            raise EligibilityError(msg)


def check_activity_members(state: State, event: AssociationActivityHeld) -> None:
    """The association holds activities of the event's kind, and every participant is its member."""
    association = state.community.association(event.association)
    if not state.charter.holds_activity(association.kind, event.kind):
        kind = state.charter.association_kind(association.kind)
        msg = (
            f"activity {event.activity!r}: association {association.id!r} is a {kind.label}, which does not "
            f"hold activities of kind {event.kind!r}; its kinds: "
            f"{sorted(k.key for k in state.charter.activity_kinds if state.charter.holds_activity(kind.key, k.key))}"
        )
        raise EligibilityError(msg)
    for person in event.participants:
        _member(state, association, person, f"activity {event.activity!r}: participant")


def check_worthies(state: State, event: MediationStartedWithWorthies, record: IssueRecord) -> None:
    """Each worthy is a member of an association of the charter's local-worthies kind."""
    kind = state.charter.worthies_association
    if kind is None:
        msg = (
            f"issue {record.id!r}: charter {state.charter.key!r} names no local-worthies association kind "
            "(worthies_association); record the mediation without worthies"
        )
        raise EligibilityError(msg)
    associations = [a for a in state.community.associations if a.kind == kind]
    for person in event.worthies:
        state.community.present_person(person)
        if not any(person in a.members for a in associations):
            label = state.charter.association_kind(kind).label
            msg = (
                f"issue {record.id!r}: worthy {shown_person(person)!r} is not a member of any "
                f"{label} association ({', '.join(a.id for a in associations) or 'none formed'})"
            )
            raise EligibilityError(msg)
    if event.lawyer is not None and event.lawyer in event.worthies:
        msg = f"issue {record.id!r}: {shown_person(event.lawyer)!r} is named as lawyer and as a worthy"
        raise EligibilityError(msg)


def check_no_office(state: State, person: str, association: str | None, at: datetime) -> None:
    """Refuse a member leaving ``association`` (any, if None) while holding an office there."""
    held = [
        o for o in _records(state).held_by(person, at) if association is None or o.association == association
    ]
    if held:
        msg = (
            f"person {shown_person(person)!r} holds officer appointments ({', '.join(o.id for o in held)}); "
            "end them (AssociationOfficerEnded) before they leave"
        )
        raise EligibilityError(msg)


#: the checks of the officer events (activities and mediation are checked with their base types)
ASSOCIATION_CHECKS: dict[type[Event], Callable[[State, Any, list[Event]], None]] = {
    AssociationOfficerAppointed: _officer_appointed,
    AssociationOfficerEnded: _officer_ended,
}


# -- folds -----------------------------------------------------------------------------------------
def association_folds(
    records: OfficeRecords,
    remember: Callable[[Callable[[], object]], None],
    authority_change: Callable[[str, datetime], None],
) -> dict[type[Event], Callable[[Any, int, list[Event]], None]]:
    """The fold of each officer event into ``records``; ``remember`` takes how to undo a change,
    ``authority_change`` records a change to the holder's authority (as role appointments do), so
    that no step of theirs is back-dated across it."""

    def put(office: Office) -> None:
        before = records.offices.get(office.id)
        records.offices[office.id] = office
        if before is None:
            remember(lambda: records.offices.pop(office.id))
        else:
            remember(lambda: records.offices.__setitem__(office.id, before))

    def appointed(event: AssociationOfficerAppointed, seq: int, events: list[Event]) -> None:
        put(Office(event.office, event.association, event.person, event.post, event.at, event.until, seq))
        key = (event.person, event.association)
        before = records.by_holder.get(key, ())
        records.by_holder[key] = (*before, event.office)
        if before:
            remember(lambda: records.by_holder.__setitem__(key, before))
        else:
            remember(lambda: records.by_holder.pop(key))
        authority_change(event.person, event.at)

    def ended(event: AssociationOfficerEnded, seq: int, events: list[Event]) -> None:
        office = records.offices[event.office]
        put(attrs.evolve(office, end=event.at))
        authority_change(office.person, event.at)

    return {AssociationOfficerAppointed: appointed, AssociationOfficerEnded: ended}
