"""Mainland China's public holidays and adjusted working days (调休), kept once in the core."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from cogov import WorkingCalendar, china_working_calendar
from cogov.errors import UnknownKeyError
from cogov.model.holidays import CHINA_HOLIDAYS


def test_the_calendar_covers_exactly_the_years_named() -> None:
    """A calendar for 2022 knows 2022's National Day week, and nothing of 2024's."""
    calendar = china_working_calendar("test:cn", [2022])
    assert isinstance(calendar, WorkingCalendar)
    assert calendar.key == "test:cn"
    assert not calendar.is_working_day(date(2022, 10, 3))
    assert calendar.is_working_day(date(2022, 10, 8))  # a Saturday worked (调休)
    assert calendar.is_working_day(date(2024, 10, 2))  # 2024 not asked for: an ordinary Wednesday
    both = china_working_calendar("test:cn", [2022, 2024])
    assert not both.is_working_day(date(2024, 10, 2))
    assert both.is_working_day(date(2024, 10, 12))


def test_a_year_with_no_announced_dates_is_refused_by_name() -> None:
    """Asking for a year the core does not hold names the year and the years it has."""
    with pytest.raises(UnknownKeyError, match=r"1999.*2022, 2023, 2024"):
        china_working_calendar("test:cn", [2022, 1999])


def test_announced_dates_are_consistent() -> None:
    """Every adjusted working day is a weekend day and no day is both a holiday and a working day."""
    for year, announced in CHINA_HOLIDAYS.items():
        assert announced.year == year
        assert not announced.holidays & announced.extra_workdays
        assert all(day.weekday() >= 5 for day in announced.extra_workdays)
        # a notice covers its year; New Year's holiday may start on the 31st before it
        assert all(day.year == year or day == date(year - 1, 12, 31) for day in announced.holidays)
        assert all(day.year == year for day in announced.extra_workdays)


def test_the_spring_festival_holiday_is_a_week_or_more() -> None:
    """Each year holds a run of at least seven consecutive holidays (the Spring Festival)."""
    for announced in CHINA_HOLIDAYS.values():
        days = sorted(announced.holidays)
        longest = run = 1
        for before, after in itertools.pairwise(days):
            run = run + 1 if after - before == timedelta(days=1) else 1
            longest = max(longest, run)
        assert longest >= 7
