"""The base of every event: a timezone-aware time ``at`` and an ``actor``; issue events add
the ``issue`` they move.  The event types themselves are in :mod:`cogov.model.events` and the
modules it gathers (:mod:`cogov.model.supervision_events`, :mod:`cogov.model.service_events`).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from cogov.model import fields

__all__ = ["Event", "IssueEvent"]

_code = fields.code


@attrs.frozen(kw_only=True)
class Event:
    """Base of all events.  ``type`` is the stable tag of the concrete class."""

    type: ClassVar[str] = "event"
    at: datetime = attrs.field(validator=fields.aware)
    actor: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class IssueEvent(Event):
    """An event that moves one issue through its workflow by ``action``."""

    action: ClassVar[str] = ""
    issue: str = attrs.field(validator=_code)
