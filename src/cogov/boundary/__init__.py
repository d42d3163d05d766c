"""The boundary: where outside data comes in and where the ledger is kept on disk.

* :mod:`cogov.boundary.codec` — JSON and JSON Lines for every model and event type;
* :mod:`cogov.boundary.event_rows` — the stores' generated row encoder/decoder.
"""

from __future__ import annotations

from cogov.boundary.codec import (
    CHARTER_FORMAT,
    COMMUNITY_FORMAT,
    EVENTS_FORMAT,
    FORMAT_VERSION,
    CommunityDocument,
    configure_converter,
    dumps,
    dumps_charter,
    dumps_community,
    dumps_event,
    dumps_events,
    dumps_events_document,
    loads,
    loads_charter,
    loads_community,
    loads_community_document,
    loads_event,
    loads_events,
    loads_events_document,
    make_converter,
)
from cogov.errors import DecodeError

__all__ = [
    "CHARTER_FORMAT",
    "COMMUNITY_FORMAT",
    "EVENTS_FORMAT",
    "FORMAT_VERSION",
    "CommunityDocument",
    "DecodeError",
    "configure_converter",
    "dumps",
    "dumps_charter",
    "dumps_community",
    "dumps_event",
    "dumps_events",
    "dumps_events_document",
    "loads",
    "loads_charter",
    "loads_community",
    "loads_community_document",
    "loads_event",
    "loads_events",
    "loads_events_document",
    "make_converter",
]
