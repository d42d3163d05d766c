"""One-line descriptions of the events and records a score cites (its witnesses and sources).

The explanation of a whole score, :func:`explain_score`, lives with the score
(:mod:`cogov.evaluation.score`) and is re-exported here.
"""

from __future__ import annotations

from cogov.evaluation.off_ledger import EvaluationRecord
from cogov.evaluation.score import explain_score
from cogov.model.events import ActivityHeld, CardIssued, Event, IssueEvent, MeetingHeld

__all__ = ["describe_event", "describe_record", "explain_score"]


def describe_event(event: Event) -> str:
    """One line naming an event: time, type, subject, actor."""
    when = f"{event.at:%Y-%m-%d %H:%M}"
    if isinstance(event, IssueEvent):
        what = f"{event.type} issue {event.issue}"
        satisfaction = getattr(event, "satisfaction", None)
        if satisfaction is not None:
            what += f" ({satisfaction})"
    elif isinstance(event, MeetingHeld):
        what = f"{event.type} {event.kind} {event.meeting} at {event.unit}"
    elif isinstance(event, ActivityHeld):
        what = f"{event.type} {event.kind} {event.activity}, {len(event.participants)} taking part"
    elif isinstance(event, CardIssued):
        what = f"{event.type} {event.colour} card (牌) issue {event.issue} step {event.step}"
    else:
        what = event.type
    return f"{when} {what} by {event.actor}"


def describe_record(record: EvaluationRecord) -> str:
    """One line naming an evaluation record."""
    return record.describe()
