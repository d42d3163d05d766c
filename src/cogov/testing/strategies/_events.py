"""Strategies for issue events a live ledger accepts (or must refuse) and for legal histories."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs
from hypothesis import strategies as st

from cogov.engine.folded import IssueRecord
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError
from cogov.model.charter import Charter
from cogov.model.events import (
    EVENT_TYPES,
    AgreementReached,
    AnsweredOnSpot,
    Event,
    FollowUpVisited,
    IssueActionTaken,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueRoutedToProperty,
    IssueShelved,
    IssueWithdrawn,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
    PlanMade,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
    ReferredOut,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.testing.strategies._values import EPOCH, labels

__all__ = ["IllegalEvent", "event_sequences", "illegal_issue_events", "issue_events"]

_CLASS_OF_ACTION: dict[str, type[IssueEvent]] = {
    cls.action: cls
    for cls in EVENT_TYPES
    if issubclass(cls, IssueEvent) and isinstance(cls.__dict__.get("action"), str) and cls.action
}


def _later(draw: st.DrawFn, after: datetime) -> datetime:
    minutes = draw(st.integers(min_value=0, max_value=3 * 24 * 60))
    return after + timedelta(minutes=minutes)


def _build_issue_event(  # noqa: PLR0917 - private, called positionally in one module
    draw: st.DrawFn, ledger: Ledger, action: str, issue: str, actor: str, at: datetime
) -> IssueEvent:
    """An event performing ``action`` with every field drawn well-formed and referring to known things."""
    person_ids = [p.id for p in ledger.community.people]
    text = labels()
    common = {"at": at, "actor": actor, "issue": issue}
    cls = _CLASS_OF_ACTION.get(action)
    if cls is None:
        return IssueActionTaken(action=action, **common)  # type: ignore[arg-type]
    extra: dict[str, object] = {}
    if cls is AnsweredOnSpot:
        extra = {"answer": draw(text)}
    elif cls is IssueEscalated:
        meetings = sorted(ledger.meetings)
        extra = {"meeting": draw(st.none() | st.sampled_from(meetings)) if meetings else None}
    elif cls is WhistleBlown:
        extra = {"summoned": draw(st.sampled_from(("县住建局 county housing bureau", "派出所 police")))}
    elif cls is VerificationVisited:
        extra = {"findings": draw(text)}
    elif cls is PlanMade:
        days = draw(st.integers(min_value=1, max_value=60))
        extra = {
            "responsible": draw(st.sampled_from(person_ids)),
            "matter": draw(text),
            "deadline": at + timedelta(days=days),
        }
    elif cls is MediationStarted:
        # the mediator holds the mediation duty (as the actor does); the lawyer is registered as one
        lawyers = [p.id for p in ledger.community.people if "lawyer" in p.attributes]
        extra = {
            "mediator": actor,
            "lawyer": draw(st.none() | st.sampled_from(lawyers)) if lawyers else None,
        }
    elif cls is AgreementReached:
        extra = {"terms": draw(text)}
    elif cls in (MediationFailed, ReworkOrdered, IssueReopened, IssueRejected, IssueWithdrawn, IssueShelved):
        extra = {"reason": draw(text)}
    elif cls is IssueResolved:
        extra = {"outcome": draw(text)}
    elif cls is FollowUpVisited:
        scale = [level.key for level in ledger.charter.satisfaction_scale]
        extra = {"satisfaction": draw(st.sampled_from(scale))}
    elif cls is MarkedDuplicate:
        others = sorted(set(ledger.issues) - {issue})
        extra = {"duplicate_of": draw(st.sampled_from(others)) if others else issue}
    elif cls is ReferredOut:
        extra = {"to": draw(st.sampled_from(("法院 court", "仲裁 arbitration"))), "reason": draw(text)}
    elif cls in _PROPERTY_FIELDS:
        extra = _property_fields(draw, ledger, cls, person_ids, text)
    return cls(**common, **extra)  # type: ignore[arg-type]


#: the fields each red-property event needs beyond the common ones
_PROPERTY_FIELDS = (IssueRoutedToProperty, PropertyPlanMade, PropertyResolved, PropertyReturned)


def _property_fields(
    draw: st.DrawFn,
    ledger: Ledger,
    cls: type[IssueEvent],
    person_ids: list[str],
    text: st.SearchStrategy[str],
) -> dict[str, object]:
    if cls is IssueRoutedToProperty:
        remit = ledger.charter.property_remit
        companies = sorted(
            a.id for a in ledger.community.associations if remit is not None and a.kind == remit.company_kind
        )
        return {"company": draw(st.sampled_from(companies)) if companies else "no-company"}
    if cls is PropertyPlanMade:
        return {"responsible": draw(st.sampled_from(person_ids)), "matter": draw(text)}
    if cls is PropertyResolved:
        return {"outcome": draw(text)}
    return {"reason": draw(text)}


def _actors(ledger: Ledger, duty: str, unit: str, at: datetime) -> list[str]:
    lineage = ledger.community.lineage(unit)
    duties = {spec.key: spec.duties for spec in ledger.charter.role_set}
    return sorted(
        {
            a.person
            for a in ledger.authority
            if duty in duties[a.role] and a.unit in lineage and a.active_at(at)
        }
    )


def _clock(ledger: Ledger, start: datetime) -> datetime:
    last = ledger.last_event_at()
    return start if last is None or last < start else last


@st.composite
def _intake(draw: st.DrawFn, ledger: Ledger, at: datetime) -> IssueEvent | None:
    intake = next((tr for tr in ledger.workflow.transitions if tr.is_intake), None)
    if intake is None or intake.action != IssueCollected.action:
        return None
    community = ledger.community
    units_by_code = [u.code for u in community.units]
    options = []
    for code in units_by_code:
        actors = _actors(ledger, intake.duty, code, at)
        if actors:
            options.append((code, actors))
    if not options:
        return None
    unit, actors = draw(st.sampled_from(options))
    issue = f"I{len(ledger.issues):05d}"
    while issue in ledger.issues:
        issue += "x"
    people_here = [p.id for p in community.members(unit)]
    return IssueCollected(
        at=at,
        actor=draw(st.sampled_from(actors)),
        issue=issue,
        kind=draw(st.sampled_from([k.key for k in ledger.charter.issue_kinds])),
        unit=unit,
        channel=draw(st.sampled_from([c.key for c in ledger.charter.channels])),
        summary=draw(labels()),
        reporter=draw(st.none() | st.sampled_from(people_here)) if people_here else None,
    )


def _steps(ledger: Ledger, record: IssueRecord, at: datetime) -> list[tuple[str, list[str]]]:
    steps = []
    for action in ledger.workflow.allowed_actions(record.state):
        transition = ledger.workflow.move(record.state, action)
        assert transition is not None
        actors = _actors(ledger, transition.duty, record.unit, at)
        if actors:
            steps.append((action, actors))
    return steps


def _draw_legal(draw: st.DrawFn, ledger: Ledger, start: datetime) -> IssueEvent | None:
    for _ in range(8):
        at = _later(draw, _clock(ledger, start))
        open_issues = [r for r in ledger.issues.values() if ledger.workflow.allowed_actions(r.state)]
        # Mostly move existing issues along, so journeys get deep, not just many intakes.
        new_issue = draw(st.integers(0, 3)) == 0 if open_issues else True
        event: IssueEvent | None
        if new_issue:
            event = draw(_intake(ledger, at))
            if event is None and not open_issues:
                return None
        else:
            record = draw(st.sampled_from(sorted(open_issues, key=lambda r: r.id)))
            step_at = max(at, record.last_at)
            steps = _steps(ledger, record, step_at)
            if not steps:
                continue
            action, actors = draw(st.sampled_from(steps))
            actor = draw(st.sampled_from(actors))
            event = _build_issue_event(draw, ledger, action, record.id, actor, step_at)
        if event is None:
            continue
        try:
            ledger.check(event)
        except CogovError:
            continue
        return event
    return None


@st.composite
def issue_events(draw: st.DrawFn, ledger: Ledger, *, start: datetime = EPOCH) -> IssueEvent:
    """One issue event that ``ledger`` accepts right now: a new issue or a next step of one.

    Drawn among the actions the workflow allows from each issue's state, by an actor whose
    appointment covers the issue's unit, timestamped after both the issue's last event and
    the ledger's last event.  Candidates the ledger refuses (a plugin guard, say) are skipped,
    so this also works for extended workflows.  When nothing is possible the draw is rejected.
    """
    event = _draw_legal(draw, ledger, start)
    if event is None:
        return draw(st.nothing())
    return event


@attrs.frozen
class IllegalEvent:
    """An event a ledger must refuse, the error it raises, and the kind of mistake it makes."""

    event: Event
    error: type[CogovError]
    mistake: str


def _mistakes(draw: st.DrawFn, ledger: Ledger, at: datetime) -> dict[str, Callable[[], IssueEvent | None]]:
    records = sorted(ledger.issues.values(), key=lambda r: r.id)
    people_ids = sorted(p.id for p in ledger.community.people)
    actor = draw(st.sampled_from(people_ids)) if people_ids else "nobody"

    def unknown_issue() -> IssueEvent:
        return IssueRegistered(at=at, actor=actor, issue="no-such-issue")

    def illegal_transition() -> IssueEvent | None:
        if not records:
            return None
        record = draw(st.sampled_from(records))
        refused = sorted(
            ledger.workflow.actions - set(ledger.workflow.allowed_actions(record.state)) - {"collect"}
        )
        if not refused:
            return None
        action = draw(st.sampled_from(refused))
        return _build_issue_event(draw, ledger, action, record.id, actor, max(at, record.last_at))

    def out_of_order() -> IssueEvent | None:
        record = movable()
        if record is None:
            return None
        action = draw(st.sampled_from(ledger.workflow.allowed_actions(record.state)))
        earlier = record.last_at - timedelta(minutes=draw(st.integers(1, 60 * 24)))
        return _build_issue_event(draw, ledger, action, record.id, actor, earlier)

    def movable() -> IssueRecord | None:
        candidates = [r for r in records if ledger.workflow.allowed_actions(r.state)]
        return draw(st.sampled_from(candidates)) if candidates else None

    def unauthorised() -> IssueEvent | None:
        record = movable()
        if record is None:
            return None
        when = max(at, record.last_at)
        action = draw(st.sampled_from(ledger.workflow.allowed_actions(record.state)))
        transition = ledger.workflow.move(record.state, action)
        assert transition is not None
        allowed = set(_actors(ledger, transition.duty, record.unit, when))
        outsiders = [p for p in people_ids if p not in allowed]
        if not outsiders:
            return None
        return _build_issue_event(draw, ledger, action, record.id, draw(st.sampled_from(outsiders)), when)

    def unknown_actor() -> IssueEvent | None:
        record = movable()
        if record is None:
            return None
        action = draw(st.sampled_from(ledger.workflow.allowed_actions(record.state)))
        return _build_issue_event(draw, ledger, action, record.id, "ghost-actor", max(at, record.last_at))

    return {
        "unknown issue": unknown_issue,
        "illegal transition": illegal_transition,
        "out of order": out_of_order,
        "unauthorised actor": unauthorised,
        "unknown actor": unknown_actor,
    }


@st.composite
def illegal_issue_events(draw: st.DrawFn, ledger: Ledger, *, start: datetime = EPOCH) -> IllegalEvent:
    """One issue event that ``ledger`` must refuse, with the error it raises.

    Mistakes: an unknown issue, an action the issue's state does not allow, a timestamp before
    the issue's previous event, an actor without the duty over the unit, an unknown actor.
    """
    at = _later(draw, _clock(ledger, start))
    mistakes = _mistakes(draw, ledger, at)
    for name in draw(st.permutations(sorted(mistakes))):
        event = mistakes[name]()
        if event is None:
            continue
        try:
            ledger.check(event)
        except CogovError as error:
            return IllegalEvent(event, type(error), name)
    return draw(st.nothing())


@st.composite
def event_sequences(
    draw: st.DrawFn,
    charter: Charter,
    community: Community,
    appointments: Sequence[Appointment],
    *,
    min_size: int = 0,
    max_size: int = 30,
    start: datetime = EPOCH,
) -> list[Event]:
    """A legal history: issues collected and moved along the workflow by authorised actors.

    Every prefix of the list is accepted by a fresh ``Ledger(charter, community,
    appointments=appointments)``.  The list may be shorter than ``min_size`` when the
    appointments allow nothing more (no one may collect, every issue is final).
    """
    ledger = Ledger(charter, community, appointments=appointments)
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    events: list[Event] = []
    for _ in range(size):
        event = _draw_legal(draw, ledger, start)
        if event is None:
            break
        ledger.apply(event)
        events.append(event)
    return events
