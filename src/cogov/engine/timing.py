"""Time that cannot be bent: when an event may be recorded, given when it happened.

Every event has the time it happened (``at``) and the time its ledger recorded it.  The
recorded time comes from the ledger's clock (see :mod:`cogov.engine.genesis`) and never goes
backwards.  The rules, checked for every event by :meth:`Ledger.apply
<cogov.engine.ledger.Ledger.apply>` and again by a full verification:

* nothing is dated later than its recorded time plus the charter's clock skew (on a wall
  clock; a ledger whose clock follows its events refuses what is later than the wall clock,
  unless it is a simulation);
* an event may be recorded late only within the charter's window (working days after the
  day it happened), never before a recorded change of the structure (a unit moved or
  retired);
* no event is dated before a recorded change of its actor's authority (an appointment, or an
  association officer's appointment, made or ended), so an ex-grid-head cannot back-date a step to before their appointment ended;
* appointments (officers' too) and register changes are never back-dated: they take effect when recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from cogov.errors import RecordingTimeError
from cogov.model.association_events import AssociationOfficerAppointed, AssociationOfficerEnded
from cogov.model.charter import Charter
from cogov.model.events import (
    REGISTER_EVENT_TYPES,
    Appointed,
    AppointmentEnded,
    Event,
)

__all__ = ["NOT_BACKDATED", "Clock", "check_late", "future", "wall_clock"]

#: a source of "now": the wall clock for a store, a fake one in tests
Clock = Callable[[], datetime]

#: events that take effect when recorded and may never be back-dated
NOT_BACKDATED: frozenset[type[Event]] = frozenset(
    {Appointed, AppointmentEnded, AssociationOfficerAppointed, AssociationOfficerEnded, *REGISTER_EVENT_TYPES}
)


def wall_clock() -> datetime:
    """The system's time, in UTC."""
    return datetime.now(UTC)


def future(event: Event, limit: datetime, what: str) -> RecordingTimeError:
    msg = (
        f"{type(event).type} by {event.actor!r} is dated {event.at.isoformat()}, after {what} "
        f"({limit.isoformat()}, clock skew included); an event is recorded when it has happened"
    )
    return RecordingTimeError(msg)


def check_late(
    event: Event, recorded: datetime, charter: Charter, structure_changed: datetime | None
) -> None:
    """Raise unless ``event`` may be recorded at ``recorded``, later than it happened."""
    at = event.at
    name = type(event).type
    if type(event) in NOT_BACKDATED:
        msg = (
            f"{name} by {event.actor!r} is dated {at.isoformat()}, before the ledger's time "
            f"{recorded.isoformat()}; appointments and register changes take effect when recorded "
            "and are never back-dated: date it now"
        )
        raise RecordingTimeError(msg)
    window = charter.recording.late_working_days
    recorded_day = recorded.astimezone(at.tzinfo).date()
    late = charter.calendar.working_days_between(at.date(), recorded_day)
    if late > window:
        msg = (
            f"{name} by {event.actor!r} happened {at.isoformat()} but is recorded "
            f"{recorded.isoformat()}, {late} working days later; charter {charter.key!r} allows "
            f"recording at most {window} working days late"
        )
        raise RecordingTimeError(msg)
    if structure_changed is not None and at < structure_changed:
        msg = (
            f"{name} by {event.actor!r} is dated {at.isoformat()}, before the structure changed "
            f"({structure_changed.isoformat()}, recorded earlier); it cannot be back-dated across that change"
        )
        raise RecordingTimeError(msg)


def across_authority_change(event: Event, changed: datetime) -> RecordingTimeError:
    msg = (
        f"{type(event).type} by {event.actor!r} is dated {event.at.isoformat()}, before a change "
        f"to {event.actor!r}'s appointments recorded for {changed.isoformat()}; "
        "no step may be back-dated across a recorded change of its actor's authority"
    )
    return RecordingTimeError(msg)
