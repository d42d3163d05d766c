"""Hypothesis strategies for cogov values, communities and legal (or illegal) event streams.

Use them to property-test code built on cogov::

    from hypothesis import given
    from cogov.testing import scenarios

    @given(scenarios())
    def test_my_metric_counts_every_issue(scenario):
        ledger = scenario.ledger()
        assert my_metric(ledger).total == len(ledger.issues)

Value strategies (:func:`keys`, :func:`codes`, :func:`labels`, :func:`levels`, :func:`units`,
:func:`people`, :func:`workflows`, :func:`calendars`) draw single well-formed values.
:func:`communities` draws a valid unit tree with people; :func:`appointments` fills roles of
a role set with eligible people; :func:`issue_events` draws one event a live ledger accepts
(or, with ``legal=False``, one it must refuse); :func:`event_sequences` draws a whole legal
history.  Hypothesis is imported here, pytest is not.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone

import attrs
from hypothesis import strategies as st

from cogov.engine.ledger import Ledger
from cogov.engine.records import IssueRecord
from cogov.errors import CogovError
from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter
from cogov.model.events import (
    EVENT_TYPES,
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueActionTaken,
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
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
)
from cogov.model.roles import Appointment, RoleSet, RoleSpec
from cogov.model.structure import DEFAULT_LEVELS, Community, Level, Person, PersonAttribute, Unit
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Category, State, Transition, Workflow

__all__ = [
    "EPOCH",
    "IllegalEvent",
    "Scenario",
    "appointments",
    "aware_datetimes",
    "calendars",
    "charters",
    "codes",
    "communities",
    "event_sequences",
    "illegal_issue_events",
    "issue_events",
    "keys",
    "labels",
    "levels",
    "people",
    "scenarios",
    "units",
    "workflows",
]

#: default start of generated appointments and histories (a Tuesday, 09:00 China time)
_CHINA = timezone(timedelta(hours=8), "CST")
EPOCH = datetime(2022, 3, 1, 9, 0, tzinfo=_CHINA)

_LOWER = string.ascii_lowercase
_KEY_TAIL = _LOWER + string.digits + "_"
_CODE_HEAD = string.ascii_letters + string.digits
_CODE_TAIL = _CODE_HEAD + "._-"
_DEFAULT_LEVEL_KEYS = tuple(level.key for level in DEFAULT_LEVELS)
_ATTRIBUTES = tuple(
    value for name, value in vars(PersonAttribute).items() if name.isupper() and isinstance(value, str)
)


# -- scalar values -----------------------------------------------------------------------------
def keys(max_size: int = 16) -> st.SearchStrategy[str]:
    """Valid keys such as ``grid_head`` (lower-case identifier)."""
    return st.builds(
        str.__add__,
        st.sampled_from(_LOWER),
        st.text(alphabet=_KEY_TAIL, max_size=max(0, max_size - 1)),
    )


def codes(max_size: int = 16) -> st.SearchStrategy[str]:
    """Valid unit codes, person ids and record ids such as ``420325100001`` or ``p-17``."""
    return st.builds(
        str.__add__,
        st.sampled_from(_CODE_HEAD),
        st.text(alphabet=_CODE_TAIL, max_size=max(0, min(63, max_size - 1))),
    )


def labels(max_size: int = 24) -> st.SearchStrategy[str]:
    """Non-blank human labels in any script (Chinese, English, …)."""
    text = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=max_size)
    return st.one_of(st.sampled_from(("网格长", "noise at night", "楼上漏水 leak")), text).filter(str.strip)


def aware_datetimes(
    min_value: datetime = datetime(2020, 1, 1),
    max_value: datetime = datetime(2030, 1, 1),
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes (China time or UTC) between naive bounds."""
    return st.datetimes(
        min_value,
        max_value,
        timezones=st.sampled_from((_CHINA, UTC)),
    )


def levels(min_size: int = 1, max_size: int = 7) -> st.SearchStrategy[tuple[Level, ...]]:
    """Level sequences with unique keys, outermost first."""
    return st.lists(
        st.builds(Level, keys(), labels(), labels()),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda level: level.key,
    ).map(tuple)


def units(level_keys: Sequence[str] = _DEFAULT_LEVEL_KEYS) -> st.SearchStrategy[Unit]:
    """Single well-formed units (not placed in any tree; see :func:`communities`)."""
    return st.builds(
        Unit,
        code=codes(),
        level=st.sampled_from(tuple(level_keys)),
        name_zh=labels(),
        name_en=labels(),
        parent=st.none() | codes(),
    )


def people(households: Sequence[str] = ()) -> st.SearchStrategy[Person]:
    """Single well-formed people, living in one of ``households`` (or nowhere)."""
    household = st.none() | st.sampled_from(tuple(households)) if households else st.none()
    return st.builds(
        Person,
        id=codes(),
        name=labels(),
        household=household,
        attributes=st.frozensets(st.sampled_from(_ATTRIBUTES) | keys(), max_size=4),
    )


def calendars() -> st.SearchStrategy[WorkingCalendar]:
    """Working calendars: any weekend leaving a working weekday, holidays and extra workdays."""
    days = st.dates(date(2021, 1, 1), date(2023, 12, 31))
    return st.builds(
        WorkingCalendar,
        weekend=st.frozensets(st.integers(0, 6), max_size=6),
        holidays=st.frozensets(days, max_size=20),
        extra_workdays=st.frozensets(days, max_size=5),
    )


@st.composite
def workflows(draw: st.DrawFn, max_states: int = 8, max_transitions: int = 16) -> Workflow:
    """Valid workflows: unique states, one intake or more, no (source, action) declared twice."""
    states = draw(
        st.lists(
            st.builds(State, keys(), labels(), labels(), st.sampled_from(Category)),
            min_size=1,
            max_size=max_states,
            unique_by=lambda state: state.key,
        )
    )
    names = [s.key for s in states]
    actions = draw(st.lists(keys(), min_size=1, max_size=max_transitions, unique=True))
    transitions = []
    for index, action in enumerate(actions):
        sources = frozenset() if index == 0 else draw(st.frozensets(st.sampled_from(names), max_size=3))
        target = draw(st.sampled_from(names))
        transitions.append(Transition(action, sources, target, "动作", action.replace("_", " ")))
    return Workflow(draw(keys()), tuple(states), tuple(transitions))


@st.composite
def charters(draw: st.DrawFn, *, max_extra_states: int = 3) -> Charter:
    """The basic charter, or the basic charter extended the way a plugin extends it.

    An extension adds states, each entered by a new action from an open canonical state and
    left by another back into the workflow, and a community-level role (no requirements) whose
    duties are the new actions, so that :func:`appointments` can fill it.  Events for the new
    actions are :class:`~cogov.IssueActionTaken`.
    """
    charter = basic_charter()
    count = draw(st.integers(0, max_extra_states))
    if not count:
        return charter
    workflow = charter.workflow
    existing = {state.key for state in workflow.states}
    open_states = sorted(s.key for s in workflow.states if s.category is Category.OPEN)
    names = draw(st.lists(keys(max_size=10), min_size=count, max_size=count, unique=True))
    states, transitions, duties = [], [], set()
    for index, name in enumerate(names):
        key = f"x{index}_{name}"
        if key in existing:
            continue
        states.append(State(key, "扩展状态", f"extra state {index}", draw(st.sampled_from(Category))))
        enter, leave = f"enter_{key}", f"leave_{key}"
        sources = draw(st.lists(st.sampled_from(open_states), min_size=1, max_size=3, unique=True))
        transitions.append(Transition(enter, sources, key, "进入", f"enter {key}"))
        transitions.append(
            Transition(leave, [key], draw(st.sampled_from(open_states)), "离开", f"leave {key}")
        )
        duties |= {enter, leave}
    if not states:
        return charter
    extended = workflow.extended(key="extended", states=states, transitions=transitions)
    role = RoleSpec("extra_officer", "扩展专员", "extension officer", level="community", duties=duties)
    return attrs.evolve(
        charter, key="extended", workflow=extended, role_set=charter.role_set.merged("extended", [role])
    )


# -- communities and appointments ----------------------------------------------------------
@st.composite
def communities(
    draw: st.DrawFn,
    levels: Sequence[Level] = DEFAULT_LEVELS,
    *,
    max_units: int = 24,
    min_people: int = 1,
    max_people: int = 12,
) -> Community:
    """Valid unit trees with people in their households.

    The tree always reaches the deepest level (one unit at every level), then grows by adding
    children under random parents, sometimes skipping a level as real structures do.  People
    live in units of the deepest level.
    """
    depth = len(levels)
    count = draw(st.integers(min_value=depth, max_value=max(depth, max_units)))
    all_codes = draw(st.lists(codes(), min_size=count, max_size=count, unique=True))
    community = Community(levels)
    placed: list[tuple[str, int]] = []
    for index, unit_code in enumerate(all_codes):
        if index < depth:
            parent, at = (placed[-1][0] if placed else None), index
        else:
            inner = [(c, d) for c, d in placed if d < depth - 1]
            parent, parent_depth = draw(st.sampled_from(inner))
            at = draw(st.integers(parent_depth + 1, min(depth - 1, parent_depth + 2)))
        level = levels[at]
        community.add_unit(Unit(unit_code, level.key, f"{level.zh}{index}", f"{level.en} {index}", parent))
        placed.append((unit_code, at))
    households = [c for c, d in placed if d == depth - 1]
    for person in draw(
        st.lists(people(households), min_size=min_people, max_size=max_people, unique_by=lambda p: p.id)
    ):
        community.add_person(person)
    return community


@st.composite
def appointments(
    draw: st.DrawFn,
    community: Community,
    role_set: RoleSet,
    *,
    start: datetime = EPOCH,
    min_per_role: int = 0,
    max_per_role: int = 3,
) -> list[Appointment]:
    """Appointments an :class:`~cogov.Authority` accepts: right level, eligible people, holder limits.

    Every appointment starts at ``start`` and is open-ended.  People are drawn among those
    who carry the attributes a role requires; a role with no eligible person stays empty.
    """
    made: list[Appointment] = []
    everyone = list(community.people)
    for spec in role_set:
        eligible = [p.id for p in everyone if spec.requires <= p.attributes]
        places = [u.code for u in community.units if u.level == spec.level]
        if not eligible or not places:
            continue
        for _ in range(draw(st.integers(min_per_role, max(min_per_role, max_per_role)))):
            unit = draw(st.sampled_from(places))
            held = sum(1 for a in made if a.role == spec.key and a.unit == unit)
            if spec.max_holders is not None and held >= spec.max_holders:
                continue
            person = draw(st.sampled_from(eligible))
            made.append(Appointment(f"A{len(made)}", person, spec.key, unit, start))
    return made


# -- events ----------------------------------------------------------------------------------
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
        extra = {
            "mediator": draw(st.sampled_from(person_ids)),
            "lawyer": draw(st.none() | st.sampled_from(person_ids)),
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
    elif cls in (IssueRegistered, CompletionConfirmed, IssueClosed, IssueResumed):
        extra = {}
    return cls(**common, **extra)  # type: ignore[arg-type]


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
    last = ledger.at_time()
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


@attrs.frozen
class Scenario:
    """A charter, a community, appointments and a legal history of events under them."""

    charter: Charter = attrs.field(repr=lambda charter: f"<charter {charter.key!r}>")
    community: Community = attrs.field(eq=False)
    appointments: tuple[Appointment, ...]
    events: tuple[Event, ...]

    def ledger(self) -> Ledger:
        """A fresh ledger with every event of the scenario applied."""
        ledger = Ledger(self.charter, self.community, appointments=self.appointments)
        for event in self.events:
            ledger.apply(event)
        return ledger


@st.composite
def scenarios(
    draw: st.DrawFn,
    charter: Charter | None = None,
    *,
    max_events: int = 30,
    max_units: int = 16,
) -> Scenario:
    """A whole :class:`Scenario` (default: the basic charter).

    Every role with an eligible person and a unit at its level gets at least one holder.
    """
    charter = charter if charter is not None else basic_charter()
    community = draw(communities(charter.levels, max_units=max_units, min_people=2))
    made = draw(appointments(community, charter.role_set, min_per_role=1))
    events = draw(event_sequences(charter, community, made, max_size=max_events))
    return Scenario(charter, community, tuple(made), tuple(events))
