"""The discrete-event scheduler and the seed derivation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov import CogovError
from cogov.simulation import Scheduler, Streams, derive_seed, replication_seed


@given(st.lists(st.floats(0.0, 100.0), max_size=60))
def test_callbacks_run_in_time_order_and_ties_in_scheduling_order(times: list[float]) -> None:
    """Callbacks run sorted by time; equal times keep the order they were scheduled in."""
    scheduler = Scheduler()
    ran: list[tuple[float, int]] = []
    for index, time in enumerate(times):
        scheduler.at(time, lambda t, i: ran.append((t, i)), time, index)
    assert scheduler.run() == len(times)
    assert ran == sorted(((t, i) for i, t in enumerate(times)), key=lambda pair: (pair[0], pair[1]))


def test_callbacks_may_schedule_more_and_run_stops_at_until() -> None:
    """A callback scheduling the next one makes a process; ``run(until)`` stops after ``until``."""
    scheduler = Scheduler()
    seen: list[float] = []

    def tick() -> None:
        seen.append(scheduler.now)
        scheduler.after(1.5, tick)

    scheduler.at(0.0, tick)
    scheduler.run(until=5.0)
    assert seen == [0.0, 1.5, 3.0, 4.5]
    assert scheduler.now == 5.0
    assert scheduler.peek() == 6.0


def test_scheduling_in_the_past_is_refused_with_the_times() -> None:
    """Scheduling before ``now`` is a CogovError naming both times."""
    scheduler = Scheduler()
    scheduler.at(2.0, lambda: None)
    scheduler.run()
    with pytest.raises(CogovError, match=r"1\.0.*2\.0"):
        scheduler.at(1.0, lambda: None)


def test_derived_seeds_are_stable_and_distinct() -> None:
    """Seeds depend only on (base seed, policy key, replication) and are pinned across machines."""
    assert replication_seed(1, "crn", 0) == derive_seed(1, "crn", 0)
    # pinned: a change here changes every published simulation result
    assert derive_seed(2022, "crn", 0) == 3390864009099527072
    seeds = {replication_seed(7, policy, r) for policy in ("a", "b") for r in range(500)}
    assert len(seeds) == 1000
    assert derive_seed(1, "1") != derive_seed(1, 1)


def test_streams_are_independent_by_name_and_reproducible() -> None:
    """Each named stream has its own sequence; the same seed gives the same sequences."""
    a, b = Streams(5), Streams(5)
    first = [a["arrivals"].random() for _ in range(3)]
    assert [b["arrivals"].random() for _ in range(3)] == first
    assert [a["handling"].random() for _ in range(3)] != first


def test_run_restores_the_garbage_collector_even_when_a_callback_fails() -> None:
    """The collector is paused during a run and back on afterwards, after an error too."""
    import gc  # noqa: PLC0415

    scheduler = Scheduler()
    seen: list[bool] = []
    scheduler.at(1.0, lambda: seen.append(gc.isenabled()))
    scheduler.at(2.0, lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        scheduler.run()
    assert seen == [False]
    assert gc.isenabled()


@given(st.lists(st.floats(0.0, 5.0), min_size=1, max_size=30), st.lists(st.floats(0.0, 50.0), max_size=30))
def test_a_process_that_reschedules_itself_interleaves_in_time_order(
    gaps: list[float], others: list[float]
) -> None:
    """A self-rescheduling process and fixed callbacks run in (time, scheduling order), each once."""
    scheduler = Scheduler()
    seen: list[tuple[float, str]] = []
    steps = iter(gaps)

    def process() -> None:
        seen.append((scheduler.now, "process"))
        gap = next(steps, None)
        if gap is not None:
            scheduler.at(scheduler.now + gap, process)

    scheduler.at(0.0, process)
    for time in others:
        scheduler.at(time, lambda t: seen.append((t, "other")), time)
    assert scheduler.run() == len(gaps) + 1 + len(others)
    assert [t for t, _ in seen] == sorted(t for t, _ in seen)
    assert sorted(t for t, who in seen if who == "other") == sorted(others)
    assert sum(1 for _, who in seen if who == "process") == len(gaps) + 1


def test_a_callbacks_return_value_is_ignored() -> None:
    """Whatever a callback returns, the next entry is the next one in time (no successor protocol)."""
    scheduler = Scheduler()
    seen: list[float] = []
    scheduler.at(1.0, lambda: (0.5, 0, seen.append, (0.5,)))
    scheduler.at(2.0, seen.append, 2.0)
    assert scheduler.run() == 2
    assert seen == [2.0]
    assert not hasattr(scheduler, "hot_path")


def test_a_failing_callback_leaves_the_scheduler_as_if_it_had_run() -> None:
    """The entry of a callback that raised is removed; the rest stay scheduled."""
    scheduler = Scheduler()
    scheduler.at(1.0, lambda: 1 / 0)
    scheduler.at(2.0, lambda: None)
    with pytest.raises(ZeroDivisionError):
        scheduler.run()
    assert len(scheduler) == 1
    assert scheduler.peek() == 2.0
    assert scheduler.run() == 1
