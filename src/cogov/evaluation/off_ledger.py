"""Off-ledger records: the inputs to scoring that are not ledger events.

Ballots of a panel review, a household's star self-claim and its reviews, public notices,
revocations, veto findings, survey answers and project ratings are *records*: timestamped
attrs values with an id, given to rules in :class:`~cogov.evaluation.EvaluationContext`.
Each cites, in ``evidence``, the sequence numbers of the ledger events it rests on (the
review meeting where ballots were cast, the inspection a rating followed, the activities a
claimed star relies on), so a score built from records still traces down to events.

Why records and not new event types: ballots in a report-and-review (述职评议) are secret, so
a voter's id must not enter a public hash-chained ledger keyed by actor; claims, reviews and
ratings are the evaluation layer's own procedure, which a community may keep in another
system and import; and the ledger's event set is the core's contract, which evaluation must
not widen on its own.  A community that wants them chained can record the session itself
(a :class:`~cogov.events.MeetingHeld`) and cite it, as the shipped examples do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError
from cogov.model import fields
from cogov.model.labels import Bilingual

__all__ = [
    "Ballot",
    "EvaluationRecord",
    "Project",
    "ProjectRating",
    "PublicNotice",
    "StarClaim",
    "StarReview",
    "StarRevocation",
    "SurveyResponse",
    "VetoFinding",
]


def _seqs(value: Iterable[int]) -> tuple[int, ...]:
    out = tuple(value)
    for seq in out:
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            msg = f"evidence: expected event sequence numbers (ints >= 0), got {seq!r}"
            raise InvalidFieldError(msg)
    return out


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"expected a collection of keys, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return tuple(value)


def _key_tuple(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        fields.key(instance, attribute, item)


def _aspects(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _aspect_values(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
    for key, points in value.items():
        fields.key(instance, attribute, key)
        if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
            msg = f"{type(instance).__name__}.{attribute.name}[{key!r}]: expected points >= 0, got {points!r}"
            raise InvalidFieldError(msg)


@attrs.frozen(kw_only=True)
class EvaluationRecord:
    """Base of evaluation records: ``id``, when, who (``None`` for a secret ballot), and the events it rests on."""

    type: ClassVar[str] = "record"
    id: str = attrs.field(validator=fields.code)
    at: datetime = attrs.field(validator=fields.aware)
    actor: str | None = attrs.field(default=None, validator=fields.optional_code)
    evidence: tuple[int, ...] = attrs.field(default=(), converter=_seqs)

    def describe(self) -> str:
        who = f" by {self.actor}" if self.actor else ""
        return f"{self.type} {self.id} {self.at:%Y-%m-%d}{who}{self._details()}"

    def _details(self) -> str:
        return ""


@attrs.frozen(kw_only=True)
class Ballot(EvaluationRecord):
    """One rater's ballot in a panel review (述职评议, 双评): a ``grade`` or raw ``points``.

    ``panel`` is the rater group (e.g. ``resident_representatives``); ``rule`` the review it
    belongs to; ``actor`` stays ``None`` when the ballot is secret.
    """

    type: ClassVar[str] = "ballot"
    rule: str = attrs.field(validator=fields.key)
    subject: str = attrs.field(validator=fields.code)
    panel: str = attrs.field(validator=fields.key)
    grade: str | None = attrs.field(default=None, validator=attrs.validators.optional(fields.key))
    points: float | None = None

    def __attrs_post_init__(self) -> None:
        if (self.grade is None) == (self.points is None):
            msg = f"ballot {self.id!r}: give exactly one of grade or points (got grade={self.grade!r}, points={self.points!r})"
            raise InvalidFieldError(msg)

    def _details(self) -> str:
        mark = self.grade if self.grade is not None else f"{self.points} points"
        return f": {self.panel} rates {self.subject} {mark}"


@attrs.frozen(kw_only=True)
class StarClaim(EvaluationRecord):
    """A household self-claims ``stars`` (自评申报); the first step of a star rating."""

    type: ClassVar[str] = "star_claim"
    household: str = attrs.field(validator=fields.code)
    stars: tuple[str, ...] = attrs.field(converter=_keys, validator=_key_tuple)

    def _details(self) -> str:
        return f": {self.household} claims {len(self.stars)} stars"


@attrs.frozen(kw_only=True)
class StarReview(EvaluationRecord):
    """A review stage of a claim (representatives' assembly 评议, committee check 审核) approving some stars."""

    type: ClassVar[str] = "star_review"
    claim: str = attrs.field(validator=fields.code)
    stage: str = attrs.field(validator=fields.key)
    approved: tuple[str, ...] = attrs.field(converter=_keys, validator=_key_tuple)

    def _details(self) -> str:
        return f": {self.stage} approves {len(self.approved)} stars of claim {self.claim}"


@attrs.frozen(kw_only=True)
class PublicNotice(EvaluationRecord):
    """The public notice (公示) of a claim's result; ``struck`` lists stars removed on an upheld objection."""

    type: ClassVar[str] = "public_notice"
    claim: str = attrs.field(validator=fields.code)
    days: int = attrs.field(default=7, validator=attrs.validators.ge(0))
    struck: tuple[str, ...] = attrs.field(default=(), converter=_keys, validator=_key_tuple)

    def _details(self) -> str:
        tail = f", struck {', '.join(self.struck)}" if self.struck else ""
        return f": claim {self.claim} posted {self.days} days{tail}"


@attrs.frozen(kw_only=True)
class StarRevocation(EvaluationRecord):
    """A household's rating is revoked (摘星); a cooling-off period follows."""

    type: ClassVar[str] = "star_revocation"
    household: str = attrs.field(validator=fields.code)
    reason: str = attrs.field(validator=fields.label)

    def _details(self) -> str:
        return f": {self.household} revoked, {self.reason}"


@attrs.frozen(kw_only=True)
class VetoFinding(EvaluationRecord):
    """A finding that a disqualifier (一票否决) applies to ``subject`` (e.g. a member broke the law)."""

    type: ClassVar[str] = "veto_finding"
    subject: str = attrs.field(validator=fields.code)
    veto: str = attrs.field(validator=fields.key)
    finding: str = attrs.field(validator=fields.label)

    def _details(self) -> str:
        return f": {self.veto} applies to {self.subject}, {self.finding}"


@attrs.frozen(kw_only=True)
class SurveyResponse(EvaluationRecord):
    """One answer of a satisfaction survey about ``subject`` (a satisfaction-scale key)."""

    type: ClassVar[str] = "survey_response"
    subject: str = attrs.field(validator=fields.code)
    answer: str = attrs.field(validator=fields.key)

    def _details(self) -> str:
        return f": {self.subject} {self.answer}"


@attrs.frozen(kw_only=True)
class Project(EvaluationRecord, Bilingual):
    """A community project (old-compound renovation, refuse sorting, greening, lifts, parking)."""

    type: ClassVar[str] = "project"
    unit: str = attrs.field(validator=fields.code)
    zh: str = attrs.field(validator=fields.label)
    en: str = attrs.field(validator=fields.label)

    def _details(self) -> str:
        return f": {self.label} at {self.unit}"


@attrs.frozen(kw_only=True)
class ProjectRating(EvaluationRecord):
    """A resident representative's rating of a project, points per aspect (quality, progress, …)."""

    type: ClassVar[str] = "project_rating"
    project: str = attrs.field(validator=fields.code)
    aspects: Mapping[str, float] = attrs.field(converter=_aspects, validator=_aspect_values, hash=False)

    def _details(self) -> str:
        parts = ", ".join(f"{k} {v:g}" for k, v in sorted(self.aspects.items()))
        return f": rates {self.project} {parts}"
