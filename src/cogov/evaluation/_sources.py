"""Reading the events of a ledger or a plain stream, as the statistics do (shared by the
community-service figures)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from cogov.engine.ledger import Ledger
from cogov.evaluation.period import Period
from cogov.model.events import Event

__all__ = ["FAR_FUTURE", "FAR_PAST", "bounds", "events_of"]

FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
FAR_PAST = datetime.min.replace(tzinfo=UTC)


def events_of(source: Ledger | Iterable[Event]) -> Iterable[Event]:
    """A ledger's events as corrected since recorded, or the stream itself."""
    return source.corrected_events if isinstance(source, Ledger) else source


def bounds(period: Period | None) -> tuple[datetime, datetime]:
    """(start, end) of ``period``, all time when ``None``."""
    if period is None:
        return FAR_PAST, FAR_FUTURE
    return period.start, period.end
