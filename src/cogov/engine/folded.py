"""What the ledger folds its events into: one record per issue, meeting and activity.

An :class:`IssueRecord` is where an issue stands now, derived from its events (never an
event itself, nor an evaluation input: those are :mod:`cogov.evaluation.off_ledger`); a
:class:`Step` is one event of an issue's journey (:mod:`cogov.engine.journeys`).

Records are mutable on purpose (the fold updates them in place, which keeps applying an
event cheap); equal event streams give equal records, which the replay tests rely on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

__all__ = ["ActivityRecord", "IssueRecord", "MeetingRecord", "Step"]


@attrs.define(eq=True)
class IssueRecord:
    """Where one issue stands, and the sequence numbers of the events that brought it there."""

    id: str
    kind: str
    unit: str
    channel: str
    reporter: str | None
    meeting: str | None
    opened_at: datetime
    state: str
    last_at: datetime
    seqs: list[int]
    path: list[str]
    satisfaction: str | None = None
    reopened: int = 0
    reworked: int = 0
    duplicate_of: str | None = None
    responsible: str | None = None
    deadline: datetime | None = None
    #: the property company the issue was last routed to (红色物业), if any
    property_company: str | None = None

    def copy(self) -> IssueRecord:
        """An equal record whose lists are its own (the ledger's undo log for batches)."""
        return _copy_issue_record(self)


def _compile_copy() -> Callable[[IssueRecord], IssueRecord]:
    # Why generated: copy() runs for every issue event applied in a batch, and attrs.evolve
    # (per-field getattr and keyword handling) cost about a quarter of Ledger.apply_all.
    # Built from the fields, so a field added later is copied too.
    args = ", ".join(
        f"list(r.{f.name})" if str(f.type).startswith("list") else f"r.{f.name}"
        for f in attrs.fields(IssueRecord)
    )
    namespace: dict[str, Any] = {"IssueRecord": IssueRecord}
    exec(f"def copy(r):\n    return IssueRecord({args})\n", namespace)  # noqa: S102 - attrs field names only
    copy: Callable[[IssueRecord], IssueRecord] = namespace["copy"]
    return copy


_copy_issue_record = _compile_copy()


@attrs.frozen
class MeetingRecord:
    id: str
    kind: str
    unit: str
    at: datetime
    convener: str
    attendees: tuple[str, ...]
    seq: int


@attrs.frozen
class ActivityRecord:
    id: str
    kind: str
    unit: str
    at: datetime
    recorder: str
    participants: tuple[str, ...]
    hours: float
    seq: int


@attrs.frozen
class Step:
    """One step of an issue's journey: the event, the states around it, who was authorised."""

    seq: int
    event: object
    before: str | None
    after: str
    appointment: str | None
    role: str | None
