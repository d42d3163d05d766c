"""Numbers as the report prints them: counts with thousands separators, rates in percent,
durations in days (天 in Chinese).

Rates are fractions (0.95) everywhere in data; only here do they become percent (95.0%).
"""

from __future__ import annotations

from cogov.report._model import Figure

__all__ = ["difference_text", "interval_text", "number", "reported_text", "signed"]

_DAYS = {"zh": "天", "en": "d"}


def number(value: float | None, unit: str = "", lang: str = "en") -> str:
    """``value`` with its unit: ``"%"`` rates (a fraction, shown in percent), ``"d"`` days,
    ``""`` counts; ``–`` for no value."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{100.0 * value:.1f}%"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"
    if unit == "d":
        return f"{text} {_DAYS.get(lang, 'd')}"
    return f"{text} {unit}" if unit else text


def reported_text(figure: Figure, lang: str = "en") -> str:
    if figure.reported_text:
        return figure.reported_text
    return number(figure.reported, figure.unit, lang)


def difference_text(figure: Figure, lang: str = "en") -> str:
    """``value − reported`` with its unit: percentage points for a rate (``+2.5 pp``), days, counts.

    Empty without a reported number; ``–`` where the source gives a lower bound ("500+").
    """
    if figure.reported_text.endswith("+"):
        return "–"
    if figure.reported is None or figure.value is None:
        return "–" if figure.reported_text else ""
    return signed(figure.value - figure.reported, figure.unit, lang)


def signed(diff: float | None, unit: str = "", lang: str = "en") -> str:
    """A difference with its sign and unit: percentage points for rates (``+2.5 pp``), days, counts."""
    if diff is None:
        return "–"
    if unit == "%":
        return f"{100.0 * diff:+.1f} pp"
    if unit == "d":
        return f"{diff:+.1f} {_DAYS.get(lang, 'd')}"
    return f"{diff:+,.1f}"


def interval_text(figure: Figure, lang: str = "en") -> str:
    """A figure's confidence interval as ``[low, high]`` in its unit, or ``–`` when it has none."""
    if figure.interval is None:
        return "–"
    low, high = figure.interval.low, figure.interval.high
    return f"[{number(low, figure.unit, lang)}, {number(high, figure.unit, lang)}]"
