"""The rule engine: what a rule is, what it is given, and the explainable score it returns.

A rule scores one *subject* (a household, person, role holder, unit, community or project)
over a period of the ledger.  It returns a :class:`Score`: a value out of a maximum, a tier,
a per-criterion breakdown and, for every criterion, the sequence numbers of the ledger
events (and the ids of the evaluation records, see :mod:`cogov.evaluation.records`) that
justify it.  Vetoes (一票否决) are part of the score, and dominate it: a vetoed score is 0.

The invariants are checked when a score is built, so a rule cannot return an inconsistent
one: the value lies in ``[0, maximum]``; each criterion's value lies in ``[0, its
maximum]``; a rated, unvetoed score equals the sum of its criteria; a vetoed or unrated
score is 0 with no tier; every sequence number is a position in the evaluated events, and
each one is described in :attr:`Score.witnesses`, so :meth:`Score.explain` prints the score
down to events without needing the ledger again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import DefinitionError, InvalidFieldError, UnknownKeyError
from cogov.evaluation.period import Period
from cogov.evaluation.records import EvaluationRecord
from cogov.evaluation.statistics import Statistics, compute
from cogov.model import _fields
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = [
    "SUBJECT_KINDS",
    "Criterion",
    "EvaluationContext",
    "Rule",
    "Score",
    "Tier",
    "Veto",
    "normalise_weights",
    "rank",
    "tier_for",
]

#: what a rule can evaluate
SUBJECT_KINDS = ("household", "person", "role_holder", "unit", "community", "project")

#: tolerance when checking that criteria add up to the value
_EPS = 1e-9


def _subject_kind(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in SUBJECT_KINDS:
        msg = f"{type(instance).__name__}.{attribute.name}: {value!r} is not a subject kind; use one of {SUBJECT_KINDS}"
        raise InvalidFieldError(msg)


def _finite_non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        msg = f"{type(instance).__name__}.{attribute.name}: expected a finite number >= 0, got {value!r}"
        raise InvalidFieldError(msg)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(value)))


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"expected a collection of ids, got the single string {value!r}; wrap it in a list"
        raise InvalidFieldError(msg)
    return tuple(dict.fromkeys(value))


@attrs.frozen
class Tier:
    """A named band of scores from ``minimum`` up, e.g. silver (银星) from 8 stars."""

    key: str = attrs.field(validator=_fields.key)
    zh: str = attrs.field(validator=_fields.label)
    en: str = attrs.field(validator=_fields.label)
    minimum: float = attrs.field(validator=_finite_non_negative)

    @property
    def label(self) -> str:
        return f"{self.en} ({self.zh})"


def tier_for(value: float, tiers: Sequence[Tier]) -> Tier | None:
    """The highest tier whose minimum ``value`` reaches (``None`` below every tier)."""
    best: Tier | None = None
    for tier in tiers:
        if value + _EPS >= tier.minimum and (best is None or tier.minimum > best.minimum):
            best = tier
    return best


def tier_problems(owner: str, tiers: Sequence[Tier], maximum: float) -> list[str]:
    """Configuration problems of a tier list (duplicates, minima above the maximum)."""
    out = []
    keys = [t.key for t in tiers]
    if len(set(keys)) != len(keys):
        out.append(f"{owner}: tier keys must be unique, got {keys}")
    minima = [t.minimum for t in tiers]
    if len(set(minima)) != len(minima):
        out.append(f"{owner}: two tiers share a minimum ({minima}); give each tier its own threshold")
    out.extend(
        f"{owner}: tier {t.key!r} starts at {t.minimum}, above the maximum {maximum}; lower it"
        for t in tiers
        if t.minimum > maximum
    )
    return out


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights scaled to sum to 1 (raises when none is positive or one is negative)."""
    for key, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            msg = f"weight of {key!r} must be a finite number >= 0, got {w!r}"
            raise DefinitionError(msg)
    total = math.fsum(weights.values())
    if total <= 0:
        msg = f"weights {dict(weights)} sum to {total}; give at least one a positive weight"
        raise DefinitionError(msg)
    return {k: w / total for k, w in weights.items()}


@attrs.frozen
class Criterion:
    """One line of a score's breakdown: ``value`` of ``maximum`` points and why.

    ``seqs`` are ledger sequence numbers; ``records`` are ids of evaluation records
    (ballots, claims, reviews, …) that justify the line; ``note`` gives the arithmetic.
    """

    key: str = attrs.field(validator=_fields.key)
    zh: str = attrs.field(validator=_fields.label)
    en: str = attrs.field(validator=_fields.label)
    value: float = attrs.field(validator=_finite_non_negative)
    maximum: float = attrs.field(validator=_finite_non_negative)
    seqs: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    note: str = ""
    #: the confidence interval of the rate behind this line, when it is a rate
    interval: tuple[float, float] | None = None
    #: ``note`` in Chinese, for Chinese explanations (``note`` is used when empty)
    note_zh: str = ""

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (``zh`` falls back to ``note`` when no Chinese note was given)."""
        return self.note_zh or self.note if lang == "zh" else self.note

    def __attrs_post_init__(self) -> None:
        if self.value > self.maximum + _EPS:
            msg = f"criterion {self.key!r}: value {self.value} exceeds its maximum {self.maximum}"
            raise InvalidFieldError(msg)

    @property
    def label(self) -> str:
        return f"{self.en} ({self.zh})"


@attrs.frozen
class Veto:
    """A disqualifier that was found (一票否决): it sets the score to 0, whatever else holds."""

    key: str = attrs.field(validator=_fields.key)
    zh: str = attrs.field(validator=_fields.label)
    en: str = attrs.field(validator=_fields.label)
    seqs: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    note: str = ""
    #: ``note`` in Chinese, for Chinese explanations (``note`` is used when empty)
    note_zh: str = ""

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (``zh`` falls back to ``note`` when no Chinese note was given)."""
        return self.note_zh or self.note if lang == "zh" else self.note

    @property
    def label(self) -> str:
        return f"{self.en} ({self.zh})"


@attrs.frozen
class Score:
    """An explainable score.  See the module docstring for the invariants checked on creation."""

    rule: str = attrs.field(validator=_fields.key)
    rule_zh: str = attrs.field(validator=_fields.label)
    rule_en: str = attrs.field(validator=_fields.label)
    subject_kind: str = attrs.field(validator=_subject_kind)
    subject: str = attrs.field(validator=_fields.code)
    period: Period | None
    value: float = attrs.field(validator=_finite_non_negative)
    maximum: float = attrs.field(validator=_finite_non_negative)
    criteria: tuple[Criterion, ...] = attrs.field(default=(), validator=_fields.tuple_of(Criterion))
    vetoes: tuple[Veto, ...] = attrs.field(default=(), validator=_fields.tuple_of(Veto))
    tier: Tier | None = None
    #: ``False`` when the subject is not rated (e.g. below the minimum sample); see ``reason``
    rated: bool = True
    reason: str = ""
    #: sequence number → one-line description of that event (every cited seq is here)
    witnesses: Mapping[int, str] = attrs.field(factory=dict, hash=False)
    #: record id → one-line description of that evaluation record (every cited id is here)
    sources: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    #: ``reason`` in Chinese, for Chinese explanations (``reason`` is used when empty)
    reason_zh: str = ""

    def reason_in(self, lang: str) -> str:
        """Why the subject is not rated, in ``lang`` (``zh`` falls back to ``reason``)."""
        return self.reason_zh or self.reason if lang == "zh" else self.reason

    def __attrs_post_init__(self) -> None:
        where = f"score of rule {self.rule!r} for {self.subject!r}"
        if self.value > self.maximum + _EPS:
            msg = f"{where}: value {self.value} exceeds the maximum {self.maximum}"
            raise InvalidFieldError(msg)
        if self.vetoes or not self.rated:
            if self.value != 0 or self.tier is not None:
                msg = f"{where}: a vetoed or unrated score must be 0 with no tier, got {self.value} / {self.tier}"
                raise InvalidFieldError(msg)
        else:
            total = math.fsum(c.value for c in self.criteria)
            if abs(total - self.value) > 1e-6 * max(1.0, self.maximum):
                msg = f"{where}: criteria add up to {total}, not to the value {self.value}"
                raise InvalidFieldError(msg)
        missing = sorted(s for s in self.seqs() if s not in self.witnesses)
        if missing:
            msg = f"{where}: events {missing} are cited but not described in witnesses"
            raise InvalidFieldError(msg)
        unknown = sorted(r for r in self.record_ids() if r not in self.sources)
        if unknown:
            msg = f"{where}: records {unknown} are cited but not described in sources"
            raise InvalidFieldError(msg)

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    @property
    def share(self) -> float:
        """The value as a fraction of the maximum (0 when the maximum is 0)."""
        return self.value / self.maximum if self.maximum else 0.0

    def parts(self) -> tuple[Criterion | Veto, ...]:
        """The criteria, then the vetoes."""
        return (*self.criteria, *self.vetoes)

    def seqs(self) -> frozenset[int]:
        """Every event cited by a criterion or a veto."""
        out: set[int] = set()
        for part in self.parts():
            out.update(part.seqs)
        return frozenset(out)

    def record_ids(self) -> frozenset[str]:
        out: set[str] = set()
        for part in self.parts():
            out.update(part.records)
        return frozenset(out)

    def explain(self, lang: str = "zh") -> str:
        """The score, its tier, every criterion and veto, down to the events and records behind them."""
        from cogov.evaluation.explain import explain_score  # noqa: PLC0415 - explain imports Score

        return explain_score(self, lang)


def _record_tuple(value: Iterable[EvaluationRecord]) -> tuple[EvaluationRecord, ...]:
    return tuple(value)


def _appointment_tuple(value: Iterable[Appointment]) -> tuple[Appointment, ...]:
    return tuple(value)


@attrs.frozen
class EvaluationContext:
    """What a rule is given: the events, the charter, the community, the period, and records.

    ``records`` are the evaluation inputs that are not ledger events (ballots, star claims,
    reviews, notices, revocations, veto findings, project ratings).  Statistics are computed
    once per context and group level, then shared by every rule that asks.
    """

    events: Sequence[Event]
    charter: Charter
    community: Community
    period: Period | None = None
    records: tuple[EvaluationRecord, ...] = attrs.field(default=(), converter=_record_tuple)
    appointments: tuple[Appointment, ...] = attrs.field(default=(), converter=_appointment_tuple)
    _cache: dict[Any, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @classmethod
    def from_ledger(
        cls,
        ledger: Ledger,
        *,
        period: Period | None = None,
        records: Iterable[EvaluationRecord] = (),
    ) -> EvaluationContext:
        """A context over ``ledger``'s events, charter, community and appointments."""
        return cls(
            ledger.corrected_events,
            ledger.charter,
            ledger.community,
            period,
            tuple(records),
            tuple(ledger.authority),
        )

    def in_period(self, at: Any) -> bool:
        return self.period is None or at in self.period

    def statistics(self, group_level: str = "grid") -> Statistics:
        """The traced statistics of the period, grouped at ``group_level`` (computed once)."""
        key = ("statistics", group_level)
        stats = self._cache.get(key)
        if stats is None:
            stats = compute(
                self.events,
                self.charter,
                self.community,
                period=self.period,
                group_level=group_level,
                trace=True,
            )
            self._cache[key] = stats
        return stats

    def records_of(self, cls: type[Any]) -> tuple[Any, ...]:
        """The records of type ``cls``, in the order given."""
        key = ("records", cls)
        found = self._cache.get(key)
        if found is None:
            found = tuple(r for r in self.records if isinstance(r, cls))
            self._cache[key] = found
        return found

    def record(self, record_id: str) -> EvaluationRecord:
        index = self._cache.get("record_index")
        if index is None:
            index = {r.id: r for r in self.records}
            self._cache["record_index"] = index
        try:
            return index[record_id]  # type: ignore[no-any-return]
        except KeyError:
            msg = f"unknown evaluation record {record_id!r}; pass it in EvaluationContext.records"
            raise UnknownKeyError(msg) from None

    def check_seq(self, seq: int, what: str) -> Event:
        """The event ``seq`` refers to (raises when a record cites an event that does not exist)."""
        if not 0 <= seq < len(self.events):
            msg = f"{what} cites event #{seq}, but the ledger holds {len(self.events)} events; fix the reference"
            raise UnknownKeyError(msg)
        return self.events[seq]

    def members(self, household: str) -> frozenset[str]:
        """Ids of the people of a household unit."""
        key = ("members", household)
        found = self._cache.get(key)
        if found is None:
            found = frozenset(p.id for p in self.community.members(household))
            self._cache[key] = found
        return found


@runtime_checkable
class Rule(Protocol):
    """What every evaluation rule provides (the plugin host checks ``key`` and ``evaluate``)."""

    key: str
    zh: str
    en: str
    subject: str

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score: ...

    def problems(self) -> list[str]: ...


class RuleBase:
    """Shared behaviour of the shipped rule families: labels, problem checks, score building."""

    key: str
    zh: str
    en: str
    subject: str
    maximum: float
    tiers: tuple[Tier, ...]
    family: ClassVar[str] = "rule"

    @property
    def label(self) -> str:
        return f"{self.en} ({self.zh})"

    def problems(self) -> list[str]:
        """Configuration problems; :meth:`evaluate` refuses to run while there are any."""
        return tier_problems(f"rule {self.key!r}", self.tiers, self.maximum)

    def _require_sound(self) -> None:
        problems = self.problems()
        if problems:
            msg = f"rule {self.key!r} is misconfigured: " + "; ".join(problems)
            raise DefinitionError(msg)

    def _score(
        self,
        context: EvaluationContext,
        subject_id: str,
        *,
        criteria: Sequence[Criterion],
        vetoes: Sequence[Veto] = (),
        rated: bool = True,
        reason: str = "",
        reason_zh: str = "",
    ) -> Score:
        from cogov.evaluation.explain import describe_event, describe_record  # noqa: PLC0415

        vetoed = bool(vetoes) or not rated
        value = 0.0 if vetoed else math.fsum(c.value for c in criteria)
        value = min(value, self.maximum)
        seqs: set[int] = set()
        ids: set[str] = set()
        parts: tuple[Criterion | Veto, ...] = (*criteria, *vetoes)
        for part in parts:
            seqs.update(part.seqs)
            ids.update(part.records)
        witnesses: dict[int, str] = {}
        for seq in sorted(seqs):
            witnesses[seq] = describe_event(context.check_seq(seq, f"rule {self.key!r}"))
        sources = {rid: describe_record(context.record(rid)) for rid in sorted(ids)}
        return Score(
            rule=self.key,
            rule_zh=self.zh,
            rule_en=self.en,
            subject_kind=self.subject,
            subject=subject_id,
            period=context.period,
            value=value,
            maximum=self.maximum,
            criteria=tuple(criteria),
            vetoes=tuple(vetoes),
            tier=None if vetoed else tier_for(value, self.tiers),
            rated=rated,
            reason=reason,
            witnesses=witnesses,
            sources=sources,
            reason_zh=reason_zh,
        )


def _exact_share(score: Score) -> Fraction:
    """The share of the maximum, exactly: a float quotient of a tiny value underflows to 0."""
    return Fraction(score.value) / Fraction(score.maximum) if score.maximum else Fraction(0)


def rank(scores: Iterable[Score]) -> list[Score]:
    """Rated scores by share of the maximum, best first; unrated ones after them, by subject.

    Ties keep subject order, so a ranking is reproducible.  A subject below a rule's minimum
    sample is never placed above a rated one.
    """
    scores = list(scores)
    rated = sorted((s for s in scores if s.rated), key=lambda s: (-_exact_share(s), s.subject))
    unrated = sorted((s for s in scores if not s.rated), key=lambda s: s.subject)
    return rated + unrated
