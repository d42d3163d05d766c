"""Panel reviews: groups of raters with weights (述职评议 report-and-review, 双评 double evaluation).

Each panel (resident representatives, town, owners' committee, residents' congress, …) casts
ballots (:class:`~cogov.evaluation.off_ledger.Ballot`), each a grade (excellent / competent /
basically competent / incompetent, worth configured points) or raw points.  A panel's
mark is the mean of its ballots; the score is ``Σ wₚ × markₚ`` with the weights normalised
over the panels.  A panel with fewer than its ``minimum_ballots`` leaves the subject not
rated.  Optionally, when more than ``fail_share`` of all ballots give the ``fail_grade``, the
subject is vetoed (a common rule: over a third voting incompetent means incompetent).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError, UnknownKeyError
from cogov.evaluation.off_ledger import Ballot
from cogov.evaluation.rule import EvaluationContext, RuleBase, normalise_weights
from cogov.evaluation.score import SUBJECT_KINDS, Criterion, Score, Tier, Veto
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = ["STANDARD_GRADES", "Grade", "Panel", "PanelReview"]


@attrs.frozen
class Panel(Labelled):
    """A group of raters and its weight, e.g. resident representatives (居民代表) 0.5."""

    weight: float = attrs.field(validator=attrs.validators.ge(0))
    minimum_ballots: int = attrs.field(default=1, validator=attrs.validators.ge(1))


@attrs.frozen
class Grade(Labelled):
    """A ballot grade worth ``points`` (of the rule's maximum), e.g. competent (称职) 80."""

    points: float = attrs.field(validator=attrs.validators.ge(0))


#: the usual four grades of a report-and-review
STANDARD_GRADES = (
    Grade("excellent", "优秀", "excellent", 100.0),
    Grade("competent", "称职", "competent", 80.0),
    Grade("basically_competent", "基本称职", "basically competent", 60.0),
    Grade("incompetent", "不称职", "incompetent", 0.0),
)


def _subject(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in SUBJECT_KINDS:
        msg = f"PanelReview.subject: {value!r} is not a subject kind; use one of {SUBJECT_KINDS}"
        raise InvalidFieldError(msg)


def _share(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, float) or not 0 <= value < 1):
        msg = f"PanelReview.fail_share: expected a float in [0, 1) or None, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class PanelReview(Labelled, RuleBase):
    """A weighted review of one subject by panels of raters."""

    family: ClassVar[str] = "panel_review"
    panels: tuple[Panel, ...] = attrs.field(validator=fields.tuple_of(Panel))
    grades: tuple[Grade, ...] = attrs.field(default=STANDARD_GRADES, validator=fields.tuple_of(Grade))
    subject: str = attrs.field(default="role_holder", validator=_subject)
    maximum: float = 100.0
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))
    fail_grade: str | None = "incompetent"
    fail_share: float | None = attrs.field(default=1 / 3, validator=_share)

    def problems(self) -> list[str]:
        out = super().problems()
        owner = f"rule {self.key!r}"
        if not self.panels:
            out.append(f"{owner}: no panels; give at least one Panel")
        keys = [p.key for p in self.panels]
        if len(set(keys)) != len(keys):
            out.append(f"{owner}: panel keys must be unique, got {keys}")
        try:
            normalise_weights({p.key: p.weight for p in self.panels})
        except ValueError as error:
            out.append(f"{owner}: {error}")
        out.extend(
            f"{owner}: grade {g.key!r} is worth {g.points}, above the maximum {self.maximum}"
            for g in self.grades
            if g.points > self.maximum
        )
        if self.fail_grade is not None and self.fail_grade not in {g.key for g in self.grades}:
            out.append(f"{owner}: fail_grade {self.fail_grade!r} is not one of the grades")
        return out

    def _check_subject(self, context: EvaluationContext, subject_id: str) -> None:
        if self.subject == "role_holder":
            if not any(a.id == subject_id for a in context.appointments):
                msg = f"rule {self.key!r} reviews role holders by appointment id; {subject_id!r} is no appointment of the ledger"
                raise UnknownKeyError(msg)
        elif self.subject == "person":
            context.community.person(subject_id)
        elif self.subject in ("unit", "community", "household"):
            context.community.unit(subject_id)

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score ``subject_id`` from the ballots of this review cast in the period."""
        self._require_sound()
        self._check_subject(context, subject_id)
        points = {g.key: g.points for g in self.grades}
        ballots = [
            b
            for b in context.records_of(Ballot)
            if b.rule == self.key and b.subject == subject_id and context.in_period(b.at)
        ]
        by_panel: dict[str, list[Ballot]] = {p.key: [] for p in self.panels}
        for ballot in ballots:
            if ballot.panel not in by_panel:
                msg = f"ballot {ballot.id!r} names panel {ballot.panel!r}; rule {self.key!r} has panels {sorted(by_panel)}"
                raise UnknownKeyError(msg)
            if ballot.grade is not None and ballot.grade not in points:
                msg = f"ballot {ballot.id!r} gives grade {ballot.grade!r}; rule {self.key!r} knows {sorted(points)}"
                raise UnknownKeyError(msg)
            by_panel[ballot.panel].append(ballot)
        weights = normalise_weights({p.key: p.weight for p in self.panels})
        short = [p for p in self.panels if len(by_panel[p.key]) < p.minimum_ballots]
        rated = not short
        criteria = []
        for panel in self.panels:
            mine = by_panel[panel.key]
            marks = [
                points[b.grade] if b.grade is not None else min(self.maximum, max(0.0, b.points or 0.0))
                for b in mine
            ]
            mean = sum(marks) / len(marks) if marks else 0.0
            top = self.maximum * weights[panel.key]
            tally = ", ".join(f"{g.zh} {sum(1 for b in mine if b.grade == g.key)}" for g in self.grades)
            note = f"{len(mine)} ballots, mean {mean:.4g} / {self.maximum:g} ({tally}); weight {weights[panel.key]:.3g}"
            note_zh = f"{len(mine)} 张票，平均 {mean:.4g} / {self.maximum:g}（{tally}）；权重 {weights[panel.key]:.3g}"
            criteria.append(
                Criterion(
                    panel.key,
                    panel.zh,
                    panel.en,
                    top * mean / self.maximum if rated and self.maximum else 0.0,
                    top if rated else 0.0,
                    seqs=[s for b in mine for s in b.evidence] if rated else (),
                    records=[b.id for b in mine] if rated else (),
                    note=note,
                    note_zh=note_zh,
                )
            )
        vetoes = []
        if rated and self.fail_grade is not None and self.fail_share is not None and ballots:
            failing = [b for b in ballots if b.grade == self.fail_grade]
            grade_zh = {g.key: g.zh for g in self.grades}
            if len(failing) > self.fail_share * len(ballots):
                vetoes.append(
                    Veto(
                        "fail_share",
                        "不称职票超过规定比例",
                        "too many failing ballots",
                        seqs=[s for b in failing for s in b.evidence],
                        records=[b.id for b in failing],
                        note=f"{len(failing)} of {len(ballots)} ballots give {self.fail_grade}, more than {self.fail_share:.0%}",
                        note_zh=f"{len(ballots)} 张票中 {len(failing)} 张评为{grade_zh[self.fail_grade]}，超过 {self.fail_share:.0%}",
                    )
                )
        reason = reason_zh = ""
        if short:
            reason = "; ".join(
                f"panel {p.key} has {len(by_panel[p.key])} ballots, needs {p.minimum_ballots} (票数不足)"
                for p in short
            )
            reason_zh = "；".join(
                f"{p.zh}仅 {len(by_panel[p.key])} 张票，需 {p.minimum_ballots} 张（票数不足）" for p in short
            )
        return self._score(
            context,
            subject_id,
            criteria=criteria,
            vetoes=vetoes,
            rated=rated,
            reason=reason,
            reason_zh=reason_zh,
        )
