"""The discrete-event scheduler: a heap of time-ordered callbacks.

Each entry is a plain tuple ``(time, seq, callback, args)``.  ``seq`` increases with every
call to :meth:`Scheduler.at`, so callbacks due at the same time run in the order they were
scheduled; nothing depends on comparing callbacks, and a run is deterministic.  The loop
allocates nothing per event beyond the entry tuple (why: the scheduler drives sweeps of
thousands of simulated years).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

from cogov.simulation.scenario import ScenarioError

__all__ = ["Scheduler"]


class Scheduler:
    """Run callbacks in time order; ``now`` is the time of the callback being run."""

    __slots__ = ("_heap", "_seq", "now", "processed")

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self._heap: list[tuple[float, int, Callable[..., Any], tuple[Any, ...]]] = []
        self._seq = 0
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
        self._seq += 1
        heapq.heappush(self._heap, (time, self._seq, callback, args))

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
        done = 0
        while heap and heap[0][0] <= until:
            time, _, callback, args = pop(heap)
            self.now = time
            callback(*args)
            done += 1
        if until != math.inf:
            self.now = max(self.now, until)
        self.processed += done
        return done
