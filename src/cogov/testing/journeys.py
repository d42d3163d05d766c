"""Whole issue journeys written into a sample community, for tests of figures and rules.

:class:`IssueJourneys` writes the events of one issue at a time (answered on the spot,
resolved, a mediated dispute, left open), each a list in the order it happened; merge
several with :meth:`IssueJourneys.merge` and apply them to the sample's ledger.  Issues are
numbered ``I-0001``, ``I-0002``, … in the order they are written, and take the households of
their grid in turn.  The secretary (who holds every issue duty) records each step but the
mediation, which the first mediator records; the plan's responsible is the grid's head.

Nothing here needs Hypothesis or pytest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueReopened,
    IssueResolved,
    MediationFailed,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReworkOrdered,
    WhistleBlown,
)
from cogov.testing.samples import SampleCommunity

__all__ = ["IssueJourneys"]


class IssueJourneys:
    """Writes whole issue journeys in ``sample``; each method returns the events it wrote, in order.

    ``grid`` is the index of a grid in ``sample.grids`` (0 for the first).
    """

    def __init__(self, sample: SampleCommunity) -> None:
        self.sample = sample
        #: issues written so far (the next issue is ``I-{count + 1:04d}``)
        self.count = 0

    def _collect(self, at: datetime, grid: int, kind: str, meeting: str | None) -> IssueCollected:
        self.count += 1
        households = self.sample.households[self.sample.grids[grid]]
        return IssueCollected(
            at=at,
            actor=self.sample.secretary,
            issue=f"I-{self.count:04d}",
            kind=kind,
            unit=households[self.count % len(households)],
            channel="household_meeting" if meeting else "service_phone",
            summary="问题 issue",
            meeting=meeting,
        )

    def answered(self, at: datetime, grid: int = 0, meeting: str | None = None) -> list[Event]:
        """A policy question answered on the spot five minutes after it was raised (at ``meeting`` if given)."""
        c = self._collect(at, grid, "policy_question", meeting)
        answer = AnsweredOnSpot(at=at + timedelta(minutes=5), actor=c.actor, issue=c.issue, answer="答复")
        return [c, answer]

    def resolved(
        self,
        at: datetime,
        grid: int = 0,
        *,
        days: int = 2,
        satisfaction: str | None = "satisfied",
        rework: bool = False,
        reopen: bool = False,
        kind: str = "reasonable_demand",
    ) -> list[Event]:
        """Registered, planned (30 days), resolved ``days`` after it was raised, confirmed, followed
        up the next day (unless ``satisfaction`` is None) and closed, or reopened with ``reopen``,
        the day after; ``rework`` adds a first resolution sent back for rework."""
        c = self._collect(at, grid, kind, None)
        i, actor = c.issue, c.actor
        t = at + timedelta(hours=1)
        out: list[Event] = [c, IssueRegistered(at=t, actor=actor, issue=i)]
        out.append(
            PlanMade(
                at=t + timedelta(hours=1),
                actor=actor,
                issue=i,
                responsible=self.sample.grid_heads[self.sample.grids[grid]],
                matter="处理 handle",
                deadline=t + timedelta(days=30),
            )
        )
        done = at + timedelta(days=days)
        if rework:
            out.append(IssueResolved(at=done - timedelta(hours=2), actor=actor, issue=i, outcome="修好"))
            out.append(ReworkOrdered(at=done - timedelta(hours=1), actor=actor, issue=i, reason="没修好"))
        out.append(IssueResolved(at=done, actor=actor, issue=i, outcome="修好 fixed"))
        out.append(CompletionConfirmed(at=done + timedelta(hours=1), actor=actor, issue=i))
        if satisfaction is not None:
            out.append(
                FollowUpVisited(at=done + timedelta(days=1), actor=actor, issue=i, satisfaction=satisfaction)
            )
        if reopen:
            out.append(IssueReopened(at=done + timedelta(days=2), actor=actor, issue=i, reason="反弹"))
        else:
            out.append(IssueClosed(at=done + timedelta(days=2), actor=actor, issue=i))
        return out

    def dispute(
        self, at: datetime, grid: int = 0, *, agree: bool = True, satisfaction: str = "satisfied"
    ) -> list[Event]:
        """Registered, escalated the next day, mediated from day 2 to an agreement on day 3 (followed
        up on day 10), or to a failed mediation with ``agree=False``."""
        c = self._collect(at, grid, "dispute", None)
        i, actor, mediator = c.issue, c.actor, self.sample.mediators[0]
        out: list[Event] = [
            c,
            IssueRegistered(at=at + timedelta(hours=1), actor=actor, issue=i),
            IssueEscalated(at=at + timedelta(days=1), actor=actor, issue=i),
            MediationStarted(at=at + timedelta(days=2), actor=mediator, issue=i, mediator=mediator),
        ]
        if agree:
            out.append(AgreementReached(at=at + timedelta(days=3), actor=mediator, issue=i, terms="协议"))
            out.append(
                FollowUpVisited(at=at + timedelta(days=10), actor=actor, issue=i, satisfaction=satisfaction)
            )
        else:
            out.append(MediationFailed(at=at + timedelta(days=3), actor=mediator, issue=i, reason="未达成"))
        return out

    def open(self, at: datetime, grid: int = 0, *, whistle: bool = False) -> list[Event]:
        """A reasonable demand registered and left open; ``whistle`` summons a department (吹哨)."""
        c = self._collect(at, grid, "reasonable_demand", None)
        out: list[Event] = [c, IssueRegistered(at=at + timedelta(hours=1), actor=c.actor, issue=c.issue)]
        if whistle:
            out.append(
                WhistleBlown(at=at + timedelta(hours=2), actor=c.actor, issue=c.issue, summoned="住建局")
            )
        return out

    @staticmethod
    def merge(*streams: list[Event]) -> list[Event]:
        """Merge journeys in time order (stable), as a ledger would record them."""
        return sorted((e for s in streams for e in s), key=lambda e: e.at)

    def meeting(self, at: datetime, mid: str, kind: str = "household_meeting", grid: int = 0) -> MeetingHeld:
        """Meeting ``mid``: a household meeting in the grid, any other kind in the community."""
        unit = self.sample.grids[grid] if kind == "household_meeting" else self.sample.root
        return MeetingHeld(at=at, actor=self.sample.secretary, meeting=mid, kind=kind, unit=unit)
