"""Journeys: the step-by-step history of one issue, with who held which role at each step.

Authority is judged as the ledger stood when each step was recorded: the appointments and
the structure (a household may since have moved to another grid, an appointment since
ended).  So the history folds, from the genesis, the events that change authority (everything
but issue steps) up to each step, and asks that state who was authorised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.engine.folded import Step
from cogov.engine.state import State
from cogov.model.events import ActivityHeld, EventCorrected, IssueEvent, MeetingHeld

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["history"]

_NO_AUTHORITY_CHANGE = (IssueEvent, MeetingHeld, ActivityHeld, EventCorrected)


def history(ledger: Ledger, issue_id: str) -> tuple[Step, ...]:
    """Every step of one issue: event, states before and after, the authorising appointment."""
    record = ledger.issue(issue_id)
    events = ledger._chain.events
    workflow = ledger.workflow
    then = State(ledger.charter, ledger.genesis)
    folded = 0
    steps = []
    before: str | None = None
    for seq, after in zip(record.seqs, record.path, strict=True):
        while folded < seq:
            event = events[folded]
            if not isinstance(event, _NO_AUTHORITY_CHANGE):
                then.fold(event, folded, events)
            folded += 1
        event = events[seq]
        assert isinstance(event, IssueEvent)
        transition = workflow.move(before, event.action)
        duty = transition.duty if transition is not None else event.action
        # The unit as the issue had it (issues do not move; their unit's place in the tree may).
        decision = then.authority.may(event.actor, duty, record.unit, event.at)
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
