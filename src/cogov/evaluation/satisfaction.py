"""Tiered satisfaction: 满意 / 基本满意 / 不满意 / 不了解 answers, weighted.

The answers are the follow-up visits (跟踪回访) of the issues collected within a unit during
the period (ledger events), and/or survey responses about the subject (records).  Each
answer level has a weight (by default the charter's scale; e.g. 1 / 0.75 / 0.55); answers
whose weight is ``None`` (不了解 don't know) and abstentions are out of the denominator.  The
score is ``maximum × Σ weight × count / valid answers``; each answer level is a criterion
worth ``maximum × count / valid`` points at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.off_ledger import SurveyResponse
from cogov.evaluation.rule import EvaluationContext, RuleBase
from cogov.evaluation.score import SUBJECT_KINDS, Criterion, Score, Tier
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = ["TieredSatisfaction"]


def _weights(value: Mapping[str, float | None] | None) -> Mapping[str, float | None] | None:
    return None if value is None else MappingProxyType(dict(value))


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"TieredSatisfaction.sources: expected a collection, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return tuple(value)


def _sources(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value or not set(value) <= {"follow_ups", "surveys"}:
        msg = f"TieredSatisfaction.sources: use 'follow_ups' and/or 'surveys', got {value!r}"
        raise InvalidFieldError(msg)


def _subject(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in SUBJECT_KINDS:
        msg = f"TieredSatisfaction.subject: {value!r} is not a subject kind; use one of {SUBJECT_KINDS}"
        raise InvalidFieldError(msg)


@attrs.frozen
class TieredSatisfaction(Labelled, RuleBase):
    """Weighted satisfaction of a subject; not rated below ``minimum_answers`` valid answers."""

    family: ClassVar[str] = "tiered_satisfaction"
    #: answer key → weight in [0, 1] or None (left out); None takes the charter's scale
    weights: Mapping[str, float | None] | None = attrs.field(default=None, converter=_weights, hash=False)
    sources: tuple[str, ...] = attrs.field(default=("follow_ups",), converter=_str_tuple, validator=_sources)
    minimum_answers: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    maximum: float = 100.0
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))
    subject: str = attrs.field(default="unit", validator=_subject)

    def problems(self) -> list[str]:
        out = super().problems()
        owner = f"rule {self.key!r}"
        if self.weights is not None:
            for answer, weight in self.weights.items():
                if weight is not None and (isinstance(weight, bool) or not 0 <= weight <= 1):
                    out.append(f"{owner}: weight of {answer!r} must be in [0, 1] or None, got {weight!r}")
            if all(w is None for w in self.weights.values()):
                out.append(f"{owner}: every answer is left out; give at least one answer a weight")
        if "follow_ups" in self.sources and self.subject not in ("unit", "community"):
            out.append(
                f"{owner}: follow-ups are counted per unit; subject {self.subject!r} needs sources=('surveys',)"
            )
        if self.maximum <= 0:
            out.append(f"{owner}: maximum must be positive, got {self.maximum}")
        return out

    def answer_weights(self, context: EvaluationContext) -> dict[str, float | None]:
        if self.weights is not None:
            return dict(self.weights)
        return {s.key: s.weight for s in context.charter.satisfaction_scale}

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score ``subject_id`` from its follow-up answers and/or survey responses."""
        self._require_sound()
        weights = self.answer_weights(context)
        counts: dict[str, int] = {}
        seqs: dict[str, list[int]] = {}
        records: dict[str, list[str]] = {}
        if "follow_ups" in self.sources:
            unit = context.community.unit(subject_id)
            stats = context.statistics(unit.level)
            figures = stats.by_group.get(subject_id)
            for answer, n in (figures.follow_ups if figures is not None else {}).items():
                counts[answer] = counts.get(answer, 0) + n
                seqs.setdefault(answer, []).extend(stats.evidence.get(f"follow_up:{answer}@{subject_id}", ()))
        if "surveys" in self.sources:
            for response in context.records_of(SurveyResponse):
                if response.subject == subject_id and context.in_period(response.at):
                    counts[response.answer] = counts.get(response.answer, 0) + 1
                    records.setdefault(response.answer, []).append(response.id)
                    seqs.setdefault(response.answer, []).extend(response.evidence)
        unknown = sorted(set(counts) - set(weights))
        if unknown:
            msg = f"rule {self.key!r}: answers {unknown} have no weight; known answers: {sorted(weights)}"
            raise InvalidFieldError(msg)
        valid = sum(n for a, n in counts.items() if weights[a] is not None)
        rated = valid >= self.minimum_answers
        labels = {s.key: (s.zh, s.en) for s in context.charter.satisfaction_scale}
        criteria = []
        for answer, weight in weights.items():
            n = counts.get(answer, 0)
            zh, en = labels.get(answer, (answer, answer))
            if weight is None:
                criteria.append(
                    Criterion(
                        answer,
                        zh,
                        en,
                        0.0,
                        0.0,
                        note=f"{n} answers, left out of the denominator (不计入)",
                        note_zh=f"{n} 份答复，不计入分母",
                    )
                )
                continue
            top = self.maximum * n / valid if valid else 0.0
            value = top * weight if rated else 0.0
            criteria.append(
                Criterion(
                    answer,
                    zh,
                    en,
                    value,
                    top if rated else 0.0,
                    seqs=seqs.get(answer, ()) if rated and n else (),
                    records=records.get(answer, ()) if rated and n else (),
                    note=f"{n} of {valid} valid answers × weight {weight:g}",
                    note_zh=f"有效答复 {valid} 份中 {n} 份 × 权重 {weight:g}",
                )
            )
        reason = (
            "" if rated else f"{valid} valid answers, fewer than {self.minimum_answers} (样本不足, 不参评)"
        )
        reason_zh = (
            "" if rated else f"有效答复 {valid} 份，少于 {self.minimum_answers} 份（样本不足，不参评）"
        )
        return self._score(
            context, subject_id, criteria=criteria, rated=rated, reason=reason, reason_zh=reason_zh
        )
