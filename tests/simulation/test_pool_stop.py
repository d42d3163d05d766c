"""Stopping a sweep's own process pool leaves nothing running that could race the exit.

An interrupted sweep terminates its workers and returns at once.  If the pool's manager
thread were still winding down then, it would close the pool's wake-up pipe while the
interpreter's exit hook writes to it: about one exit in thirty printed "Exception ignored …
OSError: [Errno 9] Bad file descriptor" after the sweep's own message.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor

from cogov.simulation.experiments import _start_worker, _stop_pool


def test_a_stopped_pool_has_no_thread_left_and_its_workers_are_gone() -> None:
    """Stop after stop: the manager thread has ended and every worker is reaped when it returns."""
    for _ in range(8):  # the thread used to outlive the stop about two times in three
        pool = ProcessPoolExecutor(2, initializer=_start_worker, initargs=(os.getpid(),))
        futures = [pool.submit(time.sleep, 30) for _ in range(6)]
        deadline = time.monotonic() + 30
        while not all(f.running() for f in futures[:2]) and time.monotonic() < deadline:
            time.sleep(0.005)
        # private handles, as in the stop itself: there is no public one before Python 3.14
        manager = pool._executor_manager_thread
        processes = list(pool._processes.values())
        _stop_pool(pool)
        assert manager is not None
        assert not manager.is_alive()
        assert not any(p.is_alive() for p in processes)
        assert all(f.done() for f in futures)
