"""Supervision (督办) in the ledger: the checks and folds of cards, notices, escalations and
extensions, and each issue's deadline clocks as the events so far make them.

A card is accepted only for an issue whose step clock was yellow (for a yellow card) or red
(for a red card) at the card's time, once per colour and clock; a notice only for an issue
with a running step deadline; an escalation only for a red issue, and only to the unit one
level above the one supervising it so far.  An extension is requested by the person
responsible for the issue (the plan's responsible, or a holder of a duty of its next steps)
and approved or refused by a holder of the charter's extension duty, never the requester.
Every check ends by authorising the actor, as for every other event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from cogov.engine.folded import IssueRecord
from cogov.errors import (
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
    OutOfOrderError,
    UnknownKeyError,
)
from cogov.model.deadlines import Clock, Extension, Light, SupervisionRules, clocks_of_steps, requested_clock
from cogov.model.events import (
    CardIssued,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    PlanMade,
    SupervisionEscalated,
    SupervisionNoticeIssued,
)

if TYPE_CHECKING:
    from cogov.engine.state import State

__all__ = [
    "SUPERVISION_CHECKS",
    "CardRecord",
    "ExtensionRecord",
    "SupervisionRecords",
    "issue_clocks",
    "issue_steps",
    "supervising_unit",
    "supervision_folds",
]


@attrs.frozen
class CardRecord:
    """A card issued: on which issue's step clock (by its start), which colour, by whom, when."""

    seq: int
    issue: str
    colour: str
    step: str
    clock_started: datetime
    actor: str
    at: datetime


@attrs.define
class ExtensionRecord:
    """An extension request and, once decided, its decision."""

    seq: int
    id: str
    issue: str
    step: str
    clock_started: datetime
    working_days: int
    requester: str
    at: datetime
    approved: bool | None = None
    decided_at: datetime | None = None
    decider: str | None = None


@attrs.define
class SupervisionRecords:
    """What supervision events recorded so far: cards, notices, escalations, extensions."""

    cards: list[CardRecord] = attrs.Factory(list)
    #: (seq, issue, actor, at) of each notice
    notices: list[tuple[int, str, str, datetime]] = attrs.Factory(list)
    #: per issue, the units its supervision was escalated to, in order, with (seq, at)
    escalations: dict[str, list[tuple[int, str, datetime]]] = attrs.Factory(dict)
    requests: dict[str, ExtensionRecord] = attrs.Factory(dict)

    def grants(self, issue: str) -> list[Extension]:
        """The approved extensions of ``issue`` (approved at, working days, the clock's step and
        start), in order."""
        return [
            (r.decided_at, r.working_days, r.step, r.clock_started)
            for r in self.requests.values()
            if r.issue == issue and r.approved and r.decided_at is not None
        ]


# -- clocks --------------------------------------------------------------------------------------
def issue_steps(
    state: State, record: IssueRecord, events: Sequence[Event]
) -> list[tuple[datetime, str, datetime | None]]:
    """The steps of one issue: (time, state reached, plan deadline in force after it)."""
    steps: list[tuple[datetime, str, datetime | None]] = []
    deadline: datetime | None = None
    for seq, reached in zip(record.seqs, record.path, strict=True):
        event = events[seq]
        if type(event) is PlanMade:
            if seq in state.corrections:
                event = state.effective(seq, list(events))
            assert isinstance(event, PlanMade)
            deadline = event.deadline
        steps.append((event.at, reached, deadline))
    return steps


def issue_clocks(state: State, record: IssueRecord, events: Sequence[Event]) -> list[Clock]:
    """The step clocks of one issue, from its steps and approved extensions (from scratch)."""
    rules = state.charter.supervision
    if rules is None:
        return []
    return clocks_of_steps(
        rules,
        state.charter.calendar,
        record.id,
        record.kind,
        issue_steps(state, record, events),
        extensions=state.supervision.grants(record.id),
    )


def _rules(state: State, event: Event) -> SupervisionRules:
    rules = state.charter.supervision
    if rules is None:
        msg = (
            f"{type(event).__name__}: charter {state.charter.key!r} declares no supervision "
            "(step deadlines, cards); declare SupervisionRules in the charter first"
        )
        raise InvalidFieldError(msg)
    return rules


def _issue(state: State, event: Event, issue: str) -> IssueRecord:
    record = state.issues.get(issue)
    if record is None:
        msg = f"{type(event).__name__}: unknown issue {issue!r}; supervise only issues collected before"
        raise UnknownKeyError(msg)
    if event.at < record.opened_at:
        msg = f"{type(event).__name__}: issue {issue!r} is collected {record.opened_at.isoformat()}, after {event.at.isoformat()}"
        raise OutOfOrderError(msg)
    return record


def _not_before_last_step(event: Event, record: IssueRecord) -> None:
    # why: an extension changes the clock running when it is decided; deciding it before a
    # step already recorded would change a clock that step has since stopped
    if event.at < record.last_at:
        msg = (
            f"{type(event).__name__}: issue {record.id!r} last moved at {record.last_at.isoformat()}, "
            f"after {event.at.isoformat()}; record extensions in time order with the issue's steps"
        )
        raise OutOfOrderError(msg)


def _running(clocks: list[Clock], at: datetime) -> list[Clock]:
    return [c for c in clocks if c.running_at(at)]


def _lights(state: State, rules: SupervisionRules, clocks: list[Clock], at: datetime) -> dict[str, Light]:
    calendar = state.charter.calendar
    lights: dict[str, Light] = {}
    for clock in _running(clocks, at):
        light = clock.light(calendar, rules.yellow_share, at)
        if light is not None:
            lights[clock.step] = light
    return lights


def supervising_unit(state: State, record: IssueRecord, rules: SupervisionRules) -> str:
    """The unit supervising ``record`` now: the last escalation's, else the lowest unit of its
    lineage at a level where a role holding the card duty is held (else its own unit)."""
    escalated = state.supervision.escalations.get(record.id)
    if escalated:
        return escalated[-1][1]
    community = state.community
    levels = {spec.level for spec in state.authority.role_set.holding(rules.card_duty)}
    for unit in (record.unit, *reversed(community.ancestors(record.unit))):
        if community.unit(unit).level in levels:
            return unit
    return record.unit


# -- checks --------------------------------------------------------------------------------------
def _card(state: State, event: CardIssued, events: list[Event]) -> None:
    rules = _rules(state, event)
    record = _issue(state, event, event.issue)
    rules.deadline(event.step)
    clocks = [
        c for c in issue_clocks(state, record, events) if c.step == event.step and c.running_at(event.at)
    ]
    light = clocks[0].light(state.charter.calendar, rules.yellow_share, event.at) if clocks else None
    wanted = {Light.YELLOW, Light.RED} if event.colour == "yellow" else {Light.RED}
    if light not in wanted:
        now = "not running" if light is None else light.value
        msg = (
            f"issue {event.issue!r}: a {event.colour} card needs its {event.step!r} step to be "
            f"{' or '.join(sorted(w.value for w in wanted))} at {event.at.isoformat()}, but it is {now}"
        )
        raise IllegalTransitionError(msg)
    started = clocks[0].started
    for card in state.supervision.cards:
        if (card.issue, card.step, card.clock_started, card.colour) == (
            event.issue,
            event.step,
            started,
            event.colour,
        ):
            msg = f"issue {event.issue!r}: a {event.colour} card was already issued for this {event.step!r} step (event #{card.seq})"
            raise DuplicateError(msg)
    state.authority.authorise(event.actor, rules.card_duty, record.unit, event.at)


def _notice(state: State, event: SupervisionNoticeIssued, events: list[Event]) -> None:
    rules = _rules(state, event)
    record = _issue(state, event, event.issue)
    if not _running(issue_clocks(state, record, events), event.at):
        msg = (
            f"issue {event.issue!r} has no step deadline running at {event.at.isoformat()} "
            "(finished, or in a step without one); nothing to supervise"
        )
        raise IllegalTransitionError(msg)
    state.authority.authorise(event.actor, rules.card_duty, record.unit, event.at)


def _escalation(state: State, event: SupervisionEscalated, events: list[Event]) -> None:
    rules = _rules(state, event)
    record = _issue(state, event, event.issue)
    lights = _lights(state, rules, issue_clocks(state, record, events), event.at)
    if Light.RED not in lights.values():
        msg = (
            f"issue {event.issue!r} is not red (overdue) at {event.at.isoformat()} "
            f"(steps running: {({k: v.value for k, v in lights.items()}) or 'none'}); only red issues go up a level"
        )
        raise IllegalTransitionError(msg)
    current = supervising_unit(state, record, rules)
    above = state.community.unit(current).parent
    if above is None or event.unit != above:
        where = f"the level above is {above!r}" if above else "it is already supervised at the top unit"
        msg = f"issue {event.issue!r} is supervised at {current!r}: escalation goes one level up; {where}, not {event.unit!r}"
        raise InvalidFieldError(msg)
    state.authority.authorise(event.actor, rules.card_duty, current, event.at)


def _may_act_on(state: State, record: IssueRecord, person: str, at: datetime) -> bool:
    if record.responsible == person:
        return True
    workflow = state.workflow
    duties = {
        tr.duty
        for action in workflow.allowed_actions(record.state)
        for tr in workflow.transitions_for(action)
    }
    return any(state.authority.may(person, duty, record.unit, at) for duty in sorted(duties))


def _request(state: State, event: ExtensionRequested, events: list[Event]) -> None:
    rules = _rules(state, event)
    record = _issue(state, event, event.issue)
    if event.request in state.supervision.requests:
        msg = f"extension request id {event.request!r} is already used; give each request an id of its own"
        raise DuplicateError(msg)
    if not 1 <= event.working_days <= rules.max_extension_days:
        msg = (
            f"extension request {event.request!r}: {event.working_days} working days; "
            f"ask for 1 to {rules.max_extension_days}"
        )
        raise InvalidFieldError(msg)
    _not_before_last_step(event, record)
    running = _running(issue_clocks(state, record, events), event.at)
    if not running:
        msg = (
            f"issue {event.issue!r} has no step deadline running at {event.at.isoformat()}; nothing to extend"
        )
        raise IllegalTransitionError(msg)
    pending = [
        r.id for r in state.supervision.requests.values() if r.issue == event.issue and r.approved is None
    ]
    if pending:
        msg = (
            f"issue {event.issue!r} already has a pending extension request ({pending[0]!r}); decide it first"
        )
        raise DuplicateError(msg)
    if not _may_act_on(state, record, event.actor, event.at):
        msg = (
            f"extension request {event.request!r}: {event.actor!r} is neither responsible for issue "
            f"{event.issue!r} nor holds a duty of its next steps at {event.at.isoformat()}"
        )
        raise NotAuthorisedError(msg)


def _decision(state: State, event: ExtensionDecided, events: list[Event]) -> None:
    rules = _rules(state, event)
    request = state.supervision.requests.get(event.request)
    if request is None:
        msg = f"unknown extension request {event.request!r}; record the ExtensionRequested first"
        raise UnknownKeyError(msg)
    if request.approved is not None:
        verdict = "approved" if request.approved else "refused"
        msg = f"extension request {event.request!r} was already {verdict} at {request.decided_at}"
        raise DuplicateError(msg)
    if event.at < request.at:
        msg = f"extension request {event.request!r} is made {request.at.isoformat()}, after its decision {event.at.isoformat()}"
        raise OutOfOrderError(msg)
    if event.actor == request.requester:
        msg = f"extension request {event.request!r}: the requester {event.actor!r} cannot decide their own request"
        raise EligibilityError(msg)
    record = state.issues[request.issue]
    if event.approved:
        _not_before_last_step(event, record)
        running = [
            c
            for c in _running(issue_clocks(state, record, events), event.at)
            if (c.step, c.started) == (request.step, request.clock_started)
        ]
        if not running:
            msg = (
                f"extension request {event.request!r}: the {request.step!r} step it asked more time for "
                f"has ended by {event.at.isoformat()}; record decision='refused' instead"
            )
            raise IllegalTransitionError(msg)
    state.authority.authorise(event.actor, rules.extension_duty, record.unit, event.at)


#: the checks of the supervision events
SUPERVISION_CHECKS: dict[type[Event], Callable[[State, Any, list[Event]], None]] = {
    CardIssued: _card,
    SupervisionNoticeIssued: _notice,
    SupervisionEscalated: _escalation,
    ExtensionRequested: _request,
    ExtensionDecided: _decision,
}


# -- folds ---------------------------------------------------------------------------------------
def supervision_folds(state: State) -> dict[type[Event], Callable[[Any, int, list[Event]], None]]:
    """The folds of the supervision events into ``state.supervision`` (each undoable in a batch)."""
    book = state.supervision

    def card(event: CardIssued, seq: int, events: list[Event]) -> None:
        record = state.issues[event.issue]
        clocks = [
            c for c in issue_clocks(state, record, events) if c.step == event.step and c.running_at(event.at)
        ]
        started = clocks[0].started if clocks else event.at
        book.cards.append(
            CardRecord(seq, event.issue, event.colour, event.step, started, event.actor, event.at)
        )
        state._remember(book.cards.pop)

    def notice(event: SupervisionNoticeIssued, seq: int, events: list[Event]) -> None:
        book.notices.append((seq, event.issue, event.actor, event.at))
        state._remember(book.notices.pop)

    def escalation(event: SupervisionEscalated, seq: int, events: list[Event]) -> None:
        chain = book.escalations.setdefault(event.issue, [])
        chain.append((seq, event.unit, event.at))

        def undo() -> None:
            chain.pop()
            if not chain:
                del book.escalations[event.issue]

        state._remember(undo)

    def request(event: ExtensionRequested, seq: int, events: list[Event]) -> None:
        record = state.issues[event.issue]
        clock = requested_clock(issue_clocks(state, record, events), event.at)
        book.requests[event.request] = ExtensionRecord(
            seq,
            event.request,
            event.issue,
            clock.step if clock else "",
            clock.started if clock else event.at,
            event.working_days,
            event.actor,
            event.at,
        )
        state._remember(lambda: book.requests.pop(event.request))

    def decision(event: ExtensionDecided, seq: int, events: list[Event]) -> None:
        found = book.requests[event.request]
        found.approved, found.decided_at, found.decider = event.approved, event.at, event.actor

        def undo() -> None:
            found.approved = found.decided_at = found.decider = None

        state._remember(undo)

    return {
        CardIssued: card,
        SupervisionNoticeIssued: notice,
        SupervisionEscalated: escalation,
        ExtensionRequested: request,
        ExtensionDecided: decision,
    }
