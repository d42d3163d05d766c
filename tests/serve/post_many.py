"""``python post_many.py URL KEY FIRST COUNT THREADS``: POST COUNT distinct requests at once.

A client process of the concurrency test and the benchmark: prints one JSON line per request
(status and the id answered), so the caller can check that every accepted request is recorded.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx

GRID = "420325100001001"


def main(url: str, key: str, first: int, count: int, threads: int) -> None:
    limits = httpx.Limits(max_connections=threads, max_keepalive_connections=threads)
    with httpx.Client(base_url=url, timeout=120, limits=limits) as client:

        def one(number: int) -> tuple[int, str | None]:
            response = client.post(
                "/open311/v2/requests.json",
                data={
                    "api_key": key,
                    "service_code": "reasonable_demand",
                    "description": f"request number {number}",
                    "address_id": GRID,
                },
            )
            answered = response.json()[0].get("service_request_id") if response.status_code < 300 else None
            return response.status_code, answered

        with ThreadPoolExecutor(threads) as pool:
            for status, issue in pool.map(one, range(first, first + count)):
                print(json.dumps([status, issue]))


if __name__ == "__main__":
    url, key, first, count, threads = sys.argv[1:6]
    main(url, key, int(first), int(count), int(threads))
