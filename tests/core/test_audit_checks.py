"""Checks the ledger lacked: who may mediate, who counts as the lawyer, which meeting an escalation cites.

Each test first records the bad event the ledger used to accept, and pins that it is refused
now, with a message that says what is wrong; the good event beside it is still accepted.
"""

from __future__ import annotations

import attrs
import pytest
from tests.core.conftest import G1, X, at, build_community, initial_appointments

from cogov import Ledger, basic_charter
from cogov.errors import EligibilityError, InvalidFieldError, NotAuthorisedError, OutOfOrderError
from cogov.events import IssueEscalated, MediationStarted, MeetingHeld


def test_a_resident_without_a_mediation_duty_cannot_be_named_mediator(registered: Ledger) -> None:
    """The mediator must hold the mediation duty (调委会主持) over the issue's unit at that time."""
    bad = MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-chen")
    with pytest.raises(NotAuthorisedError, match=r"mediator 'p-chen'.*start_mediation"):
        registered.apply(bad)
    assert registered.issue("I-1").state == "registered"
    registered.apply(MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-med"))


def test_the_lawyer_taking_part_must_be_registered_as_a_lawyer(registered: Ledger) -> None:
    """A lawyer (律师参与) must be in the register as a lawyer; any resident is refused."""
    bad = MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-med", lawyer="p-chen")
    with pytest.raises(EligibilityError, match=r"lawyer 'p-chen'.*'lawyer'"):
        registered.apply(bad)
    registered.apply(
        MediationStarted(at=at(2), actor="p-med", issue="I-1", mediator="p-med", lawyer="p-lawyer")
    )
    assert registered.issue("I-1").state == "in_mediation"


def _household_meeting(ledger: Ledger) -> None:
    ledger.apply(MeetingHeld(at=at(1, 2), actor="p-grid1", meeting="H-1", kind="household_meeting", unit=G1))


def test_escalation_cannot_cite_a_household_meeting_as_the_weekly_joint_meeting(registered: Ledger) -> None:
    """Escalation (提交例会) must cite a meeting of the kind the charter names: the weekly joint meeting."""
    _household_meeting(registered)
    bad = IssueEscalated(at=at(1, 3), actor="p-sec", issue="I-1", meeting="H-1")
    with pytest.raises(InvalidFieldError, match=r"'H-1'.*household_meeting.*weekly_joint_meeting"):
        registered.apply(bad)
    registered.apply(
        MeetingHeld(at=at(1, 4), actor="p-sec", meeting="W-1", kind="weekly_joint_meeting", unit=X)
    )
    registered.apply(IssueEscalated(at=at(1, 5), actor="p-sec", issue="I-1", meeting="W-1"))
    assert registered.issue("I-1").state == "escalated"


def test_escalation_cannot_cite_a_meeting_held_after_it(registered: Ledger) -> None:
    """The weekly meeting an escalation cites has been held by then."""
    registered.apply(MeetingHeld(at=at(3), actor="p-sec", meeting="W-1", kind="weekly_joint_meeting", unit=X))
    with pytest.raises(OutOfOrderError, match="'W-1', which is held later"):
        registered.apply(IssueEscalated(at=at(2), actor="p-sec", issue="I-1", meeting="W-1"))
    registered.apply(IssueEscalated(at=at(3, 1), actor="p-sec", issue="I-1", meeting="W-1"))
    assert registered.issue("I-1").state == "escalated"


def test_a_charter_that_names_no_escalation_meeting_accepts_any_meeting(registered: Ledger) -> None:
    """Without a named kind the check has nothing to hold the meeting to (a community's own choice)."""
    charter = attrs.evolve(basic_charter(), escalation_meeting=None)
    ledger = Ledger(charter, build_community(), appointments=initial_appointments())
    for event in registered.events:
        ledger.apply(event)
    _household_meeting(ledger)
    ledger.apply(IssueEscalated(at=at(1, 3), actor="p-sec", issue="I-1", meeting="H-1"))


def test_a_charter_cannot_name_an_undeclared_escalation_meeting() -> None:
    """The escalation meeting named must be one of the charter's meeting kinds."""
    with pytest.raises(Exception, match="escalation_meeting"):
        attrs.evolve(basic_charter(), escalation_meeting="no_such_meeting")
