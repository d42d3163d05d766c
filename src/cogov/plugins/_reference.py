"""Reference figures: what a source reports about one community and period, to show beside
computed or simulated figures.

A plugin that knows a community's published figures (Xiaoxiguan: the 2022 news feature's 18
household-courtyard meetings, 121 issues collected, …) registers them with the
``cogov_register_reference_figures`` hook.  They belong to their community and their period:
:func:`reference_for` finds the figures that apply to a report of a given example and period
(or of a simulated run of a given scenario over a period as long as theirs), and nothing for
any other community or period, so a user's own community is never set against Xiaoxiguan's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from cogov.model import fields

__all__ = ["ReferenceFigures", "reference_for"]


def _figures(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping) or not value:
        msg = f"ReferenceFigures.{attribute.name}: expected a non-empty mapping of figure key to number, got {value!r}"
        raise TypeError(msg)
    for key, number in value.items():
        if not isinstance(key, str) or isinstance(number, bool) or not isinstance(number, int | float):
            msg = f"ReferenceFigures.{attribute.name}: {key!r}: {number!r} is not a figure key with a number"
            raise TypeError(msg)


def _texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping) or any(not isinstance(v, str) for v in value.values()):
        msg = f"ReferenceFigures.{attribute.name}: expected a mapping of figure key to text, got {value!r}"
        raise TypeError(msg)


@attrs.frozen
class ReferenceFigures:
    """Figures a source reports for community ``example`` over ``start`` … ``end`` (inclusive).

    ``figures`` maps headline keys (``meeting_issues``, ``dispute_satisfaction``, … — see
    :data:`cogov.report.HEADLINE`) to numbers in the headline's units (rates as fractions);
    ``texts`` gives the source's own wording where the number alone misleads (``"500+"``).
    ``scenarios``: simulation scenarios that model this period, so a simulated run of one of
    them over a period of the same length is set beside these figures too.
    """

    key: str = attrs.field(validator=fields.key)
    example: str = attrs.field(validator=fields.key)
    start: date = attrs.field(validator=attrs.validators.instance_of(date))
    end: date = attrs.field(validator=attrs.validators.instance_of(date))
    figures: Mapping[str, float] = attrs.field(validator=_figures)
    source_zh: str = attrs.field(validator=fields.label)
    source_en: str = attrs.field(validator=fields.label)
    texts: Mapping[str, str] = attrs.field(factory=dict, validator=_texts)
    scenarios: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            msg = f"ReferenceFigures {self.key!r}: end {self.end} is before start {self.start}"
            raise ValueError(msg)
        unknown = sorted(set(self.texts) - set(self.figures))
        if unknown:
            msg = f"ReferenceFigures {self.key!r}: texts for figures it does not give: {unknown}"
            raise ValueError(msg)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def reference_for(
    references: Iterable[ReferenceFigures],
    *,
    example: str | None,
    start: date | None,
    end: date | None,
    scenario: str | None = None,
) -> ReferenceFigures | None:
    """The reference figures for a report of ``example`` over ``start`` … ``end`` (inclusive).

    A recorded ledger matches figures of its example and exactly their period; a simulated
    run (``scenario`` given) matches figures naming its scenario over a period of the same
    length (a simulated year is a model of the reported year, whatever its calendar).  A
    report without a period spans whatever the ledger holds and matches nothing.
    """
    if start is None or end is None:
        return None
    days = (end - start).days + 1
    for reference in references:
        if scenario is not None:
            if scenario in reference.scenarios and days == reference.days:
                return reference
        elif reference.example == example and (start, end) == (reference.start, reference.end):
            return reference
    return None
