"""The community's services and organisations at work, as events: the double report (双报到),
one-stop services, residents' conventions and ceremonies, inspections, helpers, the party chain,
the yearly disclosure and the good-people list."""

from __future__ import annotations

from typing import ClassVar

import attrs

from cogov.model import fields
from cogov.model.event_base import Event

__all__ = [
    "AffairsDisclosed",
    "AssociationHelperAssigned",
    "BreachNoticeIssued",
    "BreachRecorded",
    "BreachRectified",
    "CeremonyRegistered",
    "CompoundInspected",
    "ConventionAdopted",
    "DoubleReportRegistered",
    "GoodDeedNominated",
    "HelperAssigned",
    "HonoursPublished",
    "HouseholdHelped",
    "HouseholdLinked",
    "NominationReviewed",
    "ServiceDelivered",
    "ServiceItemClaimed",
    "ServiceItemCompleted",
    "ServiceItemPublished",
    "ServiceItemRated",
    "ServiceRequested",
    "ServiceVisitMade",
]

_label = fields.label
_code = fields.code
_opt_code = fields.optional_code


# Double report (双报到): units and party members report to the community, the community
# publishes its needs and project lists, registrants claim items, complete them, residents rate.
@attrs.frozen(kw_only=True)
class DoubleReportRegistered(Event):
    """A unit's party organisation (``registrant_kind="unit"``, an association) or a party member
    (``"party_member"``, a person) reports to the community (双报到) at ``unit``."""

    type: ClassVar[str] = "double_report_registered"
    registrant: str = attrs.field(validator=_code)
    registrant_kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class ServiceItemPublished(Event):
    """An item of the community's needs list or project list (需求清单/项目清单), with ``places``
    for claimants (the planned count)."""

    type: ClassVar[str] = "service_item_published"
    item: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    list_kind: str = attrs.field(validator=fields.key)
    title: str = attrs.field(validator=_label)
    places: int = attrs.field(validator=fields.positive_int)


@attrs.frozen(kw_only=True)
class ServiceItemClaimed(Event):
    """A registrant claims (认领) one place of a published item."""

    type: ClassVar[str] = "service_item_claimed"
    item: str = attrs.field(validator=_code)
    registrant: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class ServiceItemCompleted(Event):
    """A registrant completes the item it claimed, with the service hours given."""

    type: ClassVar[str] = "service_item_completed"
    item: str = attrs.field(validator=_code)
    registrant: str = attrs.field(validator=_code)
    hours: float = attrs.field(default=0.0, converter=fields.as_float, validator=fields.non_negative)


@attrs.frozen(kw_only=True)
class ServiceItemRated(Event):
    """A resident (``rater``) rates a completed item with an answer of the satisfaction scale."""

    type: ClassVar[str] = "service_item_rated"
    item: str = attrs.field(validator=_code)
    registrant: str = attrs.field(validator=_code)
    rater: str = attrs.field(validator=_code)
    answer: str = attrs.field(validator=fields.key)


# One-stop services (一站式, 最多跑一次) at a neighbourhood centre, and the proxy desk (代办).
@attrs.frozen(kw_only=True)
class ServiceRequested(Event):
    """A household asks for ``service`` at ``centre``; ``channel`` ``"counter"`` is the
    resident's first visit, ``"proxy"`` is the proxy desk's door-to-door service (代办, no visit)."""

    type: ClassVar[str] = "service_requested"
    request: str = attrs.field(validator=_code)
    household: str = attrs.field(validator=_code)
    centre: str = attrs.field(validator=_code)
    service: str = attrs.field(validator=fields.key)
    channel: str = attrs.field(validator=fields.key)
    proxy: str | None = attrs.field(default=None, validator=_opt_code)


@attrs.frozen(kw_only=True)
class ServiceVisitMade(Event):
    """The resident had to come back for ``request`` (one more visit: 跑一次 more)."""

    type: ClassVar[str] = "service_visit_made"
    request: str = attrs.field(validator=_code)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class ServiceDelivered(Event):
    """``request`` is done (办结)."""

    type: ClassVar[str] = "service_delivered"
    request: str = attrs.field(validator=_code)
    outcome: str = attrs.field(validator=_label)


# Residents' conventions (居民规约) and their supervision group (监督小组).
@attrs.frozen(kw_only=True)
class ConventionAdopted(Event):
    """A residents' convention is adopted (usually by the residents' congress, ``congress``):
    its ``articles`` as (key, text) and its ``limits`` as (key, number) pairs."""

    type: ClassVar[str] = "convention_adopted"
    convention: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    title: str = attrs.field(validator=_label)
    articles: tuple[tuple[str, str], ...] = attrs.field(converter=fields.pairs, validator=fields.keyed_texts)
    limits: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=fields.pairs, validator=fields.keyed_numbers
    )
    congress: str | None = attrs.field(default=None, validator=_opt_code)


@attrs.frozen(kw_only=True)
class BreachRecorded(Event):
    """The supervision group finds that ``household`` breached ``article`` of ``convention``."""

    type: ClassVar[str] = "breach_recorded"
    breach: str = attrs.field(validator=_code)
    convention: str = attrs.field(validator=_code)
    article: str = attrs.field(validator=fields.key)
    household: str = attrs.field(validator=_code)
    finding: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class BreachNoticeIssued(Event):
    """A notice to rectify (整改通知) is given for ``breach``."""

    type: ClassVar[str] = "breach_notice_issued"
    breach: str = attrs.field(validator=_code)
    notice: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class BreachRectified(Event):
    """``breach`` is rectified (整改到位)."""

    type: ClassVar[str] = "breach_rectified"
    breach: str = attrs.field(validator=_code)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class CeremonyRegistered(Event):
    """The weddings-and-funerals council (红白理事会) registers a family ceremony with its
    ``measures`` (tables, days, …), read against the ``convention``'s limits; ``officer`` is the
    council member who took the registration."""

    type: ClassVar[str] = "ceremony_registered"
    ceremony: str = attrs.field(validator=_code)
    household: str = attrs.field(validator=_code)
    ceremony_kind: str = attrs.field(validator=fields.key)
    convention: str = attrs.field(validator=_code)
    council: str = attrs.field(validator=_code)
    officer: str = attrs.field(validator=_code)
    measures: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=fields.pairs, validator=fields.keyed_numbers
    )


# The associations at work, helping the weak, and the party chain.
@attrs.frozen(kw_only=True)
class CompoundInspected(Event):
    """The hygiene association's periodic inspection (定期检查督查卫生情况) scores ``unit``."""

    type: ClassVar[str] = "compound_inspected"
    inspection: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    association: str = attrs.field(validator=_code)
    inspectors: tuple[str, ...] = attrs.field(converter=fields.strs, validator=fields.codes)
    score: float = attrs.field(converter=fields.as_float, validator=fields.non_negative)
    maximum: float = attrs.field(default=100.0, converter=fields.as_float, validator=fields.non_negative)


@attrs.frozen(kw_only=True)
class HelperAssigned(Event):
    """``helper`` is paired with ``household`` (结对帮扶), a household flagged in difficulty."""

    type: ClassVar[str] = "helper_assigned"
    household: str = attrs.field(validator=_code)
    helper: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class AssociationHelperAssigned(HelperAssigned):
    """``association`` (e.g. the charity association, 爱心协会) pairs its member ``helper`` with
    ``household``; its officers may record it by their posts' duties.  A refinement of
    :class:`HelperAssigned`, so histories recorded before keep their encoding."""

    type: ClassVar[str] = "association_helper_assigned"
    association: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class HouseholdHelped(Event):
    """``helper`` visits and helps ``household`` (for ``association``, e.g. the charity association)."""

    type: ClassVar[str] = "household_helped"
    household: str = attrs.field(validator=_code)
    helper: str = attrs.field(validator=_code)
    association: str | None = attrs.field(default=None, validator=_opt_code)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class HouseholdLinked(Event):
    """``household`` is linked to the party-member central household (党员中心户) ``central``."""

    type: ClassVar[str] = "household_linked"
    household: str = attrs.field(validator=_code)
    central: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class AffairsDisclosed(Event):
    """The residents' affairs supervision committee's yearly disclosure (事务阳光工程): the
    ``matters`` made public and the ledger checkpoint (event count and head hash, hex) they
    were drawn from; the lists of small powers and supervision duties are derived from the
    charter (:mod:`cogov.evaluation.disclosure`)."""

    type: ClassVar[str] = "affairs_disclosed"
    disclosure: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    year: int = attrs.field(validator=fields.non_negative_int)
    matters: tuple[str, ...] = attrs.field(converter=fields.strs, validator=fields.codes)
    checkpoint_count: int = attrs.field(validator=fields.non_negative_int)
    checkpoint_head: str = attrs.field(validator=_label)


# The good-people list (好人榜) and the moral-models board (道德模范风采展示栏).
@attrs.frozen(kw_only=True)
class GoodDeedNominated(Event):
    """``person`` is nominated at ``unit`` for the good-people list in ``category`` for ``deed``."""

    type: ClassVar[str] = "good_deed_nominated"
    nomination: str = attrs.field(validator=_code)
    person: str = attrs.field(validator=_code)
    unit: str = attrs.field(validator=_code)
    category: str = attrs.field(validator=fields.key)
    deed: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class NominationReviewed(Event):
    """A nomination is reviewed: ``decision`` is ``"approved"`` or ``"rejected"``."""

    type: ClassVar[str] = "nomination_reviewed"
    nomination: str = attrs.field(validator=_code)
    decision: str = attrs.field(validator=fields.key)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class HonoursPublished(Event):
    """Approved ``nominations`` are published on ``board`` at ``unit`` (好人榜, 道德模范风采展示栏)."""

    type: ClassVar[str] = "honours_published"
    listing: str = attrs.field(validator=_code)
    board: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    nominations: tuple[str, ...] = attrs.field(converter=fields.strs, validator=fields.codes)
