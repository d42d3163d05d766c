"""Journeys: the step-by-step history of one issue, with who was authorised for each step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.engine.records import Step
from cogov.model.events import IssueEvent

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["history"]


def history(ledger: Ledger, issue_id: str) -> tuple[Step, ...]:
    """Every step of one issue: event, states before and after, the authorising role."""
    record = ledger.issue(issue_id)
    events = ledger.events
    workflow = ledger.workflow
    authority = ledger.authority
    steps = []
    before: str | None = None
    for seq, after in zip(record.seqs, record.path, strict=True):
        event = events[seq]
        assert isinstance(event, IssueEvent)
        transition = workflow.move(before, event.action)
        duty = transition.duty if transition is not None else event.action
        decision = authority.may(event.actor, duty, record.unit, event.at)
        appointment = decision.appointment
        steps.append(
            Step(
                seq=seq,
                event=event,
                before=before,
                after=after,
                appointment=appointment.id if appointment else None,
                role=appointment.role if appointment else None,
            )
        )
        before = after
    return tuple(steps)
