"""The community of the mechanism tests: :mod:`cogov.testing.community_services`."""

from cogov.testing.community_services import (
    GRID,
    HOUSEHOLD,
    OTHER_HOUSEHOLD,
    ROOT,
    WORKER,
    appointments,
    charter,
    community_service_setup,
    every_service_event,
    household,
    ledger,
    resident,
    service_role,
    ticks,
)

__all__ = [
    "GRID",
    "HOUSEHOLD",
    "OTHER_HOUSEHOLD",
    "ROOT",
    "WORKER",
    "appointments",
    "charter",
    "community_service_setup",
    "every_service_event",
    "household",
    "ledger",
    "resident",
    "service_role",
    "ticks",
]
