"""A writer process for the store suite's crash and concurrency tests.

``python -m cogov.testing.store_writer crash ADDRESS COMMUNITY LIMIT`` appends batch ``k``
(0-based) of :func:`batch_size` ``(k)`` events of :func:`cogov.testing.samples.demo_events` to
the (existing) store until ``LIMIT`` events are stored or the process is killed, so a checker
knows exactly which prefixes of whole batches are legal.  It prints ``ready`` once the store
is open, then ``committed N`` after each batch's commit returns.

``python -m cogov.testing.store_writer issues ADDRESS COMMUNITY PREFIX BATCHES SIZE`` appends
``BATCHES`` batches of ``SIZE`` newly collected issues (``PREFIX-0``, ``PREFIX-1``, ...) to a
store on a wall clock, racing any other writers of the same community; it prints ``done``.

``COMMUNITY`` is ``-`` for an address's only community.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from itertools import islice

from cogov.boundary.addresses import open_store
from cogov.model.events import IssueCollected
from cogov.testing.samples import DEMO_START, demo_events

__all__ = ["batch_size", "main"]

#: who collects the racing writers' issues, and where (a grid head of the demo community)
ACTOR, HOUSEHOLD = "p-grid1", "420325100001-G01-B1-H01"


def batch_size(index: int) -> int:
    """Sizes from 1 to 64 in a fixed, irregular order."""
    return 1 + (index * 37) % 64


def crash(address: str, community: str | None, limit: int) -> int:
    store = open_store(address, community=community)
    position, index = len(store), len(store.batches())
    stream = islice(demo_events(limit), position, None)
    print("ready", flush=True)
    while position < limit:
        size = batch_size(index)
        store.append(islice(stream, size))
        position += size
        index += 1
        print(f"committed {position}", flush=True)
    store.close()
    return 0


def issues(address: str, community: str | None, prefix: str, batches: int, size: int) -> int:
    store = open_store(address, community=community)
    zone = DEMO_START.tzinfo
    number = 0
    for _ in range(batches):
        at = datetime.now(zone) - timedelta(seconds=1)
        batch = []
        for _ in range(size):
            batch.append(
                IssueCollected(
                    at=at,
                    actor=ACTOR,
                    issue=f"{prefix}-{number}",
                    kind="dispute",
                    unit=HOUSEHOLD,
                    channel="grid_visit",
                    summary="并发写入 written concurrently",
                )
            )
            number += 1
        store.append(batch)
    store.close()
    print("done", flush=True)
    return 0


def main(argv: list[str]) -> int:
    mode, address, community, *rest = argv
    code = None if community == "-" else community
    if mode == "crash":
        return crash(address, code, int(rest[0]))
    return issues(address, code, rest[0], int(rest[1]), int(rest[2]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
