"""Working-day calendars, for deadlines (SLAs) counted in working days.

Chinese public holidays move every year and come with adjusted working weekends (调休), so
a calendar is weekends plus explicit holidays plus explicit extra working days; plugins
provide the dates for their place and years.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import attrs

from cogov.errors import InvalidFieldError

__all__ = ["WorkingCalendar"]


def _weekdays(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(d, int) and 0 <= d <= 6 for d in value):
        msg = f"WorkingCalendar.weekend: expected a frozenset of weekday numbers 0-6, got {value!r}"
        raise InvalidFieldError(msg)
    if len(value) == 7:
        msg = "WorkingCalendar.weekend: a calendar needs at least one working weekday"
        raise InvalidFieldError(msg)


def _days(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _dates(value: Iterable[date]) -> frozenset[date]:
    return frozenset(value)


@attrs.frozen
class WorkingCalendar:
    """Weekends (Monday = 0), holidays, and extra working days that override weekends."""

    key: str = "weekdays"
    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_days, validator=_weekdays)
    holidays: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)
    extra_workdays: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() not in self.weekend

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            msg = f"add_working_days: days must be >= 0, got {days}"
            raise InvalidFieldError(msg)
        current = start
        one_day = timedelta(days=1)
        try:
            while days:
                current += one_day
                if self.is_working_day(current):
                    days -= 1
        except OverflowError:
            # Only a deadline thousands of years long gets here from a supported date.
            msg = f"add_working_days: {days} more working days after {current} pass the year 9999"
            raise InvalidFieldError(msg) from None
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        span = (end - start).days
        count = 0
        current = start
        for _ in range(span):
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
