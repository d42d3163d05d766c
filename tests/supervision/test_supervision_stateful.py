"""The supervision workflow (督办) driven step by step beside a plain model of its clocks.

Issues of the small community move along the basic workflow (registered, planned, resolved,
completion confirmed, followed up and closed) while time passes; between steps a supervisor
and the grid heads try cards, notices, escalations and extension requests and decisions, some
by the wrong person or at the wrong moment.  The charter's calendar here has no days off, so
the model's clocks are plain arithmetic in hours, independent of the engine's working-time
code: a step is due ``days`` after it starts (or at the plan's own deadline), later by every
approved extension, and yellow once 80 % of its time is used.

For every attempt the model predicts acceptance or the error raised.  Invariants: each issue's
running step, light and due time are what the model says, in the view computed from scratch
and in the incrementally kept one (now and three days ahead); no finished issue is in the
view; the cards recorded are the ones the model accepted.  At the end the whole chain verifies
from genesis, every card re-checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cogov import CogovError, Ledger, basic_charter
from cogov.engine.overdue import OverdueTracker, supervision_at
from cogov.errors import (
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
)
from cogov.events import (
    CardIssued,
    CompletionConfirmed,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueRegistered,
    IssueResolved,
    PlanMade,
    SupervisionEscalated,
    SupervisionNoticeIssued,
)
from cogov.model.deadlines import Light
from cogov.model.workdays import WorkingCalendar
from cogov.testing import EPOCH
from cogov.testing.samples import small_appointments, small_community

CHARTER = attrs.evolve(basic_charter(), calendar=WorkingCalendar("every_day", weekend=frozenset()))
SUPERVISOR = "p-sec"
HEAD_OF = {"H0101": "p-grid1", "H0201": "p-grid1", "H0301": "p-grid2"}
COMMUNITY, TOWN = "420325100001", "420325100"
#: working days of each step (plan_to_resolved is due at the plan's own deadline)
DAYS = {
    "register_to_plan": {"dispute": 5, "hidden_risk": 2},
    "resolved_to_follow_up": {"dispute": 5, "hidden_risk": 5},
}
STEPS = ("register_to_plan", "plan_to_resolved", "resolved_to_follow_up", "mediation")
YELLOW_SHARE = 0.8
MAX_DAYS = 30


@dataclass
class Clock:
    """One step's stay: when it started, when it was due as declared, extensions (approved at, days)."""

    step: str
    started: datetime
    base_due: datetime
    extensions: list[tuple[datetime, int]] = field(default_factory=list)
    cards: set[str] = field(default_factory=set)

    def due(self, when: datetime) -> datetime:
        return self.base_due + timedelta(days=sum(days for at, days in self.extensions if at <= when))

    def light(self, when: datetime) -> Light:
        due = self.due(when)
        span = due - self.started
        yellow = self.started + span * YELLOW_SHARE if span > timedelta(0) else due
        if when >= due:
            return Light.RED
        return Light.YELLOW if when >= yellow else Light.GREEN


@dataclass
class Issue:
    id: str
    unit: str
    kind: str
    stage: str
    clock: Clock | None
    supervised_at: str = COMMUNITY
    pending: tuple[str, str, int, Clock] | None = None  # request id, requester, days, its clock

    @property
    def head(self) -> str:
        return HEAD_OF[self.unit]


class SupervisionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger(CHARTER, small_community(), appointments=small_appointments(EPOCH))
        self.tracker = OverdueTracker.follow(self.ledger)
        self.now = EPOCH + timedelta(hours=1)
        self.issues: dict[str, Issue] = {}
        self.cards: list[tuple[str, str, str]] = []  # (issue, colour, step) in the order accepted
        self.requests = 0

    # -- helpers ------------------------------------------------------------------------------
    def attempt(self, event: Event, expected: type[CogovError] | None) -> bool:
        """Apply ``event``; it must be accepted when ``expected`` is None, else refused with that error."""
        if expected is None:
            self.ledger.apply(event)
            return True
        with pytest.raises(expected):
            self.ledger.apply(event)
        return False

    def open_issues(self) -> list[Issue]:
        return [i for i in self.issues.values() if i.stage != "closed"]

    def at_stage(self, stage: str) -> list[Issue]:
        return [i for i in self.issues.values() if i.stage == stage]

    def enter(self, issue: Issue, stage: str, clock: Clock | None) -> None:
        issue.stage = stage
        issue.clock = clock

    # -- time and the issue's own steps ----------------------------------------------------------
    @rule(hours=st.integers(1, 24 * 4))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @precondition(lambda self: len(self.issues) < 6)
    @rule(unit=st.sampled_from(sorted(HEAD_OF)), kind=st.sampled_from(["dispute", "hidden_risk"]))
    def collect_and_register(self, unit: str, kind: str) -> None:
        issue = Issue(f"I-{len(self.issues) + 1}", unit, kind, "registered", None)
        head = issue.head
        self.ledger.apply(
            IssueCollected(
                at=self.now,
                actor=head,
                issue=issue.id,
                kind=kind,
                unit=unit,
                channel="grid_visit",
                summary="楼道问题 a problem in the stairwell",
                reporter=None,
            )
        )
        self.ledger.apply(IssueRegistered(at=self.now, actor=head, issue=issue.id))
        due = self.now + timedelta(days=DAYS["register_to_plan"][kind])
        self.enter(issue, "registered", Clock("register_to_plan", self.now, due))
        self.issues[issue.id] = issue

    @precondition(lambda self: self.at_stage("registered"))
    @rule(data=st.data(), hours=st.integers(1, 24 * 10))
    def plan(self, data: st.DataObject, hours: int) -> None:
        issue = data.draw(st.sampled_from(self.at_stage("registered")))
        deadline = self.now + timedelta(hours=hours)
        self.ledger.apply(
            PlanMade(
                at=self.now,
                actor=SUPERVISOR,
                issue=issue.id,
                responsible=issue.head,
                matter="处理 handle it",
                deadline=deadline,
            )
        )
        self.enter(issue, "planned", Clock("plan_to_resolved", self.now, deadline))

    @precondition(lambda self: self.at_stage("planned"))
    @rule(data=st.data())
    def resolve(self, data: st.DataObject) -> None:
        issue = data.draw(st.sampled_from(self.at_stage("planned")))
        self.ledger.apply(IssueResolved(at=self.now, actor=issue.head, issue=issue.id, outcome="已处理 done"))
        due = self.now + timedelta(days=DAYS["resolved_to_follow_up"][issue.kind])
        self.enter(issue, "resolved", Clock("resolved_to_follow_up", self.now, due))

    @precondition(lambda self: self.at_stage("resolved"))
    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        """Completion confirmed: still the same follow-up step, its clock keeps running."""
        issue = data.draw(st.sampled_from(self.at_stage("resolved")))
        self.ledger.apply(CompletionConfirmed(at=self.now, actor=SUPERVISOR, issue=issue.id))
        issue.stage = "confirmed"

    @precondition(lambda self: self.at_stage("confirmed"))
    @rule(data=st.data())
    def follow_up_and_close(self, data: st.DataObject) -> None:
        issue = data.draw(st.sampled_from(self.at_stage("confirmed")))
        self.ledger.apply(
            FollowUpVisited(at=self.now, actor=issue.head, issue=issue.id, satisfaction="satisfied")
        )
        self.ledger.apply(IssueClosed(at=self.now, actor=issue.head, issue=issue.id))
        self.enter(issue, "closed", None)

    # -- supervision --------------------------------------------------------------------------------
    @precondition(lambda self: self.issues)
    @rule(
        data=st.data(),
        colour=st.sampled_from(["yellow", "red"]),
        step=st.sampled_from(STEPS),
        actor=st.sampled_from([SUPERVISOR, SUPERVISOR, "p-grid1"]),
    )
    def card(self, data: st.DataObject, colour: str, step: str, actor: str) -> None:
        issue = data.draw(st.sampled_from(sorted(self.issues.values(), key=lambda i: i.id)))
        clock = issue.clock
        wanted = {Light.RED} if colour == "red" else {Light.YELLOW, Light.RED}
        expected: type[CogovError] | None = None
        if clock is None or clock.step != step or clock.light(self.now) not in wanted:
            expected = IllegalTransitionError
        elif colour in clock.cards:
            expected = DuplicateError
        elif actor != SUPERVISOR:
            expected = NotAuthorisedError
        event = CardIssued(at=self.now, actor=actor, issue=issue.id, colour=colour, step=step)
        if self.attempt(event, expected):
            assert clock is not None
            clock.cards.add(colour)
            self.cards.append((issue.id, colour, step))

    @precondition(lambda self: self.issues)
    @rule(data=st.data())
    def notice(self, data: st.DataObject) -> None:
        issue = data.draw(st.sampled_from(sorted(self.issues.values(), key=lambda i: i.id)))
        expected = None if issue.clock is not None else IllegalTransitionError
        self.attempt(
            SupervisionNoticeIssued(at=self.now, actor=SUPERVISOR, issue=issue.id, note="请办理 act"),
            expected,
        )

    @precondition(lambda self: self.issues)
    @rule(data=st.data(), above=st.sampled_from([TOWN, TOWN, "420325"]))
    def escalate(self, data: st.DataObject, above: str) -> None:
        issue = data.draw(st.sampled_from(sorted(self.issues.values(), key=lambda i: i.id)))
        red = issue.clock is not None and issue.clock.light(self.now) is Light.RED
        expected: type[CogovError] | None = None
        if not red:
            expected = IllegalTransitionError
        elif issue.supervised_at != COMMUNITY or above != TOWN:
            # one level up only: the town from the community; above the town, the secretary
            # (a community office) may not supervise at all
            expected = InvalidFieldError if issue.supervised_at == COMMUNITY else CogovError
        event = SupervisionEscalated(at=self.now, actor=SUPERVISOR, issue=issue.id, unit=above)
        if expected is CogovError:
            self.ledger_refuses(event)
        elif self.attempt(event, expected):
            issue.supervised_at = TOWN

    def ledger_refuses(self, event: Event) -> None:
        with pytest.raises(CogovError):
            self.ledger.apply(event)

    @precondition(lambda self: self.issues)
    @rule(data=st.data(), days=st.integers(0, MAX_DAYS + 2), other_head=st.booleans())
    def request_extension(self, data: st.DataObject, days: int, other_head: bool) -> None:
        issue = data.draw(st.sampled_from(sorted(self.issues.values(), key=lambda i: i.id)))
        actor = ({"p-grid1", "p-grid2"} - {issue.head}).pop() if other_head else issue.head
        self.requests += 1
        request = f"X-{self.requests}"
        expected: type[CogovError] | None = None
        if not 1 <= days <= MAX_DAYS:
            expected = InvalidFieldError
        elif issue.clock is None:
            expected = IllegalTransitionError
        elif issue.pending is not None:
            expected = DuplicateError
        elif other_head:
            expected = NotAuthorisedError
        event = ExtensionRequested(
            at=self.now,
            actor=actor,
            issue=issue.id,
            request=request,
            working_days=days,
            reason="需要时间 more time",
        )
        if self.attempt(event, expected):
            assert issue.clock is not None
            issue.pending = (request, actor, days, issue.clock)

    @precondition(lambda self: any(i.pending for i in self.issues.values()))
    @rule(data=st.data(), approve=st.booleans(), by_requester=st.booleans())
    def decide_extension(self, data: st.DataObject, approve: bool, by_requester: bool) -> None:
        issue = data.draw(
            st.sampled_from(sorted((i for i in self.issues.values() if i.pending), key=lambda i: i.id))
        )
        assert issue.pending is not None
        request, requester, days, clock = issue.pending
        actor = requester if by_requester else SUPERVISOR
        expected: type[CogovError] | None = None
        if by_requester:
            expected = EligibilityError
        elif approve and issue.clock is not clock:
            expected = IllegalTransitionError  # the step it asked more time for has ended
        event = ExtensionDecided(
            at=self.now, actor=actor, request=request, decision="approved" if approve else "refused"
        )
        if self.attempt(event, expected):
            issue.pending = None
            if approve:
                clock.extensions.append((self.now, days))

    # -- invariants ---------------------------------------------------------------------------------
    def expected_view(self, when: datetime) -> dict[tuple[str, str], tuple[Light, datetime]]:
        return {
            (i.id, i.clock.step): (i.clock.light(when), i.clock.due(when))
            for i in self.issues.values()
            if i.clock is not None
        }

    @invariant()
    def clocks_are_what_the_model_says(self) -> None:
        for when in (self.now, self.now + timedelta(days=3)):
            view = supervision_at(self.ledger, when)
            seen = {(item.issue, item.step): (item.light, item.due) for item in view.items}
            assert seen == self.expected_view(when)
            assert self.tracker.view(when) == view
            closed = {i.id for i in self.issues.values() if i.stage == "closed"}
            assert not closed & {item.issue for item in view.items}

    @invariant()
    def the_cards_recorded_are_the_cards_accepted(self) -> None:
        recorded = [(c.issue, c.colour, c.step) for c in self.ledger._state.supervision.cards]
        assert recorded == self.cards

    def teardown(self) -> None:
        self.ledger.verify()  # every event, cards and extensions included, re-checked from genesis


TestSupervisionWorkflow = SupervisionMachine.TestCase
