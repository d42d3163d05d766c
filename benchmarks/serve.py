"""Benchmark: ``cogov serve`` on loopback, beside a bare Starlette hello-world in the same run.

A Xiaoxiguan store is served by a real ``cogov serve`` (uvicorn, one process) with a few
hundred requests recorded first.  Load comes from client processes that each keep
``--connections`` HTTP/1.1 keep-alive connections busy (a small asyncio client: the point is
to measure the server, not a client library).  Measured:

* GET services.json and GET requests.json (the last 90 days: every seeded request);
* POST requests.json: each a new request, validated by the ledger and durably stored (a 201
  only after the commit that holds it; the store fsyncs every commit); concurrent POSTs share
  commits (group commit);
* the same client against a bare Starlette app answering ``hello`` under the same uvicorn:
  each figure is also given as a ratio to it (the machine is shared, so ratios in one run say
  more than absolute numbers).

Targets: GET ≥ 1,000 requests/s, POST ≥ 300/s.  The benchmark prints; it never asserts.

Run: ``python benchmarks/serve.py`` (``--seconds 5`` per phase, ``--processes 2`` clients).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this folder's statistics.py would shadow the standard library's in the client processes
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks")]

from tests.serve.server import make_keys, running  # noqa: E402 - after the path is set

GRID = "420325100001001"
HELLO = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

async def hello(request):
    return PlainTextResponse("hello")

app = Starlette(routes=[Route("/", hello)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


async def _one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def _connection(
    port: int, requests: itertools.count[int], make: object, until: float, counts: dict[int, int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < until:
            status = await _one(reader, writer, make(next(requests)))  # type: ignore[operator]
            counts[status] = counts.get(status, 0) + 1
    finally:
        writer.close()


def _request(kind: str, port: int, key: str, worker: int, phase: str):  # type: ignore[no-untyped-def]
    host = f"Host: 127.0.0.1:{port}\r\n".encode()
    if kind == "hello":
        fixed = b"GET / HTTP/1.1\r\n" + host + b"\r\n"
        return lambda _n: fixed
    if kind in ("services", "requests"):
        fixed = f"GET /open311/v2/{kind}.json HTTP/1.1\r\nX-API-Key: {key}\r\n".encode() + host + b"\r\n"
        return lambda _n: fixed

    def post(number: int) -> bytes:
        body = f"service_code=reasonable_demand&address_id={GRID}&description=bench+{phase}+{worker}+{number}".encode()
        return (
            f"POST /open311/v2/requests.json HTTP/1.1\r\nX-API-Key: {key}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n".encode()
            + host
            + b"\r\n"
            + body
        )

    return post


def _client(args: tuple[str, int, str, int, int, float, float]) -> dict[int, int]:
    kind, port, key, worker, connections, start, seconds = args
    make = _request(kind, port, key, worker, f"{start:.3f}")
    counts: dict[int, int] = {}
    numbers = itertools.count()

    async def main() -> None:
        await asyncio.sleep(max(0.0, start - time.time()))
        until = time.monotonic() + seconds
        await asyncio.gather(*(_connection(port, numbers, make, until, counts) for _ in range(connections)))

    asyncio.run(main())
    return counts


def measure(
    kind: str, port: int, key: str, processes: int, connections: int, seconds: float
) -> tuple[float, dict[int, int]]:
    start = time.time() + 0.5
    jobs = [(kind, port, key, w, connections, start, seconds) for w in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_client, jobs)
    counts: dict[int, int] = {}
    for result in results:
        for status, n in result.items():
            counts[status] = counts.get(status, 0) + n
    return sum(counts.values()) / seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--connections", type=int, default=16, help="connections per client process")
    parser.add_argument("--seed", type=int, default=500, help="requests recorded before measuring")
    options = parser.parse_args()

    from tests.serve.server import free_port  # noqa: PLC0415

    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    setup = load_setup("xiaoxiguan")
    directory = Path(tempfile.mkdtemp(prefix="cogov-serve-bench-"))
    try:
        store = directory / "ledger.db"
        SQLiteStore.create(
            store, setup.charter, setup.community, setup.appointments, guards=setup.guards
        ).close()
        keys = make_keys(directory / "keys.json")
        key = keys["desk"]
        port = free_port()
        hello = subprocess.Popen([sys.executable, "-c", HELLO, str(port)])
        try:
            time.sleep(2)
            baseline, hello_counts = measure(
                "hello", port, key, options.processes, options.connections, options.seconds
            )
        finally:
            hello.terminate()
            hello.wait()
        figures = {"hello-world (bare Starlette)": (baseline, hello_counts)}
        with running(store, directory / "keys.json", keys, "--rate", "0") as server:
            served = int(server.url.rsplit(":", 1)[1])
            # seed: requests to list
            seeded, _ = measure("post", served, key, 1, 8, max(1.0, options.seed / 300))
            for kind in ("services", "requests", "post"):
                rate, counts = measure(
                    kind, served, key, options.processes, options.connections, options.seconds
                )
                figures[
                    {
                        "services": "GET services.json",
                        "requests": "GET requests.json",
                        "post": "POST requests.json",
                    }[kind]
                ] = (rate, counts)
        with SQLiteStore.open(store, setup.charter, guards=setup.guards, readonly=True) as opened:
            opened.verify()
            recorded = len(opened)
            commits = len(opened.batches())
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print(
        f"cogov serve on loopback: {options.processes} client processes × {options.connections} connections, {options.seconds:g} s per phase"
    )
    print(f"{'phase':32} {'requests/s':>12} {'ratio to hello':>15}  statuses")
    for name, (rate, counts) in figures.items():
        print(f"{name:32} {rate:12,.0f} {rate / baseline:15.2f}  {json.dumps(counts)}")
    print(
        f"store: {recorded} events in {commits} commits ({recorded / max(commits, 1):.1f} per commit), verified"
    )
    print(f"seeding: {seeded:,.0f} POSTs/s with one client process")


if __name__ == "__main__":
    main()
