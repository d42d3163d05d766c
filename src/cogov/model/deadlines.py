"""Deadlines (时限) per issue kind and step, in working days, and the clocks they start.

A charter's :class:`SupervisionRules` declares, for steps of the issue flow, how long an
issue may stay in them: register → plan within so many working days, plan → resolved by
the plan's own deadline, resolved → follow-up within so many.  A step is a set of workflow
states; its clock starts when the issue enters the set and stops when it leaves it, so a
rework or a reopening starts a new clock.  Time is counted on the charter's working-day
calendar (weekends, holidays and adjusted working days, :mod:`cogov.model.workdays`): only
the hours of working days count, in the timezone of the step that started the clock.

A running clock is green until ``yellow_share`` of its time is used, then yellow (黄牌
warning), then red (红牌: overdue) once its due time passes.  An approved extension (延期)
moves the due time of the clock it was granted for, from the moment it is approved.

Everything here is a pure function of the steps given: the ledger's supervision view
(:mod:`cogov.engine.supervision`) feeds it either all at once (from scratch) or one step at
a time (incrementally), and the two agree by construction and by test.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from cogov.errors import DefinitionError, InvalidFieldError
from cogov.model import fields
from cogov.model.labels import Labelled
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Category, Workflow

__all__ = [
    "DAY_SECONDS",
    "Clock",
    "ClockBook",
    "Extension",
    "Light",
    "StepDeadline",
    "SupervisionRules",
    "after_working_time",
    "base_due",
    "clocks_of_steps",
    "finished_states",
    "requested_clock",
    "working_seconds",
]

#: the length of a working day in working time (every hour of a working day counts)
DAY_SECONDS = 86400.0


class Light(enum.Enum):
    """Where a running clock stands (the card colours of deployed grid platforms)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {"green": "in time (正常)", "yellow": "yellow (黄牌预警)", "red": "red (红牌超期)"}[self.value]


def _positive_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        msg = f"{type(instance).__name__}.{attribute.name}: expected a positive int or None, got {value!r}"
        raise InvalidFieldError(msg)


def _kind_days(value: Iterable[Iterable[Any]]) -> tuple[tuple[str, int], ...]:
    return tuple((str(k), int(d)) for k, d in (tuple(pair) for pair in value))


def _check_kind_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for kind, days in value:
        if days < 1:
            msg = f"StepDeadline {instance.key!r}: {kind!r} gets {days} working days; give at least 1"
            raise InvalidFieldError(msg)


@attrs.frozen
class StepDeadline(Labelled):
    """How long an issue may stay in one step, e.g. registered → planned within 2 working days.

    ``states`` are the workflow states of the step; ``working_days`` the default limit and
    ``by_kind`` the limits of particular issue kinds; a limit of ``None`` means the step is
    due at the plan's own deadline (一矛盾一方案: the plan names its deadline).  ``kinds``
    restricts the step to some issue kinds (empty: every kind).
    """

    states: frozenset[str] = attrs.field(converter=fields.keyset, validator=fields.keys)
    working_days: int | None = attrs.field(default=None, validator=_positive_or_none)
    by_kind: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=_kind_days, validator=_check_kind_days
    )
    kinds: frozenset[str] = attrs.field(default=frozenset(), converter=fields.keyset, validator=fields.keys)

    @property
    def follows_plan(self) -> bool:
        """Whether the step is due at the plan's own deadline."""
        return self.working_days is None and not self.by_kind

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def days_for(self, kind: str) -> int | None:
        """The working days ``kind`` gets in this step (``None``: the plan's deadline)."""
        for key, days in self.by_kind:
            if key == kind:
                return days
        return self.working_days


def _share(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        msg = f"SupervisionRules.yellow_share: expected a number strictly between 0 and 1, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class SupervisionRules:
    """A charter's supervision (督办): step deadlines, when a card turns yellow, who acts.

    ``card_duty`` is the duty to issue yellow and red cards, supervision notices and
    escalations (held, e.g., by town cadres stationed in the community, 镇驻社区干部督导);
    ``extension_duty`` the duty to approve or refuse extension requests (延期审批).
    """

    key: str = attrs.field(validator=fields.key)
    deadlines: tuple[StepDeadline, ...] = attrs.field(validator=fields.tuple_of(StepDeadline))
    yellow_share: float = attrs.field(default=0.8, validator=_share)
    card_duty: str = attrs.field(default="supervise", validator=fields.key)
    extension_duty: str = attrs.field(default="approve_extension", validator=fields.key)
    #: the most working days one extension may grant
    max_extension_days: int = attrs.field(default=30, validator=_positive_or_none)

    def deadline(self, key: str) -> StepDeadline:
        for step in self.deadlines:
            if step.key == key:
                return step
        msg = (
            f"supervision {self.key!r} has no step deadline {key!r}; known: {[d.key for d in self.deadlines]}"
        )
        raise InvalidFieldError(msg)

    @property
    def duties(self) -> frozenset[str]:
        return frozenset({self.card_duty, self.extension_duty})

    def check(self, workflow: Workflow, kinds: Iterable[str], owner: str) -> None:
        """Raise :class:`DefinitionError` unless every step names real states and kinds.

        A step may not contain a state an issue is finished in (closed, withdrawn, rejected,
        …): no finished issue is ever overdue.
        """
        known_kinds = set(kinds)
        seen: set[str] = set()
        for i, one in enumerate(self.deadlines):
            for other in self.deadlines[i + 1 :]:
                shared_kinds = not one.kinds or not other.kinds or one.kinds & other.kinds
                if shared_kinds and one.states & other.states:
                    msg = (
                        f"charter {owner!r}: step deadlines {one.key!r} and {other.key!r} both run in "
                        f"{sorted(one.states & other.states)}; a state belongs to one step"
                    )
                    raise DefinitionError(msg)
        finished = finished_states(workflow)
        for step in self.deadlines:
            if step.key in seen:
                msg = f"charter {owner!r}: step deadline {step.key!r} is declared twice"
                raise DefinitionError(msg)
            seen.add(step.key)
            for state in sorted(step.states):
                workflow.state(state)  # an unknown state is an error naming the known ones
                if state in finished:
                    msg = (
                        f"charter {owner!r}: step deadline {step.key!r} runs in state {state!r}, "
                        "where an issue is finished; a finished issue is never due"
                    )
                    raise DefinitionError(msg)
            for kind in sorted(step.kinds | {k for k, _ in step.by_kind}):
                if kind not in known_kinds:
                    msg = f"charter {owner!r}: step deadline {step.key!r} names unknown issue kind {kind!r}"
                    raise DefinitionError(msg)


def finished_states(workflow: Workflow) -> frozenset[str]:
    """States in which an issue is finished: closed-unresolved ones, final ones, and where ``close`` leads."""
    finished = {s.key for s in workflow.states if s.category is Category.CLOSED_UNRESOLVED}
    finished |= workflow.terminal_states()
    finished |= {tr.target for tr in workflow.transitions_for("close")}
    return frozenset(finished)


# -- working time ------------------------------------------------------------------------------
def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def working_seconds(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    """Seconds of working days in ``[start, end)`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0.0
    end = end.astimezone(start.tzinfo)
    total = 0.0
    day = _midnight(start)
    while day < end:
        following = day + timedelta(days=1)
        if calendar.is_working_day(day.date()):
            lo = max(day, start)
            hi = min(following, end)
            total += (hi - lo).total_seconds()
        day = following
    return total


def after_working_time(calendar: WorkingCalendar, start: datetime, seconds: float) -> datetime:
    """The moment ``seconds`` of working time after ``start`` (time on days off does not count)."""
    remaining = seconds
    day = _midnight(start)
    moment = start
    while True:
        following = day + timedelta(days=1)
        if calendar.is_working_day(day.date()):
            available = (following - moment).total_seconds()
            if remaining <= available:
                return moment + timedelta(seconds=remaining)
            remaining -= available
        day = moment = following


# -- clocks --------------------------------------------------------------------------------------
@attrs.define(eq=True)
class Clock:
    """One stay of one issue in one step: when it started, when it is due, when it stopped.

    ``base_due`` is the due time as declared (working days from the start, or the plan's
    deadline); ``extensions`` are the approved extensions ``(approved at, working days)``.
    """

    issue: str
    step: str
    started: datetime
    base_due: datetime
    stopped: datetime | None = None
    extensions: list[tuple[datetime, int]] = attrs.Factory(list)

    def due_at(self, calendar: WorkingCalendar, when: datetime | None = None) -> datetime:
        """The due time in force at ``when`` (every extension approved by then; all if ``None``)."""
        days = sum(d for at, d in self.extensions if when is None or at <= when)
        if not days:
            return self.base_due
        return after_working_time(calendar, self.base_due, days * DAY_SECONDS)

    def yellow_from(self, calendar: WorkingCalendar, share: float, when: datetime | None = None) -> datetime:
        """When ``share`` of the clock's working time is used (due at once if it has none)."""
        due = self.due_at(calendar, when)
        span = working_seconds(calendar, self.started, due)
        return after_working_time(calendar, self.started, share * span) if span > 0 else due

    def running_at(self, when: datetime) -> bool:
        return self.started <= when and (self.stopped is None or when < self.stopped)

    def light(self, calendar: WorkingCalendar, share: float, when: datetime) -> Light | None:
        """Green, yellow or red at ``when`` while running; ``None`` before it starts or after it stops."""
        if not self.running_at(when):
            return None
        if when >= self.due_at(calendar, when):
            return Light.RED
        if when >= self.yellow_from(calendar, share, when):
            return Light.YELLOW
        return Light.GREEN

    def late(self, calendar: WorkingCalendar) -> bool:
        """Whether the step ended after its due time (a stopped clock only)."""
        return self.stopped is not None and self.stopped > self.due_at(calendar, self.stopped)

    def red_seconds(self, calendar: WorkingCalendar, until: datetime) -> float:
        """Seconds (wall time) spent red up to ``until``."""
        end = until if self.stopped is None else min(until, self.stopped)
        due = self.due_at(calendar, end)
        return max(0.0, (end - due).total_seconds())

    def copy(self) -> Clock:
        return Clock(self.issue, self.step, self.started, self.base_due, self.stopped, list(self.extensions))


def base_due(
    calendar: WorkingCalendar,
    step: StepDeadline,
    kind: str,
    started: datetime,
    plan_deadline: datetime | None,
) -> datetime:
    """Due time of a clock started at ``started``: working days later, or the plan's deadline."""
    days = step.days_for(kind)
    if days is not None:
        return after_working_time(calendar, started, days * DAY_SECONDS)
    if plan_deadline is not None:
        return plan_deadline
    # a step due at the plan's deadline entered with no plan: due at once (no date was set)
    return started


#: one step of an issue: when, the state it reached, the plan deadline in force after it
IssueStep = tuple[datetime, str, datetime | None]
#: an approved extension: when it was approved, working days, and the clock it extends (its
#: step and start; the clock named by the request, not whichever runs at the approval: a step
#: recorded at the same moment may have stopped that clock and started another)
Extension = tuple[datetime, int, str, datetime]


def clocks_of_steps(
    rules: SupervisionRules,
    calendar: WorkingCalendar,
    issue: str,
    kind: str,
    steps: Sequence[IssueStep],
    *,
    extensions: Sequence[Extension] = (),
) -> list[Clock]:
    """Every clock of one issue from its steps (in order), from scratch.

    A clock runs over each maximal run of consecutive steps whose states lie in a step
    deadline's states.  A clock due at the plan's deadline takes the deadline in force at
    the last step of its run.  Each extension ``(approved at, days, step, started)`` goes to
    the clock of that step started then.
    """
    clocks: list[Clock] = []
    for step in rules.deadlines:
        if not step.applies_to(kind):
            continue
        run_start: int | None = None
        for i, (_, state, _) in enumerate([*steps, (_END, "", None)]):
            inside = i < len(steps) and state in step.states
            if inside and run_start is None:
                run_start = i
            elif not inside and run_start is not None:
                started = steps[run_start][0]
                last_plan = steps[i - 1][2]
                stopped = steps[i][0] if i < len(steps) else None
                clocks.append(
                    Clock(
                        issue, step.key, started, base_due(calendar, step, kind, started, last_plan), stopped
                    )
                )
                run_start = None
    clocks.sort(key=lambda c: (c.started, c.step))
    for extension in extensions:
        named = _named(clocks, extension)
        if named is not None:
            named.extensions.append(extension[:2])
    return clocks


def requested_clock(clocks: Iterable[Clock], at: datetime) -> Clock | None:
    """The clock an extension request made at ``at`` names: of those running then, the first
    to have started (then by step key); ``None`` when none runs."""
    running = [c for c in clocks if c.running_at(at)]
    return min(running, key=_order) if running else None


def _named(clocks: Sequence[Clock], extension: Extension) -> Clock | None:
    # A step left and re-entered at one moment starts two clocks of it then, the first
    # stopping at once; a request can only have named the later (the first never runs), so
    # the search goes from the last clock back.
    _, _, step, started = extension
    for clock in reversed(clocks):
        if (clock.step, clock.started) == (step, started):
            return clock
    return None


_END = datetime.max.replace(tzinfo=UTC)


def _order(clock: Clock) -> tuple[datetime, str]:
    return clock.started, clock.step


class ClockBook:
    """The clocks of many issues, kept up to date one step at a time (incrementally).

    Feeding it every issue's steps in order (:meth:`step`) and every approved extension
    (:meth:`extend`) gives the clocks :func:`clocks_of_steps` computes from scratch.
    """

    def __init__(self, rules: SupervisionRules, calendar: WorkingCalendar) -> None:
        self.rules = rules
        self.calendar = calendar
        self._clocks: dict[str, list[Clock]] = {}
        self._running: dict[str, dict[str, Clock]] = {}

    def step(self, issue: str, kind: str, at: datetime, state: str, plan_deadline: datetime | None) -> None:
        """Issue ``issue`` (of ``kind``) reached ``state`` at ``at``, with ``plan_deadline`` in force."""
        running = self._running.setdefault(issue, {})
        clocks = self._clocks.setdefault(issue, [])
        for step in self.rules.deadlines:
            if not step.applies_to(kind):
                continue
            clock = running.get(step.key)
            inside = state in step.states
            if clock is not None and not inside:
                clock.stopped = at
                del running[step.key]
            elif clock is not None and step.days_for(kind) is None:
                clock.base_due = base_due(self.calendar, step, kind, clock.started, plan_deadline)
            elif clock is None and inside:
                clock = Clock(issue, step.key, at, base_due(self.calendar, step, kind, at, plan_deadline))
                running[step.key] = clock
                clocks.append(clock)

    def extend(self, issue: str, extension: Extension) -> Clock | None:
        """Add ``extension`` (approved at, days, step, started) to the clock it names (if known)."""
        clock = _named(self._clocks.get(issue, []), extension)
        if clock is not None:
            clock.extensions.append(extension[:2])
        return clock

    def clocks(self, issue: str) -> list[Clock]:
        """The clocks of ``issue``, in the order they started."""
        return sorted(self._clocks.get(issue, ()), key=_order)

    def issues(self) -> list[str]:
        return sorted(self._clocks)

    def reset(self, issue: str) -> None:
        """Forget ``issue`` (to feed its steps again, e.g. after a correction of its plan)."""
        self._clocks.pop(issue, None)
        self._running.pop(issue, None)
