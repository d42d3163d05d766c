"""Periods: the half-open span of time a statistic or a score is computed over."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import attrs

from cogov.errors import InvalidFieldError
from cogov.model import fields

__all__ = ["Period"]


def _after_start(instance: Period, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value <= instance.start:
        msg = (
            f"Period.end {value.isoformat()} must be after Period.start {instance.start.isoformat()}; "
            "a period is the half-open span [start, end)"
        )
        raise InvalidFieldError(msg)


@attrs.frozen
class Period:
    """The half-open span ``[start, end)``; both ends are timezone-aware.

    ``Period.year(2022, CHINA_TZ)`` is calendar year 2022 in China Standard Time.
    """

    start: datetime = attrs.field(validator=fields.aware)
    end: datetime = attrs.field(validator=[fields.aware, _after_start])

    @classmethod
    def year(cls, year: int, tz: tzinfo) -> Period:
        """Calendar ``year`` in the time zone ``tz``."""
        return cls(datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz))

    @classmethod
    def days(cls, start: datetime, days: int) -> Period:
        """``days`` days from ``start``."""
        return cls(start, start + timedelta(days=days))

    def __contains__(self, at: object) -> bool:
        return isinstance(at, datetime) and self.start <= at < self.end

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"
