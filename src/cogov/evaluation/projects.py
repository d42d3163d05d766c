"""Project quality rating by resident representatives (居民代表评议项目质量).

Representatives inspect a project (old-compound renovation, refuse sorting, greening,
lifts, parking) and rate it on configured aspects (quality, progress, …), each out of its
own maximum.  Only ratings by people with ``rater_attribute`` count (the others are listed
and left out).  The score is ``maximum × Σ wₐ × mean pointsₐ / maxₐ``, weights normalised;
fewer than ``minimum_ratings`` valid ratings leave the project not rated.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from cogov.errors import UnknownKeyError
from cogov.evaluation.off_ledger import Project, ProjectRating
from cogov.evaluation.rule import EvaluationContext, RuleBase, normalise_weights
from cogov.evaluation.score import Criterion, Score, Tier
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = ["Aspect", "ProjectQuality"]


@attrs.frozen
class Aspect(Labelled):
    """One rated aspect of a project, e.g. construction quality (工程质量), out of ``maximum``."""

    weight: float = attrs.field(validator=attrs.validators.ge(0))
    maximum: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))


@attrs.frozen
class ProjectQuality(Labelled, RuleBase):
    """Quality of a project as rated by resident representatives."""

    family: ClassVar[str] = "project_quality"
    aspects: tuple[Aspect, ...] = attrs.field(validator=fields.tuple_of(Aspect))
    rater_attribute: str | None = "resident_representative"
    minimum_ratings: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    maximum: float = 100.0
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))
    subject: str = attrs.field(default="project", init=False)

    def problems(self) -> list[str]:
        out = super().problems()
        owner = f"rule {self.key!r}"
        if not self.aspects:
            out.append(f"{owner}: no aspects; give at least one Aspect")
        keys = [a.key for a in self.aspects]
        if len(set(keys)) != len(keys):
            out.append(f"{owner}: aspect keys must be unique, got {keys}")
        try:
            normalise_weights({a.key: a.weight for a in self.aspects})
        except ValueError as error:
            out.append(f"{owner}: {error}")
        return out

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score project ``subject_id`` (a :class:`~cogov.evaluation.off_ledger.Project` record)."""
        self._require_sound()
        if not any(p.id == subject_id for p in context.records_of(Project)):
            msg = f"rule {self.key!r}: no Project record {subject_id!r} in the context; pass it in records"
            raise UnknownKeyError(msg)
        ratings = [
            r
            for r in context.records_of(ProjectRating)
            if r.project == subject_id and context.in_period(r.at)
        ]
        valid: list[ProjectRating] = []
        left_out: list[str] = []
        left_out_zh: list[str] = []
        for rating in ratings:
            if rating.actor is None or not context.community.has_person(rating.actor):
                left_out.append(f"{rating.id} (rater unknown)")
                left_out_zh.append(f"{rating.id}（评议人不明）")
            elif self.rater_attribute and not context.community.person(rating.actor).has(
                self.rater_attribute
            ):
                left_out.append(f"{rating.id} ({rating.actor} is not a {self.rater_attribute})")
                left_out_zh.append(f"{rating.id}（{rating.actor} 不具备评议资格 {self.rater_attribute}）")
            else:
                valid.append(rating)
        rated = len(valid) >= self.minimum_ratings
        weights = normalise_weights({a.key: a.weight for a in self.aspects})
        criteria = []
        for aspect in self.aspects:
            given = [r for r in valid if aspect.key in r.aspects]
            marks = [min(aspect.maximum, r.aspects[aspect.key]) for r in given]
            mean = sum(marks) / len(marks) if marks else 0.0
            top = self.maximum * weights[aspect.key]
            note = f"{len(given)} ratings, mean {mean:.3g} / {aspect.maximum:g}; weight {weights[aspect.key]:.3g}"
            note_zh = (
                f"{len(given)} 份评议，平均 {mean:.3g} / {aspect.maximum:g}；权重 {weights[aspect.key]:.3g}"
            )
            if left_out:
                note += f"; left out: {', '.join(left_out)}"
                note_zh += f"；未计入：{'、'.join(left_out_zh)}"
            criteria.append(
                Criterion(
                    aspect.key,
                    aspect.zh,
                    aspect.en,
                    top * mean / aspect.maximum if rated else 0.0,
                    top if rated else 0.0,
                    seqs=[s for r in given for s in r.evidence] if rated else (),
                    records=[r.id for r in given] if rated else (),
                    note=note,
                    note_zh=note_zh,
                )
            )
        reason = (
            "" if rated else f"{len(valid)} valid ratings, fewer than {self.minimum_ratings} (评议人数不足)"
        )
        reason_zh = (
            "" if rated else f"有效评议 {len(valid)} 份，少于 {self.minimum_ratings} 份（评议人数不足）"
        )
        return self._score(
            context, subject_id, criteria=criteria, rated=rated, reason=reason, reason_zh=reason_zh
        )
