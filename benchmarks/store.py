"""Store benchmark: append events in batches, load them back, against raw sqlite3 in the same run.

Measures, on the same machine in the same process:

* store append — ``SQLiteStore.append`` per batch: encode, validate and authorise every event
  through the ledger, hash-chain it, write the batch in one transaction;
* store load — ``SQLiteStore.load(verify=False)``: read every row, decode it, fold it into a
  ledger with the stored hashes (a trusted reader); the verified load (the default) rebuilds
  it from the genesis with every event validated again and every hash compared;
* verify — ``SQLiteStore.verify()``: every row re-encoded byte for byte, plus the verified load;
* a store in daily use: on a wall clock, small batches, each batch's recorded time hashed in;
* raw append — ``sqlite3`` ``executemany`` of the very same JSON rows and hashes, one
  transaction per batch, same pragmas (the floor any SQLite store sits on);
* raw read — ``SELECT body, hash`` of those rows, no decoding.

Ratios are store / raw: how much of SQLite's own speed the store keeps.  A breakdown of the
store's append (ledger validation alone, row encoding alone) says where the time goes.

With a PostgreSQL server (``--postgres ADDRESS``, by default ``COGOV_TEST_POSTGRES``: start one
with ``scripts/postgres-test-server start``) the same events go through ``PostgresStore`` too,
against raw psycopg ``COPY`` of the same rows and eight writer processes on eight communities
(benchmarks/store_postgres.py); ``--only postgres`` skips the SQLite half.

Run: ``python benchmarks/store.py`` (1,000,000 events) or ``--events 100000`` for a quick look.
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cogov import Ledger, basic_charter
from cogov.boundary.event_rows import encode_row, parse_row
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.testing.samples import demo_appointments, demo_community, demo_events


def timed(label: str, count: int, action: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``action``; print wall-clock and CPU-time rates (CPU time is steadier on a shared machine)."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    rate = count / elapsed
    print(
        f"  {label:<40} {elapsed:7.2f} s {rate:>11,.0f} events/s   (CPU {used:6.2f} s {count / used:>11,.0f} events/s)"
    )
    return rate, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--durability", choices=["full", "normal"], default="full")
    parser.add_argument(
        "--postgres", metavar="ADDRESS", default=os.environ.get("COGOV_TEST_POSTGRES") or None
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--writers", type=int, default=8)
    args = parser.parse_args()
    count, size = args.events, args.batch
    charter, grids = basic_charter(), 14
    print(
        f"{count:,} events in batches of {size:,}; durability={args.durability}; "
        f"row parser: {parse_row.__module__}"
    )
    events = list(demo_events(count, grids=grids))
    batches = [events[i : i + size] for i in range(0, count, size)]
    postgres: dict[str, float] | None = None
    if args.only != "sqlite" and args.postgres:
        import store_postgres  # noqa: PLC0415 - beside this file; needs the postgres extra

        postgres = store_postgres.run(args.postgres, events, size, timed, args.writers)
    elif args.only == "postgres":
        parser.error("--only postgres needs --postgres ADDRESS (or COGOV_TEST_POSTGRES)")
    if args.only == "postgres":
        assert postgres is not None
        store_postgres.summary(postgres, args.writers)
        return

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        print("store")
        # Appending a community's records in bulk is an archive import: the store's clock
        # follows its events.  (A store in daily use, on the wall clock, is measured below.)
        store = SQLiteStore.create(
            directory / "store.db",
            charter,
            demo_community(grids),
            demo_appointments(grids),
            clock="events",
            durability=args.durability,
        )

        def append_all() -> None:
            for batch in batches:
                store.append(batch)

        append_rate, _ = timed("append (validate, chain, write)", count, append_all)
        store.close()
        reader = SQLiteStore.open(directory / "store.db", charter, readonly=True)
        load_rate, ledger = timed("load (trusted, stored hashes)", count, lambda: reader.load(verify=False))
        assert len(ledger) == count
        checked_rate, checked = timed("load (verified: every event re-validated)", count, reader.load)
        assert checked.head == ledger.head
        del checked
        verify_rate, _ = timed("verify (re-encode, chain, meaning)", count, reader.verify)
        rows = reader._db.execute("SELECT seq, batch, body, hash FROM events ORDER BY seq").fetchall()
        reader.close()
        del ledger

        print("raw sqlite3, the same rows")
        raw = sqlite3.connect(directory / "raw.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute(f"PRAGMA synchronous={args.durability.upper()}")
        raw.execute(
            "CREATE TABLE events (seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, body BLOB NOT NULL, hash BLOB NOT NULL)"
        )
        raw_batches = [rows[i : i + size] for i in range(0, count, size)]

        def raw_append() -> None:
            for batch in raw_batches:
                raw.execute("BEGIN")
                raw.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", batch)
                raw.execute("COMMIT")

        raw_append_rate, _ = timed("executemany", count, raw_append)
        raw_read_rate, _ = timed(
            "SELECT body, hash", count, raw.execute("SELECT body, hash FROM events ORDER BY seq").fetchall
        )
        raw.close()
        del rows

        live_count = min(count, 100_000)
        print(f"a store in daily use: wall clock, {live_count:,} events in batches of 100")
        now = [events[0].at]
        live = SQLiteStore.create(
            directory / "live.db",
            charter,
            demo_community(grids),
            demo_appointments(grids),
            clock=lambda: now[0],  # stands in for the wall clock: each batch recorded as it ends
            durability=args.durability,
        )
        small = [events[i : i + 100] for i in range(0, live_count, 100)]

        def append_live() -> None:
            for batch in small:
                now[0] = batch[-1].at
                live.append(batch)

        live_rate, _ = timed("append (recorded times hashed in)", live_count, append_live)
        live_verify_rate, _ = timed("verify (re-encode, chain, meaning)", live_count, live.verify)
        live.close()

    print("where append time goes (same events, in memory)")
    fresh = Ledger(charter, demo_community(grids), appointments=demo_appointments(grids))

    def validate_only() -> None:
        gc.disable()  # as the store does around a batch
        try:
            for batch in batches:
                fresh.apply_all(batch)
        finally:
            gc.enable()

    timed("ledger.apply_all alone (GC paused)", count, validate_only)
    timed("row encoding alone", count, lambda: [encode_row(e) for e in events])

    print("summary")
    print(
        f"  append        {append_rate:>10,.0f} events/s  = {append_rate / raw_append_rate:.2f} x raw executemany ({raw_append_rate:,.0f}/s)"
    )
    print(
        f"  load+replay   {load_rate:>10,.0f} events/s  = {load_rate / raw_read_rate:.2f} x raw SELECT ({raw_read_rate:,.0f}/s)"
    )
    print(f"  verified load {checked_rate:>10,.0f} events/s")
    print(f"  verify        {verify_rate:>10,.0f} events/s")
    print(
        f"  live append   {live_rate:>10,.0f} events/s (wall clock, batches of 100); verify {live_verify_rate:,.0f}/s"
    )
    print(
        f"  targets: append >= 100,000/s {'met' if append_rate >= 100_000 else 'NOT met'}; "
        f"load >= 300,000/s {'met' if load_rate >= 300_000 else 'NOT met'}; "
        f"full verification >= 200,000/s {'met' if checked_rate >= 200_000 else 'NOT met'}"
    )
    if postgres is not None:
        store_postgres.summary(postgres, args.writers)
        print(
            f"  PostgreSQL / SQLite in this run: append {postgres['append'] / append_rate:.2f} x, "
            f"load {postgres['load'] / load_rate:.2f} x"
        )
    else:
        print("  (no PostgreSQL server: give --postgres ADDRESS or set COGOV_TEST_POSTGRES)")


if __name__ == "__main__":
    main()
