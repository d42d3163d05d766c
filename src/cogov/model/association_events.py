"""Officers of the associations, as events: a member appointed to an officer post of the
association's kind (会长 president, 队长 team leader, …) and the appointment ended.

The association's activities and local worthies (乡贤) joining mediation refine existing event
types and live beside them in :mod:`cogov.model.events`
(:class:`~cogov.model.events.AssociationActivityHeld`,
:class:`~cogov.model.events.MediationStartedWithWorthies`); the checks are in
:mod:`cogov.engine.association_offices`.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from cogov.model import fields
from cogov.model.event_base import Event

__all__ = ["ASSOCIATION_EVENT_TYPES", "AssociationOfficerAppointed", "AssociationOfficerEnded"]

_code = fields.code


@attrs.frozen(kw_only=True)
class AssociationOfficerAppointed(Event):
    """``person``, a member of ``association``, takes its officer ``post`` (e.g. 会长 president)
    from ``at`` (until ``until``, if given); ``office`` is the appointment's id."""

    type: ClassVar[str] = "association_officer_appointed"
    office: str = attrs.field(validator=_code)
    association: str = attrs.field(validator=_code)
    person: str = attrs.field(validator=_code)
    post: str = attrs.field(validator=fields.key)
    until: datetime | None = attrs.field(default=None, validator=fields.optional_aware)


@attrs.frozen(kw_only=True)
class AssociationOfficerEnded(Event):
    """The officer appointment ``office`` ends at ``at``."""

    type: ClassVar[str] = "association_officer_ended"
    office: str = attrs.field(validator=_code)


ASSOCIATION_EVENT_TYPES: tuple[type[Event], ...] = (AssociationOfficerAppointed, AssociationOfficerEnded)
