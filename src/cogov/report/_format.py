"""Numbers as the report prints them: counts with thousands separators, rates in percent,
durations in days (天 in Chinese)."""

from __future__ import annotations

from cogov.report._model import Figure

__all__ = ["difference_text", "interval_text", "number", "reported_text"]

_DAYS = {"zh": "天", "en": "d"}


def number(value: float | None, unit: str = "", lang: str = "en") -> str:
    """``value`` with its unit: ``"%"`` rates, ``"d"`` days, ``""`` counts; ``–`` for no value."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{value:.1f}%"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"
    if unit == "d":
        return f"{text} {_DAYS.get(lang, 'd')}"
    return f"{text} {unit}" if unit else text


def reported_text(figure: Figure, lang: str = "en") -> str:
    if figure.reported_text:
        return figure.reported_text
    return number(figure.reported, figure.unit, lang)


def interval_text(figure: Figure, lang: str = "en") -> str:
    if figure.interval is None:
        return "–"
    low, high = figure.interval.low, figure.interval.high
    return f"[{number(low, figure.unit, lang)}, {number(high, figure.unit, lang)}]"


def difference_text(figure: Figure) -> str:
    """The figure minus the source's (``+2.5``); ``–`` when the source gives only a lower bound
    ("500+" is not a value to subtract from) or there is no value; ``""`` with no source figure."""
    if figure.reported is None:
        return "–" if figure.reported_text else ""
    if figure.value is None or figure.reported_text.endswith("+"):
        return "–"
    diff = figure.value - figure.reported
    return f"{diff:+.1f}" if figure.unit else f"{diff:+,.1f}"
