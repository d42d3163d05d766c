"""Hypothesis strategies for cogov values, communities and legal (or illegal) event streams.

Use them to property-test code built on cogov::

    from hypothesis import given
    from cogov.testing import histories

    @given(histories())
    def test_my_metric_counts_every_issue(history):
        ledger = history.ledger()
        assert my_metric(ledger).total == len(ledger.issues)

Value strategies (:func:`keys`, :func:`codes`, :func:`labels`, :func:`levels`, :func:`units`,
:func:`people`, :func:`workflows`, :func:`calendars`) draw single well-formed values.
:func:`communities` draws a valid unit tree with people; :func:`appointments` fills roles of
a role set with eligible people; :func:`issue_events` draws one event a live ledger accepts
(:func:`illegal_issue_events`, one it must refuse); :func:`event_sequences` draws a whole legal
history.  Hypothesis is imported here, pytest is not.

The strategies live in modules by idea: scalar values (``_values``), community structure and
appointments (``_structure``), workflows and charters (``_charters``), issue events and
histories (``_events``), whole histories (``_histories``) and every serialised type field by
field, for round trips (``_serialised``: :func:`values_of`, :func:`events_of`,
:data:`SERIALISED_VALUES`); import them from here (or from :mod:`cogov.testing`).
"""

from __future__ import annotations

from cogov.testing.strategies._charters import charters, workflows
from cogov.testing.strategies._events import (
    IllegalEvent,
    event_sequences,
    illegal_issue_events,
    issue_events,
)
from cogov.testing.strategies._histories import History, histories
from cogov.testing.strategies._serialised import (
    SERIALISED_VALUES,
    community_documents,
    events_of,
    field_strategy,
    values_of,
)
from cogov.testing.strategies._structure import appointments, communities, levels, people, units
from cogov.testing.strategies._values import EPOCH, calendars, codes, keys, labels

__all__ = [
    "EPOCH",
    "SERIALISED_VALUES",
    "History",
    "IllegalEvent",
    "appointments",
    "calendars",
    "charters",
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
