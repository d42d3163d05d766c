"""Confidence intervals by Student's t, without a compiled dependency.

:func:`t_quantile` inverts the t distribution function, computed from the regularised
incomplete beta function (continued fraction), by Newton steps from the Cornish–Fisher
expansion; accurate to ~1e-10 for any degrees of freedom >= 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import attrs

from cogov.errors import ScenarioError

__all__ = ["Estimate", "estimate", "t_cdf", "t_quantile"]


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _t_pdf(t: float, df: float) -> float:
    log = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom."""
    if not 0.0 < p < 1.0 or df <= 0:
        msg = f"t_quantile: need 0 < p < 1 and df > 0, got p={p!r}, df={df!r}"
        raise ScenarioError(msg)
    z = NormalDist().inv_cdf(p)
    z2 = z * z
    t = z + z * (z2 + 1) / (4 * df) + z * (5 * z2 * z2 + 16 * z2 + 3) / (96 * df * df)
    for _ in range(50):
        step = (t_cdf(t, df) - p) / _t_pdf(t, df)
        t -= step
        if abs(step) < 1e-12 * max(1.0, abs(t)):
            break
    return t


@attrs.frozen
class Estimate:
    """A statistic over replications: mean with its confidence interval, and the spread of values.

    ``low``/``high`` bound the mean (Student t, ``confidence``); ``band_low``/``band_high``
    are the empirical quantiles holding ``confidence`` of the replications' values (where
    one simulated year is expected to land).  ``n`` counts replications where it is defined.
    """

    name: str
    mean: float
    low: float
    high: float
    std: float
    n: int
    band_low: float
    band_high: float
    confidence: float = 0.95

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2.0

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def in_band(self, value: float) -> bool:
        return self.band_low <= value <= self.band_high


def _quantile(ordered: Sequence[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def estimate(
    name: str,
    values: Sequence[float],
    confidence: float = 0.95,
    *,
    low: float = -math.inf,
    high: float = math.inf,
) -> Estimate:
    """Mean, Student-t interval and empirical band of ``values`` (NaNs, i.e. undefined, dropped).

    ``low`` and ``high`` are the figure's possible range (0 and 1 for a rate, 0 for a count or
    a duration): the interval and the band are clipped to it, since a bound no value can take
    says nothing (the t interval of a skewed figure near 0, such as days to resolution, would
    otherwise reach below zero).
    """
    if low > high:
        msg = f"estimate {name!r}: the range [{low!r}, {high!r}] is empty"
        raise ScenarioError(msg)
    clean = [v for v in values if not math.isnan(v)]
    n = len(clean)
    if n == 0:
        nan = math.nan
        return Estimate(name, nan, nan, nan, nan, 0, nan, nan, confidence)
    mean = math.fsum(clean) / n
    if n == 1:
        return Estimate(name, mean, low, high, math.nan, 1, mean, mean, confidence)
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in clean) / (n - 1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * std / math.sqrt(n)
    ordered = sorted(clean)
    tail = (1.0 - confidence) / 2.0
    return Estimate(
        name,
        mean,
        max(low, mean - half),
        min(high, mean + half),
        std,
        n,
        max(low, _quantile(ordered, tail)),
        min(high, _quantile(ordered, 1.0 - tail)),
        confidence,
    )
