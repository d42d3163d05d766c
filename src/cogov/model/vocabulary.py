"""The named kinds a charter declares: issue kinds, intake channels, meeting kinds,
association and activity kinds, satisfaction answers.

Each is a small bilingual value keyed by a stable identifier; charters (and so plugins)
decide which exist.
"""

from __future__ import annotations

from typing import Any

import attrs

from cogov.errors import InvalidFieldError
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = [
    "ActivityKind",
    "AssociationKind",
    "Channel",
    "IssueKind",
    "MeetingKind",
    "SatisfactionLevel",
]


def _positive_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        msg = f"{type(instance).__name__}.{attribute.name}: expected a positive int or None, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class IssueKind(Labelled):
    """A kind of resident issue, e.g. ``dispute`` (矛盾纠纷).

    ``mediable`` kinds may enter mediation; ``resolve_within_days`` is the deadline (SLA)
    from collection to resolution in working days, if the charter sets one.
    """

    mediable: bool = False
    resolve_within_days: int | None = attrs.field(default=None, validator=_positive_or_none)


@attrs.frozen
class Channel(Labelled):
    """How an issue reached the community, e.g. ``household_meeting`` (户院会)."""


@attrs.frozen
class MeetingKind(Labelled):
    """A kind of meeting, held at units of ``level``, nominally every ``cadence_days`` days.

    The convener must hold ``duty`` over the meeting's unit.
    """

    level: str = attrs.field(validator=fields.key)
    cadence_days: int | None = attrs.field(default=None, validator=_positive_or_none)
    duty: str = attrs.field(default="convene_meeting", validator=fields.key)


@attrs.frozen
class AssociationKind(Labelled):
    """An association or volunteer team, e.g. ``arts_association`` (文艺协会)."""


@attrs.frozen
class ActivityKind(Labelled):
    """A kind of association or volunteer activity, e.g. ``patrol`` (巡逻).

    The person recording it must hold ``duty`` over the activity's unit.
    """

    association: str | None = attrs.field(default=None, validator=attrs.validators.optional(fields.key))
    duty: str = attrs.field(default="record_activity", validator=fields.key)


def _weight(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
    ):
        msg = f"SatisfactionLevel.weight: expected a number in [0, 1] or None, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class SatisfactionLevel(Labelled):
    """One answer of a satisfaction scale, e.g. 基本满意 basically satisfied.

    ``weight`` is its value in a weighted satisfaction rate; ``None`` keeps the answer out of
    the denominator (不了解 don't know).  ``satisfied`` marks answers that count as satisfied
    in a plain satisfaction rate.
    """

    weight: float | None = attrs.field(default=None, validator=_weight)
    satisfied: bool = False
