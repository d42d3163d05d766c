"""Which PostgreSQL server the tests use: ``COGOV_TEST_POSTGRES``, checked once per run.

``.ci/run`` starts a server and exports the variable; a developer starts one with
``scripts/postgres-test-server start`` (or ``make postgres-test-server``), which the tests
find without the export: the script leaves the address in its directory.  Without one the PostgreSQL tests skip, and
the run says so loudly; with ``CI=true`` they fail instead, so CI never passes without them.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytest

VARIABLE = "COGOV_TEST_POSTGRES"
HOW = 'start one with: make postgres-test-server  (or eval "$(scripts/postgres-test-server start)")'


@functools.cache
def reachable() -> tuple[str | None, str]:
    """The server's address (or None) and a line saying what the PostgreSQL tests will do."""
    address = os.environ.get(VARIABLE, "").strip() or _started()
    if not address:
        return None, f"PostgreSQL tests SKIPPED: {VARIABLE} is not set; {HOW}"
    try:
        import psycopg  # noqa: PLC0415 - the postgres extra
    except ImportError:
        return None, "PostgreSQL tests SKIPPED: psycopg is not installed (pip install -e '.[postgres]')"
    try:
        psycopg.connect(address, connect_timeout=5).close()
    except psycopg.Error as error:
        return None, f"PostgreSQL tests SKIPPED: cannot connect to {address} ({str(error).strip()}); {HOW}"
    return address, f"PostgreSQL tests run against {address}"


def _started() -> str:
    """The address scripts/postgres-test-server left behind, if it started a server."""
    directory = os.environ.get("COGOV_PG_DIR") or str(Path(tempfile.gettempdir()) / "cogov-pg-test")
    try:
        return (Path(directory) / "address").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def require() -> str:
    """The server's address; skips the test without one (fails it under CI=true)."""
    address, line = reachable()
    if address is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{line} (CI=true: the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(line)
    return address
