"""Strategies for single scalar values: keys, codes, labels, datetimes, working calendars."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from cogov.model.workdays import WorkingCalendar

__all__ = ["EPOCH", "calendars", "codes", "keys", "labels"]

#: default start of generated appointments and histories (a Tuesday, 09:00 China time)
_CHINA = timezone(timedelta(hours=8), "CST")
EPOCH = datetime(2022, 3, 1, 9, 0, tzinfo=_CHINA)

_LOWER = string.ascii_lowercase
_KEY_TAIL = _LOWER + string.digits + "_"
_CODE_HEAD = string.ascii_letters + string.digits
_CODE_TAIL = _CODE_HEAD + "._-"


# -- scalar values -----------------------------------------------------------------------------
def keys(max_size: int = 16) -> st.SearchStrategy[str]:
    """Valid keys such as ``grid_head`` (lower-case identifier)."""
    return st.builds(
        str.__add__,
        st.sampled_from(_LOWER),
        st.text(alphabet=_KEY_TAIL, max_size=max(0, max_size - 1)),
    )


def codes(max_size: int = 16) -> st.SearchStrategy[str]:
    """Valid unit codes, person ids and record ids such as ``420325100001`` or ``p-17``."""
    return st.builds(
        str.__add__,
        st.sampled_from(_CODE_HEAD),
        st.text(alphabet=_CODE_TAIL, max_size=max(0, min(63, max_size - 1))),
    )


def labels(max_size: int = 24) -> st.SearchStrategy[str]:
    """Non-blank human labels in any script (Chinese, English, …)."""
    text = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=max_size)
    return st.one_of(st.sampled_from(("网格长", "noise at night", "楼上漏水 leak")), text).filter(str.strip)


def calendars() -> st.SearchStrategy[WorkingCalendar]:
    """Working calendars: any weekend leaving a working weekday, holidays and extra workdays."""
    days = st.dates(date(2021, 1, 1), date(2023, 12, 31))
    return st.builds(
        WorkingCalendar,
        weekend=st.frozensets(st.integers(0, 6), max_size=6),
        holidays=st.frozensets(days, max_size=20),
        extra_workdays=st.frozensets(days, max_size=5),
    )
