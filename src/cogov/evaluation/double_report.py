"""The double report (双报到) in figures: planned against claimed against done, per registrant.

The source: "深化'双报到'工作，党员下沉小区，参与疫情防控、创文创卫、基层治理等各项工作400余次".
In practice the community publishes a needs list and a project list (需求清单、项目清单), units'
party organisations and party members who reported to it claim items (认领), complete them,
and residents rate them; the community evaluates the registrants at least yearly, fed by
these figures (:class:`DoubleReportReview`).

Semantics: the cohort is the items published in the period; *planned* is their places,
*claimed* and *completed* count their claims and completions recorded before the period ends,
so claimed ≤ planned and completed ≤ claimed always hold.  Ratings are residents' answers on
the charter's satisfaction scale; the satisfaction rate counts ``satisfied`` answers among
answers that carry a weight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds, events_of
from cogov.evaluation.period import Period
from cogov.evaluation.rule import EvaluationContext, RuleBase
from cogov.evaluation.score import Criterion, Score, Tier
from cogov.model.charter import Charter
from cogov.model.events import (
    DoubleReportRegistered,
    Event,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
)
from cogov.model.labels import Labelled

__all__ = ["DoubleReportFigures", "DoubleReportReview", "RegistrantFigures", "double_report"]


@attrs.frozen
class RegistrantFigures:
    """One registrant's part: claims, completions, hours and residents' answers, with the events."""

    registrant: str
    kind: str
    claimed: int = 0
    completed: int = 0
    hours: float = 0.0
    answers: Mapping[str, int] = attrs.field(factory=dict)
    seqs: tuple[int, ...] = ()


@attrs.frozen
class DoubleReportFigures:
    """Planned (places published), claimed and completed, in total, per list and per registrant."""

    registered: Mapping[str, int]
    items: int
    planned: int
    claimed: int
    completed: int
    hours: float
    answers: Mapping[str, int]
    #: list kind → (items, planned, claimed, completed)
    by_list: Mapping[str, tuple[int, int, int, int]]
    by_registrant: Mapping[str, RegistrantFigures]
    satisfied_levels: frozenset[str] = frozenset()
    weighted_levels: frozenset[str] = frozenset()

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.claimed if self.claimed else None

    @property
    def claim_rate(self) -> float | None:
        return self.claimed / self.planned if self.planned else None

    def satisfaction(self, answers: Mapping[str, int] | None = None) -> float | None:
        """Satisfied answers among weighted ones (``None`` when there are none)."""
        answers = self.answers if answers is None else answers
        valid = sum(n for a, n in answers.items() if a in self.weighted_levels)
        good = sum(n for a, n in answers.items() if a in self.satisfied_levels)
        return good / valid if valid else None


@attrs.define
class _Part:
    claimed: int = 0
    completed: int = 0
    hours: float = 0.0
    answers: Counter[str] = attrs.Factory(Counter)
    seqs: list[int] = attrs.Factory(list)


def double_report(
    source: Ledger | Iterable[Event], charter: Charter | None = None, *, period: Period | None = None
) -> DoubleReportFigures:
    """The double-report figures of ``source`` over ``period`` (see the module's semantics)."""
    if charter is None and isinstance(source, Ledger):
        charter = source.charter
    start, end = bounds(period)
    kinds: dict[str, str] = {}
    items: dict[str, tuple[str, int]] = {}
    parts: dict[str, _Part] = {}
    claimed: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    for seq, event in enumerate(events_of(source)):
        if event.at >= end:
            continue
        if isinstance(event, DoubleReportRegistered):
            kinds[event.registrant] = event.registrant_kind
        elif isinstance(event, ServiceItemPublished):
            if event.at >= start:
                items[event.item] = (event.list_kind, event.places)
        elif isinstance(event, ServiceItemClaimed | ServiceItemCompleted | ServiceItemRated):
            if event.item not in items:
                continue
            part = parts.get(event.registrant)
            if part is None:
                part = parts[event.registrant] = _Part()
            part.seqs.append(seq)
            if isinstance(event, ServiceItemClaimed):
                claimed[event.item] += 1
                part.claimed += 1
            elif isinstance(event, ServiceItemCompleted):
                completed[event.item] += 1
                part.completed += 1
                part.hours += event.hours
            else:
                answers[event.answer] += 1
                part.answers[event.answer] += 1
    by_list: dict[str, list[int]] = {}
    for item, (list_kind, places) in items.items():
        row = by_list.setdefault(list_kind, [0, 0, 0, 0])
        row[0] += 1
        row[1] += places
        row[2] += claimed[item]
        row[3] += completed[item]
    registrants = {
        r: RegistrantFigures(
            r,
            kinds.get(r, "-"),
            p.claimed,
            p.completed,
            p.hours,
            dict(sorted(p.answers.items())),
            tuple(p.seqs),
        )
        for r, p in sorted(parts.items())
    }
    scale = charter.satisfaction_scale if charter is not None else ()
    return DoubleReportFigures(
        registered=dict(sorted(Counter(kinds.values()).items())),
        items=len(items),
        planned=sum(p for _, p in items.values()),
        claimed=sum(claimed.values()),
        completed=sum(completed.values()),
        hours=sum(r.hours for r in registrants.values()),
        answers=dict(sorted(answers.items())),
        by_list={k: (v[0], v[1], v[2], v[3]) for k, v in sorted(by_list.items())},
        by_registrant=registrants,
        satisfied_levels=frozenset(s.key for s in scale if s.satisfied),
        weighted_levels=frozenset(s.key for s in scale if s.weight is not None),
    )


@attrs.frozen
class DoubleReportReview(Labelled, RuleBase):
    """The community's yearly review of a registrant of the double report (双报到考评).

    Three lines, weighted by ``weights`` (service hours against ``required_hours``, completion
    of what it claimed, residents' satisfaction with its work); a registrant with no claim in
    the period is not rated.  Subject: the registrant's id (a party member or a unit's
    association id).
    """

    required_hours: float = 50.0
    hours_weight: float = 40.0
    completion_weight: float = 30.0
    satisfaction_weight: float = 30.0
    tiers: tuple[Tier, ...] = ()
    subject: str = "person"
    family = "double_report"

    @property
    def maximum(self) -> float:  # type: ignore[override]
        return self.hours_weight + self.completion_weight + self.satisfaction_weight

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        self._require_sound()
        figures = double_report(context.events, context.charter, period=context.period)
        mine = figures.by_registrant.get(subject_id)
        if mine is None or mine.claimed == 0:
            return self._score(
                context,
                subject_id,
                criteria=(),
                rated=False,
                reason=f"{subject_id} claimed no item of the double report in the period",
                reason_zh=f"{subject_id} 本期未认领双报到项目",
            )
        hours = min(mine.hours / self.required_hours, 1.0) if self.required_hours else 1.0
        satisfaction = figures.satisfaction(mine.answers)
        seqs = mine.seqs
        criteria = (
            Criterion(
                "service_hours", "服务时长", "service hours", self.hours_weight * hours, self.hours_weight,
                seqs=seqs, note=f"{mine.hours:g} of {self.required_hours:g} hours",
            ),
            Criterion(
                "completion", "认领完成", "claims completed",
                self.completion_weight * mine.completed / mine.claimed, self.completion_weight,
                seqs=seqs, note=f"{mine.completed} of {mine.claimed} claimed items completed",
            ),
            Criterion(
                "residents_rating", "居民评价", "residents' rating",
                self.satisfaction_weight * (satisfaction or 0.0), self.satisfaction_weight,
                seqs=seqs,
                note="no rating yet" if satisfaction is None else f"{satisfaction:.0%} satisfied",
            ),
        )  # fmt: skip
        return self._score(context, subject_id, criteria=criteria)
