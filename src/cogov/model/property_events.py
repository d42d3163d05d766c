"""Red property management (红色物业) as issue events: an issue routed to the property company,
and the steps the company's own staff take on it (see :mod:`cogov.model.property`)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from cogov.model import fields
from cogov.model.event_base import Event, IssueEvent

__all__ = [
    "PROPERTY_EVENT_TYPES",
    "IssueRoutedToProperty",
    "PropertyAccepted",
    "PropertyPlanMade",
    "PropertyResolved",
    "PropertyReturned",
]

_label = fields.label
_code = fields.code


@attrs.frozen(kw_only=True)
class IssueRoutedToProperty(IssueEvent):
    """The community routes an issue within the property remit to ``company`` (转物业公司办理)."""

    type: ClassVar[str] = "issue_routed_to_property"
    action: ClassVar[str] = "route_to_property"
    company: str = attrs.field(validator=_code)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class PropertyAccepted(IssueEvent):
    """The property company's staff accept the issue (物业受理)."""

    type: ClassVar[str] = "property_accepted"
    action: ClassVar[str] = "property_accept"
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class PropertyPlanMade(IssueEvent):
    """The company names who of its staff does what (物业定人定事)."""

    type: ClassVar[str] = "property_plan_made"
    action: ClassVar[str] = "property_plan"
    responsible: str = attrs.field(validator=_code)
    matter: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class PropertyResolved(IssueEvent):
    """The company's staff finish the work; the community checks it and follows the resident up."""

    type: ClassVar[str] = "property_resolved"
    action: ClassVar[str] = "property_resolve"
    outcome: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class PropertyReturned(IssueEvent):
    """The company returns the issue to the community, not being its matter (退回社区)."""

    type: ClassVar[str] = "property_returned"
    action: ClassVar[str] = "property_return"
    reason: str = attrs.field(validator=_label)


PROPERTY_EVENT_TYPES: tuple[type[Event], ...] = (
    IssueRoutedToProperty,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
)
