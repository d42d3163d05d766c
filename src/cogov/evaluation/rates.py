"""Weighted rates: response, resolution, satisfaction and on-time rates of units, robustly ranked.

Each rate is a proportion ``k / n`` with its Wilson score interval; the score is
``maximum × Σ wᵢ × rateᵢ`` with the weights normalised to sum to 1.  A unit with fewer
collected issues than ``minimum_sample`` is *not rated*, so it cannot top a ranking on one
lucky case (FixMyStreet's "one report fixed in four minutes").  A rate whose denominator is
empty (no follow-ups yet, no issue with a deadline) has no data: its weight is shared among
the other rates and the criterion says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from statistics import NormalDist
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError
from cogov.evaluation.figures import GroupFigures, Statistics
from cogov.evaluation.period import Period
from cogov.evaluation.rule import EvaluationContext, RuleBase, normalise_weights
from cogov.evaluation.score import Criterion, Score, Tier
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = ["RATE_KEYS", "WeightedRates", "wilson_interval"]

#: the rates a :class:`WeightedRates` rule may weigh, with their bilingual labels
RATE_KEYS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "response": ("响应率", "response rate"),
        "resolution": ("解决率", "resolution rate"),
        "satisfaction": ("满意率", "satisfaction rate"),
        "on_time": ("按期办结率", "on-time rate"),
    }
)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; ``(0, 1)`` when there are no trials."""
    if trials < 0 or not 0 <= successes <= trials:
        msg = f"wilson_interval: need 0 <= successes <= trials, got {successes} of {trials}"
        raise InvalidFieldError(msg)
    if not 0 < confidence < 1:
        msg = f"wilson_interval: confidence must be in (0, 1), got {confidence}"
        raise InvalidFieldError(msg)
    if trials == 0:
        return (0.0, 1.0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _weights(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _confidence(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, float) or not 0 < value < 1:
        msg = f"WeightedRates.confidence: expected a float in (0, 1), got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class WeightedRates(Labelled, RuleBase):
    """Units at ``level`` scored by weighted rates, with a minimum sample and confidence intervals.

    ``weighted_satisfaction=True`` uses the charter's answer weights (基本满意 0.75, …) instead
    of the plain share of satisfied answers.
    """

    family: ClassVar[str] = "weighted_rates"
    level: str = attrs.field(default="grid", validator=fields.key)
    weights: Mapping[str, float] = attrs.field(
        default=MappingProxyType({"response": 0.1, "resolution": 0.5, "satisfaction": 0.4}),
        converter=_weights,
        hash=False,
    )
    minimum_sample: int = attrs.field(default=10, validator=attrs.validators.ge(1))
    confidence: float = attrs.field(default=0.95, validator=_confidence)
    weighted_satisfaction: bool = False
    maximum: float = 100.0
    tiers: tuple[Tier, ...] = attrs.field(default=(), validator=fields.tuple_of(Tier))
    subject: str = attrs.field(default="unit", init=False)

    def problems(self) -> list[str]:
        out = super().problems()
        owner = f"rule {self.key!r}"
        unknown = sorted(set(self.weights) - set(RATE_KEYS))
        if unknown:
            out.append(f"{owner}: unknown rates {unknown}; weigh some of {sorted(RATE_KEYS)}")
        try:
            normalise_weights(self.weights)
        except ValueError as error:
            out.append(f"{owner}: {error}")
        if self.maximum <= 0:
            out.append(f"{owner}: maximum must be positive, got {self.maximum}")
        return out

    def normalised_weights(self) -> dict[str, float]:
        return normalise_weights(self.weights)

    def evaluate(self, context: EvaluationContext, subject_id: str) -> Score:
        """Score unit ``subject_id`` (a unit at the rule's level) over the context's period."""
        self._require_sound()
        unit = context.community.unit(subject_id)
        if unit.level != self.level:
            msg = f"rule {self.key!r} rates {self.level!r} units; {subject_id!r} is a {unit.level!r}"
            raise InvalidFieldError(msg)
        stats = context.statistics(self.level)
        evidence = stats.evidence

        def seqs(name: str) -> tuple[int, ...]:
            return evidence.get(f"{name}@{subject_id}", ())

        return self._rate(
            subject_id,
            stats.by_group.get(subject_id),
            stats,
            seqs=seqs,
            context=context,
            period=context.period,
        )

    def rate(
        self,
        subject_id: str,
        figures: GroupFigures | None,
        stats: Statistics,
        *,
        period: Period | None = None,
    ) -> Score:
        """Score ``subject_id`` from its ``figures`` alone (no ledger at hand: a roll-up of many).

        ``stats`` gives the satisfaction scale; the score cites no events (they are in other
        ledgers), but its rates, intervals and the minimum-sample rule are :meth:`evaluate`'s.
        """
        self._require_sound()
        return self._rate(subject_id, figures, stats, seqs=lambda name: (), context=None, period=period)

    def _rate(
        self,
        subject_id: str,
        figures: GroupFigures | None,
        stats: Statistics,
        *,
        seqs: Callable[[str], tuple[int, ...]],
        context: EvaluationContext | None,
        period: Period | None,
    ) -> Score:
        collected = figures.collected if figures is not None else 0
        answers = dict(figures.follow_ups) if figures is not None else {}
        weights_of = stats.satisfaction_weights
        valid = sum(n for k, n in answers.items() if weights_of.get(k) is not None)
        if self.weighted_satisfaction:
            happy_points = sum(n * (weights_of.get(k) or 0.0) for k, n in answers.items())
        else:
            happy_points = float(sum(n for k, n in answers.items() if k in stats.satisfied_levels))
        happy_seqs = tuple(
            s
            for k in answers
            if (
                weights_of.get(k)
                if self.weighted_satisfaction
                else (1.0 if k in stats.satisfied_levels else None)
            )
            for s in seqs(f"follow_up:{k}")
        )
        parts: dict[str, tuple[float, int, tuple[int, ...]]] = {
            "response": (float(figures.responded if figures else 0), collected, seqs("responded")),
            "resolution": (float(figures.resolved if figures else 0), collected, seqs("resolved")),
            "satisfaction": (happy_points, valid, happy_seqs),
            "on_time": (
                float(figures.on_time if figures else 0),
                figures.sla_due if figures else 0,
                seqs("on_time"),
            ),
        }
        weights = self.normalised_weights()
        with_data = {k: w for k, w in weights.items() if parts[k][1] > 0 and w > 0}
        rated = collected >= self.minimum_sample and bool(with_data)
        shares = normalise_weights(with_data) if with_data else {}
        criteria = []
        for rate_key in weights:
            zh, en = RATE_KEYS[rate_key]
            k, n, cited = parts[rate_key]
            if n == 0:
                criteria.append(
                    Criterion(
                        rate_key,
                        zh,
                        en,
                        0.0,
                        0.0,
                        note="no data (无数据); its weight is shared by the other rates",
                        note_zh="无数据；其权重由其他各率分担",
                    )
                )
                continue
            rate = k / n
            low, high = (
                wilson_interval(round(k), n, self.confidence)
                if float(k).is_integer()
                else _approx(k, n, self.confidence)
            )
            top = self.maximum * shares.get(rate_key, 0.0)
            note = (
                f"{k:g} / {n} = {rate:.1%} ({self.confidence:.0%} CI {low:.1%}–{high:.1%}); "
                f"weight {weights[rate_key]:.3g} → {shares.get(rate_key, 0.0):.3g}"
            )
            note_zh = (
                f"{k:g} / {n} = {rate:.1%}（{self.confidence:.0%} 置信区间 {low:.1%}–{high:.1%}）；"
                f"权重 {weights[rate_key]:.3g} → {shares.get(rate_key, 0.0):.3g}"
            )
            value = top * rate if rated else 0.0
            criteria.append(
                Criterion(
                    rate_key,
                    zh,
                    en,
                    value,
                    top if rated else 0.0,
                    seqs=cited if rated else (),
                    note=note,
                    interval=(low, high),
                    note_zh=note_zh,
                )
            )
        reason = reason_zh = ""
        if not rated:
            small = collected < self.minimum_sample
            reason = (
                f"{collected} issues collected, below the minimum sample of {self.minimum_sample} (样本不足, 不参评)"
                if small
                else "no rate has data (无数据)"
            )
            reason_zh = (
                f"收集问题 {collected} 件，少于最小样本 {self.minimum_sample} 件（样本不足，不参评）"
                if small
                else "各率均无数据"
            )
        return self._score(
            context,
            subject_id,
            criteria=criteria,
            rated=rated,
            reason=reason,
            reason_zh=reason_zh,
            period=period,
        )


def _approx(k: float, n: int, confidence: float) -> tuple[float, float]:
    """Wilson interval of a weighted success count (weighted satisfaction), by rounding."""
    return wilson_interval(min(n, round(k)), n, confidence)
