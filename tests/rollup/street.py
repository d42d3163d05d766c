"""A worked street of three communities, written to real SQLite stores (one file each).

Street 420325100 (Chengguan town), its communities numbered 001, 002, 003:

- 001: 12 issues: 10 answered on the spot, 2 registered and resolved after 2 and 4 days,
  both followed up ``satisfied``;
- 002: 4 issues, all registered and resolved after 6 days; follow-ups 3 ``satisfied``,
  1 ``dissatisfied`` (fewer than 10 issues: not rated);
- 003: 10 issues: 5 answered on the spot, 5 registered and still open.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cogov.boundary.sqlite_store import SQLiteStore
from cogov.events import (
    AnsweredOnSpot,
    CompletionConfirmed,
    FollowUpVisited,
    IssueCollected,
    IssueRegistered,
    IssueResolved,
)
from cogov.model.events import Event
from cogov.testing.strategies._values import EPOCH

from .county import CHARTER, community

STREET = "420325100"
A, B, C = f"{STREET}001", f"{STREET}002", f"{STREET}003"


def journeys(
    code: str, *, on_spot: int, resolved_after: list[int], answers: list[str], open_: int
) -> list[Event]:
    """Events of one community's issues, in recorded order (every issue collected by its secretary)."""
    actor, household = f"{code}-sec", f"{code}00101"
    events: list[Event] = []
    at = EPOCH
    n = 0

    def collect() -> str:
        nonlocal n, at
        n += 1
        at += timedelta(hours=1)
        issue = f"I{n:03d}"
        events.append(
            IssueCollected(
                at=at,
                actor=actor,
                issue=issue,
                kind="reasonable_demand",
                unit=household,
                channel="grid_visit",
                summary="问题",
            )
        )
        return issue

    for _ in range(on_spot):
        issue = collect()
        events.append(AnsweredOnSpot(at=at, actor=actor, issue=issue, answer="答复"))
    late: list[Event] = []
    for days, answer in zip(resolved_after, answers + [None] * len(resolved_after), strict=False):
        issue = collect()
        events.append(IssueRegistered(at=at, actor=actor, issue=issue))
        done = at + timedelta(days=days)
        late.append(IssueResolved(at=done, actor=actor, issue=issue, outcome="办结"))
        late.append(CompletionConfirmed(at=done + timedelta(minutes=30), actor=actor, issue=issue))
        if answer is not None:
            late.append(
                FollowUpVisited(at=done + timedelta(hours=1), actor=actor, issue=issue, satisfaction=answer)
            )
    for _ in range(open_):
        issue = collect()
        events.append(IssueRegistered(at=at, actor=actor, issue=issue))
    return events + sorted(late, key=lambda e: e.at)


STREET_EVENTS = {
    A: journeys(A, on_spot=10, resolved_after=[2, 4], answers=["satisfied", "satisfied"], open_=0),
    B: journeys(
        B,
        on_spot=0,
        resolved_after=[6, 6, 6, 6],
        answers=["satisfied", "satisfied", "satisfied", "dissatisfied"],
        open_=0,
    ),
    C: journeys(C, on_spot=5, resolved_after=[], answers=[], open_=5),
}


def write_street(directory: Path) -> Path:
    """The three communities' stores in ``directory`` (``<code>.db``); returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for code, events in STREET_EVENTS.items():
        structure, appointments = community(code)
        with SQLiteStore.create(
            directory / f"{code}.db",
            CHARTER,
            structure,
            appointments,
            clock="events",
            created_at=EPOCH - timedelta(days=1),
        ) as store:
            store.append(events)
    return directory
