"""The discrete-event scheduler: a heap of time-ordered callbacks.

Each entry is a plain tuple ``(time, seq, callback, args)``.  ``seq`` increases with every
entry made, so callbacks due at the same time run in the order they were scheduled; nothing
depends on comparing callbacks, and a run is deterministic.  The loop allocates nothing per
event beyond the entry tuple (why: the scheduler drives sweeps of thousands of simulated
years).  A callback's return value is ignored.

The scheduler is a small part of a simulated year's cost: a Xiaoxiguan year runs about 3,400
callbacks, whose heap work is about a millisecond; the model's decisions and the ledger's
validation of the 6,000 events they record take the rest (``benchmarks/simulation.py``
prints the year beside the validation of its events).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any, NoReturn

from cogov.engine.batches import gc_paused
from cogov.simulation.scenario import ScenarioError

__all__ = ["Entry", "Scheduler"]

#: a scheduled callback: ``(time, seq, callback, args)``
Entry = tuple[float, int, Callable[..., Any], tuple[Any, ...]]


class Scheduler:
    """Run callbacks in time order; ``now`` is the time of the callback being run."""

    __slots__ = ("_heap", "_seq", "now", "processed")

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self._heap: list[Entry] = []
        self._seq = itertools.count()
        #: callbacks run so far
        self.processed = 0

    def at(self, time: float, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` at ``time`` (not before :attr:`now`)."""
        # the check is one float comparison; a NaN fails it too
        if not time >= self.now:
            self._refuse(time, callback)
        heappush(self._heap, (time, next(self._seq), callback, args))

    def after(self, delay: float, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` ``delay`` time units from now (``delay >= 0``)."""
        # as at(now + delay), without a second call
        time = self.now + delay
        if not time >= self.now:
            self._refuse(time, callback)
        heappush(self._heap, (time, next(self._seq), callback, args))

    def _refuse(self, time: float, callback: Callable[..., Any]) -> NoReturn:
        msg = (
            f"cannot schedule {getattr(callback, '__name__', callback)!r} at {time!r}, "
            f"before the current time {self.now!r}; schedule at now or later"
        )
        raise ScenarioError(msg)

    def __len__(self) -> int:
        return len(self._heap)

    def peek(self) -> float:
        """Time of the next callback (infinity when none is scheduled)."""
        return self._heap[0][0] if self._heap else math.inf

    def run(self, until: float = math.inf) -> int:
        """Run callbacks due up to and including ``until``; return how many ran.

        Afterwards :attr:`now` is ``until`` if that is finite (the clock reaches the end of
        the period even when it is quiet), else the time of the last callback.  If a
        callback raises, its entry is gone (as if it had run) and the error propagates.
        """
        heap = self._heap
        seq = self._seq
        queued, first = len(heap), next(seq)
        # The cyclic garbage collector is paused while callbacks run (why: a run allocates
        # millions of short-lived entry tuples that reference counting frees).  An entry is
        # taken off the heap before its callback runs, so a callback that fails is gone too.
        # The loops are `while True` with a `break` (why: on Python 3.11 only an
        # unconditional backward jump warms a function up for the specialising interpreter;
        # a `while heap:` loop in a function called once, as run() is, stays generic
        # bytecode for the whole run, 1.14x slower on the M/M/10 benchmark).  A callback
        # without arguments is called as callback() (why: a plain call is inlined, a call
        # with *args is not).
        try:
            with gc_paused():
                if until == math.inf:
                    while True:
                        if not heap:
                            break
                        time, _, callback, args = heappop(heap)
                        self.now = time
                        if args:
                            callback(*args)
                        else:
                            callback()
                else:
                    while True:
                        if not heap or not heap[0][0] <= until:
                            break
                        time, _, callback, args = heappop(heap)
                        self.now = time
                        if args:
                            callback(*args)
                        else:
                            callback()
                    self.now = max(self.now, until)
        finally:
            # callbacks run = entries queued before + entries made during the run − entries
            # left (counted from the sequence numbers, so the loop does no bookkeeping)
            done = queued + (next(seq) - first - 1) - len(heap)
            self.processed += done
        return done
