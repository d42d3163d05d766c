# ruff: noqa: E402 - the sys.path fix must run before the imports
"""County benchmark: simulate a county into one store per community, roll it up, and measure.

Run: ``python benchmarks/county.py`` (300 communities, about two million events) or
``--communities 30`` for a quick look.  Prints, in one run on this machine:

1. simulating the county (every community's year, each event validated and hash-chained by
   its ledger) and writing each community's chain into its own SQLite store in one
   transaction, on a 2-worker process pool (target <= 60 s for 300 communities); into one
   PostgreSQL database too (one community each, COPY) when ``COGOV_TEST_POSTGRES`` gives an
   address, and the roll-up from there;
2. what a simulated year costs beside its ledger: the simulation's time as a ratio to applying
   the same events to a fresh ledger (``apply_all``: validate, authorise, hash), over a sample
   of communities run in this process;
3. rolling the county up from the stores to its streets (trusted reads, and fully verified
   reads), on a 2-worker pool (target <= 20 s), with the peak resident memory of the roll-up
   (its own process and its workers, measured with ``resource.getrusage`` in a fresh process;
   target <= 2 GiB).

Ratios within one run matter more than absolute times on a shared machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/statistics.py is named like the standard library's module; run as a script, this
# folder comes first on sys.path and would shadow it.  Drop the folder before other imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import gc
import itertools
import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

from cogov.boundary.sources import StoreTarget, store_sources
from cogov.engine.ledger import Ledger
from cogov.evaluation.rollup import roll_up
from cogov.simulation.county import county_scenario, simulate_county
from cogov.simulation.experiments import simulate
from cogov.simulation.streams import derive_seed
from cogov.testing.store_backends import PostgresBackend

SEED = 2022


def _rollup_child(directory: str, workers: int, verify: bool) -> None:
    """Run in a fresh process: roll the stores up, print seconds and peak memory as JSON."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        rollup = roll_up(store_sources(directory, verify=verify), level="street", executor=pool)
    seconds = time.perf_counter() - started
    county = rollup.parts[0].code[:6]
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    children_usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers, now reaped
    own, children = own_usage.ru_maxrss, children_usage.ru_maxrss
    cpu = sum(u.ru_utime + u.ru_stime for u in (own_usage, children_usage))
    issues = sum(p.tally.issues for p in rollup.parts)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "streets": len(rollup.units),
                "communities": len(rollup.parts),
                "issues": issues,
                "events": sum(p.tally.events_read for p in rollup.parts),
                "county": county,
                "cpu": cpu,
                "self_kib": own,
                "children_kib": children,
            }
        )
    )


def _measure_rollup(address: str, workers: int, *, verify: bool) -> dict[str, float]:
    child = subprocess.run(
        [sys.executable, __file__, "--rollup-child", address, "--workers", str(workers)]
        + (["--verify"] if verify else []),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _fresh(ledger: Ledger) -> Ledger:
    genesis = ledger.genesis
    return Ledger(
        ledger.charter,
        genesis.community(),
        appointments=genesis.appointments,
        clock="events",
        created_at=genesis.created_at,
    )


def _overhead(county_scenarios: list, sample: int) -> tuple[float, float, float, int]:  # type: ignore[type-arg]
    """CPU seconds to simulate ``sample`` communities, and to apply their events to fresh
    ledgers in one batch (``apply_all``) and one ``apply`` call at a time (as a simulation must)."""
    simulating = batched = one_by_one = 0.0
    events = 0
    for scenario in county_scenarios[:sample]:
        seed = derive_seed(SEED, str(scenario.community.code))
        gc.collect()
        started = time.process_time()
        ledger = simulate(scenario, seed).ledger
        simulating += time.process_time() - started
        replayed = list(ledger.events)
        gc.collect()
        started = time.process_time()
        _fresh(ledger).apply_all(replayed)
        batched += time.process_time() - started
        gc.collect()
        started = time.process_time()
        fresh = _fresh(ledger)
        for event in replayed:
            fresh.apply(event)
        one_by_one += time.process_time() - started
        events += len(replayed)
    return simulating, batched, one_by_one, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20, help="communities timed for the overhead ratio")
    parser.add_argument("--keep", type=Path, help="write the stores here and keep them")
    parser.add_argument("--rollup-child", help=argparse.SUPPRESS)
    parser.add_argument("--verify", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rollup_child:
        _rollup_child(args.rollup_child, args.workers, args.verify)
        return
    county = county_scenario(args.communities, seed=SEED)
    print(
        f"county {county.codes[0][:6]}: {args.communities} communities, "
        f"about {county.expected_issues():,.0f} issues expected; {args.workers} workers, {os.cpu_count()} cores"
    )
    scale = args.communities / 300
    root = args.keep or Path(tempfile.mkdtemp(prefix="cogov-county-"))
    directory = root / "sqlite"
    database = None
    try:
        # 1. simulate into SQLite
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            run = simulate_county(county, StoreTarget(str(directory)), seed=SEED, executor=pool)
        seconds = time.perf_counter() - started
        simulated = sum(r.simulate_seconds for r in run.runs)
        written = sum(r.write_seconds for r in run.runs)
        cpu = sum(r.simulate_cpu + r.write_cpu for r in run.runs)
        print(
            f"1. simulate into SQLite: {run.events:,} events in {seconds:.1f} s "
            f"({run.events / seconds:,.0f} events/s; target <= {60 * scale:.0f} s)"
        )
        print(
            f"   worker time: simulating {simulated:.1f} s, writing stores {written:.1f} s "
            f"(writing / simulating = {written / simulated:.2f}); worker CPU {cpu:.1f} s, "
            f"i.e. {cpu / args.workers:.1f} s on {args.workers} idle cores"
        )
        postgres = os.environ.get("COGOV_TEST_POSTGRES")
        if not postgres:
            print("   PostgreSQL: skipped (set COGOV_TEST_POSTGRES to a postgresql:// address to include it)")
        else:
            backend = PostgresBackend(postgres)  # a fresh schema, dropped at the end
            database = backend.address("county")
            started = time.perf_counter()
            with ProcessPoolExecutor(max_workers=args.workers) as pool:
                into = simulate_county(county, StoreTarget(database), seed=SEED, executor=pool)
            seconds = time.perf_counter() - started
            written = sum(r.write_seconds for r in into.runs)
            print(
                f"1b. simulate into PostgreSQL: {into.events:,} events in {seconds:.1f} s "
                f"({into.events / seconds:,.0f} events/s; target <= {60 * scale:.0f} s); "
                f"worker time writing the database {written:.1f} s"
            )
        # 2. the simulation's cost beside its ledger
        sample = min(args.sample, args.communities)
        simulating, batched, one_by_one, events = _overhead(list(county.communities), sample)
        print(
            f"2. a simulated year beside its ledger ({sample} communities, {events:,} events, CPU time): "
            f"simulate {simulating:.2f} s; apply_all {batched:.2f} s (ratio {simulating / batched:.2f}); "
            f"apply one by one {one_by_one:.2f} s (ratio {simulating / one_by_one:.2f})"
        )
        # 3. roll-up
        sources = [("SQLite files", str(directory))] + ([("PostgreSQL", database)] if database else [])
        for (kind, address), verify in itertools.product(sources, (False, True)):
            found = _measure_rollup(address, args.workers, verify=verify)
            peak = (found["self_kib"] + found["children_kib"]) / 1024
            how = "verified reads" if verify else "trusted reads"
            print(
                f"3. roll-up from {found['communities']} communities in {kind} ({how}): {found['events']:,} events, "
                f"{found['issues']:,} issues into {found['streets']} streets in {found['seconds']:.1f} s "
                f"({found['events'] / found['seconds']:,.0f} events/s; target <= {20 * scale:.0f} s); "
                f"CPU {found['cpu']:.1f} s, i.e. {found['cpu'] / args.workers:.1f} s on {args.workers} idle cores; "
                f"peak RSS {found['self_kib'] / 1024:.0f} MiB + worker {found['children_kib'] / 1024:.0f} MiB "
                f"= {peak:.0f} MiB (target <= 2048)"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        if database is not None:
            backend.cleanup()


if __name__ == "__main__":
    main()
