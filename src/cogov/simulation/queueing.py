"""Queueing theory the simulation is validated against.

:func:`erlang_c` and :func:`mmc_mean_wait` give the exact M/M/c results.  :func:`simulate_mmc`
runs the same queue on the :class:`~cogov.simulation.scheduler.Scheduler` alone (no ledger),
for fast statistical validation of the scheduler and for the benchmark.
:func:`sample_path` measures a ledger's sample path for Little's law: the time-average
number of open issues against the sum of their open spells.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from random import Random

import attrs

from cogov.engine.ledger import Ledger
from cogov.model.events import IssueEvent
from cogov.model.workflow import Category
from cogov.simulation.scenario import ScenarioError
from cogov.simulation.scheduler import Scheduler

__all__ = ["MMcRun", "SamplePath", "erlang_c", "mmc_mean_wait", "sample_path", "simulate_mmc"]


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang's C formula)."""
    load = arrival_rate / service_rate
    if not 0 < load < servers:
        msg = f"erlang_c: offered load {load!r} must be in (0, servers={servers}) for a stable queue"
        raise ScenarioError(msg)
    term, total = 1.0, 1.0
    for k in range(1, servers):
        term *= load / k
        total += term
    last = term * load / servers * servers / (servers - load)
    return last / (total + last)


def mmc_mean_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue: C(c, a) / (c·μ − λ)."""
    return erlang_c(arrival_rate, service_rate, servers) / (servers * service_rate - arrival_rate)


@attrs.frozen
class MMcRun:
    """One run of :func:`simulate_mmc`: customers served after the warm-up and their mean wait."""

    customers: int
    mean_wait: float
    events: int


def simulate_mmc(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    *,
    customers: int,
    seed: int,
    warmup: int = 0,
) -> MMcRun:
    """Simulate ``warmup + customers`` arrivals to an M/M/c FIFO queue on the scheduler.

    Returns the mean wait in queue of the ``customers`` arriving after the first ``warmup``.
    """
    arrivals_rng, service_rng = Random(seed), Random(seed ^ 0x5EED)  # noqa: S311 - simulation, not cryptography
    # Exponential draws inlined as random.expovariate computes them, -log(1 - U)/rate (same
    # numbers, one Python call fewer per draw).
    uniform_a, uniform_s, log = arrivals_rng.random, service_rng.random, math.log
    scheduler = Scheduler()
    schedule = scheduler.at
    queue: deque[float] = deque()
    total = warmup + customers
    free, arrived_so_far, waited = servers, 0, 0.0

    def departure() -> None:
        nonlocal free, waited
        if queue:
            now = scheduler.now
            arrived = queue.popleft()
            if arrived >= 0:
                waited += now - arrived
            schedule(now - log(1.0 - uniform_s()) / service_rate, departure)
        else:
            free += 1

    def arrival() -> None:
        nonlocal free, arrived_so_far
        now = scheduler.now
        arrived_so_far += 1
        if free:
            free -= 1
            schedule(now - log(1.0 - uniform_s()) / service_rate, departure)
        else:
            # warm-up arrivals are marked by a negative time so their waits are not counted
            queue.append(now if arrived_so_far > warmup else -1.0)
        if arrived_so_far < total:
            schedule(now - log(1.0 - uniform_a()) / arrival_rate, arrival)

    first = arrivals_rng.expovariate(arrival_rate)
    scheduler.at(first, arrival)
    events = scheduler.run()
    return MMcRun(customers, waited / customers, events)


@attrs.frozen
class SamplePath:
    """A ledger's issue sample path over ``[first event, last event]``, in days.

    ``area`` is ∫ N(t) dt with N the number of issues in an open state, swept in ledger
    order; ``sojourn`` is the sum over issues of the time spent in open states.  On a path
    that starts and ends empty Little's law says they are equal: L = area / T and
    λ·W = (issues / T)·(sojourn / issues).
    """

    duration: float
    area: float
    sojourn: float
    issues: int
    open_at_end: int

    @property
    def mean_number(self) -> float:
        return self.area / self.duration if self.duration else 0.0

    @property
    def arrival_rate(self) -> float:
        return self.issues / self.duration if self.duration else 0.0

    @property
    def mean_sojourn(self) -> float:
        return self.sojourn / self.issues if self.issues else 0.0


def _micros(at: datetime, origin: datetime) -> int:
    delta = at - origin
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def sample_path(ledger: Ledger) -> SamplePath:
    """Measure the open-issue sample path of ``ledger`` (exact: integer microseconds)."""
    events = ledger.events
    if not events:
        return SamplePath(0.0, 0.0, 0.0, 0, 0)
    workflow = ledger.workflow
    is_open = {s.key: s.category is Category.OPEN for s in workflow.states}
    origin = events[0].at
    state: dict[str, str] = {}
    opened: dict[str, int] = {}
    area = sojourn = 0
    number = 0
    last = 0
    for event in events:
        now = _micros(event.at, origin)
        area += number * (now - last)
        last = now
        if not isinstance(event, IssueEvent):
            continue
        transition = workflow.move(state.get(event.issue), event.action)
        if transition is None:
            msg = f"sample_path: issue {event.issue!r} cannot {event.action!r}; is the ledger valid?"
            raise ScenarioError(msg)
        was = is_open.get(state.get(event.issue, ""), False)
        now_open = is_open[transition.target]
        state[event.issue] = transition.target
        if now_open and not was:
            number += 1
            opened[event.issue] = now
        elif was and not now_open:
            number -= 1
            sojourn += now - opened.pop(event.issue)
    for start in opened.values():  # still open at the end: count the spell up to the end
        sojourn += last - start
    scale = 86_400_000_000
    return SamplePath(last / scale, area / scale, sojourn / scale, len(state), number)
