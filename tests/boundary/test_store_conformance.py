"""The store conformance suite (cogov.testing.stores), run against SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cogov.testing.store_backends import PostgresBackend, SQLiteBackend, StoreBackend
from cogov.testing.stores import StoreConformance


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreBackend]:
    made: StoreBackend
    if request.param == "sqlite":
        made = SQLiteBackend(tmp_path)
    else:
        made = PostgresBackend(request.getfixturevalue("postgres_address"))
    try:
        yield made
    finally:
        made.cleanup()


class TestStores(StoreConformance):
    """Every store cogov ships passes the suite it offers to other backends."""
