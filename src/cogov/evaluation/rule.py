"""The rule engine: what a rule is and what it is given.

A rule scores one *subject* (a household, person, role holder, unit, community or project)
over a period of the ledger and returns a :class:`~cogov.evaluation.score.Score` (see
:mod:`cogov.evaluation.score` for what a score holds and the invariants it keeps): every
point cites the sequence numbers of the ledger events and the ids of the evaluation records
(:mod:`cogov.evaluation.off_ledger`) that justify it.  :class:`RuleBase` builds that score from
a rule's criteria and vetoes, describing every cited event and record.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import DefinitionError, UnknownKeyError
from cogov.evaluation.explain import describe_event, describe_record
from cogov.evaluation.off_ledger import EvaluationRecord
from cogov.evaluation.period import Period
from cogov.evaluation.score import SUBJECT_KINDS, Criterion, Score, Tier, Veto, tier_for, tier_problems
from cogov.evaluation.statistics import Statistics, compute_statistics
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.labels import Bilingual
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
    "tier_problems",
]


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
            stats = compute_statistics(
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


class RuleBase(Bilingual):
    """Shared behaviour of the shipped rule families: labels, problem checks, score building.

    The families inherit :class:`~cogov.model.labels.Labelled` first, then this class.
    """

    key: str
    subject: str
    maximum: float
    tiers: tuple[Tier, ...]
    family: ClassVar[str] = "rule"

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
        context: EvaluationContext | None,
        subject_id: str,
        *,
        criteria: Sequence[Criterion],
        vetoes: Sequence[Veto] = (),
        rated: bool = True,
        reason: str = "",
        reason_zh: str = "",
        period: Period | None = None,
    ) -> Score:
        """The score of ``criteria`` and ``vetoes``; without a ``context`` (figures from many
        ledgers) nothing may cite an event or record, and ``period`` is the score's period."""
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
        sources: dict[str, str] = {}
        if context is not None:
            for seq in sorted(seqs):
                witnesses[seq] = describe_event(context.check_seq(seq, f"rule {self.key!r}"))
            sources = {rid: describe_record(context.record(rid)) for rid in sorted(ids)}
            period = context.period
        elif seqs or ids:
            msg = f"rule {self.key!r}: a score without a ledger cannot cite events or records"
            raise DefinitionError(msg)
        return Score(
            rule=self.key,
            rule_zh=self.zh,
            rule_en=self.en,
            subject_kind=self.subject,
            subject=subject_id,
            period=period,
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
