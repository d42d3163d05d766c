"""The ledger driven by legal and illegal actions next to a plain model of what it should do.

The model below knows nothing of the engine: units are a parent map, people a dict of
households and attribute sets, associations member lists, appointments plain tuples, the
workflow a dict of (state, action) -> state read from the canonical workflow's declaration.
For every action (issue steps, appointments, register and structure changes) it predicts the
set of errors that may be raised (empty: the event must be accepted).  Invariants: every
issue is where the model says and appears once; the community is what the model says; every
history is a path through the workflow; refused actions change nothing; replay (validated and
trusted) equals the live state; full verification returns the head; ``as_of(t)`` equals a
ledger replayed from the events recorded by ``t``; tampering is detected at the right event.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cogov import (
    CANONICAL_WORKFLOW,
    Appointment,
    AssociationKind,
    Charter,
    CogovError,
    Community,
    Ledger,
    Person,
    Unit,
    basic_charter,
)
from cogov.errors import (
    DefinitionError,
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
    OutOfOrderError,
    RecordingTimeError,
    TamperedHistoryError,
    UnknownKeyError,
)
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    AppointmentEnded,
    AssociationFormed,
    AttributeCleared,
    AttributeSet,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueResumed,
    IssueShelved,
    IssueWithdrawn,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
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
    VerificationVisited,
    WhistleBlown,
)
from cogov.model.canonical import BASIC_ROLE_SET, DEFAULT_ISSUE_KINDS, DEFAULT_SATISFACTION_SCALE
from cogov.testing import EPOCH

# -- the fixed world --------------------------------------------------------------------------
PARENT: dict[str, str | None] = {
    "C": None,
    "T": "C",
    "X": "T",
    "G1": "X",
    "G2": "X",
    "K1": "G1",
    "K2": "G2",
    "B1": "K1",
    "B2": "K2",
    "H1": "B1",
    "H2": "B1",
    "H3": "B2",
}
LEVEL = {
    "C": "county",
    "T": "town",
    "X": "community",
    "G1": "grid",
    "G2": "grid",
    "K1": "compound",
    "K2": "compound",
    "B1": "building",
    "B2": "building",
    "H1": "household",
    "H2": "household",
    "H3": "household",
}
PEOPLE = {
    "sec": frozenset({"party_member"}),
    "cadre": frozenset(),
    "gh1": frozenset(),
    "gh2": frozenset(),
    "bh1": frozenset(),
    "med": frozenset({"mediator"}),
    "law": frozenset({"lawyer"}),
    "res1": frozenset(),
    "res2": frozenset(),
}
HOME = {"res1": "H1", "res2": "H3"}
INITIAL = (
    ("A-sec", "sec", "community_secretary", "X"),
    ("A-cadre", "cadre", "community_cadre", "X"),
    ("A-gh1", "gh1", "grid_head", "G1"),
    ("A-gh2", "gh2", "grid_head", "G2"),
    ("A-bh1", "bh1", "building_head", "B1"),
    ("A-med", "med", "mediator", "X"),
)

# The model reads the *declarations* of the canonical workflow and role set (data), never the engine.
MOVES = {
    (source, tr.action): tr.target
    for tr in CANONICAL_WORKFLOW.transitions
    for source in (tr.sources or {None})
}
ACTIONS = sorted({tr.action for tr in CANONICAL_WORKFLOW.transitions})
DUTIES = {spec.key: spec.duties for spec in BASIC_ROLE_SET}
REQUIRES = {spec.key: spec.requires for spec in BASIC_ROLE_SET}
DEPTH = {
    key: depth
    for depth, key in enumerate(("county", "town", "community", "grid", "compound", "building", "household"))
}
ATTRIBUTES = ["elderly_alone", "party_member", "volunteer", "mediator"]
MEDIABLE = {k.key for k in DEFAULT_ISSUE_KINDS if k.mediable}
KINDS = [k.key for k in DEFAULT_ISSUE_KINDS]
SCALE = [s.key for s in DEFAULT_SATISFACTION_SCALE]
ISSUE_POOL = ["I1", "I2", "I3", "I4", "I5"]


def build_charter() -> Charter:
    """The basic charter plus one association kind (the basic charter declares none)."""
    return attrs.evolve(
        basic_charter(), association_kinds=(AssociationKind("patrol_team", "巡逻队", "patrol team"),)
    )


def build_community() -> Community:
    community = Community()
    for code, parent in PARENT.items():
        community.add_unit(Unit(code, LEVEL[code], f"单位{code}", f"unit {code}", parent))
    for person, attributes in PEOPLE.items():
        community.add_person(Person(person, f"name {person}", HOME.get(person), attributes))
    return community


def initial_appointments() -> list[Appointment]:
    return [Appointment(a, p, r, u, EPOCH) for a, p, r, u in INITIAL]


# -- the plain model -------------------------------------------------------------------------
@dataclass
class ModelIssue:
    kind: str
    unit: str
    state: str
    last_at: datetime
    path: list[str]
    seqs: list[int]
    reporter: str | None = None


SKEW = timedelta(minutes=5)
LATE_WORKING_DAYS = 2

#: appointments and register and structure changes take effect when recorded: never back-dated
NOT_BACKDATED = (
    Appointed,
    AppointmentEnded,
    UnitAdded,
    UnitMoved,
    PersonRegistered,
    PersonMoved,
    PersonLeft,
    AttributeSet,
    AttributeCleared,
    AssociationFormed,
    MemberJoined,
    MemberLeft,
)


def weekdays_between(start: datetime, end: datetime) -> int:
    """Monday-to-Friday days in (start's date, end's date], both read in start's timezone."""
    day, last = start.date(), end.astimezone(start.tzinfo).date()
    count = 0
    while day < last:
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


@dataclass
class ModelPerson:
    household: str | None
    attributes: set[str]
    left: bool = False


@dataclass
class Model:
    issues: dict[str, ModelIssue] = field(default_factory=dict)
    #: appointment id -> [person, role, unit, start, end]
    appointments: dict[str, list[object]] = field(default_factory=dict)
    events: int = 0
    #: the ledger's clock: the latest time recorded (its clock follows the events)
    clock: datetime | None = None
    #: the recorded time of each accepted event (the clock just after it)
    recorded: list[datetime] = field(default_factory=list)
    #: person -> the latest time a change to their appointments took effect
    changed: dict[str, datetime] = field(default_factory=dict)
    #: the latest time a unit was moved (nothing late may be dated before it)
    structure_changed: datetime | None = None
    #: the unit tree: code -> parent code, code -> level
    parent: dict[str, str | None] = field(default_factory=lambda: dict(PARENT))
    level: dict[str, str] = field(default_factory=lambda: dict(LEVEL))
    people: dict[str, ModelPerson] = field(
        default_factory=lambda: {p: ModelPerson(HOME.get(p), set(a)) for p, a in PEOPLE.items()}
    )
    #: association id -> (unit, members in joining order)
    associations: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def lineage(self, code: str) -> set[str]:
        """The unit and its ancestors, by walking the parent map."""
        found: set[str] = set()
        current: str | None = code
        while current is not None:
            found.add(current)
            current = self.parent[current]
        return found

    def timing(self, event: Event) -> set[type[CogovError]]:
        """The recording-time rules: late only within the window, never across an authority change."""
        clock, at = self.clock, event.at
        if clock is not None and clock - at > SKEW:
            if isinstance(event, NOT_BACKDATED):
                return {RecordingTimeError}
            if weekdays_between(at, clock) > LATE_WORKING_DAYS:
                return {RecordingTimeError}
            if self.structure_changed is not None and at < self.structure_changed:
                return {RecordingTimeError}
        changed = self.changed.get(event.actor)
        if changed is not None and at < changed:
            return {RecordingTimeError}
        return set()

    def present(self, person: str) -> set[type[CogovError]]:
        """Why ``person`` may take no part: unknown, or left the register."""
        if person not in self.people:
            return {UnknownKeyError}
        if self.people[person].left:
            return {InvalidFieldError}
        return set()

    def authorised(self, person: str, duty: str, unit: str, at: datetime) -> set[type[CogovError]]:
        if person not in self.people:
            return {UnknownKeyError}
        if unit not in self.parent:
            return {UnknownKeyError}
        covering = self.lineage(unit)
        for who, role, where, start, end in self.appointments.values():
            if (
                who == person
                and duty in DUTIES[role]  # type: ignore[index]
                and where in covering
                and start <= at  # type: ignore[operator]
                and (end is None or at < end)  # type: ignore[operator]
            ):
                return set()
        return {NotAuthorisedError}

    def in_force(self, person: str, at: datetime) -> list[str]:
        """The roles ``person`` holds at ``at`` or later (appointments not ended by then)."""
        return [
            str(role)
            for who, role, _where, _start, end in self.appointments.values()
            if who == person and (end is None or end > at)  # type: ignore[operator]
        ]

    def home(self, person: str, actor: str, at: datetime, household: str | None = None) -> str:
        """Where a person's register entry is kept: their household; for a person with none,
        the unit of the actor's own register duty at the community level (the top level a
        basic role holds it at), or the root when the actor has none there."""
        if person in self.people:
            household = self.people[person].household
        if household is not None:
            return household
        for who, role, where, start, end in self.appointments.values():
            if (
                who == actor
                and "keep_register" in DUTIES[role]  # type: ignore[index]
                and self.level[str(where)] == "community"
                and start <= at  # type: ignore[operator]
                and (end is None or at < end)  # type: ignore[operator]
            ):
                return str(where)
        return "C"

    def predict(self, event: Event) -> set[type[CogovError]]:
        """Errors the ledger may raise for ``event``; empty when it must be accepted."""
        late = self.timing(event)
        if late:
            return late
        if isinstance(event, Appointed):
            return self._predict_appointed(event)
        if isinstance(event, AppointmentEnded):
            return self._predict_ended(event)
        register = REGISTER_PREDICTIONS.get(type(event))
        if register is not None:
            return register(self, event)
        assert isinstance(event, IssueEvent)
        reasons: set[type[CogovError]] = set()
        issue = self.issues.get(event.issue)
        if isinstance(event, IssueCollected):
            if issue is not None:
                return {DuplicateError}
            if event.kind not in KINDS or event.unit not in self.parent:
                reasons.add(UnknownKeyError)
            if event.reporter is not None:
                reasons |= self.present(event.reporter)
            unit = event.unit if event.unit in self.parent else "X"
            return reasons | self.authorised(event.actor, "collect", unit, event.at)
        if issue is None:
            return {UnknownKeyError}
        if (issue.state, event.action) not in MOVES:
            reasons.add(IllegalTransitionError)
        if event.at < issue.last_at:
            reasons.add(OutOfOrderError)
        if isinstance(event, PlanMade):
            reasons |= self.present(event.responsible)
            if event.deadline <= event.at:
                reasons.add(InvalidFieldError)
        if isinstance(event, MediationStarted):
            mediator = self.present(event.mediator)
            # the mediator holds the mediation duty; the lawyer is registered as one
            reasons |= mediator or self.authorised(event.mediator, "start_mediation", issue.unit, event.at)
            if event.lawyer is not None:
                lawyer = self.present(event.lawyer)
                if not lawyer and "lawyer" not in self.people[event.lawyer].attributes:
                    lawyer = {EligibilityError}
                reasons |= lawyer
            if issue.kind not in MEDIABLE:
                reasons.add(IllegalTransitionError)
        if isinstance(event, FollowUpVisited) and event.satisfaction not in SCALE:
            reasons.add(UnknownKeyError)
        if isinstance(event, MarkedDuplicate) and (
            event.duplicate_of == event.issue or event.duplicate_of not in self.issues
        ):
            reasons.add(IllegalTransitionError)
        return reasons | self.authorised(event.actor, event.action, issue.unit, event.at)

    def _predict_appointed(self, event: Appointed) -> set[type[CogovError]]:
        if event.person not in self.people:
            return {UnknownKeyError}
        reasons = self.present(event.person)
        if event.unit not in self.parent:
            return reasons | {UnknownKeyError}
        if self.level[event.unit] != "grid":
            reasons.add(EligibilityError)
        for _who, role, where, _start, end in self.appointments.values():
            if role == event.role and where == event.unit and (end is None or end > event.at):  # type: ignore[operator]
                reasons.add(EligibilityError)
        return reasons | self.authorised(event.actor, "appoint", event.unit, event.at)

    def _predict_ended(self, event: AppointmentEnded) -> set[type[CogovError]]:
        held = self.appointments.get(event.appointment)
        if held is None:
            return {UnknownKeyError}
        reasons: set[type[CogovError]] = set()
        _who, _role, where, start, end = held
        if end is not None and end <= event.at:  # type: ignore[operator]
            reasons.add(EligibilityError)
        if event.at <= start:  # type: ignore[operator]
            reasons.add(EligibilityError)
        return reasons | self.authorised(event.actor, "appoint", where, event.at)  # type: ignore[arg-type]

    # -- the structure and the register
    def _predict_unit_added(self, event: UnitAdded) -> set[type[CogovError]]:
        if event.unit in self.parent:
            return {DuplicateError}
        if event.parent not in self.parent:
            return {UnknownKeyError}
        reasons: set[type[CogovError]] = set()
        if DEPTH[self.level[event.parent]] >= DEPTH[event.level]:
            reasons.add(DefinitionError)
        return reasons | self.authorised(event.actor, "keep_structure", event.parent, event.at)

    def _predict_unit_moved(self, event: UnitMoved) -> set[type[CogovError]]:
        if event.unit not in self.parent or event.parent not in self.parent:
            return {UnknownKeyError}
        old = self.parent[event.unit]
        if (
            old is None
            or old == event.parent
            or event.unit in self.lineage(event.parent)
            or DEPTH[self.level[event.parent]] >= DEPTH[self.level[event.unit]]
        ):
            return {DefinitionError}
        return self.authorised(event.actor, "keep_structure", old, event.at) | self.authorised(
            event.actor, "keep_structure", event.parent, event.at
        )

    def _predict_registered(self, event: PersonRegistered) -> set[type[CogovError]]:
        if event.person in self.people:
            return {DuplicateError}
        if event.household is not None and event.household not in self.parent:
            return {UnknownKeyError}
        home = self.home(event.person, event.actor, event.at, event.household)
        return self.authorised(event.actor, "keep_register", home, event.at)

    def _predict_moved(self, event: PersonMoved) -> set[type[CogovError]]:
        absent = self.present(event.person)
        if absent:
            return absent
        if event.household not in self.parent:
            return {UnknownKeyError}
        if self.people[event.person].household == event.household:
            return {DefinitionError}
        return self.authorised(
            event.actor, "keep_register", self.home(event.person, event.actor, event.at), event.at
        ) | self.authorised(event.actor, "keep_register", event.household, event.at)

    def _predict_left(self, event: PersonLeft) -> set[type[CogovError]]:
        absent = self.present(event.person)
        if absent:
            return absent
        reasons: set[type[CogovError]] = set()
        if self.in_force(event.person, event.at):
            reasons.add(EligibilityError)
        return reasons | self.authorised(
            event.actor, "keep_register", self.home(event.person, event.actor, event.at), event.at
        )

    def _predict_attribute_set(self, event: AttributeSet) -> set[type[CogovError]]:
        absent = self.present(event.person)
        if absent:
            return absent
        reasons: set[type[CogovError]] = set()
        if event.attribute in self.people[event.person].attributes:
            reasons.add(DuplicateError)
        return reasons | self.authorised(
            event.actor, "keep_register", self.home(event.person, event.actor, event.at), event.at
        )

    def _predict_attribute_cleared(self, event: AttributeCleared) -> set[type[CogovError]]:
        absent = self.present(event.person)
        if absent:
            return absent
        reasons: set[type[CogovError]] = set()
        if event.attribute not in self.people[event.person].attributes:
            reasons.add(UnknownKeyError)
        if any(event.attribute in REQUIRES[role] for role in self.in_force(event.person, event.at)):
            reasons.add(EligibilityError)
        return reasons | self.authorised(
            event.actor, "keep_register", self.home(event.person, event.actor, event.at), event.at
        )

    def _predict_formed(self, event: AssociationFormed) -> set[type[CogovError]]:
        if event.kind != "patrol_team" or event.unit not in self.parent:
            return {UnknownKeyError}
        reasons: set[type[CogovError]] = set()
        if event.association in self.associations:
            reasons.add(DuplicateError)
        return reasons | self.authorised(event.actor, "keep_structure", event.unit, event.at)

    def _predict_joined(self, event: MemberJoined) -> set[type[CogovError]]:
        if event.association not in self.associations:
            return {UnknownKeyError}
        unit, members = self.associations[event.association]
        reasons = self.present(event.person)
        if event.person in members:
            reasons.add(DuplicateError)
        return reasons | self.authorised(event.actor, "keep_register", unit, event.at)

    def _predict_member_left(self, event: MemberLeft) -> set[type[CogovError]]:
        if event.association not in self.associations:
            return {UnknownKeyError}
        unit, members = self.associations[event.association]
        reasons: set[type[CogovError]] = set()
        if event.person not in members:
            reasons.add(UnknownKeyError)
        return reasons | self.authorised(event.actor, "keep_register", unit, event.at)

    def accept(self, event: Event) -> None:
        seq = self.events
        self.events += 1
        if self.clock is None or event.at > self.clock:
            self.clock = event.at
        self.recorded.append(self.clock)
        if isinstance(event, Appointed):
            self.appointments[event.appointment] = [event.person, event.role, event.unit, event.at, None]
            self.changed[event.person] = max(event.at, self.changed.get(event.person, event.at))
        elif isinstance(event, AppointmentEnded):
            held = self.appointments[event.appointment]
            held[4] = event.at
            person = str(held[0])
            self.changed[person] = max(event.at, self.changed.get(person, event.at))
        elif isinstance(event, UnitAdded):
            self.parent[event.unit] = event.parent
            self.level[event.unit] = event.level
        elif isinstance(event, UnitMoved):
            self.parent[event.unit] = event.parent
            if self.structure_changed is None or event.at > self.structure_changed:
                self.structure_changed = event.at
        elif isinstance(event, PersonRegistered):
            self.people[event.person] = ModelPerson(event.household, set(event.attributes))
        elif isinstance(event, PersonMoved):
            self.people[event.person].household = event.household
        elif isinstance(event, PersonLeft):
            self.people[event.person].left = True
        elif isinstance(event, AttributeSet):
            self.people[event.person].attributes.add(event.attribute)
        elif isinstance(event, AttributeCleared):
            self.people[event.person].attributes.discard(event.attribute)
        elif isinstance(event, AssociationFormed):
            self.associations[event.association] = (event.unit, [])
        elif isinstance(event, MemberJoined):
            self.associations[event.association][1].append(event.person)
        elif isinstance(event, MemberLeft):
            self.associations[event.association][1].remove(event.person)
        elif isinstance(event, IssueCollected):
            self.issues[event.issue] = ModelIssue(
                event.kind, event.unit, "collected", event.at, ["collected"], [seq], event.reporter
            )
        else:
            assert isinstance(event, IssueEvent)
            issue = self.issues[event.issue]
            issue.state = MOVES[(issue.state, event.action)]
            issue.last_at = event.at
            issue.path.append(issue.state)
            issue.seqs.append(seq)


REGISTER_PREDICTIONS: dict[type[Event], Callable[[Model, Any], set[type[CogovError]]]] = {
    UnitAdded: Model._predict_unit_added,
    UnitMoved: Model._predict_unit_moved,
    PersonRegistered: Model._predict_registered,
    PersonMoved: Model._predict_moved,
    PersonLeft: Model._predict_left,
    AttributeSet: Model._predict_attribute_set,
    AttributeCleared: Model._predict_attribute_cleared,
    AssociationFormed: Model._predict_formed,
    MemberJoined: Model._predict_joined,
    MemberLeft: Model._predict_member_left,
}


# -- drawing events ------------------------------------------------------------------------
people_or_ghost = st.sampled_from([*PEOPLE, "ghost"])
minutes = st.integers(min_value=-180, max_value=3 * 24 * 60)
#: who keeps the register: mostly those with the duty (sec, cadre, grid heads), then anyone
register_actors = st.one_of(
    st.just("sec"), st.just("sec"), st.sampled_from(["cadre", "gh1", "gh2"]), people_or_ghost
)
#: register changes are never back-dated: some are (beyond the clock skew, or just within it)
register_minutes = st.one_of(
    st.integers(0, 600), st.integers(0, 600), st.integers(0, 600), st.sampled_from([-120, -6, -5])
)


def likely_step(data: st.DataObject, model: Model, now: datetime) -> tuple[str, str, str, datetime] | None:
    """An allowed (issue, action) with an actor the model finds authorised, forward in time."""
    options = [
        (issue_id, action)
        for issue_id, issue in sorted(model.issues.items())
        for action in ACTIONS
        if (issue.state, action) in MOVES
    ]
    if not options:
        return None
    issue_id, action = data.draw(st.sampled_from(options), label="allowed step")
    at = max(now, model.issues[issue_id].last_at) + timedelta(minutes=data.draw(st.integers(0, 600)))
    unit = model.issues[issue_id].unit
    actors = [p for p in PEOPLE if not model.authorised(p, action, unit, at)]
    actor = data.draw(st.sampled_from(actors)) if actors else "sec"
    return issue_id, action, actor, at


def issue_event(data: st.DataObject, model: Model, now: datetime, *, likely: bool = False) -> IssueEvent:
    """An issue event for a random action, issue and actor: legal or not, the model decides.

    With ``likely`` the step is one the workflow allows, by an authorised actor, forward in
    time (it may still be refused, e.g. mediation of a kind that is not mediable).
    """
    step = likely_step(data, model, now) if likely else None
    known = sorted(model.issues)
    if step is not None:
        issue, action, actor, at = step
    else:
        action = data.draw(st.sampled_from(ACTIONS), label="action")
        if action == "collect":
            issue = data.draw(st.sampled_from(ISSUE_POOL), label="issue")
        else:
            issue = data.draw(st.sampled_from([*known, "I-unknown"]) if known else st.just("I-unknown"))
        at = now + timedelta(minutes=data.draw(minutes, label="minutes"))
        actor = data.draw(people_or_ghost, label="actor")
    base = {"at": at, "actor": actor, "issue": issue}
    extra: dict[str, object]
    match action:
        case "collect":
            return IssueCollected(
                **base,  # type: ignore[arg-type]
                kind=data.draw(st.sampled_from([*KINDS, "ufo"])),
                unit=data.draw(st.sampled_from([*PARENT, "Z9"])),
                channel="household_meeting",
                summary="问题 a problem",
            )
        case "plan":
            extra = {
                "responsible": data.draw(people_or_ghost),
                "matter": "定人定事 fix it",
                "deadline": at + timedelta(hours=data.draw(st.sampled_from([-1, 0, 24, 240]))),
            }
        case "start_mediation":
            extra = {"mediator": data.draw(people_or_ghost), "lawyer": data.draw(st.none() | people_or_ghost)}
        case "follow_up":
            extra = {"satisfaction": data.draw(st.sampled_from([*SCALE, "ecstatic"]))}
        case "mark_duplicate":
            extra = {"duplicate_of": data.draw(st.sampled_from([*known, issue, "I-nope"]))}
        case _:
            extra = {}
    cls, fields = EXTRA_FIELDS[action]
    return cls(**base, **fields, **extra)  # type: ignore[arg-type]


EXTRA_FIELDS: dict[str, tuple[type[IssueEvent], dict[str, object]]] = {
    "answer_on_spot": (AnsweredOnSpot, {"answer": "当场答复 answered"}),
    "register": (IssueRegistered, {}),
    "escalate": (IssueEscalated, {}),
    "whistle": (WhistleBlown, {"summoned": "县住建局 county housing bureau"}),
    "verify": (VerificationVisited, {"findings": "属实 confirmed"}),
    "plan": (PlanMade, {}),
    "start_mediation": (MediationStarted, {}),
    "reach_agreement": (AgreementReached, {"terms": "协议 terms"}),
    "fail_mediation": (MediationFailed, {"reason": "未达成 no deal"}),
    "resolve": (IssueResolved, {"outcome": "已修复 fixed"}),
    "confirm_completion": (CompletionConfirmed, {}),
    "order_rework": (ReworkOrdered, {"reason": "返工 redo"}),
    "follow_up": (FollowUpVisited, {}),
    "close": (IssueClosed, {}),
    "reopen": (IssueReopened, {"reason": "反弹 rebound"}),
    "reject": (IssueRejected, {"reason": "不属实 not true"}),
    "withdraw": (IssueWithdrawn, {"reason": "撤回 withdrawn"}),
    "mark_duplicate": (MarkedDuplicate, {}),
    "shelve": (IssueShelved, {"reason": "等资金 waiting for funds"}),
    "resume": (IssueResumed, {}),
    "refer_out": (ReferredOut, {"to": "法院 court", "reason": "诉讼 lawsuit"}),
}


def refusal(apply: Callable[[Any], object], what: object) -> CogovError | None:
    """The CogovError ``apply(what)`` raises, or None when it is accepted."""
    try:
        apply(what)
    except CogovError as error:
        return error
    return None


# -- the machine -------------------------------------------------------------------------------
class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.charter = build_charter()
        self.community = build_community()
        self.appointments = initial_appointments()
        self.ledger = Ledger(self.charter, self.community, appointments=self.appointments)
        self.model = Model()
        for a in self.appointments:
            self.model.appointments[a.id] = [a.person, a.role, a.unit, a.start, a.end]
        self.now = EPOCH + timedelta(days=1)
        self.fresh = 0

    # -- helpers
    def check_as_of(self, seq: int) -> None:
        """``as_of`` event ``seq``'s recorded time equals a ledger replayed from the events recorded by then."""
        when = self.model.recorded[seq]
        assert self.ledger.recorded_at(seq) == when
        count = sum(1 for t in self.model.recorded if t <= when)
        past = self.ledger.as_of(when)
        prefix = Ledger.replay(
            self.charter, self.community, list(self.ledger.events)[:count], appointments=self.appointments
        )
        assert len(past) == count
        assert past.snapshot() == prefix.snapshot()
        assert past.head == prefix.head == (self.ledger.hash_of(count - 1) if count else self.ledger.root)

    def fingerprint(self) -> tuple[object, ...]:
        return (self.ledger.snapshot(), len(self.ledger), self.ledger.head)

    def submit(self, event: Event) -> None:
        expected = self.model.predict(event)
        before = self.fingerprint()
        error = refusal(self.ledger.apply, event)
        if error is not None:
            assert expected, f"the ledger refused a legal event {event!r}: {error}"
            assert isinstance(error, tuple(expected)), f"{type(error).__name__} not in {expected}: {error}"
            assert str(error), "an error must say what is wrong"
            assert self.fingerprint() == before, "a refused event changed the ledger"
            return
        assert not expected, f"the ledger accepted {event!r}, expected one of {expected}"
        self.model.accept(event)
        self.now = max(self.now, event.at)

    # -- rules
    @rule(data=st.data())
    def issue_step(self, data: st.DataObject) -> None:
        """Any action on any issue by anyone at any time: the model says whether it is legal."""
        self.submit(issue_event(data, self.model, self.now, likely=data.draw(st.integers(0, 2)) > 0))

    @rule(data=st.data())
    def likely_issue_steps(self, data: st.DataObject) -> None:
        """A few steps the workflow allows, by authorised actors, so journeys get deep."""
        for _ in range(data.draw(st.integers(1, 6), label="steps")):
            self.submit(issue_event(data, self.model, self.now, likely=True))

    @rule(data=st.data())
    def collect_and_step(self, data: st.DataObject) -> None:
        """A legal intake by the community cadre, so histories get going."""
        free = [i for i in ISSUE_POOL if i not in self.model.issues]
        if not free:
            return
        event = IssueCollected(
            at=self.now + timedelta(minutes=5),
            actor="cadre",
            issue=data.draw(st.sampled_from(free)),
            kind=data.draw(st.sampled_from(KINDS)),
            unit=data.draw(st.sampled_from(["H1", "H2", "H3", "G1", "B2"])),
            channel="household_meeting",
            summary="户院会上提出 raised at the household meeting",
            reporter=data.draw(st.sampled_from([None, "res1", "res2"])),
        )
        self.submit(event)

    @rule(data=st.data())
    def batch(self, data: st.DataObject) -> None:
        """A batch is applied whole or not at all."""
        model = copy.deepcopy(self.model)
        now = self.now
        events, failing = [], None
        for _ in range(data.draw(st.integers(1, 4), label="batch size")):
            event = issue_event(data, model, now, likely=data.draw(st.booleans()))
            events.append(event)
            reasons = model.predict(event)
            if reasons and failing is None:
                failing = reasons
            if not reasons and failing is None:
                model.accept(event)
                now = max(now, event.at)
        before = self.fingerprint()
        error = refusal(self.ledger.apply_all, events)
        if error is not None:
            assert failing is not None, f"a legal batch was refused: {error}"
            assert isinstance(error, tuple(failing))
            assert any("rolled back" in note for note in error.__notes__)
            assert self.fingerprint() == before, "a refused batch left something behind"
            return
        assert failing is None, f"a batch with an illegal event was accepted (expected {failing})"
        self.model, self.now = model, now

    @rule(
        person=st.sampled_from(["res1", "res2", "cadre", "ghost"]),
        unit=st.sampled_from(["G1", "G2", "B1", "Z9"]),
        actor=st.just("sec") | people_or_ghost,
        minutes=minutes,
    )
    def appoint_grid_head(self, person: str, unit: str, actor: str, minutes: int) -> None:
        self.fresh += 1
        event = Appointed(
            at=self.now + timedelta(minutes=minutes),
            actor=actor,
            appointment=f"N{self.fresh}",
            person=person,
            role="grid_head",
            unit=unit,
        )
        self.submit(event)

    @rule(data=st.data(), actor=st.just("sec") | people_or_ghost, minutes=minutes)
    def end_appointment(self, data: st.DataObject, actor: str, minutes: int) -> None:
        ids = sorted(a for a in self.model.appointments if a != "A-sec")
        appointment = data.draw(st.sampled_from([*ids, "A-none"]))
        event = AppointmentEnded(
            at=self.now + timedelta(minutes=minutes), actor=actor, appointment=appointment
        )
        self.submit(event)

    # -- the register and the structure
    def unit_choice(self, data: st.DataObject, levels: tuple[str, ...] | None = None) -> str:
        """A unit of the model (at one of ``levels``), now and then one that does not exist."""
        known = sorted(u for u, lv in self.model.level.items() if levels is None or lv in levels)
        return data.draw(st.sampled_from([*known, "Z9"]), label="unit")

    def person_choice(self, data: st.DataObject) -> str:
        """Mostly a person on the register with a household (whose entry a grid can keep)."""
        people = self.model.people
        residents = sorted(p for p, v in people.items() if v.household is not None and not v.left)
        anyone = st.sampled_from([*sorted(people), "ghost"])
        return data.draw(st.sampled_from(residents) | anyone if residents else anyone, label="person")

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes)
    def register_person(self, data: st.DataObject, actor: str, minutes: int) -> None:
        """A person joins the register, usually into a household, sometimes under a used id."""
        self.fresh += 1
        person = data.draw(
            st.just(f"P{self.fresh}") | st.sampled_from([f"P{self.fresh}", "res1"]), label="new person"
        )
        households = sorted(u for u, lv in self.model.level.items() if lv == "household")
        household = data.draw(st.sampled_from([*households, *households, None, "Z9"]), label="household")
        attributes = data.draw(st.frozensets(st.sampled_from(ATTRIBUTES), max_size=2), label="attributes")
        self.submit(
            PersonRegistered(
                at=self.now + timedelta(minutes=minutes),
                actor=actor,
                person=person,
                name=f"居民 {person}",
                household=household,
                attributes=attributes,
            )
        )

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes)
    def move_person(self, data: st.DataObject, actor: str, minutes: int) -> None:
        self.submit(
            PersonMoved(
                at=self.now + timedelta(minutes=minutes),
                actor=actor,
                person=self.person_choice(data),
                household=self.unit_choice(data, ("household",)),
            )
        )

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes)
    def person_leaves(self, data: st.DataObject, actor: str, minutes: int) -> None:
        """Refused while the person holds an appointment not ended by then."""
        self.submit(
            PersonLeft(
                at=self.now + timedelta(minutes=minutes),
                actor=actor,
                person=self.person_choice(data),
                reason="迁出 moved away",
            )
        )

    @rule(
        data=st.data(),
        actor=register_actors,
        minutes=register_minutes,
        attribute=st.sampled_from(ATTRIBUTES),
        clear=st.booleans(),
    )
    def change_attribute(
        self, data: st.DataObject, actor: str, minutes: int, attribute: str, clear: bool
    ) -> None:
        cls = AttributeCleared if clear else AttributeSet
        person = self.person_choice(data)
        held = sorted(self.model.people[person].attributes) if person in self.model.people else []
        if clear and held and data.draw(st.booleans(), label="one they have"):
            attribute = data.draw(st.sampled_from(held), label="held attribute")
        self.submit(
            cls(at=self.now + timedelta(minutes=minutes), actor=actor, person=person, attribute=attribute)
        )

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes, likely=st.booleans())
    def add_unit(self, data: st.DataObject, actor: str, minutes: int, likely: bool) -> None:
        """A new household or building (or a unit at a level its parent cannot hold, or a used code)."""
        self.fresh += 1
        code = data.draw(st.just(f"U{self.fresh}") | st.sampled_from([f"U{self.fresh}", "H1"]), label="code")
        if likely:
            level = data.draw(st.sampled_from(["building", "household"]), label="level")
            parent = self.unit_choice(data, ("grid", "compound") if level == "building" else ("building",))
        else:
            level = data.draw(st.sampled_from(["compound", "building", "household", "grid"]), label="level")
            parent = self.unit_choice(data)
        self.submit(
            UnitAdded(
                at=self.now + timedelta(minutes=minutes),
                actor=actor,
                unit=code,
                level=level,
                name_zh=f"单位{code}",
                name_en=f"unit {code}",
                parent=parent,
            )
        )

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes, likely=st.booleans())
    def move_unit(self, data: st.DataObject, actor: str, minutes: int, likely: bool) -> None:
        """A building between grids (likely), or any unit anywhere."""
        if likely:
            unit, parent = self.unit_choice(data, ("building",)), self.unit_choice(data, ("grid",))
        else:
            unit, parent = self.unit_choice(data), self.unit_choice(data)
        self.submit(
            UnitMoved(at=self.now + timedelta(minutes=minutes), actor=actor, unit=unit, parent=parent)
        )

    @rule(data=st.data(), actor=register_actors, minutes=register_minutes, likely=st.booleans())
    def form_association(self, data: st.DataObject, actor: str, minutes: int, likely: bool) -> None:
        self.fresh += 1
        association = data.draw(
            st.just(f"AS{self.fresh}")
            | st.sampled_from([f"AS{self.fresh}", *sorted(self.model.associations)])
        )
        unit = self.unit_choice(data, ("community", "grid") if likely else None)
        self.submit(
            AssociationFormed(
                at=self.now + timedelta(minutes=minutes),
                actor=actor,
                association=association,
                kind=data.draw(st.just("patrol_team") | st.just("choir"), label="kind")
                if not likely
                else "patrol_team",
                unit=unit,
                name_zh="巡逻队",
                name_en="patrol team",
            )
        )

    @precondition(lambda self: self.model.associations)
    @rule(data=st.data(), actor=register_actors, minutes=register_minutes, joins=st.booleans())
    def membership(self, data: st.DataObject, actor: str, minutes: int, joins: bool) -> None:
        known = sorted(self.model.associations)
        pairs = [(a, p) for a in known for p in self.model.associations[a][1]]
        if not joins and pairs and data.draw(st.booleans(), label="a member leaves"):
            association, person = data.draw(st.sampled_from(pairs), label="membership")
        else:
            association = data.draw(
                st.sampled_from(known) | st.just("AS-none") if known else st.just("AS-none")
            )
            person = self.person_choice(data)
        cls = MemberJoined if joins else MemberLeft
        self.submit(
            cls(at=self.now + timedelta(minutes=minutes), actor=actor, association=association, person=person)
        )

    @precondition(lambda self: self.model.associations)
    @rule(data=st.data(), minutes=st.integers(0, 600))
    def members_come_and_go(self, data: st.DataObject, minutes: int) -> None:
        """The secretary records someone joining an association, and now and then leaving it again."""
        association = data.draw(st.sampled_from(sorted(self.model.associations)), label="association")
        person = self.person_choice(data)
        at = self.now + timedelta(minutes=minutes)
        self.submit(MemberJoined(at=at, actor="sec", association=association, person=person))
        if data.draw(st.booleans(), label="and leaves"):
            later = at + timedelta(minutes=1)
            self.submit(MemberLeft(at=later, actor="sec", association=association, person=person))

    @precondition(lambda self: len(self.ledger) > 0)
    @rule(data=st.data())
    def time_travel(self, data: st.DataObject) -> None:
        """``as_of`` the recorded time of any earlier event is the prefix recorded by then."""
        seq = data.draw(st.integers(0, len(self.ledger) - 1), label="earlier event")
        self.check_as_of(seq)

    @precondition(lambda self: len(self.ledger) > 0)
    @rule(data=st.data())
    def tamper(self, data: st.DataObject) -> None:
        """Changing any recorded event is detected at exactly that event."""
        events = list(self.ledger.events)
        seq = data.draw(st.integers(0, len(events) - 1), label="tampered seq")
        hashes = b"".join(self.ledger.hash_of(i) for i in range(len(events)))
        events[seq] = attrs.evolve(events[seq], at=events[seq].at + timedelta(seconds=1))
        copy_ = Ledger.replay(
            self.charter,
            self.community,
            events,
            appointments=self.appointments,
            validate=False,
            hashes=hashes,
        )
        with pytest.raises(TamperedHistoryError) as caught:
            copy_.verify()
        assert caught.value.index == seq
        assert f"#{seq}" in str(caught.value)

    # -- invariants
    @invariant()
    def matches_model(self) -> None:
        issues = self.ledger.issues
        assert set(issues) == set(self.model.issues), "an issue was lost or invented"
        for issue_id, expected in self.model.issues.items():
            record = issues[issue_id]
            assert record.state == expected.state
            assert record.reporter == expected.reporter
            assert record.path == expected.path
            assert record.seqs == expected.seqs
            assert record.last_at == expected.last_at
        assert len(self.ledger) == self.model.events

    @invariant()
    def community_matches_model(self) -> None:
        community, model = self.ledger.community, self.model
        assert {u.code: u.parent for u in community.units} == model.parent
        assert {u.code: u.level for u in community.units} == model.level
        people = {p.id: (p.household, set(p.attributes), community.has_left(p.id)) for p in community.people}
        assert people == {k: (v.household, v.attributes, v.left) for k, v in model.people.items()}
        associations = {a.id: (a.unit, list(a.members)) for a in community.associations}
        assert associations == {k: (unit, members) for k, (unit, members) in model.associations.items()}

    @invariant()
    def every_issue_event_belongs_to_exactly_one_issue(self) -> None:
        owned: dict[int, str] = {}
        for record in self.ledger.issues.values():
            for seq in record.seqs:
                assert seq not in owned, f"event #{seq} counted for {owned[seq]} and {record.id}"
                owned[seq] = record.id
        issue_seqs = {i for i, e in enumerate(self.ledger.events) if isinstance(e, IssueEvent)}
        assert set(owned) == issue_seqs

    @invariant()
    def histories_are_paths_through_the_workflow(self) -> None:
        events = self.ledger.events
        for record in self.ledger.issues.values():
            state: str | None = None
            last = None
            assert record.seqs == sorted(record.seqs)
            for seq, after in zip(record.seqs, record.path, strict=True):
                event = events[seq]
                assert isinstance(event, IssueEvent)
                assert event.issue == record.id
                assert (state, event.action) in MOVES
                assert MOVES[(state, event.action)] == after
                assert last is None or last <= event.at
                state, last = after, event.at
            assert state == record.state

    @invariant()
    def replay_equals_live_state(self) -> None:
        live = self.ledger.snapshot()
        head = self.ledger.head
        events = list(self.ledger.events)
        again = Ledger.replay(self.charter, self.community, events, appointments=self.appointments)
        assert again.snapshot() == live
        assert again.head == head
        hashes = b"".join(self.ledger.hash_of(i) for i in range(len(events)))
        trusted = Ledger.replay(
            self.charter,
            self.community,
            events,
            appointments=self.appointments,
            validate=False,
            hashes=hashes,
        )
        assert trusted.snapshot() == live
        assert trusted.community == self.ledger.community == again.community
        assert trusted.verify() == head
        assert self.ledger.verify() == head
        assert self.ledger.verify(hashes_only=True) == head

    @precondition(lambda self: len(self.ledger) > 0)
    @invariant()
    def as_of_equals_the_prefix_recorded_by_then(self) -> None:
        """At the recorded time of an earlier event (the middle one) and of the last."""
        self.check_as_of(len(self.ledger) // 2)
        self.check_as_of(len(self.ledger) - 1)


LedgerMachine.TestCase.settings = settings(
    LedgerMachine.TestCase.settings, stateful_step_count=40, max_examples=settings().max_examples
)
TestLedgerStateful = LedgerMachine.TestCase
