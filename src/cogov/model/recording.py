"""Recording rules: how late an event may be written down, and how far clocks may disagree.

Every event has the time it happened (``at``) and the time the ledger recorded it (from the
ledger's clock).  A visit is often written up a day or two later; a charter declares how many
working days late that may be.  A small clock skew is tolerated in the other direction, so a
tablet whose clock runs a minute fast is not refused; nothing is accepted further in the future.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from cogov.errors import InvalidFieldError

__all__ = ["RecordingRules"]


def _small_non_negative(limit: int) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            msg = f"RecordingRules.{attribute.name}: expected an int in [0, {limit}], got {value!r}"
            raise InvalidFieldError(msg)

    return check


@attrs.frozen
class RecordingRules:
    """``late_working_days`` after the day an event happened it may still be recorded (by its
    own actor, never across a recorded change of the actor's authority); ``clock_skew_seconds``
    is how far ahead of the ledger's clock an event may be dated."""

    late_working_days: int = attrs.field(default=2, validator=_small_non_negative(60))
    clock_skew_seconds: int = attrs.field(default=300, validator=_small_non_negative(3600))

    @property
    def clock_skew(self) -> timedelta:
        return timedelta(seconds=self.clock_skew_seconds)
