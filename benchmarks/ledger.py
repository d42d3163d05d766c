"""Benchmark: the ledger on a synthetic community of 14 grids and about 5,000 households.

The community mirrors Xiaoxiguan (14 grids, each with compounds, buildings and households,
one resident per household, a grid head per grid, a building head per building, community
cadres, a secretary and mediators).  Its issues travel realistic journeys through the
canonical workflow (answered on the spot, the full register → escalate → verify → plan →
resolve → check → follow-up → close path, mediation, rework, rejection, shelving), with
household and weekly meetings in between; a few hundred issues are open at any time, so
their events interleave.

Measured in one run, each next to a baseline measured in the same run (the same events
folded into a plain dict, no checks):

* apply: ``Ledger.apply`` for every event, with full validation, authorisation and hashing;
* apply_all: the same checks for all events as one atomic batch (undo log included);
* validated replay: ``Ledger.replay(validate=True)``, the same checks in one bulk call (bulk
  calls pause the cyclic garbage collector while they run);
* trusted replay: ``Ledger.replay(validate=False, hashes=...)``, the way a store reloads;
* full verification: ``Ledger.verify()``, the ledger rebuilt from its genesis with every event
  validated again and every hash compared (what a reader of a store does by default);
* verify hashes only: recomputing the chain from the genesis digest;
* memory: peak resident set size of the process after the timed phases
  (``resource.getrusage``), and the allocations of the ledger alone while applying every
  event (``tracemalloc``, a separate untimed pass), against the baseline dict's.

Times are wall-clock and CPU (the machine may be shared); the benchmark never asserts a time.

Run: ``python benchmarks/ledger.py`` (1,000,000 events) or ``--events 20000`` for a quick look.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import partial

import cogov
from cogov import CHINA_TZ, Ledger, Person
from cogov.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    IssueRegistered,
    IssueRejected,
    IssueResolved,
    IssueResumed,
    IssueShelved,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReworkOrdered,
    VerificationVisited,
)
from cogov.testing.samples import grid_community

GRIDS = 14
COMPOUNDS_PER_GRID = 6
BUILDINGS_PER_COMPOUND = 6
HOUSEHOLDS_PER_BUILDING = 10  # 14 x 6 x 6 x 10 = 5,040 households
START = datetime(2022, 1, 3, 8, 0, tzinfo=CHINA_TZ)


# -- the synthetic community ------------------------------------------------------------------
class Place:
    """Codes and people of the synthetic community (:func:`cogov.testing.samples.grid_community`), by grid."""

    def __init__(self) -> None:
        sample = grid_community(
            GRIDS,
            COMPOUNDS_PER_GRID * BUILDINGS_PER_COMPOUND * HOUSEHOLDS_PER_BUILDING,
            residents_per_household=1,
            compounds_per_grid=COMPOUNDS_PER_GRID,
            buildings=BUILDINGS_PER_COMPOUND,
            cadres=3,
            mediators=2,
            building_heads=True,
            since=START,
        )
        self.sample = sample
        self.community = sample.community
        # the mediations' legal adviser holds no office
        self.community.add_person(Person("lawyer", "律师", attributes={"lawyer"}))
        self.appointments = list(sample.appointments)
        self.grids = sample.grids
        self.households = [list(sample.households[grid]) for grid in sample.grids]  # per grid
        self.residents = {household: people[0] for household, people in sample.residents.items()}
        self.head_of = sample.building_heads  # household -> its building head
        self.grid_heads = [sample.grid_heads[grid] for grid in sample.grids]
        self.cadres = sample.cadres
        self.mediators = sample.mediators


# -- journeys ----------------------------------------------------------------------------------
Step = Callable[[datetime, str], Event]


def journey(place: Place, rng: random.Random, issue: str) -> list[Step]:
    """The steps of one issue: each a function of (time, issue id) making the event."""
    g = rng.randrange(GRIDS)
    household = rng.choice(place.households[g])
    resident = place.residents[household]
    grid_head = place.grid_heads[g]
    collector = rng.choice((grid_head, place.head_of[household]))
    cadre = place.cadres[rng.randrange(3)]
    mediator = place.mediators[rng.randrange(2)]
    roll = rng.random()
    kind = (
        "dispute"
        if 0.70 <= roll < 0.82
        else rng.choice(("policy_question", "reasonable_demand", "service_request"))
    )

    def collect(at: datetime, i: str) -> Event:
        return IssueCollected(
            at=at,
            actor=collector,
            issue=i,
            kind=kind,
            unit=household,
            channel="household_meeting",
            summary="户院会反映 raised at the household meeting",
            reporter=resident,
        )

    def answer(at: datetime, i: str) -> Event:
        return AnsweredOnSpot(at=at, actor=grid_head, issue=i, answer="现场答复 answered on the spot")

    def register(at: datetime, i: str) -> Event:
        return IssueRegistered(at=at, actor=grid_head, issue=i)

    def escalate(at: datetime, i: str) -> Event:
        return IssueEscalated(at=at, actor=place.sample.secretary, issue=i)

    def verify(at: datetime, i: str) -> Event:
        return VerificationVisited(at=at, actor=grid_head, issue=i, findings="入户核查属实 confirmed")

    def plan(at: datetime, i: str) -> Event:
        return PlanMade(
            at=at,
            actor=place.sample.secretary,
            issue=i,
            responsible=grid_head,
            matter="定人定事",
            deadline=at + timedelta(days=14),
        )

    def resolve(at: datetime, i: str) -> Event:
        return IssueResolved(at=at, actor=grid_head, issue=i, outcome="已解决 done")

    def confirm(at: datetime, i: str) -> Event:
        return CompletionConfirmed(at=at, actor=cadre, issue=i)

    def rework(at: datetime, i: str) -> Event:
        return ReworkOrdered(at=at, actor=cadre, issue=i, reason="验收未通过 not done")

    def follow_up(at: datetime, i: str) -> Event:
        answer_ = rng.choice(("satisfied", "satisfied", "basically_satisfied", "dont_know"))
        return FollowUpVisited(at=at, actor=grid_head, issue=i, satisfaction=answer_)

    def close(at: datetime, i: str) -> Event:
        return IssueClosed(at=at, actor=grid_head, issue=i)

    def mediate(at: datetime, i: str) -> Event:
        return MediationStarted(at=at, actor=mediator, issue=i, mediator=mediator, lawyer="lawyer")

    def agree(at: datetime, i: str) -> Event:
        return AgreementReached(at=at, actor=mediator, issue=i, terms="达成协议 agreed")

    def reject(at: datetime, i: str) -> Event:
        return IssueRejected(at=at, actor=cadre, issue=i, reason="不属受理范围 out of scope")

    def shelve(at: datetime, i: str) -> Event:
        return IssueShelved(at=at, actor=cadre, issue=i, reason="等待资金 waiting for funds")

    def resume(at: datetime, i: str) -> Event:
        return IssueResumed(at=at, actor=cadre, issue=i)

    if roll < 0.45:
        return [collect, answer, follow_up, close]
    if roll < 0.70:
        return [collect, register, escalate, verify, plan, resolve, confirm, follow_up, close]
    if roll < 0.82:
        return [collect, register, escalate, verify, mediate, agree, follow_up, close]
    if roll < 0.90:
        return [collect, register, verify, plan, resolve, rework, resolve, confirm, follow_up, close]
    if roll < 0.95:
        return [collect, reject]
    return [collect, register, shelve, resume, plan, resolve, confirm, close]


def synthetic_events(place: Place, count: int, seed: int = 2022, open_issues: int = 300) -> list[Event]:
    """``count`` events: issues opened while ``open_issues`` are in flight, steps interleaved."""
    rng = random.Random(seed)
    events: list[Event] = []
    in_flight: list[tuple[str, Iterator[Step]]] = []
    at = START + timedelta(days=1)
    tick = timedelta(seconds=20)
    issued = meetings = 0
    while len(events) < count:
        if len(events) % 2000 == 1999:
            meetings += 1
            g = meetings % GRIDS
            events.append(
                MeetingHeld(
                    at=at,
                    actor=place.grid_heads[g],
                    meeting=f"M{meetings:06d}",
                    kind="household_meeting",
                    unit=place.grids[g],
                )
            )
            at += tick
            continue
        if len(in_flight) < open_issues:
            issue = f"I{issued:07d}"
            issued += 1
            in_flight.append((issue, iter(journey(place, rng, issue))))
        index = rng.randrange(len(in_flight))
        issue, steps = in_flight[index]
        step = next(steps, None)
        if step is None:
            in_flight[index] = in_flight[-1]
            in_flight.pop()
            continue
        events.append(step(at, issue))
        at += tick
    return events


# -- measurements ------------------------------------------------------------------------------
def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def baseline_fold(events: list[Event]) -> dict[str, object]:
    """The same events folded into plain dicts with no checks: the floor any fold must pay."""
    issues: dict[str, str] = {}
    other: dict[int, Event] = {}
    for seq, event in enumerate(events):
        if isinstance(event, IssueEvent):
            issues[event.issue] = event.action
        else:
            other[seq] = event
    return {"issues": issues, "other": other}


def apply_every(place: Place, events: list[Event]) -> Ledger:
    ledger = Ledger(cogov.basic_charter(), place.community, appointments=place.appointments)
    apply = ledger.apply
    for event in events:
        apply(event)
    return ledger


def apply_batch(place: Place, events: list[Event]) -> Ledger:
    ledger = Ledger(cogov.basic_charter(), place.community, appointments=place.appointments)
    ledger.apply_all(events)
    return ledger


def traced_peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def rss_peak_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events to generate (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the (slow) allocation pass")
    args = parser.parse_args(argv)

    mib = 1024 * 1024
    print(f"cogov ledger benchmark — {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    place = Place()
    events = synthetic_events(place, args.events, args.seed)
    issues = sum(1 for e in events if isinstance(e, IssueCollected))
    print(
        f"community: {GRIDS} grids, {sum(map(len, place.households)):,} households, "
        f"{len(place.community):,} units, {len(place.appointments):,} appointments; "
        f"{len(events):,} events over {issues:,} issues (built in {time.perf_counter() - t0:.1f} s)"
    )

    base_wall, base_cpu, _ = timed(lambda: baseline_fold(events))
    apply_wall, apply_cpu, ledger = timed(lambda: apply_every(place, events))
    assert isinstance(ledger, Ledger)
    hashes = b"".join(ledger.hash_of(i) for i in range(len(ledger)))
    head = ledger.head
    snapshot_issues = len(ledger.issues)
    del ledger
    replay_wall, replay_cpu, replayed = timed(
        lambda: Ledger.replay(
            cogov.basic_charter(),
            place.community,
            events,
            appointments=place.appointments,
            validate=False,
            hashes=hashes,
        )
    )
    assert isinstance(replayed, Ledger)
    assert len(replayed.issues) == snapshot_issues
    del replayed
    batch_wall, batch_cpu, batched = timed(lambda: apply_batch(place, events))
    assert isinstance(batched, Ledger)
    assert batched.head == head
    del batched
    checked_wall, checked_cpu, replayed = timed(
        lambda: Ledger.replay(cogov.basic_charter(), place.community, events, appointments=place.appointments)
    )
    assert isinstance(replayed, Ledger)
    assert replayed.head == head
    verify_wall, verify_cpu, verified_head = timed(replayed.verify)
    assert verified_head == head
    hashes_wall, hashes_cpu, rehashed = timed(partial(replayed.verify, hashes_only=True))
    assert rehashed == head
    del replayed
    gc.collect()
    rss = rss_peak_bytes()

    n = len(events)

    def line(name: str, wall: float, cpu: float) -> str:
        return (
            f"  {name:<34} {n / wall:>11,.0f} ev/s wall {n / cpu:>11,.0f} ev/s CPU"
            f"  ({wall:6.2f} s wall, {cpu:6.2f} s CPU)  {cpu / base_cpu:5.1f}x baseline CPU time"
        )

    print("throughput (ev/s by wall-clock and by process CPU time; ratio: CPU time over the baseline's)")
    print(line("baseline: plain dict fold", base_wall, base_cpu))
    print(line("apply (validate+authorise+hash)", apply_wall, apply_cpu))
    print(line("apply_all (one atomic batch)", batch_wall, batch_cpu))
    print(line("validated replay (bulk apply)", checked_wall, checked_cpu))
    print(line("trusted replay (validate=False)", replay_wall, replay_cpu))
    print(line("full verification (meaning + hashes)", verify_wall, verify_cpu))
    print(line("verify hashes only", hashes_wall, hashes_cpu))
    print("memory")
    print(f"  process peak RSS after the timed phases: {rss / mib:,.0f} MiB (resource.getrusage ru_maxrss)")
    if not args.no_tracemalloc:
        ledger_peak = traced_peak(lambda: apply_every(place, events))
        base_peak = traced_peak(lambda: baseline_fold(events))
        print(
            f"  ledger allocations while applying all events: {ledger_peak / mib:,.0f} MiB "
            f"(tracemalloc peak; events themselves excluded) = {ledger_peak / base_peak:.1f}x "
            f"the baseline dict's {base_peak / mib:,.0f} MiB; {ledger_peak / n:,.0f} bytes/event"
        )
    targets = (
        f"targets: apply >= 250,000 ev/s ({n / apply_wall:,.0f} wall, {n / apply_cpu:,.0f} CPU); "
        f"trusted replay >= 1,000,000 ev/s ({n / replay_wall:,.0f} wall, {n / replay_cpu:,.0f} CPU); "
        f"full verification >= 200,000 ev/s ({n / verify_wall:,.0f} wall, {n / verify_cpu:,.0f} CPU); "
        f"peak memory <= 1 GiB ({rss / mib:,.0f} MiB RSS)"
    )
    print(targets)


if __name__ == "__main__":
    main()
