"""The writer of the kill -9 test: append deterministic batches to a store until killed.

Usage: ``python crash_writer.py STORE LIMIT``.  Batch ``k`` (0-based) holds
:func:`batch_size` ``(k)`` events of :func:`cogov.testing.samples.demo_events`, so a checker
knows exactly which prefixes of whole batches are legal.  Prints ``ready`` once the store is
open, then appends until ``LIMIT`` events are stored (exit 0) or the process is killed,
printing ``committed N`` after each batch's commit returns.
"""

from __future__ import annotations

import sys
from itertools import islice
from pathlib import Path

from cogov import basic_charter
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.testing.samples import demo_appointments, demo_community, demo_events


def batch_size(index: int) -> int:
    """Sizes from 1 to 64 in a fixed, irregular order."""
    return 1 + (index * 37) % 64


def main(path: Path, limit: int) -> int:
    charter = basic_charter()
    if path.exists():
        store = SQLiteStore.open(path, charter)
    else:
        store = SQLiteStore.create(path, charter, demo_community(), demo_appointments(), clock="events")
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


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
