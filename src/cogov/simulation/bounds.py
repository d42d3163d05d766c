"""The documented range of every numeric scenario and policy parameter, checked on construction.

A simulation's cost grows with its parameters: ``days=1e9`` runs for minutes and then
overflows the calendar, a meeting cadence of ``1e-9`` days schedules meetings until memory
runs out, ``extra_handlers_per_grid=1e9`` appoints a billion people.  So every numeric field
of :class:`~cogov.simulation.Scenario`, its models and :class:`~cogov.simulation.Policy`
carries a :class:`Range` in its attrs metadata (``metadata={"range": ...}``), and its
validator refuses a value outside it *when the value is made*, before anything runs, with a
message naming the parameter and its range.  :func:`check_size` adds the one bound that
needs several fields at once: the expected number of issues, meetings and activities of a
run.  :func:`ranges` lists every bound (the reference page in ``docs/`` is checked against
it).

The ranges are generous (twenty years, a thousand grids, ten thousand issues per household
a year) and exist to keep a run finite, not to judge whether a value is realistic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["MAX_EXPECTED_ITEMS", "Range", "bounded", "ranges", "within"]

#: the most issues, meetings or activities a run may be expected to create (each is several
#: events in a ledger held in memory: about a gigabyte and some minutes at this size)
MAX_EXPECTED_ITEMS = 2_000_000


@attrs.frozen
class Range:
    """Values from ``low`` to ``high`` (``low`` itself excluded when ``open_low``), in ``unit``.

    ``integer``: whole numbers only.  ``optional``: ``None`` is allowed (keep the scenario's).
    """

    low: float
    high: float
    unit: str
    open_low: bool = False
    integer: bool = False
    optional: bool = False

    def describe(self, name: str) -> str:
        """``0 < days <= 7305 (days)``: the range as an inequality over ``name``."""
        low = f"{_show(self.low)} {'<' if self.open_low else '<='} "
        kind = "an integer " if self.integer else ""
        unit = f" ({self.unit})" if self.unit else ""
        unset = ", or None" if self.optional else ""
        return f"{kind}{low}{name} <= {_show(self.high)}{unit}{unset}"

    def admits(self, value: Any) -> bool:
        if value is None:
            return self.optional
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.integer and not isinstance(value, int):
            return False
        if not math.isfinite(value):
            return False
        above_low = value > self.low if self.open_low else value >= self.low
        return above_low and value <= self.high


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def bounded(range_: Range, error: type[Exception]) -> Any:
    """An attrs validator refusing values outside ``range_`` with ``error`` (a ScenarioError)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not range_.admits(value):
            owner = type(instance).__name__
            msg = (
                f"{owner}.{attribute.name} = {value!r} is outside its range: expected "
                f"{range_.describe(attribute.name)}"
            )
            raise error(msg)

    return check


def within(
    low: float,
    high: float,
    unit: str,
    *,
    error: type[Exception],
    default: Any = attrs.NOTHING,
    open_low: bool = False,
    integer: bool = False,
    optional: bool = False,
) -> Any:
    """An attrs field whose value must lie in a documented :class:`Range` (kept in its metadata)."""
    range_ = Range(low, high, unit, open_low=open_low, integer=integer, optional=optional)
    return attrs.field(default=default, validator=bounded(range_, error), metadata={"range": range_})


def ranges(*classes: type) -> Iterator[tuple[str, Range]]:
    """``("Scenario.days", Range(...))`` for every bounded field of ``classes``, in field order."""
    for cls in classes:
        for field in attrs.fields(cls):
            found = field.metadata.get("range")
            if isinstance(found, Range):
                yield f"{cls.__name__}.{field.name}", found
