"""The named kinds a charter declares: issue kinds, intake channels, meeting kinds,
association and activity kinds, satisfaction answers.

Each is a small bilingual value keyed by a stable identifier; charters (and so plugins)
decide which exist.
"""

from __future__ import annotations

from typing import Any

import attrs

from cogov.errors import InvalidFieldError, UnknownKeyError
from cogov.model import fields
from cogov.model.added_fields import added
from cogov.model.labels import Labelled

__all__ = [
    "ActivityKind",
    "AssociationKind",
    "Channel",
    "IssueKind",
    "MeetingKind",
    "OfficerPost",
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
class OfficerPost(Labelled):
    """An officer post of an association kind, e.g. ``president`` (会长) of a hygiene association.

    A member appointed to the post (:class:`~cogov.model.association_events.AssociationOfficerAppointed`)
    holds ``duties`` for that association's own acts, within the association's unit;
    ``max_holders`` caps how many hold the post at a time (``None``: no cap).
    """

    duties: frozenset[str] = attrs.field(default=frozenset(), converter=fields.keyset, validator=fields.keys)
    max_holders: int | None = attrs.field(default=None, validator=_positive_or_none)


def _posts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    fields.tuple_of(OfficerPost)(instance, attribute, value)
    seen: set[str] = set()
    for post in value:
        if post.key in seen:
            msg = f"AssociationKind {instance.key!r}: officer post {post.key!r} is declared twice"
            raise InvalidFieldError(msg)
        seen.add(post.key)


@attrs.frozen
class AssociationKind(Labelled):
    """An association or volunteer team, e.g. ``arts_association`` (文艺协会).

    ``posts`` are its officer posts and the duties their holders take for the association's own
    acts; ``activities`` are the activity kinds an association of this kind holds, beside those
    whose :attr:`ActivityKind.association` names it.  A kind that declares neither works as
    before: its acts are authorised by role appointments alone.
    """

    # added after charters were recorded: left out of the charter digest while empty
    posts: tuple[OfficerPost, ...] = added("0.1.0", default=(), validator=_posts)
    activities: frozenset[str] = added(
        "0.1.0", default=frozenset(), converter=fields.keyset, validator=fields.keys
    )

    def post(self, key: str) -> OfficerPost:
        """The officer post ``key``, or an error naming the posts this kind has."""
        for post in self.posts:
            if post.key == key:
                return post
        known = [p.key for p in self.posts]
        msg = f"association kind {self.key!r} has no officer post {key!r}; its posts: {known or 'none'}"
        raise UnknownKeyError(msg)


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
