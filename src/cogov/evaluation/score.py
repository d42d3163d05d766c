"""The explainable score a rule returns, its breakdown, its vetoes and its tiers.

A :class:`Score` is a value out of a maximum, a tier, a per-criterion breakdown
(:class:`Criterion`) and the vetoes found (:class:`Veto`, 一票否决), each citing the sequence
numbers of the ledger events and the ids of the evaluation records that justify it.

The invariants are checked when a score is built, so a rule cannot return an inconsistent
one: the value lies in ``[0, maximum]``; each criterion's value lies in ``[0, its
maximum]``; a rated, unvetoed score equals the sum of its criteria; a vetoed or unrated
score is 0 with no tier; every sequence number cited is described in
:attr:`Score.witnesses` and every record id in :attr:`Score.sources`, so
:meth:`Score.explain` prints the score down to events without needing the ledger again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.period import Period
from cogov.model import fields
from cogov.model.labels import Labelled, glossed

__all__ = [
    "SUBJECT_KINDS",
    "Criterion",
    "Score",
    "Tier",
    "Veto",
    "explain_score",
    "tier_for",
    "tier_problems",
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
class Tier(Labelled):
    """A named band of scores from ``minimum`` up, e.g. silver (银星) from 8 stars."""

    minimum: float = attrs.field(validator=_finite_non_negative)


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


@attrs.frozen
class Criterion(Labelled):
    """One line of a score's breakdown: ``value`` of ``maximum`` points and why.

    ``seqs`` are ledger sequence numbers; ``records`` are ids of evaluation records
    (ballots, claims, reviews, …) that justify the line; ``note`` gives the arithmetic.
    """

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


@attrs.frozen
class Veto(Labelled):
    """A disqualifier that was found (一票否决): it sets the score to 0, whatever else holds."""

    seqs: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    note: str = ""
    #: ``note`` in Chinese, for Chinese explanations (``note`` is used when empty)
    note_zh: str = ""

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` (``zh`` falls back to ``note`` when no Chinese note was given)."""
        return self.note_zh or self.note if lang == "zh" else self.note


@attrs.frozen
class Score:
    """An explainable score.  See the module docstring for the invariants checked on creation."""

    rule: str = attrs.field(validator=fields.key)
    rule_zh: str = attrs.field(validator=fields.label)
    rule_en: str = attrs.field(validator=fields.label)
    subject_kind: str = attrs.field(validator=_subject_kind)
    subject: str = attrs.field(validator=fields.code)
    period: Period | None
    value: float = attrs.field(validator=_finite_non_negative)
    maximum: float = attrs.field(validator=_finite_non_negative)
    criteria: tuple[Criterion, ...] = attrs.field(default=(), validator=fields.tuple_of(Criterion))
    vetoes: tuple[Veto, ...] = attrs.field(default=(), validator=fields.tuple_of(Veto))
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
        return explain_score(self, lang)


_WORDS = {
    "zh": {
        "score": "得分",
        "tier": "等级",
        "none": "无",
        "not_rated": "不参评",
        "vetoes": "否决项",
        "vetoed": "已被一票否决",
        "events": "事件",
        "records": "记录",
        "period": "期间",
        "all_time": "全部时间",
        "criteria": "评分细项",
        "same": "记录与事件同",
    },
    "en": {
        "score": "score",
        "tier": "tier",
        "none": "none",
        "not_rated": "not rated",
        "vetoes": "vetoes",
        "vetoed": "vetoed",
        "events": "events",
        "records": "records",
        "period": "period",
        "all_time": "all time",
        "criteria": "criteria",
        "same": "records and events as for",
    },
}


_SUBJECT_KINDS_ZH = {
    "household": "户",
    "person": "人员",
    "role_holder": "任职人员",
    "unit": "单位",
    "community": "社区",
    "project": "项目",
}


def _num(value: float) -> str:
    return f"{value:.4g}"


def explain_score(score: Score, lang: str = "zh") -> str:
    """The whole explanation of ``score`` in ``lang`` (``"zh"`` or ``"en"``; labels bilingual)."""
    if lang not in _WORDS:
        msg = f"explain: lang must be 'zh' or 'en', got {lang!r}"
        raise InvalidFieldError(msg)
    w = _WORDS[lang]
    period = score.period.label if score.period is not None else w["all_time"]
    kind = (
        _SUBJECT_KINDS_ZH.get(score.subject_kind, score.subject_kind) if lang == "zh" else score.subject_kind
    )
    lines = [
        f"{glossed(score.rule_zh, score.rule_en, lang)} — {kind} {score.subject}; {w['period']}: {period}"
    ]
    if not score.rated:
        lines.append(f"{w['score']}: {w['not_rated']} — {score.reason_in(lang)}")
    elif score.vetoes:
        lines.append(f"{w['score']}: 0 / {_num(score.maximum)} — {w['vetoed']}")
    else:
        tier = glossed(score.tier.zh, score.tier.en, lang) if score.tier is not None else w["none"]
        lines.append(f"{w['score']}: {_num(score.value)} / {_num(score.maximum)}; {w['tier']}: {tier}")
    lines.append(f"{w['criteria']}:")
    previous: Criterion | Veto | None = None
    for criterion in score.criteria:
        lines.extend(_part(score, criterion, lang, w, previous))
        previous = criterion
    lines.append(f"{w['vetoes']}: {w['none'] if not score.vetoes else ''}".rstrip())
    for veto in score.vetoes:
        lines.extend(_part(score, veto, lang, w, None))
    return "\n".join(lines)


def _part(
    score: Score, part: Criterion | Veto, lang: str, w: dict[str, str], previous: Criterion | Veto | None
) -> list[str]:
    if isinstance(part, Criterion):
        head = f"  [{_num(part.value)}/{_num(part.maximum)}] {glossed(part.zh, part.en, lang)}"
    else:
        head = f"  [×] {glossed(part.zh, part.en, lang)}"
    note = part.note_in(lang)
    if note:
        head += f": {note}"
    lines = [head]
    if (
        previous is not None
        and (part.records or part.seqs)
        and (part.records, part.seqs)
        == (
            previous.records,
            previous.seqs,
        )
    ):
        lines.append(f"      {w['same']} {previous.zh if lang == 'zh' else previous.key}")
        return lines
    if part.records:
        lines.append(f"      {w['records']}:")
        lines.extend(f"        {rid}: {score.sources[rid]}" for rid in part.records)
    if part.seqs:
        lines.append(f"      {w['events']}:")
        lines.extend(f"        #{seq} {score.witnesses[seq]}" for seq in part.seqs)
    return lines
