# ruff: noqa: E402 - the standard-library shadowing fix must run before the imports
"""Benchmark: the full statistics table of a synthetic county, against a hand-written count.

A county of 300 communities (15 towns × 20 communities × 10 grids × 20 households) records
a year of about 1,000,000 issues and 8,000,000 events under the basic charter.  The events
are built in memory the way a ledger holds them (timestamps shared per minute, ids shared
where real ledgers share them), interleaved across blocks of communities in time order.
Construction skips attrs validation (the events are correct by construction; ``--validate``
replays one community through a real :class:`~cogov.Ledger` to prove it).

Measured, in one run (wall-clock and CPU time: the machine may be shared): the time of :func:`cogov.evaluation.compute_statistics` over the year (period
and grid grouping on), the time of a single hand-written counting pass over the same
events (issues collected, resolutions, follow-ups and meetings by kind, by event type),
their ratio, the peak memory the statistics allocate (``tracemalloc``, a separate run) and
the peak resident memory of the process.  The benchmark never asserts a time.

Run: ``python benchmarks/statistics.py`` (full size) or ``--scale 0.05`` for a quick look.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's ``statistics``; run as a script, its folder
# comes first on sys.path and would shadow it.  Drop the folder before importing anything.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs

import cogov
from cogov import CHINA_TZ, Appointment, Community, Ledger, Person, Unit
from cogov.evaluation import Period, compute_statistics
from cogov.events import (
    ActivityHeld,
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    IssueShelved,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
)

TOWNS, COMMUNITIES_PER_TOWN, GRIDS, HOUSEHOLDS = 15, 20, 10, 20
ISSUES_PER_COMMUNITY = 3334  # × 300 ≈ 1,000,000
BLOCK = 20  # communities interleaved in time order per block
YEAR_START = datetime(2022, 1, 1, tzinfo=CHINA_TZ)
MINUTES = 365 * 24 * 60


def charter() -> cogov.Charter:
    return attrs.evolve(
        cogov.basic_charter(),
        activity_kinds=(
            cogov.ActivityKind("clean_up", "环境整治", "clean-up"),
            cogov.ActivityKind("patrol", "巡逻", "patrol"),
        ),
    )


def community_code(c: int) -> str:
    return f"420325{c // COMMUNITIES_PER_TOWN:03d}{c % COMMUNITIES_PER_TOWN:03d}"


def build_county(n_communities: int) -> Community:
    county = Community()
    county.add_unit(Unit("420325", "county", "房县", "Fang county"))
    for t in range((n_communities + COMMUNITIES_PER_TOWN - 1) // COMMUNITIES_PER_TOWN):
        county.add_unit(Unit(f"420325{t:03d}", "town", f"镇{t}", f"town {t}", parent="420325"))
    for c in range(n_communities):
        code = community_code(c)
        county.add_unit(Unit(code, "community", f"社区{c}", f"community {c}", parent=code[:9]))
        for g in range(GRIDS):
            grid = f"{code}{g:03d}"
            county.add_unit(Unit(grid, "grid", f"网格{g}", f"grid {g}", parent=code))
            for h in range(HOUSEHOLDS):
                county.add_unit(Unit(f"{grid}{h:02d}", "household", f"户{h}", f"household {h}", parent=grid))
        county.add_person(Person(f"sec-{c}", f"书记{c}", attributes={"party_member"}))
        county.add_person(Person(f"med-{c}", f"调解员{c}", attributes={"mediator"}))
        for v in range(12):
            county.add_person(Person(f"vol-{c}-{v}", f"志愿者{c}-{v}", household=f"{code}000{v:02d}"))
    return county


class _Clock:
    """Timestamps shared per minute of the year, as a store decoding a ledger would share them."""

    def __init__(self) -> None:
        self._by_minute: dict[int, datetime] = {}

    def at(self, minute: int) -> datetime:
        minute = min(minute, MINUTES - 1)
        found = self._by_minute.get(minute)
        if found is None:
            found = self._by_minute[minute] = YEAR_START + timedelta(minutes=minute)
        return found


def community_events(c: int, n_issues: int, clock: _Clock, rng: random.Random) -> list[Event]:
    """One community's year: meetings, activities and ``n_issues`` issue journeys."""
    code = community_code(c)
    sec, med = f"sec-{c}", f"med-{c}"
    at = clock.at
    out: list[Event] = []
    weekly = [f"{code}-W{w:02d}" for w in range(52)]
    for w, meeting in enumerate(weekly):
        out.append(
            MeetingHeld(
                at=at(w * 10080 + 900), actor=sec, meeting=meeting, kind="weekly_joint_meeting", unit=code
            )
        )
    for g in range(GRIDS):
        for m in range(12):
            out.append(
                MeetingHeld(
                    at=at(m * 43200 + g * 1440 + 1140),
                    actor=sec,
                    meeting=f"{code}-H{g}-{m:02d}",
                    kind="household_meeting",
                    unit=f"{code}{g:03d}",
                )
            )
    volunteers = tuple(f"vol-{c}-{v}" for v in range(12))
    for a in range(24):
        out.append(
            ActivityHeld(
                at=at(a * 21600 + 480),
                actor=sec,
                activity=f"{code}-A{a:02d}",
                kind="clean_up" if a % 2 else "patrol",
                unit=code,
                participants=volunteers[: 6 + a % 6],
                hours=2.0,
            )
        )
    for n in range(n_issues):
        out.extend(_journey(code, n, sec, med, clock, rng, weekly))
    out.sort(key=_time)
    return out


def _time(event: Event) -> datetime:
    return event.at


def _journey(
    code: str, n: int, sec: str, med: str, clock: _Clock, rng: random.Random, weekly: list[str]
) -> Iterator[Event]:
    at = clock.at
    issue = f"{code}-I{n:05d}"
    t = rng.randrange(0, MINUTES - 60 * 24 * 60)
    g = rng.randrange(GRIDS)
    r = rng.random()
    kind = "dispute" if 0.20 <= r < 0.32 else ("policy_question" if r < 0.20 else "reasonable_demand")
    yield IssueCollected(
        at=at(t),
        actor=sec,
        issue=issue,
        kind=kind,
        unit=f"{code}{g:03d}{rng.randrange(HOUSEHOLDS):02d}",
        channel="household_meeting" if r < 0.5 else "hotline",
        summary="问题 issue",
    )
    if r < 0.20:  # answered on the spot, followed up, closed
        yield AnsweredOnSpot(at=at(t + 5), actor=sec, issue=issue, answer="答复 answered")
        yield FollowUpVisited(at=at(t + 4320), actor=sec, issue=issue, satisfaction=_answer(rng))
        yield IssueClosed(at=at(t + 4380), actor=sec, issue=issue)
        return
    yield IssueRegistered(at=at(t + 10), actor=sec, issue=issue)
    if r >= 0.92:  # shelved, still open
        yield IssueShelved(at=at(t + 2880), actor=sec, issue=issue, reason="待资金 waiting for funds")
        return
    week = min(51, (t + 10) // 10080 + 1)
    t = week * 10080 + 930
    yield IssueEscalated(at=at(t), actor=sec, issue=issue, meeting=weekly[week])
    if 0.80 <= r < 0.92:
        yield WhistleBlown(at=at(t + 60), actor=sec, issue=issue, summoned="县住建局")
    yield VerificationVisited(at=at(t + 1440), actor=sec, issue=issue, findings="属实 verified")
    yield PlanMade(
        at=at(t + 1500), actor=sec, issue=issue, responsible=sec, matter="定人定事", deadline=at(t + 30000)
    )
    t += 1500
    if kind == "dispute":
        yield MediationStarted(at=at(t + 1440), actor=med, issue=issue, mediator=med)
        yield AgreementReached(at=at(t + 1500), actor=med, issue=issue, terms="协议 agreement")
        yield FollowUpVisited(at=at(t + 14400), actor=sec, issue=issue, satisfaction=_answer(rng))
        yield IssueClosed(at=at(t + 14460), actor=sec, issue=issue)
        return
    t += rng.randrange(1440, 20000)
    if r > 0.75:
        yield IssueResolved(at=at(t), actor=sec, issue=issue, outcome="初步处理")
        yield ReworkOrdered(at=at(t + 1440), actor=sec, issue=issue, reason="验收未通过")
        t += 4320
    yield IssueResolved(at=at(t), actor=sec, issue=issue, outcome="已解决 resolved")
    yield CompletionConfirmed(at=at(t + 1440), actor=sec, issue=issue)
    yield FollowUpVisited(at=at(t + 10080), actor=sec, issue=issue, satisfaction=_answer(rng))
    yield IssueClosed(at=at(t + 10140), actor=sec, issue=issue)


_ANSWERS = ("satisfied",) * 7 + ("basically_satisfied",) * 2 + ("dissatisfied", "dont_know")


def _answer(rng: random.Random) -> str:
    return _ANSWERS[rng.randrange(len(_ANSWERS))]


def county_events(n_communities: int, issues_per_community: int) -> list[Event]:
    """The county's year, each block of communities interleaved in time order."""
    clock = _Clock()
    rng = random.Random(2022)
    events: list[Event] = []
    with attrs.validators.disabled():
        for first in range(0, n_communities, BLOCK):
            block: list[Event] = []
            for c in range(first, min(n_communities, first + BLOCK)):
                block.extend(community_events(c, issues_per_community, clock, rng))
            block.sort(key=_time)
            events.extend(block)
    return events


def hand_count(events: list[Event]) -> dict[str, object]:
    """The baseline: one hand-written pass counting by event type (no states, no grouping)."""
    by_type: Counter[type] = Counter()
    meetings: Counter[str] = Counter()
    satisfied = 0
    for event in events:
        cls = type(event)
        by_type[cls] += 1
        if cls is MeetingHeld:
            meetings[event.kind] += 1  # type: ignore[attr-defined]
        elif cls is FollowUpVisited and event.satisfaction == "satisfied":  # type: ignore[attr-defined]
            satisfied += 1
    return {
        "collected": by_type[IssueCollected],
        "resolved": by_type[AnsweredOnSpot] + by_type[IssueResolved] + by_type[AgreementReached],
        "meetings": dict(meetings),
        "satisfied": satisfied,
    }


def validate(county: Community) -> int:
    """Replay community 0 through a real ledger (validation and authorisation on)."""
    code = community_code(0)
    start = YEAR_START - timedelta(days=1)
    appointments = [
        Appointment("a-sec-0", "sec-0", "community_secretary", code, start),
        Appointment("a-med-0", "med-0", "mediator", code, start),
    ]
    ledger = Ledger(charter(), county, appointments=appointments)
    rng = random.Random(7)
    events = community_events(0, 300, _Clock(), rng)
    ledger.apply_all(events)
    return len(ledger)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the 300 communities (default 1)"
    )
    parser.add_argument(
        "--validate", action="store_true", help="replay one community through a real ledger first"
    )
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the traced memory run")
    args = parser.parse_args(argv)
    n_communities = max(1, round(300 * args.scale))
    county = build_county(n_communities)
    the_charter = charter()
    if args.validate:
        print(f"validated: {validate(county)} events of community 0 applied to a real ledger")
    t0 = time.perf_counter()
    events = county_events(n_communities, ISSUES_PER_COMMUNITY)
    built = time.perf_counter() - t0
    print(f"county: {n_communities} communities, {len(events):,} events built in {built:.1f} s")
    gc.collect()
    gc.freeze()  # the events live for the whole run; keep the collector off them
    period = Period.year(2022, CHINA_TZ)

    t0, c0 = time.perf_counter(), time.process_time()
    baseline = hand_count(events)
    counting, counting_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    stats = compute_statistics(events, the_charter, county, period=period)
    full, full_cpu = time.perf_counter() - t0, time.process_time() - c0

    assert stats.issues_collected == baseline["collected"], (stats.issues_collected, baseline)
    print(
        f"issues collected: {stats.issues_collected:,}; resolved {stats.resolved:,} ({stats.resolution_rate:.1%})"
    )
    print(
        f"  on time {stats.on_time_rate:.1%}; median {stats.median_days_to_resolution:.1f} d, "
        f"p90 {stats.p90_days_to_resolution:.1f} d; satisfaction {stats.follow_up_satisfaction:.1%}; "
        f"groups {len(stats.by_group):,}"
    )
    print(f"hand-written counting pass: {counting:.2f} s wall, {counting_cpu:.2f} s CPU")
    print(
        f"statistics table (compute_statistics): {full:.2f} s wall, {full_cpu:.2f} s CPU "
        f"({len(events) / full_cpu / 1e6:.2f} M events per CPU second)"
    )
    print(f"ratio statistics / counting pass: {full / counting:.2f} wall, {full_cpu / counting_cpu:.2f} CPU")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.no_tracemalloc:
        del stats
        gc.collect()
        tracemalloc.start()
        compute_statistics(events, the_charter, county, period=period)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak memory allocated by compute_statistics (tracemalloc): {peak / 2**20:.0f} MiB")
    print(f"peak resident memory of the process (events included): {peak_rss_mib():.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
