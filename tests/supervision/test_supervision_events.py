"""Worked examples of supervision (督办) in the ledger: what is due, yellow and red; cards,
notices, escalations and extensions, each checked against the clocks at the event's time.

The small community of the core tests runs under the basic charter: its secretary 王书记
(p-sec) holds the duty to supervise and to approve extensions.  Issue I-1 is a dispute at
flat 101 in grid 1, registered on day 1 (Wednesday 2 March 2022) by grid head p-grid1:
five working days to a plan.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.core.conftest import G1, G2, X, at

from cogov import Ledger
from cogov.engine.overdue import OverdueTracker, supervision_at
from cogov.errors import (
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
)
from cogov.evaluation.supervision import supervision_figures
from cogov.events import (
    CardIssued,
    ExtensionDecided,
    ExtensionRequested,
    IssueResolved,
    MeetingHeld,
    PlanMade,
    SupervisionEscalated,
    SupervisionNoticeIssued,
)
from cogov.model.deadlines import Light
from cogov.testing import EPOCH

TOWN = "420325100"


def test_the_epoch_is_a_tuesday_morning() -> None:
    """The worked examples count working days from EPOCH (Tuesday 1 March 2022): pin it."""
    assert EPOCH.weekday() == 1


def _red_day(registered: Ledger) -> datetime:
    (item,) = supervision_at(registered, at(1, 2)).items
    assert item.step == "register_to_plan"
    return item.due


def test_an_unplanned_dispute_goes_yellow_then_red(registered: Ledger) -> None:
    """Registered at day 1 01:00, due five working days later; yellow at 80 %, red after, per grid and person."""
    due = _red_day(registered)
    assert due == at(8, 1)  # Wednesday + 5 working days = next Wednesday (a weekend between)
    assert [i.light for i in supervision_at(registered, at(6)).items] == [Light.GREEN]
    assert [i.light for i in supervision_at(registered, at(7, 2)).items] == [Light.YELLOW]
    red = supervision_at(registered, at(8, 2))
    assert red.overdue_issues == {"I-1"}
    assert red.by_grid() == {G1: 1}
    assert red.by_person() == {"p-grid1": 1}


def test_a_plan_past_its_deadline_is_overdue(registered: Ledger) -> None:
    """One dispute, one plan: once the plan's own deadline passes unresolved, the issue is red."""
    registered.apply(
        PlanMade(at=at(2), actor="p-sec", issue="I-1", responsible="p-grid1", matter="调处", deadline=at(9))
    )
    assert supervision_at(registered, at(8, 23)).with_light(Light.RED) == ()
    (item,) = supervision_at(registered, at(9, 1)).red
    assert (item.step, item.person) == ("plan_to_resolved", "p-grid1")
    registered.apply(IssueResolved(at=at(10), actor="p-grid1", issue="I-1", outcome="已调处"))
    assert supervision_at(registered, at(10, 1)).red == ()


def test_a_grid_that_misses_its_monthly_household_meeting_shows_in_supervision(ledger: Ledger) -> None:
    """Household-courtyard meetings are monthly (一月一次户院会): a grid with none for 30 days is red."""
    ledger.apply(MeetingHeld(at=at(0), actor="p-sec", meeting="W-1", kind="weekly_joint_meeting", unit=X))
    ledger.apply(MeetingHeld(at=at(10), actor="p-grid1", meeting="H-1", kind="household_meeting", unit=G1))
    view = supervision_at(ledger, at(31))
    lights = {(m.kind, m.unit): m.light for m in view.meetings}
    assert lights[("household_meeting", G1)] is Light.GREEN
    assert lights[("household_meeting", G2)] is Light.RED
    assert lights[("weekly_joint_meeting", X)] is Light.RED


def test_cards_only_for_issues_that_are_yellow_or_red_then(registered: Ledger) -> None:
    """A yellow card needs a yellow (or red) step at its time, a red card a red one; each once per step."""
    early = CardIssued(at=at(3), actor="p-sec", issue="I-1", colour="yellow", step="register_to_plan")
    with pytest.raises(IllegalTransitionError, match="it is green"):
        registered.apply(early)
    registered.apply(
        CardIssued(at=at(7, 2), actor="p-sec", issue="I-1", colour="yellow", step="register_to_plan")
    )
    with pytest.raises(IllegalTransitionError, match=r"red at .* but it is yellow"):
        registered.apply(
            CardIssued(at=at(7, 3), actor="p-sec", issue="I-1", colour="red", step="register_to_plan")
        )
    with pytest.raises(DuplicateError, match="already issued"):
        registered.apply(
            CardIssued(at=at(7, 4), actor="p-sec", issue="I-1", colour="yellow", step="register_to_plan")
        )
    registered.apply(
        CardIssued(at=at(8, 2), actor="p-sec", issue="I-1", colour="red", step="register_to_plan")
    )
    cards = registered._state.supervision.cards
    assert [(c.colour, c.actor) for c in cards] == [("yellow", "p-sec"), ("red", "p-sec")]


def test_only_holders_of_the_supervision_duty_issue_cards(registered: Ledger) -> None:
    """A grid head cannot card their own late issue: the card duty is the supervisor's."""
    with pytest.raises(NotAuthorisedError, match="supervise"):
        registered.apply(
            CardIssued(at=at(8, 2), actor="p-grid1", issue="I-1", colour="red", step="register_to_plan")
        )


def test_escalation_goes_one_level_up_and_only_when_red(registered: Ledger) -> None:
    """A red issue supervised at the community goes up to the town (提级督办), never skipping a level."""
    with pytest.raises(IllegalTransitionError, match="not red"):
        registered.apply(SupervisionEscalated(at=at(6), actor="p-sec", issue="I-1", unit=TOWN))
    with pytest.raises(InvalidFieldError, match="one level up"):
        registered.apply(SupervisionEscalated(at=at(8, 2), actor="p-sec", issue="I-1", unit="420325"))
    registered.apply(SupervisionEscalated(at=at(8, 2), actor="p-sec", issue="I-1", unit=TOWN))
    assert registered._state.supervision.escalations["I-1"][0][1] == TOWN


def test_a_notice_needs_a_running_step(registered: Ledger) -> None:
    """A supervision notice (督办通知) is for open work under a deadline, not for a finished issue."""
    registered.apply(SupervisionNoticeIssued(at=at(2), actor="p-sec", issue="I-1", note="请尽快 please act"))
    with pytest.raises(Exception, match="unknown issue"):
        registered.apply(SupervisionNoticeIssued(at=at(2), actor="p-sec", issue="I-9", note="无 none"))


def test_an_approved_extension_moves_the_due_time_and_a_refused_one_does_not(registered: Ledger) -> None:
    """延期申请: the grid head asks, the secretary approves; red only after the extended due time."""
    registered.apply(
        ExtensionRequested(
            at=at(2), actor="p-grid1", issue="I-1", request="X-1", working_days=3, reason="当事人外出"
        )
    )
    with pytest.raises(EligibilityError, match="cannot decide their own"):
        registered.apply(ExtensionDecided(at=at(2, 1), actor="p-grid1", request="X-1", decision="approved"))
    registered.apply(ExtensionDecided(at=at(2, 1), actor="p-sec", request="X-1", decision="approved"))
    assert supervision_at(registered, at(12)).red == ()  # due Wednesday 10:00 + 3 working days = Monday
    assert supervision_at(registered, at(13, 2)).overdue_issues == {"I-1"}
    registered.apply(
        ExtensionRequested(
            at=at(3), actor="p-grid1", issue="I-1", request="X-2", working_days=2, reason="再延"
        )
    )
    registered.apply(ExtensionDecided(at=at(3, 1), actor="p-sec", request="X-2", decision="refused"))
    assert supervision_at(registered, at(13, 2)).overdue_issues == {"I-1"}


def test_extensions_are_asked_by_those_handling_the_issue_and_decided_by_the_authorised_role(
    registered: Ledger,
) -> None:
    """A resident cannot ask for more time, and a grid head cannot approve another's request."""
    with pytest.raises(NotAuthorisedError, match="neither responsible"):
        registered.apply(
            ExtensionRequested(
                at=at(2), actor="p-chen", issue="I-1", request="X-1", working_days=3, reason="想要"
            )
        )
    registered.apply(
        ExtensionRequested(
            at=at(2), actor="p-sec", issue="I-1", request="X-1", working_days=3, reason="协调中"
        )
    )
    with pytest.raises(NotAuthorisedError, match="approve_extension"):
        registered.apply(ExtensionDecided(at=at(2, 1), actor="p-grid1", request="X-1", decision="approved"))
    with pytest.raises(InvalidFieldError, match="ask for 1 to 30"):
        registered.apply(
            ExtensionRequested(
                at=at(2), actor="p-grid1", issue="I-1", request="X-2", working_days=0, reason="零"
            )
        )


def test_the_tracker_follows_the_ledger(registered: Ledger) -> None:
    """The incremental tracker answers as the from-scratch view does, extensions and plans included."""
    tracker = OverdueTracker.follow(registered)
    registered.apply(
        ExtensionRequested(
            at=at(2), actor="p-grid1", issue="I-1", request="X-1", working_days=3, reason="外出"
        )
    )
    registered.apply(ExtensionDecided(at=at(2, 1), actor="p-sec", request="X-1", decision="approved"))
    registered.apply(
        PlanMade(at=at(3), actor="p-sec", issue="I-1", responsible="p-grid1", matter="调处", deadline=at(9))
    )
    for day in (2, 5, 9, 12):
        assert tracker.view(at(day, 3)) == supervision_at(registered, at(day, 3))
    assert tracker.view(at(12)).overdue_issues == {"I-1"}
    assert tracker.view(at(12)).items[0].due == at(9)
    assert at(12) - timedelta(days=3) == at(9)


def test_an_extension_decided_as_the_next_step_is_recorded_stays_with_the_step_it_was_asked_for(
    registered: Ledger,
) -> None:
    """Approved at the very moment the plan is made (recorded just before it): the plan's own
    deadline is not moved, from scratch, incrementally, or in the figures."""
    tracker = OverdueTracker.follow(registered)
    registered.apply(
        ExtensionRequested(
            at=at(2), actor="p-grid1", issue="I-1", request="X-1", working_days=3, reason="外出"
        )
    )
    registered.apply(ExtensionDecided(at=at(3), actor="p-sec", request="X-1", decision="approved"))
    registered.apply(
        PlanMade(at=at(3), actor="p-sec", issue="I-1", responsible="p-grid1", matter="调处", deadline=at(9))
    )
    for view in (supervision_at(registered, at(4)), tracker.view(at(4))):
        (item,) = view.items
        assert (item.step, item.due) == ("plan_to_resolved", at(9))
    assert supervision_at(registered, at(9, 1)).overdue_issues == {"I-1"}
    figures = supervision_figures(registered.events, registered.charter, registered.community, end=at(10))
    assert sum(figures.late.values()) == 1  # the plan, past its own deadline on day 9
