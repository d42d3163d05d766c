"""Numbers as the report prints them: counts with thousands separators, rates in percent."""

from __future__ import annotations

from cogov.report._model import Figure

__all__ = ["interval_text", "number", "reported_text"]


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{value:.1f}%"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"
    return f"{text} {unit}".rstrip() if unit and unit != "%" else text


def reported_text(figure: Figure) -> str:
    if figure.reported_text:
        return figure.reported_text
    return number(figure.reported, figure.unit)


def interval_text(figure: Figure) -> str:
    if figure.interval is None:
        return "–"
    return f"[{number(figure.interval.low, figure.unit)}, {number(figure.interval.high, figure.unit)}]"
