"""The PostgreSQL half of benchmarks/store.py: the store against raw psycopg on the same rows.

Measures, in the same run and against the same server:

* store append — ``PostgresStore.append`` per batch (validate, chain, lock the community, COPY);
* store load — ``PostgresStore.load(verify=False)``: rows streamed page by page through a
  server-side cursor, decoded and folded with the stored hashes; the verified load and verify;
* raw COPY — psycopg's binary ``COPY ... FROM STDIN`` of the very same rows, one transaction
  per batch (the floor any PostgreSQL store sits on), and a raw paged ``SELECT`` of them;
* eight writers — eight processes, each appending its share to a community of its own at
  once: the aggregate rate beside one writer's.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any

import psycopg

from cogov import basic_charter
from cogov.boundary.postgres_store import PostgresStore
from cogov.model.events import Event
from cogov.testing.samples import demo_appointments, demo_community, demo_events

SCHEMA = "cogov_bench"
GRIDS = 14
Timed = Callable[[str, int, Callable[[], Any]], tuple[float, Any]]


def _reset(address: str) -> None:
    with psycopg.connect(address, autocommit=True) as db:
        db.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        db.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}_raw CASCADE")


def _writer(address: str, code: str, share: int, size: int, ready: Any, go: Any, out: Any) -> None:
    # each writer makes its own events (not the parent's, which forking would copy page by page)
    events = list(demo_events(share, grids=GRIDS))
    batches = [events[i : i + size] for i in range(0, share, size)]
    store = PostgresStore.create(
        address,
        basic_charter(),
        demo_community(GRIDS),
        demo_appointments(GRIDS),
        code=code,
        clock="events",
        schema=SCHEMA,
    )
    ready.release()
    go.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        store.append(batch)
    out.put((started, time.perf_counter(), time.process_time() - cpu))
    store.close()


def writers(address: str, share: int, size: int, count: int) -> tuple[float, float]:
    """``count`` processes, each appending ``share`` events to its own community at once: the
    aggregate events per second from the first start to the last finish, and the writers'
    own CPU seconds in all."""
    _reset(address)
    context = multiprocessing.get_context("fork")
    ready, go, out = context.Semaphore(0), context.Event(), context.Queue()
    processes = [
        context.Process(target=_writer, args=(address, f"W{n}", share, size, ready, go, out))
        for n in range(count)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    go.set()
    spans = [out.get() for _ in processes]
    for process in processes:
        process.join()
    first, last = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
    return share * count / (last - first), sum(c for _, _, c in spans)


def run(address: str, events: list[Event], size: int, timed: Timed, writer_count: int) -> dict[str, float]:
    """Every PostgreSQL figure, printed as measured; returns the rates."""
    count = len(events)
    batches = [events[i : i + size] for i in range(0, count, size)]
    _reset(address)
    charter = basic_charter()
    print(f"PostgreSQL store ({address})")
    store = PostgresStore.create(
        address, charter, demo_community(GRIDS), demo_appointments(GRIDS), clock="events", schema=SCHEMA
    )

    def append_all() -> None:
        for batch in batches:
            store.append(batch)

    rates: dict[str, float] = {}
    rates["append"], _ = timed("append (validate, chain, lock, COPY)", count, append_all)
    store.close()
    reader = PostgresStore.open(address, charter, schema=SCHEMA, readonly=True)
    rates["load"], ledger = timed(
        "load (trusted, paged, stored hashes)", count, lambda: reader.load(verify=False)
    )
    assert len(ledger) == count
    head = ledger.head
    del ledger
    rates["verified"], checked = timed("load (verified: every event re-validated)", count, reader.load)
    assert checked.head == head
    del checked
    rates["verify"], _ = timed("verify (re-encode, chain, meaning)", count, reader.verify)
    reader.close()

    print("raw psycopg, the same rows")
    with psycopg.connect(address, autocommit=True) as db:
        rows = db.execute(
            f"SELECT community, seq, batch, body, hash, recorded FROM {SCHEMA}.events ORDER BY seq"
        ).fetchall()
        db.execute(f"CREATE SCHEMA {SCHEMA}_raw")
        db.execute(
            f"CREATE TABLE {SCHEMA}_raw.events (community integer NOT NULL, seq bigint NOT NULL, batch bigint NOT NULL, "
            "body bytea NOT NULL, hash bytea NOT NULL, recorded bigint, PRIMARY KEY (community, seq))"
        )
        raw_batches = [rows[i : i + size] for i in range(0, count, size)]
        del rows
        copy_sql = f"COPY {SCHEMA}_raw.events (community, seq, batch, body, hash, recorded) FROM STDIN (FORMAT BINARY)"

        def copy_all(batches: list[Any] = raw_batches) -> None:
            for batch in batches:
                with db.transaction(), db.cursor() as cursor, cursor.copy(copy_sql) as copy:
                    copy.set_types(["int4", "int8", "int8", "bytea", "bytea", "int8"])
                    for row in batch:
                        copy.write_row(row)

        rates["raw_copy"], _ = timed("COPY FROM STDIN (binary)", count, copy_all)
        raw_batches.clear()

        def read_all() -> int:
            read = 0
            with db.transaction(), db.cursor(name="raw") as cursor:
                cursor.execute(f"SELECT seq, body, hash, recorded FROM {SCHEMA}_raw.events ORDER BY seq")
                while page := cursor.fetchmany(20_000):
                    read += len(page)
            return read

        rates["raw_read"], read = timed("SELECT, paged (server-side cursor)", count, read_all)
        assert read == count

    share = count // writer_count
    print(f"{writer_count} writers, {writer_count} communities, {share:,} events each (processes; best of 2)")
    ones, manys = [], []
    for _ in range(2):  # alternated, so a change in the machine's load touches both
        ones.append(writers(address, share * writer_count, size, 1))
        manys.append(writers(address, share, size, writer_count))
    (one, one_cpu), (many, many_cpu) = max(ones), max(manys)
    print(f"  {'one writer alone':<40} {one:>21,.0f} events/s   (writer CPU {one_cpu:6.2f} s)")
    print(
        f"  {f'{writer_count} writers at once (aggregate)':<40} {many:>21,.0f} events/s   (writers' CPU {many_cpu:6.2f} s)"
    )
    rates["one_writer"], rates["writers"] = one, many
    _reset(address)
    return rates


def summary(rates: dict[str, float], writer_count: int) -> None:
    print("PostgreSQL summary")
    print(
        f"  append        {rates['append']:>10,.0f} events/s  = {rates['append'] / rates['raw_copy']:.2f} x raw COPY ({rates['raw_copy']:,.0f}/s)"
    )
    print(
        f"  load+replay   {rates['load']:>10,.0f} events/s  = {rates['load'] / rates['raw_read']:.2f} x raw paged SELECT ({rates['raw_read']:,.0f}/s)"
    )
    print(f"  verified load {rates['verified']:>10,.0f} events/s; verify {rates['verify']:,.0f}/s")
    ratio = rates["writers"] / rates["one_writer"]
    print(
        f"  {writer_count} writers    {rates['writers']:>10,.0f} events/s  = {ratio:.2f} x one writer ({rates['one_writer']:,.0f}/s)"
    )
    print(
        f"  targets: append >= 100,000/s {'met' if rates['append'] >= 100_000 else 'NOT met'}; "
        f"load >= 300,000/s {'met' if rates['load'] >= 300_000 else 'NOT met'}; "
        f"{writer_count} writers >= 1.5 x one {'met' if ratio >= 1.5 else 'NOT met'}"
    )
