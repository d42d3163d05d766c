"""Helpers for testing code built on cogov: Hypothesis strategies and plugin conformance checks.

The strategies need Hypothesis (a dev dependency) and are imported on first use, so the
pytest plugin (``cogov.testing.pytest_plugin``, loaded by every pytest run where cogov is
installed) and the conformance checks work without it.  Nothing here imports pytest.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from cogov.testing.conformance import ConformanceError, Problem, assert_conformant, check_plugin

if TYPE_CHECKING:
    from cogov.testing.strategies import (
        EPOCH,
        SERIALISED_VALUES,
        History,
        IllegalEvent,
        appointments,
        calendars,
        charters,
        codes,
        communities,
        community_documents,
        event_sequences,
        events_of,
        field_strategy,
        histories,
        illegal_issue_events,
        issue_events,
        keys,
        labels,
        levels,
        people,
        units,
        values_of,
        workflows,
    )

__all__ = [
    "EPOCH",
    "SERIALISED_VALUES",
    "ConformanceError",
    "History",
    "IllegalEvent",
    "Problem",
    "appointments",
    "assert_conformant",
    "calendars",
    "charters",
    "check_plugin",
    "codes",
    "communities",
    "community_documents",
    "event_sequences",
    "events_of",
    "field_strategy",
    "histories",
    "illegal_issue_events",
    "issue_events",
    "keys",
    "labels",
    "levels",
    "people",
    "units",
    "values_of",
    "workflows",
]

_CONFORMANCE = {"ConformanceError", "Problem", "assert_conformant", "check_plugin"}


#: old names of the history strategy (read as a simulation's scenario), kept for a release
_RENAMED = {"Scenario": "History", "scenarios": "histories"}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        warnings.warn(
            f"cogov.testing.{name} is renamed cogov.testing.{_RENAMED[name]}",
            DeprecationWarning,
            stacklevel=2,
        )
        name = _RENAMED[name]
    # Lazy: importing the strategies imports Hypothesis.
    if name in __all__ and name not in _CONFORMANCE:
        return getattr(importlib.import_module("cogov.testing.strategies"), name)
    msg = f"module 'cogov.testing' has no attribute {name!r}"
    raise AttributeError(msg)
