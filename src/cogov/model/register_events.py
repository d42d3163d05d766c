"""The register and the structure as events: units added, moved and retired; people
registered, moved and leaving; attributes set and cleared; associations formed, members joining
and leaving (:data:`cogov.model.events.REGISTER_EVENT_TYPES`)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from cogov.model import fields
from cogov.model.event_base import Event

__all__ = [
    "AssociationFormed",
    "AttributeCleared",
    "AttributeSet",
    "MemberJoined",
    "MemberLeft",
    "PersonLeft",
    "PersonMoved",
    "PersonRegistered",
    "UnitAdded",
    "UnitMoved",
    "UnitRetired",
]

_label = fields.label
_code = fields.code
_opt_code = fields.optional_code


# -- the register and the structure ----------------------------------------------------------
@attrs.frozen(kw_only=True)
class UnitAdded(Event):
    """A unit joins the structure below ``parent`` (a new compound, building or household)."""

    type: ClassVar[str] = "unit_added"
    unit: str = attrs.field(validator=_code)
    level: str = attrs.field(validator=fields.key)
    name_zh: str = attrs.field(validator=_label)
    name_en: str = attrs.field(validator=_label)
    parent: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class UnitMoved(Event):
    """A unit and everything below it move under another parent (grids redrawn)."""

    type: ClassVar[str] = "unit_moved"
    unit: str = attrs.field(validator=_code)
    parent: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class UnitRetired(Event):
    """A unit leaves the structure (a building demolished); its history stays."""

    type: ClassVar[str] = "unit_retired"
    unit: str = attrs.field(validator=_code)
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class PersonRegistered(Event):
    """A person joins the register (moved in, born, or an official posted here)."""

    type: ClassVar[str] = "person_registered"
    person: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_label)
    household: str | None = attrs.field(default=None, validator=_opt_code)
    attributes: frozenset[str] = attrs.field(
        default=frozenset(), converter=fields.keyset, validator=fields.keys
    )


@attrs.frozen(kw_only=True)
class PersonMoved(Event):
    """A registered person moves to another household of the community."""

    type: ClassVar[str] = "person_moved"
    person: str = attrs.field(validator=_code)
    household: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class PersonLeft(Event):
    """A person leaves the register (moved away, died); what they did stays in the history."""

    type: ClassVar[str] = "person_left"
    person: str = attrs.field(validator=_code)
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class AttributeSet(Event):
    """A person gains an attribute (elderly living alone, party member, disability, …)."""

    type: ClassVar[str] = "attribute_set"
    person: str = attrs.field(validator=_code)
    attribute: str = attrs.field(validator=fields.key)


@attrs.frozen(kw_only=True)
class AttributeCleared(Event):
    """A person no longer has an attribute."""

    type: ClassVar[str] = "attribute_cleared"
    person: str = attrs.field(validator=_code)
    attribute: str = attrs.field(validator=fields.key)


@attrs.frozen(kw_only=True)
class AssociationFormed(Event):
    """An association or volunteer team of ``kind`` is formed at ``unit``."""

    type: ClassVar[str] = "association_formed"
    association: str = attrs.field(validator=_code)
    kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    name_zh: str = attrs.field(validator=_label)
    name_en: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class MemberJoined(Event):
    type: ClassVar[str] = "member_joined"
    association: str = attrs.field(validator=_code)
    person: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class MemberLeft(Event):
    type: ClassVar[str] = "member_left"
    association: str = attrs.field(validator=_code)
    person: str = attrs.field(validator=_code)


# -- corrections -------------------------------------------------------------------------------
