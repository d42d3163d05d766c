"""The every-event-type history now ships in :mod:`cogov.testing.every_type` (the store suite uses it)."""

from __future__ import annotations

from cogov.testing.every_type import (
    GRID,
    HOUSEHOLD,
    NEW_HOUSEHOLD,
    every_type_appointments,
    every_type_charter,
    every_type_history,
)

__all__ = [
    "GRID",
    "HOUSEHOLD",
    "NEW_HOUSEHOLD",
    "every_type_appointments",
    "every_type_charter",
    "every_type_history",
]
