"""The ledger driven by legal and illegal actions next to a plain model of what it should do.

The model below knows nothing of the engine: units are a parent map, appointments are plain
tuples, the workflow is a dict of (state, action) -> state read from the canonical
workflow's declaration.  For every action it predicts the set of errors that may be raised
(empty: the event must be accepted).  Invariants: every issue is where the model says and
appears once; every history is a path through the workflow; refused actions change nothing;
replay (validated and trusted) equals the live state; tampering is detected at the right event.
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
    BASIC_ROLE_SET,
    CANONICAL_WORKFLOW,
    DEFAULT_ISSUE_KINDS,
    DEFAULT_SATISFACTION_SCALE,
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    Appointment,
    AppointmentEnded,
    CogovError,
    Community,
    CompletionConfirmed,
    DuplicateError,
    EligibilityError,
    Event,
    FollowUpVisited,
    IllegalTransitionError,
    InvalidFieldError,
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
    Ledger,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
    NotAuthorisedError,
    OutOfOrderError,
    Person,
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    TamperedHistoryError,
    Unit,
    UnknownKeyError,
    VerificationVisited,
    WhistleBlown,
    basic_charter,
)
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
MEDIABLE = {k.key for k in DEFAULT_ISSUE_KINDS if k.mediable}
KINDS = [k.key for k in DEFAULT_ISSUE_KINDS]
SCALE = [s.key for s in DEFAULT_SATISFACTION_SCALE]
ISSUE_POOL = ["I1", "I2", "I3", "I4", "I5"]


def lineage(code: str) -> set[str]:
    """The unit and its ancestors, by walking the parent map."""
    found: set[str] = set()
    current: str | None = code
    while current is not None:
        found.add(current)
        current = PARENT[current]
    return found


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


@dataclass
class Model:
    issues: dict[str, ModelIssue] = field(default_factory=dict)
    #: appointment id -> [person, role, unit, start, end]
    appointments: dict[str, list[object]] = field(default_factory=dict)
    events: int = 0

    def authorised(self, person: str, duty: str, unit: str, at: datetime) -> set[type[CogovError]]:
        if person not in PEOPLE:
            return {UnknownKeyError}
        if unit not in PARENT:
            return {UnknownKeyError}
        covering = lineage(unit)
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

    def predict(self, event: Event) -> set[type[CogovError]]:
        """Errors the ledger may raise for ``event``; empty when it must be accepted."""
        if isinstance(event, Appointed):
            return self._predict_appointed(event)
        if isinstance(event, AppointmentEnded):
            return self._predict_ended(event)
        assert isinstance(event, IssueEvent)
        reasons: set[type[CogovError]] = set()
        issue = self.issues.get(event.issue)
        if isinstance(event, IssueCollected):
            if issue is not None:
                return {DuplicateError}
            if event.kind not in KINDS or event.unit not in PARENT:
                reasons.add(UnknownKeyError)
            unit = event.unit if event.unit in PARENT else "X"
            return reasons | self.authorised(event.actor, "collect", unit, event.at)
        if issue is None:
            return {UnknownKeyError}
        if (issue.state, event.action) not in MOVES:
            reasons.add(IllegalTransitionError)
        if event.at < issue.last_at:
            reasons.add(OutOfOrderError)
        if isinstance(event, PlanMade):
            if event.responsible not in PEOPLE:
                reasons.add(UnknownKeyError)
            if event.deadline <= event.at:
                reasons.add(InvalidFieldError)
        if isinstance(event, MediationStarted):
            if event.mediator not in PEOPLE or (event.lawyer is not None and event.lawyer not in PEOPLE):
                reasons.add(UnknownKeyError)
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
        reasons: set[type[CogovError]] = set()
        if event.person not in PEOPLE or event.unit not in PARENT:
            return {UnknownKeyError}
        if LEVEL[event.unit] != "grid":
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

    def accept(self, event: Event) -> None:
        seq = self.events
        self.events += 1
        if isinstance(event, Appointed):
            self.appointments[event.appointment] = [event.person, event.role, event.unit, event.at, None]
        elif isinstance(event, AppointmentEnded):
            self.appointments[event.appointment][4] = event.at
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


# -- drawing events ------------------------------------------------------------------------
people_or_ghost = st.sampled_from([*PEOPLE, "ghost"])
minutes = st.integers(min_value=-180, max_value=3 * 24 * 60)


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
        self.charter = basic_charter()
        self.community = build_community()
        self.appointments = initial_appointments()
        self.ledger = Ledger(self.charter, self.community, appointments=self.appointments)
        self.model = Model()
        for a in self.appointments:
            self.model.appointments[a.id] = [a.person, a.role, a.unit, a.start, a.end]
        self.now = EPOCH + timedelta(days=1)
        self.fresh = 0

    # -- helpers
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
        assert trusted.verify() == head


LedgerMachine.TestCase.settings = settings(
    LedgerMachine.TestCase.settings, stateful_step_count=40, max_examples=settings().max_examples
)
TestLedgerStateful = LedgerMachine.TestCase
