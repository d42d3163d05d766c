"""Helpers for testing code built on cogov: Hypothesis strategies (and, later, fixtures).

Importing this package needs Hypothesis (a dev dependency), never pytest.
"""

from __future__ import annotations

from cogov.testing.conformance import ConformanceError, Problem, assert_conformant, check_plugin
from cogov.testing.strategies import (
    EPOCH,
    IllegalEvent,
    Scenario,
    appointments,
    aware_datetimes,
    calendars,
    codes,
    communities,
    event_sequences,
    illegal_issue_events,
    issue_events,
    keys,
    labels,
    levels,
    people,
    scenarios,
    units,
    workflows,
)

__all__ = [
    "EPOCH",
    "ConformanceError",
    "IllegalEvent",
    "Problem",
    "Scenario",
    "appointments",
    "assert_conformant",
    "aware_datetimes",
    "calendars",
    "check_plugin",
    "codes",
    "communities",
    "event_sequences",
    "illegal_issue_events",
    "issue_events",
    "keys",
    "labels",
    "levels",
    "people",
    "scenarios",
    "units",
    "workflows",
]
