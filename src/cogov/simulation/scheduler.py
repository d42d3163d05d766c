"""The discrete-event scheduler: a heap of time-ordered callbacks.

Each entry is a plain tuple ``(time, seq, callback, args)``.  ``seq`` increases with every
call to :meth:`Scheduler.at`, so callbacks due at the same time run in the order they were
scheduled; nothing depends on comparing callbacks, and a run is deterministic.  The loop
allocates nothing per event beyond the entry tuple (why: the scheduler drives sweeps of
thousands of simulated years).
"""

from __future__ import annotations

import gc
import heapq
import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

from cogov.simulation.scenario import ScenarioError

__all__ = ["Scheduler"]


class Scheduler:
    """Run callbacks in time order; ``now`` is the time of the callback being run."""

    __slots__ = ("_heap", "_seq", "now", "processed")

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self._heap: list[tuple[float, int, Callable[..., Any], tuple[Any, ...]]] = []
        self._seq = itertools.count()
        #: callbacks run so far
        self.processed = 0

    def at(self, time: float, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` at ``time`` (not before :attr:`now`)."""
        if not time >= self.now:
            msg = (
                f"cannot schedule {getattr(callback, '__name__', callback)!r} at {time!r}, "
                f"before the current time {self.now!r}; schedule at now or later"
            )
            raise ScenarioError(msg)
        heapq.heappush(self._heap, (time, next(self._seq), callback, args))

    def hot_path(self) -> tuple[list[tuple[float, int, Callable[..., Any], tuple[Any, ...]]], Iterator[int]]:
        """The heap and the sequence counter, for models whose hot loop pushes entries itself.

        Push ``(time, next(counter), callback, args)`` with ``heapq.heappush`` and ``time >= now``
        (a drawn delay is never negative).  It skips a method call and the check of :meth:`at`
        per event (why: the scheduler benchmark runs hundreds of thousands of customers); order
        stays deterministic because the counter is the one :meth:`at` uses.
        """
        return self._heap, self._seq

    def after(self, delay: float, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` ``delay`` time units from now."""
        self.at(self.now + delay, callback, *args)

    def __len__(self) -> int:
        return len(self._heap)

    def peek(self) -> float:
        """Time of the next callback (infinity when none is scheduled)."""
        return self._heap[0][0] if self._heap else math.inf

    def run(self, until: float = math.inf) -> int:
        """Run callbacks due up to and including ``until``; return how many ran.

        Afterwards :attr:`now` is ``until`` if that is finite (the clock reaches the end of
        the period even when it is quiet), else the time of the last callback.
        """
        heap = self._heap
        pop = heapq.heappop
        seq = self._seq
        queued, first = len(heap), next(seq)
        # Pause the cyclic garbage collector while callbacks run (why: a run allocates
        # millions of short-lived entry tuples that reference counting frees, and the
        # collector's passes over them cost about 7 %); restore it whatever happens.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if until == math.inf:
                while heap:
                    time, _, callback, args = pop(heap)
                    self.now = time
                    callback(*args)
            else:
                while heap and heap[0][0] <= until:
                    time, _, callback, args = pop(heap)
                    self.now = time
                    callback(*args)
                self.now = max(self.now, until)
        finally:
            if collecting:
                gc.enable()
        # callbacks run = entries queued before + entries pushed during the run − entries left
        # (counted from the sequence numbers, so the loop itself does no bookkeeping)
        done = queued + (next(seq) - first - 1) - len(heap)
        self.processed += done
        return done
