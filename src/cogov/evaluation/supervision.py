"""Supervision statistics (督办统计) and the rule family that penalises red cards.

Everything is read from the events alone (the evaluation layer sees events, charter and
community, never a live ledger): each issue's steps are replayed through the workflow to
find its step clocks (:func:`cogov.model.deadlines.clocks_of_steps`), and each card is
attributed to the grid the issue lies in and the person holding the issue when it was
issued (the plan's responsible, or whoever last moved it).

- **overdue rate**: of the step clocks that came due or ended in the period, the share that
  ended after their due time or were still running past it at the period's end;
- **cards** by grid and by person, yellow and red, each with the event that issued it;
- **time in red**: days (wall time) steps spent past their due time inside the period.

:class:`RedCardPenalty` scores a grid (``subject="unit"``) or a cadre (``subject="person"``)
out of 100, less a fixed penalty per red and per yellow card of the period, never below 0;
every point lost cites the card events that cost it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

import attrs

from cogov.errors import CogovError
from cogov.evaluation.rule import EvaluationContext, RuleBase
from cogov.evaluation.score import Criterion, Score, Tier
from cogov.model import fields
from cogov.model.charter import Charter
from cogov.model.deadlines import Clock, Extension, clocks_of_steps, requested_clock
from cogov.model.events import (
    CardIssued,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    IssueCollected,
    IssueEvent,
    PlanMade,
)
from cogov.model.labels import Labelled
from cogov.model.structure import Community

__all__ = ["RedCardPenalty", "SupervisionFigures", "supervision_figures"]


@attrs.define
class _Issue:
    kind: str
    unit: str
    state: str | None = None
    deadline: datetime | None = None
    holder: str | None = None
    responsible: str | None = None
    steps: list[tuple[datetime, str, datetime | None]] = attrs.Factory(list)
    grants: list[Extension] = attrs.Factory(list)


@attrs.define
class SupervisionFigures:
    """Supervision over one period: clocks due and late, cards, time in red, by group and person."""

    due: Counter[str] = attrs.Factory(Counter)
    late: Counter[str] = attrs.Factory(Counter)
    red_days: dict[str, float] = attrs.Factory(lambda: defaultdict(float))
    #: (colour, group) -> count, and (colour, person) -> count
    cards_by_group: Counter[tuple[str, str]] = attrs.Factory(Counter)
    cards_by_person: Counter[tuple[str, str]] = attrs.Factory(Counter)
    #: the sequence numbers of the card events, by (colour, group) and by (colour, person)
    card_seqs_by_group: dict[tuple[str, str], list[int]] = attrs.Factory(lambda: defaultdict(list))
    card_seqs_by_person: dict[tuple[str, str], list[int]] = attrs.Factory(lambda: defaultdict(list))

    def overdue_rate(self, group: str | None = None) -> float | None:
        """Late clocks over clocks due (of one group, or all); ``None`` when none came due."""
        due = self.due[group] if group is not None else sum(self.due.values())
        late = self.late[group] if group is not None else sum(self.late.values())
        return late / due if due else None

    def cards(self, colour: str, *, group: str | None = None, person: str | None = None) -> int:
        if group is not None:
            return self.cards_by_group[(colour, group)]
        if person is not None:
            return self.cards_by_person[(colour, person)]
        return sum(n for (c, _), n in self.cards_by_group.items() if c == colour)


def _group_of(community: Community, unit: str, level: str) -> str:
    try:
        return community.ancestor_at(unit, level) or unit
    except CogovError:  # a unit or level this community does not know: the unit itself
        return unit


def supervision_figures(
    events: Sequence[Event],
    charter: Charter,
    community: Community,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    group_level: str = "grid",
) -> SupervisionFigures:
    """The supervision figures of ``events`` over ``[start, end)`` (open ends: everything)."""
    figures = SupervisionFigures()
    rules = charter.supervision
    workflow = charter.workflow
    issues: dict[str, _Issue] = {}
    requests: dict[str, tuple[str, int, Clock]] = {}
    for seq, event in enumerate(events):
        if isinstance(event, IssueEvent):
            issue = issues.get(event.issue)
            if issue is None:
                if not isinstance(event, IssueCollected):
                    continue
                issue = issues[event.issue] = _Issue(event.kind, event.unit)
            move = workflow.move(issue.state, event.action)
            if move is None:
                continue
            issue.state = move.target
            if isinstance(event, PlanMade):
                issue.deadline, issue.responsible = event.deadline, event.responsible
            issue.holder = event.actor
            issue.steps.append((event.at, move.target, issue.deadline))
        elif isinstance(event, ExtensionRequested) and rules is not None and event.issue in issues:
            asked = issues[event.issue]
            # the clock a request asks more time for: the one running when it is made, from
            # the steps recorded before it (as the ledger's check decided)
            clocks = clocks_of_steps(rules, charter.calendar, event.issue, asked.kind, asked.steps)
            clock = requested_clock(clocks, event.at)
            if clock is not None:
                requests[event.request] = (event.issue, event.working_days, clock)
        elif isinstance(event, ExtensionDecided) and event.approved and event.request in requests:
            name, days, clock = requests[event.request]
            issues[name].grants.append((event.at, days, clock.step, clock.started))
        elif isinstance(event, CardIssued) and event.issue in issues:
            if (start is not None and event.at < start) or (end is not None and event.at >= end):
                continue
            issue = issues[event.issue]
            group = _group_of(community, issue.unit, group_level)
            person = issue.responsible or issue.holder or "-"
            figures.cards_by_group[(event.colour, group)] += 1
            figures.cards_by_person[(event.colour, person)] += 1
            figures.card_seqs_by_group[(event.colour, group)].append(seq)
            figures.card_seqs_by_person[(event.colour, person)].append(seq)
    if rules is None:
        return figures
    calendar = charter.calendar
    horizon = end or max((e.at for e in events), default=None)
    for name, issue in issues.items():
        group = _group_of(community, issue.unit, group_level)
        for clock in clocks_of_steps(rules, calendar, name, issue.kind, issue.steps, extensions=issue.grants):
            _count(figures, clock, group, calendar_due=clock.due_at(calendar), start=start, horizon=horizon)
    return figures


def _count(
    figures: SupervisionFigures,
    clock: Clock,
    group: str,
    *,
    calendar_due: datetime,
    start: datetime | None,
    horizon: datetime | None,
) -> None:
    ended = clock.stopped
    if horizon is None:
        return
    # a clock counts in the period when it ended there, or came due there still running
    moment = ended if ended is not None and ended <= horizon else None
    if moment is None and calendar_due > horizon:
        return
    counted_at = moment or calendar_due
    if start is not None and counted_at < start:
        return
    figures.due[group] += 1
    finish = moment or horizon
    if finish > calendar_due:
        figures.late[group] += 1
        red_from = max(calendar_due, start) if start is not None else calendar_due
        figures.red_days[group] += max(0.0, (finish - red_from).total_seconds()) / 86400.0


@attrs.frozen
class RedCardPenalty(Labelled, RuleBase):
    """A grid's or a cadre's supervision score: 100 less a penalty per red and yellow card.

    ``subject`` is ``"unit"`` (a unit at ``level``: the cards on issues within it) or
    ``"person"`` (the cards on issues they held when carded).
    """

    family: ClassVar[str] = "red_card_penalty"
    subject: str = attrs.field(default="unit", validator=attrs.validators.in_(("unit", "person")))
    level: str = attrs.field(default="grid", validator=fields.key)
    red_penalty: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))
    yellow_penalty: float = attrs.field(default=2.0, validator=attrs.validators.ge(0))
    maximum: float = 100.0
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score ``subject_id`` (a unit at the rule's level, or a person) over the context's period."""
        self._require_sound()
        key = ("supervision", self.level)
        figures = context._cache.get(key)
        if figures is None:
            period = context.period
            figures = supervision_figures(
                context.events,
                context.charter,
                context.community,
                start=period.start if period else None,
                end=period.end if period else None,
                group_level=self.level,
            )
            context._cache[key] = figures
        assert isinstance(figures, SupervisionFigures)
        seqs = figures.card_seqs_by_group if self.subject == "unit" else figures.card_seqs_by_person
        red = tuple(seqs.get(("red", subject_id), ()))
        yellow = tuple(seqs.get(("yellow", subject_id), ()))
        lost_red = min(self.maximum, self.red_penalty * len(red))
        lost_yellow = min(self.maximum - lost_red, self.yellow_penalty * len(yellow))
        kept = self.maximum - lost_red - lost_yellow
        criteria = [
            Criterion(
                "no_red_cards",
                "无红牌",
                "no red cards",
                kept,
                self.maximum,
                seqs=red + yellow,
                note=(
                    f"{self.maximum:g} - {self.red_penalty:g} x {len(red)} red - "
                    f"{self.yellow_penalty:g} x {len(yellow)} yellow = {kept:g}"
                ),
                note_zh=f"{self.maximum:g} - {self.red_penalty:g} x 红牌 {len(red)} - {self.yellow_penalty:g} x 黄牌 {len(yellow)} = {kept:g}",
            )
        ]
        return self._score(context, subject_id, criteria=criteria)
