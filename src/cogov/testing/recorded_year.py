"""A small recorded year on the basic charter: three grids, issues of three shapes, counts known exactly.

For report and evaluation tests that assert figures: every count follows from the issue's
number.  Issue ``n`` (0-based, id ``I-{n:03d}``) is raised at a household meeting on day
``10 n`` of 2022 (from :data:`START`) in grid ``n % 3 + 1``, at that grid's first household:

- ``n % 3 == 0``: a reasonable demand answered on the spot (an hour later);
- ``n % 3 == 1``: a reasonable demand registered, escalated, resolved ``n`` days after it was
  raised, confirmed and followed up (satisfied);
- ``n % 3 == 2``: a dispute registered, mediated to an agreement and followed up (basically
  satisfied).

So 30 issues give 10 answered on the spot, 20 registered, 10 escalated, 30 resolved and 20
followed up, 10 per grid, each with its own meeting.  The community is
:func:`~cogov.testing.samples.grid_community` with three grids of 2, 3 and 4 households,
one resident each: the first household's resident of each grid is a party member, the
others volunteers.

Nothing here needs Hypothesis or pytest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cogov import CHINA_TZ, Ledger
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    MediationStarted,
    MeetingHeld,
)
from cogov.testing.samples import SampleCommunity, grid_community

__all__ = ["GRIDS", "HOUSEHOLDS_PER_GRID", "ROOT", "START", "year_community", "year_events", "year_ledger"]

#: when the year starts (the appointments run from the day before)
START = datetime(2022, 1, 1, 9, 0, tzinfo=CHINA_TZ)
#: households of grids 1, 2 and 3
HOUSEHOLDS_PER_GRID = (2, 3, 4)


def _attributes(grid: int, household: int, resident: int) -> set[str]:
    return {"party_member"} if household == 1 else {"volunteer"}


def year_community() -> SampleCommunity:
    """The recorded year's community: three grids of 2, 3 and 4 households, one resident each."""
    return grid_community(
        len(HOUSEHOLDS_PER_GRID),
        HOUSEHOLDS_PER_GRID,
        residents_per_household=1,
        resident_attributes=_attributes,
        since=START - timedelta(days=1),
    )


_SAMPLE = year_community()
#: the community's code
ROOT = _SAMPLE.root
#: the three grids' codes, grid 1 first
GRIDS = _SAMPLE.grids


def year_events(issues: int = 30, sample: SampleCommunity | None = None) -> list[Event]:
    """The year's events for ``issues`` issues, in the order things happened (see the module docstring)."""
    sample = _SAMPLE if sample is None else sample
    secretary, mediator = sample.secretary, sample.mediators[0]
    events: list[Event] = []
    for n in range(issues):
        grid = sample.grids[n % 3]
        at = START + timedelta(days=10 * n)
        issue, meeting = f"I-{n:03d}", f"M-{n:03d}"
        events.append(
            MeetingHeld(at=at, actor=secretary, meeting=meeting, kind="household_meeting", unit=grid)
        )
        events.append(
            IssueCollected(
                at=at,
                actor=secretary,
                issue=issue,
                kind="dispute" if n % 3 == 2 else "reasonable_demand",
                unit=sample.households[grid][0],
                channel="household_meeting",
                summary="问题 an issue",
                meeting=meeting,
            )
        )
        step = timedelta(hours=1)
        if n % 3 == 0:
            events.append(AnsweredOnSpot(at=at + step, actor=secretary, issue=issue, answer="答复 answered"))
            continue
        events.append(IssueRegistered(at=at + step, actor=secretary, issue=issue))
        if n % 3 == 1:
            done = at + timedelta(days=n)
            events += [
                IssueEscalated(at=at + 2 * step, actor=secretary, issue=issue),
                IssueResolved(at=done, actor=secretary, issue=issue, outcome="解决 fixed"),
                CompletionConfirmed(at=done + step, actor=secretary, issue=issue),
                FollowUpVisited(at=done + 2 * step, actor=secretary, issue=issue, satisfaction="satisfied"),
            ]
        else:
            events += [
                MediationStarted(at=at + 2 * step, actor=mediator, issue=issue, mediator=mediator),
                AgreementReached(at=at + 3 * step, actor=mediator, issue=issue, terms="协议 agreed"),
                FollowUpVisited(
                    at=at + 4 * step, actor=secretary, issue=issue, satisfaction="basically_satisfied"
                ),
            ]
    # Recorded in the order things happened (the ledger's clock follows its events).
    return sorted(events, key=lambda event: event.at)


def year_ledger(issues: int = 30) -> Ledger:
    """A ledger holding the recorded year with ``issues`` issues (all raised in 2022 when ``issues <= 36``)."""
    sample = year_community()
    ledger = sample.ledger()
    ledger.apply_all(year_events(issues, sample))
    return ledger
