"""Supervision (督办) as events: cards, notices, escalations and deadline extensions."""

from __future__ import annotations

from typing import ClassVar

import attrs

from cogov.model import fields
from cogov.model.event_base import Event

__all__ = [
    "SUPERVISION_EVENT_TYPES",
    "CardIssued",
    "ExtensionDecided",
    "ExtensionRequested",
    "SupervisionEscalated",
    "SupervisionNoticeIssued",
]

_label = fields.label
_code = fields.code


@attrs.frozen(kw_only=True)
class CardIssued(Event):
    """A yellow (黄牌) or red card (红牌) on an issue whose ``step`` clock was yellow or red then.

    Issued by a holder of the charter's card duty over the issue's unit (督办 by the town
    cadres stationed in the community, a supervision centre, …).
    """

    type: ClassVar[str] = "card_issued"
    issue: str = attrs.field(validator=_code)
    colour: str = attrs.field(validator=attrs.validators.in_(("yellow", "red")))
    step: str = attrs.field(validator=fields.key)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class SupervisionNoticeIssued(Event):
    """A supervision notice (督办通知) urging the people handling an open issue to act."""

    type: ClassVar[str] = "supervision_notice_issued"
    issue: str = attrs.field(validator=_code)
    note: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class SupervisionEscalated(Event):
    """A red issue's supervision goes up one level (提级督办): to ``unit``, above the last one."""

    type: ClassVar[str] = "supervision_escalated"
    issue: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class ExtensionRequested(Event):
    """A request (延期申请) for ``working_days`` more on the issue's running step."""

    type: ClassVar[str] = "extension_requested"
    issue: str = attrs.field(validator=_code)
    request: str = attrs.field(validator=_code)
    working_days: int = attrs.field(validator=fields.non_negative_int)
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class ExtensionDecided(Event):
    """An extension request approved (the step's due time moves) or refused, by the authorised role."""

    type: ClassVar[str] = "extension_decided"
    request: str = attrs.field(validator=_code)
    decision: str = attrs.field(validator=attrs.validators.in_(("approved", "refused")))
    note: str = attrs.field(default="", validator=fields.text)

    @property
    def approved(self) -> bool:
        return self.decision == "approved"


#: the supervision events (督办): cards, notices, escalations and extensions
SUPERVISION_EVENT_TYPES: tuple[type[Event], ...] = (
    CardIssued,
    SupervisionNoticeIssued,
    SupervisionEscalated,
    ExtensionRequested,
    ExtensionDecided,
)
