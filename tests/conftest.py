"""Shared test configuration: Hypothesis profiles (a fast default, a thorough ``ci``)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from tests.postgres_server import reachable, require

settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None)
# CI reruns tests/core and tests/plugins once per plugin selection to prove the core does not
# depend on any plugin; that proves independence, not depth, so it searches lightly
settings.register_profile(
    "plugin_matrix", max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# -- PostgreSQL: the tests' server (tests/postgres_server.py) -----------------------------------
def pytest_report_header(config: pytest.Config) -> str:
    return reachable()[1]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    address, line = reachable()
    if address is None:  # the loud line, again where the run ends
        terminalreporter.write_line(f"*** {line} ***", yellow=True, bold=True)


@pytest.fixture(scope="session")
def postgres_address() -> str:
    """The address of the PostgreSQL server the tests use (skips without one, fails under CI=true)."""
    return require()
