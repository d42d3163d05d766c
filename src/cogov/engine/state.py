"""The state a ledger's events fold into, and the one fold that builds it.

:class:`State` holds the community (its register and structure), the appointments, one record
per issue, meeting and activity, and the corrections made so far.  Its methods change it for
one event each and check nothing: :class:`~cogov.engine.ledger.Ledger` checks an event first
(:meth:`Ledger.apply <cogov.engine.ledger.Ledger.apply>`), a trusted replay does not, and
both then call the same method here, so a validated and a trusted replay cannot disagree.

While a batch runs, ``undo`` collects how to take each change back (see
:mod:`cogov.engine.batches`): for an issue, a copy of its record from before the batch (saved
once); for everything else, a function that reverses the change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from cogov.engine.association_offices import OfficeRecords, association_folds
from cogov.engine.authority import Authority
from cogov.engine.community_state import CommunityRecords
from cogov.engine.community_state import folds as community_folds
from cogov.engine.folded import ActivityRecord, IssueRecord, MeetingRecord
from cogov.engine.genesis import Genesis
from cogov.engine.property_checks import check_staff_appointment
from cogov.engine.supervision import SupervisionRecords, supervision_folds
from cogov.model.charter import Charter
from cogov.model.events import (
    ActivityHeld,
    Appointed,
    AppointmentEnded,
    AssociationActivityHeld,
    AssociationFormed,
    AttributeCleared,
    AttributeSet,
    Event,
    EventCorrected,
    FollowUpVisited,
    IssueCollected,
    IssueEvent,
    IssueReopened,
    IssueRoutedToProperty,
    MarkedDuplicate,
    MeetingHeld,
    MemberJoined,
    MemberLeft,
    PersonLeft,
    PersonMoved,
    PersonRegistered,
    PlanMade,
    ReworkOrdered,
    UnitAdded,
    UnitMoved,
    UnitRetired,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Association, Person, Unit

__all__ = ["EXTRA_FIELDS", "State", "corrected", "new_record"]

#: how to take one change back: an issue's saved record, or a function that reverses a change
Undo = tuple[str, Any] | Callable[[], object]


def _set_satisfaction(record: IssueRecord, event: Any) -> None:
    record.satisfaction = event.satisfaction


def _count_reopening(record: IssueRecord, event: Any) -> None:
    record.reopened += 1


def _count_rework(record: IssueRecord, event: Any) -> None:
    record.reworked += 1


def _set_plan(record: IssueRecord, event: Any) -> None:
    record.responsible = event.responsible
    record.deadline = event.deadline


def _set_duplicate(record: IssueRecord, event: Any) -> None:
    record.duplicate_of = event.duplicate_of


def _set_property_company(record: IssueRecord, event: Any) -> None:
    record.property_company = event.company


#: the record fields a step sets beyond state and path, by event type (one lookup per event)
EXTRA_FIELDS: dict[type[Event], Callable[[IssueRecord, Any], None]] = {
    FollowUpVisited: _set_satisfaction,
    IssueReopened: _count_reopening,
    ReworkOrdered: _count_rework,
    PlanMade: _set_plan,
    MarkedDuplicate: _set_duplicate,
    IssueRoutedToProperty: _set_property_company,
}


def new_record(event: IssueCollected) -> IssueRecord:
    """The record of an issue about to be collected (no state yet)."""
    return IssueRecord(
        id=event.issue,
        kind=event.kind,
        unit=event.unit,
        channel=event.channel,
        reporter=event.reporter,
        meeting=event.meeting,
        opened_at=event.at,
        state="",
        last_at=event.at,
        seqs=[],
        path=[],
    )


def corrected(event: Event, changes: tuple[tuple[str, str], ...]) -> Event:
    """``event`` with ``changes`` (field, JSON text) applied; its validators run again."""
    values: dict[str, Any] = {}
    types = {f.name: f.type for f in attrs.fields(type(event))}
    for name, text in changes:
        value = json.loads(text)
        if types.get(name) in (datetime, "datetime", datetime | None, "datetime | None") and isinstance(
            value, str
        ):
            value = datetime.fromisoformat(value)
        values[name] = value
    return attrs.evolve(event, **values)


class State:
    """Community, appointments, records and corrections: what a ledger's events mean now."""

    def __init__(self, charter: Charter, genesis: Genesis) -> None:
        self.charter = charter
        self.workflow = charter.workflow
        self.community = genesis.community()
        self.community.freeze()
        self.authority = Authority(self.community, charter.role_set)
        for appointment in genesis.appointments:  # checked: a genesis must be one a ledger could begin from
            self.authority.appoint(appointment)
            check_staff_appointment(charter, self.community, appointment)
        self.issues: dict[str, IssueRecord] = {}
        self.meetings: dict[str, MeetingRecord] = {}
        self.activities: dict[str, ActivityRecord] = {}
        #: corrections by the sequence number of the event they correct
        self.corrections: dict[int, list[int]] = {}
        #: the latest ``at`` of a recorded change to each person's authority (appointments)
        self.authority_changed: dict[str, datetime] = {}
        #: the latest ``at`` of a recorded change to the structure (units moved or retired)
        self.structure_changed: datetime | None = None
        self.undo: list[Undo] | None = None
        #: issues already saved in the running batch's undo log (their first copy suffices)
        self.saved: set[str] = set()
        self._folds: dict[type[Event], Callable[[Any, int, list[Event]], None]] = {
            MeetingHeld: self._meeting,
            ActivityHeld: self._activity,
            Appointed: self._appointed,
            AppointmentEnded: self._appointment_ended,
            UnitAdded: self._unit_added,
            UnitMoved: self._unit_moved,
            UnitRetired: self._unit_retired,
            PersonRegistered: self._person_registered,
            PersonMoved: self._person_moved,
            PersonLeft: self._person_left,
            AttributeSet: self._attribute_set,
            AttributeCleared: self._attribute_cleared,
            AssociationFormed: self._association_formed,
            MemberJoined: self._member_joined,
            MemberLeft: self._member_left,
            EventCorrected: self._corrected,
        }
        #: cards, notices, escalations and extensions (督办), see cogov.engine.supervision
        self.supervision = SupervisionRecords()
        self._folds.update(supervision_folds(self))
        #: the community's services and organisations at work (double report, services, conventions, …)
        self.community_records = CommunityRecords()
        self._folds.update(community_folds(self.community_records, self._remember))
        #: officers in their associations' posts (see cogov.engine.association_offices)
        self.association_offices = OfficeRecords()
        self._folds.update(
            association_folds(self.association_offices, self._remember, self._authority_change)
        )
        self._folds[AssociationActivityHeld] = self._activity

    # -- issues -----------------------------------------------------------------------------
    def open_issue(self, record: IssueRecord, target: str, seq: int) -> IssueRecord:
        """Record a new issue (made by :func:`new_record`) as collected into ``target``."""
        record.state = target
        record.seqs.append(seq)
        record.path.append(target)
        if self.undo is not None:
            self.saved.add(record.id)
            self.undo.append(("issue", (record.id, None)))
        self.issues[record.id] = record
        return record

    def advance(self, record: IssueRecord, event: IssueEvent, target: str, seq: int) -> IssueRecord:
        if self.undo is not None and record.id not in self.saved:
            # The state before the batch is all a rollback needs: save each issue once.
            self.saved.add(record.id)
            self.undo.append(("issue", (record.id, record.copy())))
        record.state = target
        record.last_at = event.at
        record.seqs.append(seq)
        record.path.append(target)
        extra = EXTRA_FIELDS.get(type(event))
        if extra is not None:
            extra(record, event)
        return record

    # -- everything else --------------------------------------------------------------------
    def fold(self, event: Event, seq: int, events: list[Event]) -> None:
        """Fold a non-issue event (``events`` are those recorded before it, for corrections)."""
        self._folds[type(event)](event, seq, events)

    def folds(self, cls: type[Event]) -> bool:
        return cls in self._folds

    def _remember(self, reverse: Callable[[], object]) -> None:
        if self.undo is not None:
            self.undo.append(reverse)

    def _meeting(self, event: MeetingHeld, seq: int, events: list[Event]) -> None:
        self.meetings[event.meeting] = MeetingRecord(
            event.meeting, event.kind, event.unit, event.at, event.actor, event.attendees, seq
        )
        self._remember(lambda: self.meetings.pop(event.meeting))

    def _activity(self, event: ActivityHeld, seq: int, events: list[Event]) -> None:
        self.activities[event.activity] = _activity_record(event, seq)
        self._remember(lambda: self.activities.pop(event.activity))

    def _authority_change(self, person: str, at: datetime) -> None:
        before = self.authority_changed.get(person)
        if before is None or at > before:
            self.authority_changed[person] = at
            self._remember(lambda: _restore(self.authority_changed, person, before))

    def _appointed(self, event: Appointed, seq: int, events: list[Event]) -> None:
        appointment = Appointment(
            event.appointment, event.person, event.role, event.unit, event.at, event.until
        )
        self.authority._add(appointment)
        self._remember(lambda: self.authority.restore(None, appointment.id))
        self._authority_change(event.person, event.at)

    def _appointment_ended(self, event: AppointmentEnded, seq: int, events: list[Event]) -> None:
        before = self.authority.end(event.appointment, event.at)
        self._remember(lambda: self.authority.restore(before, before.id))
        self._authority_change(before.person, event.at)

    def _structure_change(self, at: datetime) -> None:
        before = self.structure_changed
        if before is None or at > before:
            self.structure_changed = at

            def reverse() -> None:
                self.structure_changed = before

            self._remember(reverse)

    def _unit_added(self, event: UnitAdded, seq: int, events: list[Event]) -> None:
        community = self.community
        community._add_unit(Unit(event.unit, event.level, event.name_zh, event.name_en, event.parent))
        self._remember(lambda: community._remove_unit(event.unit))

    def _unit_moved(self, event: UnitMoved, seq: int, events: list[Event]) -> None:
        community = self.community
        old_parent = community.unit(event.unit).parent
        assert old_parent is not None
        community._move_unit(event.unit, event.parent)
        self._remember(lambda: community._move_unit(event.unit, old_parent))
        self._structure_change(event.at)

    def _unit_retired(self, event: UnitRetired, seq: int, events: list[Event]) -> None:
        community = self.community
        community._retire_unit(event.unit)
        self._remember(lambda: community._retired.discard(event.unit))
        self._structure_change(event.at)

    def _person_registered(self, event: PersonRegistered, seq: int, events: list[Event]) -> None:
        community = self.community
        community._add_person(Person(event.person, event.name, event.household, event.attributes))
        self._remember(lambda: community._remove_person(event.person))

    def _person_moved(self, event: PersonMoved, seq: int, events: list[Event]) -> None:
        community = self.community
        old = community.person(event.person).household
        community._move_person(event.person, event.household)
        self._remember(lambda: community._move_person(event.person, old))

    def _person_left(self, event: PersonLeft, seq: int, events: list[Event]) -> None:
        community = self.community
        community._mark_left(event.person)
        self._remember(lambda: community._left.discard(event.person))

    def _set_attributes(self, person_id: str, attributes: frozenset[str]) -> None:
        community = self.community
        before = community.person(person_id).attributes
        community._set_attributes(person_id, attributes)
        self._remember(lambda: community._set_attributes(person_id, before))

    def _attribute_set(self, event: AttributeSet, seq: int, events: list[Event]) -> None:
        attributes = self.community.person(event.person).attributes
        self._set_attributes(event.person, attributes | {event.attribute})

    def _attribute_cleared(self, event: AttributeCleared, seq: int, events: list[Event]) -> None:
        attributes = self.community.person(event.person).attributes
        self._set_attributes(event.person, attributes - {event.attribute})

    def _association_formed(self, event: AssociationFormed, seq: int, events: list[Event]) -> None:
        community = self.community
        community._add_association(
            Association(event.association, event.kind, event.unit, event.name_zh, event.name_en)
        )
        self._remember(lambda: community._associations.pop(event.association))

    def _set_members(self, association_id: str, members: tuple[str, ...]) -> None:
        community = self.community
        before = community.association(association_id).members
        community._set_members(association_id, members)
        self._remember(lambda: community._set_members(association_id, before))

    def _member_joined(self, event: MemberJoined, seq: int, events: list[Event]) -> None:
        members = self.community.association(event.association).members
        self._set_members(event.association, (*members, event.person))

    def _member_left(self, event: MemberLeft, seq: int, events: list[Event]) -> None:
        members = self.community.association(event.association).members
        self._set_members(event.association, tuple(m for m in members if m != event.person))

    def result_of(self, event: Event) -> object:
        """What :meth:`Ledger.apply <cogov.engine.ledger.Ledger.apply>` returns for a non-issue
        event: the record it made or changed (a meeting, an activity, an appointment), else itself."""
        for name in ("meeting", "activity"):
            key = getattr(event, name, None)
            if isinstance(key, str):
                found = (self.meetings if name == "meeting" else self.activities).get(key)
                if found is not None:
                    return found
        appointment = getattr(event, "appointment", None)
        if isinstance(appointment, str):
            return self.authority.appointment(appointment)
        return event

    # -- corrections ------------------------------------------------------------------------
    def effective(self, seq: int, events: list[Event]) -> Event:
        """Event ``seq`` with every correction recorded so far applied, in order."""
        event = events[seq]
        for correction in self.corrections.get(seq, ()):
            fix = events[correction]
            assert isinstance(fix, EventCorrected)
            event = corrected(event, fix.changes)
        return event

    def _corrected(self, event: EventCorrected, seq: int, events: list[Event]) -> None:
        target = event.corrects
        if target >= seq:
            msg = f"correction #{seq} cites event #{target}, which is not recorded before it"
            raise IndexError(msg)
        now = corrected(self.effective(target, events), event.changes)
        self.corrections.setdefault(target, []).append(seq)

        def forget() -> None:
            fixes = self.corrections[target]
            fixes.pop()
            if not fixes:
                del self.corrections[target]

        self._remember(forget)
        self._refresh(target, now, events)

    def _refresh(self, target: int, now: Event, events: list[Event]) -> None:
        """Bring the records built from event ``target`` in line with its corrected form."""
        if isinstance(now, IssueEvent):
            record = self.issues[now.issue]
            if record.id not in self.saved and self.undo is not None:
                self.saved.add(record.id)
                self.undo.append(("issue", (record.id, record.copy())))
            record.satisfaction = record.responsible = record.deadline = None
            for seq in record.seqs:
                step = now if seq == target else self.effective(seq, events)
                if type(step) in (FollowUpVisited, PlanMade):
                    EXTRA_FIELDS[type(step)](record, step)
        elif isinstance(now, MeetingHeld):
            old = self.meetings[now.meeting]
            self.meetings[now.meeting] = attrs.evolve(old, attendees=now.attendees)
            self._remember(lambda: self.meetings.__setitem__(now.meeting, old))
        elif isinstance(now, ActivityHeld):
            old_activity = self.activities[now.activity]
            self.activities[now.activity] = _activity_record(now, target)
            self._remember(lambda: self.activities.__setitem__(now.activity, old_activity))
        elif isinstance(now, PersonRegistered):
            community = self.community
            person = community.person(now.person)
            community._people[now.person] = attrs.evolve(person, name=now.name)
            self._remember(lambda: community._people.__setitem__(now.person, person))
        elif isinstance(now, UnitAdded):
            community = self.community
            unit = community.unit(now.unit)
            community._units[now.unit] = attrs.evolve(unit, name_zh=now.name_zh, name_en=now.name_en)
            self._remember(lambda: community._units.__setitem__(now.unit, unit))
        elif isinstance(now, AssociationFormed):
            community = self.community
            association = community.association(now.association)
            community._associations[now.association] = attrs.evolve(
                association, name_zh=now.name_zh, name_en=now.name_en
            )
            self._remember(lambda: community._associations.__setitem__(now.association, association))


def _activity_record(event: ActivityHeld, seq: int) -> ActivityRecord:
    return ActivityRecord(
        event.activity,
        event.kind,
        event.unit,
        event.at,
        event.actor,
        event.participants,
        event.hours,
        seq,
    )


def _restore(mapping: dict[str, datetime], key: str, before: datetime | None) -> None:
    if before is None:
        mapping.pop(key, None)
    else:
        mapping[key] = before
