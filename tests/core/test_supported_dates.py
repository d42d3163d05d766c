"""Times outside the supported years are refused where they are built; date arithmetic from
any supported time never overflows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import Appointment, WorkingCalendar
from cogov.errors import InvalidFieldError
from cogov.evaluation import Period
from cogov.events import IssueCollected
from cogov.model.fields import FIRST_YEAR, LAST_YEAR

FAR_WEST = timezone(timedelta(hours=-12))
FAR_EAST = timezone(timedelta(hours=14))


def collected(at: datetime) -> IssueCollected:
    return IssueCollected(
        at=at, actor="p1", issue="I-1", kind="dispute", unit="U1", channel="walk_in", summary="noise"
    )


@pytest.mark.parametrize(
    "at",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=FAR_WEST),
        datetime(LAST_YEAR + 1, 1, 1, 0, 0, 1, tzinfo=UTC),
        datetime(FIRST_YEAR - 1, 12, 31, 23, 59, tzinfo=FAR_EAST),
        datetime(1, 1, 1, tzinfo=UTC),
    ],
    ids=str,
)
def test_times_outside_the_supported_years_are_refused(at: datetime) -> None:
    """An event or an appointment dated outside 1900-2200 cannot be built."""
    with pytest.raises(InvalidFieldError, match="outside the supported years 1900-2200"):
        collected(at)
    with pytest.raises(InvalidFieldError, match="outside the supported years"):
        Appointment("a1", "p1", "grid_head", "U1", start=at)


def test_the_bounds_themselves_are_supported() -> None:
    """The first instant of 1900 and the end of 2200 (the first instant of 2201) are accepted,
    so a period or an appointment may end where the supported span ends."""
    for tz in (FAR_WEST, UTC, FAR_EAST):
        collected(datetime(FIRST_YEAR, 1, 1, tzinfo=tz))
        collected(datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=tz))
        Period.year(FIRST_YEAR, tz)
        Period.year(LAST_YEAR, tz)
    with pytest.raises(InvalidFieldError):
        Period.year(LAST_YEAR + 1, UTC)


calendars = st.builds(
    WorkingCalendar,
    weekend=st.frozensets(st.integers(0, 6), max_size=6),
    holidays=st.frozensets(st.dates(date(LAST_YEAR, 6, 1), date(LAST_YEAR + 1, 6, 1)), max_size=40),
)


@given(
    calendar=calendars,
    start=st.dates(date(LAST_YEAR, 12, 1), date(LAST_YEAR + 1, 1, 1)),
    days=st.integers(0, 10_000),
)
def test_working_days_from_the_last_supported_day_do_not_overflow(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    """Any deadline a charter can set (up to 10,000 working days) from the end of the
    supported span is a date, and counting back gives the same number of working days."""
    due = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, due) == days
    assert calendar.working_days_between(due, start) == -days


@given(start=st.dates(date(FIRST_YEAR, 1, 1), date(FIRST_YEAR, 2, 1)), back=st.integers(0, 400))
def test_working_days_near_the_first_supported_day_do_not_overflow(start: date, back: int) -> None:
    """Counting working days between two early dates in either order never leaves the calendar."""
    earlier = start - timedelta(days=back)
    count = WorkingCalendar().working_days_between(earlier, start)
    assert 0 <= count <= back


def test_a_deadline_past_the_year_9999_is_a_clear_error() -> None:
    """A deadline no supported date reaches is refused in words, not with OverflowError."""
    with pytest.raises(InvalidFieldError, match="pass the year 9999"):
        WorkingCalendar().add_working_days(date(9999, 12, 1), 30)
