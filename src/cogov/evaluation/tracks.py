"""What the statistics pass keeps while it folds events: a step table per workflow state, one
slots record per issue, the totals of each group unit, and memoised working-day deadlines.

These are the inner parts of :func:`cogov.evaluation.statistics.compute`; slots keep a million
issue records small, and reading a slot is as fast as indexing a list.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from cogov.evaluation.figures import GroupFigures
from cogov.model.charter import Charter

__all__ = ["DeadlineCalendar", "GroupTotals", "StateTable", "Step", "Track"]


class StateTable(dict[str, "Step"]):
    """The steps out of one workflow state (``state``), keyed by action."""

    __slots__ = ("state",)

    def __init__(self, state: str | None) -> None:
        super().__init__()
        self.state = state


#: one step out of a state: the next state's table, the flag bits it sets, and whether it
#: resolves (``RESOLVING``) or records a follow-up answer (``FOLLOW_UP``)
Step = tuple[StateTable, int, int]


class Track:
    """What the pass keeps of one issue collected in the period.

    Slots keep a million of them small, and reading a slot is as fast as indexing a list.
    """

    __slots__ = (
        "channel",
        "flags",
        "group",
        "kind",
        "marks",
        "opened",
        "resolved_at",
        "resolver",
        "satisfaction",
        "table",
    )

    def __init__(  # noqa: PLR0917 - made a million times in the hot loop; keywords cost time there
        self,
        table: StateTable,
        opened: datetime,
        kind: str,
        group: str,
        channel: str,
        resolved_at: datetime | None,
        resolver: str | None,
        marks: dict[str, int] | None,
    ) -> None:
        #: the table of the issue's current state (its key is ``table.state``)
        self.table = table
        #: when the issue was collected
        self.opened = opened
        self.kind = kind
        #: the ancestor unit at the group level
        self.group = group
        self.channel = channel
        #: the ``FLAG_BITS`` of the actions the issue has taken
        self.flags = 0
        #: when the issue first reached a resolved state, and who brought it there
        self.resolved_at = resolved_at
        self.resolver = resolver
        #: the last follow-up answer (a satisfaction level key)
        self.satisfaction: str | None = None
        #: figure name → the sequence number of the event behind it (only when tracing)
        self.marks = marks


class GroupTotals:
    """Issue counts of one group unit, added up before they become :class:`GroupFigures`."""

    __slots__ = (
        "answered_on_spot",
        "collected",
        "follow_ups",
        "on_time",
        "resolved",
        "responded",
        "sla_due",
        "still_open",
    )

    def __init__(self) -> None:
        self.collected = self.responded = self.answered_on_spot = self.resolved = 0
        self.still_open = self.sla_due = self.on_time = 0
        self.follow_ups: Counter[str] = Counter()

    def figures(self) -> GroupFigures:
        return GroupFigures(
            collected=self.collected,
            responded=self.responded,
            answered_on_spot=self.answered_on_spot,
            resolved=self.resolved,
            still_open=self.still_open,
            sla_due=self.sla_due,
            on_time=self.on_time,
            follow_ups=dict(sorted(self.follow_ups.items())),
        )


class DeadlineCalendar:
    """Working-day deadlines by date ordinal, memoised per day count: a year has few distinct days."""

    def __init__(self, charter: Charter) -> None:
        self._calendar = charter.calendar
        self._by_days: dict[int, dict[int, int]] = {}

    def deadline(self, start: int, days: int) -> int:
        """The ordinal of the day ``days`` working days after the day with ordinal ``start``."""
        cache = self._by_days.get(days)
        if cache is None:
            cache = self._by_days[days] = {}
        due = cache.get(start)
        if due is None:
            due = cache[start] = self._calendar.add_working_days(date.fromordinal(start), days).toordinal()
        return due
