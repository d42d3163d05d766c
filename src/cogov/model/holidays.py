"""Mainland China's public holidays and adjusted working days (调休), year by year.

Each year the State Council announces that year's public holidays and the weekend days
worked in exchange (调休).  The dates cannot be computed (several follow the lunar
calendar, and the exchanges are decided case by case), so they are kept here as announced,
once for every plugin; a plugin names the years it needs (:func:`china_working_calendar`).
A year's notice may start on 31 December before it (New Year's holiday).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import attrs

from cogov.errors import UnknownKeyError
from cogov.model.workdays import WorkingCalendar

__all__ = ["CHINA_HOLIDAYS", "AnnouncedYear", "china_working_calendar"]


def _days(first: date, count: int) -> frozenset[date]:
    return frozenset(first + timedelta(days=i) for i in range(count))


def _union(*parts: frozenset[date] | date) -> frozenset[date]:
    out: set[date] = set()
    for part in parts:
        out.update(part if isinstance(part, frozenset) else {part})
    return frozenset(out)


@attrs.frozen
class AnnouncedYear:
    """One year's notice: the public holidays and the weekend days worked instead."""

    year: int
    holidays: frozenset[date]
    extra_workdays: frozenset[date]


_YEARS = (
    AnnouncedYear(
        2022,
        holidays=_union(
            _days(date(2022, 1, 1), 3),  # New Year
            _days(date(2022, 1, 31), 7),  # Spring Festival
            _days(date(2022, 4, 3), 3),  # Qingming
            _days(date(2022, 4, 30), 5),  # Labour Day
            _days(date(2022, 6, 3), 3),  # Dragon Boat
            _days(date(2022, 9, 10), 3),  # Mid-Autumn
            _days(date(2022, 10, 1), 7),  # National Day
        ),
        extra_workdays=frozenset(
            {
                date(2022, 1, 29),
                date(2022, 1, 30),
                date(2022, 4, 2),
                date(2022, 4, 24),
                date(2022, 5, 7),
                date(2022, 10, 8),
                date(2022, 10, 9),
            }
        ),
    ),
    AnnouncedYear(
        2023,
        holidays=_union(
            _days(date(2022, 12, 31), 3),
            _days(date(2023, 1, 21), 7),
            date(2023, 4, 5),
            _days(date(2023, 4, 29), 5),
            _days(date(2023, 6, 22), 3),
            _days(date(2023, 9, 29), 8),  # Mid-Autumn and National Day together
        ),
        extra_workdays=frozenset(
            {
                date(2023, 1, 28),
                date(2023, 1, 29),
                date(2023, 4, 23),
                date(2023, 5, 6),
                date(2023, 6, 25),
                date(2023, 10, 7),
                date(2023, 10, 8),
            }
        ),
    ),
    AnnouncedYear(
        2024,
        holidays=_union(
            date(2024, 1, 1),
            _days(date(2024, 2, 10), 8),
            _days(date(2024, 4, 4), 3),
            _days(date(2024, 5, 1), 5),
            date(2024, 6, 10),
            _days(date(2024, 9, 15), 3),
            _days(date(2024, 10, 1), 7),
        ),
        extra_workdays=frozenset(
            {
                date(2024, 2, 4),
                date(2024, 2, 18),
                date(2024, 4, 7),
                date(2024, 4, 28),
                date(2024, 5, 11),
                date(2024, 9, 14),
                date(2024, 9, 29),
                date(2024, 10, 12),
            }
        ),
    ),
)

#: the announced years, by year
CHINA_HOLIDAYS: Mapping[int, AnnouncedYear] = MappingProxyType({y.year: y for y in _YEARS})


def china_working_calendar(key: str, years: Iterable[int]) -> WorkingCalendar:
    """The working calendar of mainland China for ``years``: weekends, public holidays, 调休.

    Raises :class:`~cogov.errors.UnknownKeyError` naming a year whose dates the core does not hold.
    """
    wanted = sorted(set(years))
    missing = [year for year in wanted if year not in CHINA_HOLIDAYS]
    if missing:
        known = ", ".join(str(year) for year in CHINA_HOLIDAYS)
        msg = (
            f"calendar {key!r}: no announced public holidays for {', '.join(map(str, missing))}; "
            f"the core holds {known} (add a year to cogov.model.holidays)"
        )
        raise UnknownKeyError(msg)
    chosen = [CHINA_HOLIDAYS[year] for year in wanted]
    return WorkingCalendar(
        key=key,
        holidays=frozenset().union(*(y.holidays for y in chosen)),
        extra_workdays=frozenset().union(*(y.extra_workdays for y in chosen)),
    )
