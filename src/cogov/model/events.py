"""Events: one immutable type per action in the life of a community.

Every event has a timezone-aware timestamp ``at`` and an ``actor`` (a person id).  Issue
events name their subject ``issue`` and the workflow ``action`` they perform; the ledger
looks the action up in the charter's workflow.  Meetings, activities and appointments are
events too.  Each event type has a stable ``type`` name, used as the tag in serialised
streams and in the hash chain, so renaming a class never changes recorded history.

Plugins that add workflow actions record them with :class:`IssueActionTaken`, which carries
the action name as data; it can never carry a core action (one that has its own event type),
so no step skips the checks its own event type brings.

The register and the structure change through events too (:data:`REGISTER_EVENT_TYPES`):
units added, moved and retired, people registered, moved and leaving, attributes set and
cleared, associations formed and members joining and leaving.  A recorded event that was
mistaken is corrected by :class:`EventCorrected`, which cites it; the original stays.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import attrs

from cogov.errors import InvalidFieldError
from cogov.model import fields

__all__ = [
    "CORE_ACTIONS",
    "EVENT_TYPES",
    "REGISTER_EVENT_TYPES",
    "SUPERVISION_EVENT_TYPES",
    "ActivityHeld",
    "AffairsDisclosed",
    "AgreementReached",
    "AnsweredOnSpot",
    "Appointed",
    "AppointmentEnded",
    "AssociationFormed",
    "AttributeCleared",
    "AttributeSet",
    "BreachNoticeIssued",
    "BreachRecorded",
    "BreachRectified",
    "CardIssued",
    "CeremonyRegistered",
    "CompletionConfirmed",
    "CompoundInspected",
    "ConventionAdopted",
    "DoubleReportRegistered",
    "Event",
    "EventCorrected",
    "ExtensionDecided",
    "ExtensionRequested",
    "FollowUpVisited",
    "GoodDeedNominated",
    "HelperAssigned",
    "HonoursPublished",
    "HouseholdHelped",
    "HouseholdLinked",
    "IssueActionTaken",
    "IssueClosed",
    "IssueCollected",
    "IssueEscalated",
    "IssueEvent",
    "IssueRegistered",
    "IssueRejected",
    "IssueReopened",
    "IssueResolved",
    "IssueResumed",
    "IssueShelved",
    "IssueWithdrawn",
    "MarkedDuplicate",
    "MediationFailed",
    "MediationStarted",
    "MeetingHeld",
    "MemberJoined",
    "MemberLeft",
    "NominationReviewed",
    "PersonLeft",
    "PersonMoved",
    "PersonRegistered",
    "PlanMade",
    "ReferredOut",
    "ReworkOrdered",
    "ServiceDelivered",
    "ServiceItemClaimed",
    "ServiceItemCompleted",
    "ServiceItemPublished",
    "ServiceItemRated",
    "ServiceRequested",
    "ServiceVisitMade",
    "SupervisionEscalated",
    "SupervisionNoticeIssued",
    "UnitAdded",
    "UnitMoved",
    "UnitRetired",
    "VerificationVisited",
    "WhistleBlown",
]

_label = fields.label
_code = fields.code
_opt_code = fields.optional_code


@attrs.frozen(kw_only=True)
class Event:
    """Base of all events.  ``type`` is the stable tag of the concrete class."""

    type: ClassVar[str] = "event"
    at: datetime = attrs.field(validator=fields.aware)
    actor: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class IssueEvent(Event):
    """An event that moves one issue through its workflow by ``action``."""

    action: ClassVar[str] = ""
    issue: str = attrs.field(validator=_code)


# -- intake and triage ---------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class IssueCollected(IssueEvent):
    """A resident's issue is collected (at a meeting, on a visit, by hotline, app, …)."""

    type: ClassVar[str] = "issue_collected"
    action: ClassVar[str] = "collect"
    kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    channel: str = attrs.field(validator=fields.key)
    summary: str = attrs.field(validator=_label)
    reporter: str | None = attrs.field(default=None, validator=_opt_code)
    meeting: str | None = attrs.field(default=None, validator=_opt_code)


@attrs.frozen(kw_only=True)
class AnsweredOnSpot(IssueEvent):
    """Answered and resolved on the spot (现场答疑解决)."""

    type: ClassVar[str] = "answered_on_spot"
    action: ClassVar[str] = "answer_on_spot"
    answer: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class IssueRegistered(IssueEvent):
    """Registered (登记) for study because it cannot be answered on the spot."""

    type: ClassVar[str] = "issue_registered"
    action: ClassVar[str] = "register"
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class IssueEscalated(IssueEvent):
    """Reported to the weekly joint meeting (例会) for collective study."""

    type: ClassVar[str] = "issue_escalated"
    action: ClassVar[str] = "escalate"
    meeting: str | None = attrs.field(default=None, validator=_opt_code)


@attrs.frozen(kw_only=True)
class WhistleBlown(IssueEvent):
    """The community blows the whistle (吹哨) to summon a higher-level department."""

    type: ClassVar[str] = "whistle_blown"
    action: ClassVar[str] = "whistle"
    summoned: str = attrs.field(validator=_label)
    matter: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class VerificationVisited(IssueEvent):
    """A verification home visit (一问题一核查), usually led by the grid head."""

    type: ClassVar[str] = "verification_visited"
    action: ClassVar[str] = "verify"
    findings: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class PlanMade(IssueEvent):
    """One problem, one plan (一矛盾一方案): a responsible person, a matter and a deadline."""

    type: ClassVar[str] = "plan_made"
    action: ClassVar[str] = "plan"
    responsible: str = attrs.field(validator=_code)
    matter: str = attrs.field(validator=_label)
    deadline: datetime = attrs.field(validator=fields.aware)


# -- mediation -----------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class MediationStarted(IssueEvent):
    """Mediation presided by the mediation committee (调委会), a lawyer optionally taking part."""

    type: ClassVar[str] = "mediation_started"
    action: ClassVar[str] = "start_mediation"
    mediator: str = attrs.field(validator=_code)
    lawyer: str | None = attrs.field(default=None, validator=_opt_code)


@attrs.frozen(kw_only=True)
class AgreementReached(IssueEvent):
    """Mediation ends in a written agreement; the case file is formed."""

    type: ClassVar[str] = "agreement_reached"
    action: ClassVar[str] = "reach_agreement"
    terms: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class MediationFailed(IssueEvent):
    """Mediation ends without agreement."""

    type: ClassVar[str] = "mediation_failed"
    action: ClassVar[str] = "fail_mediation"
    reason: str = attrs.field(validator=_label)


# -- resolution and follow-up --------------------------------------------------------------
@attrs.frozen(kw_only=True)
class IssueResolved(IssueEvent):
    type: ClassVar[str] = "issue_resolved"
    action: ClassVar[str] = "resolve"
    outcome: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class CompletionConfirmed(IssueEvent):
    """The completion check finds the work done."""

    type: ClassVar[str] = "completion_confirmed"
    action: ClassVar[str] = "confirm_completion"
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class ReworkOrdered(IssueEvent):
    """The completion check fails; the issue goes back to its plan (返工)."""

    type: ClassVar[str] = "rework_ordered"
    action: ClassVar[str] = "order_rework"
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class FollowUpVisited(IssueEvent):
    """A follow-up visit (跟踪回访) records the resident's satisfaction."""

    type: ClassVar[str] = "follow_up_visited"
    action: ClassVar[str] = "follow_up"
    satisfaction: str = attrs.field(validator=fields.key)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class IssueClosed(IssueEvent):
    type: ClassVar[str] = "issue_closed"
    action: ClassVar[str] = "close"


@attrs.frozen(kw_only=True)
class IssueReopened(IssueEvent):
    """The problem rebounded (反弹) after resolution."""

    type: ClassVar[str] = "issue_reopened"
    action: ClassVar[str] = "reopen"
    reason: str = attrs.field(validator=_label)


# -- side exits ----------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class IssueRejected(IssueEvent):
    type: ClassVar[str] = "issue_rejected"
    action: ClassVar[str] = "reject"
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class IssueWithdrawn(IssueEvent):
    type: ClassVar[str] = "issue_withdrawn"
    action: ClassVar[str] = "withdraw"
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class MarkedDuplicate(IssueEvent):
    type: ClassVar[str] = "marked_duplicate"
    action: ClassVar[str] = "mark_duplicate"
    duplicate_of: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class IssueShelved(IssueEvent):
    """Shelved (挂账) for now, e.g. waiting on funds."""

    type: ClassVar[str] = "issue_shelved"
    action: ClassVar[str] = "shelve"
    reason: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class IssueResumed(IssueEvent):
    type: ClassVar[str] = "issue_resumed"
    action: ClassVar[str] = "resume"


@attrs.frozen(kw_only=True)
class ReferredOut(IssueEvent):
    """Sent to a channel outside the community (court, arbitration, a department)."""

    type: ClassVar[str] = "referred_out"
    action: ClassVar[str] = "refer_out"
    to: str = attrs.field(validator=_label)
    reason: str = attrs.field(validator=_label)


def _plugin_action(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    fields.key(instance, attribute, value)
    owner = _CORE_ACTION_EVENTS.get(value)
    if owner is not None:
        msg = (
            f"IssueActionTaken cannot carry the core action {value!r}: record it as {owner.__name__} "
            "(its own event type, with its own checks); IssueActionTaken is for actions a plugin adds"
        )
        raise InvalidFieldError(msg)


@attrs.frozen(kw_only=True)
class IssueActionTaken(IssueEvent):
    """A workflow action a plugin added; ``action`` names it (never a core action)."""

    type: ClassVar[str] = "issue_action_taken"
    action: str = attrs.field(validator=_plugin_action)  # type: ignore[misc]
    note: str = attrs.field(default="", validator=fields.text)


# -- meetings, activities, appointments ----------------------------------------------------
@attrs.frozen(kw_only=True)
class MeetingHeld(Event):
    """A meeting of ``kind`` at ``unit`` (household-courtyard meeting, weekly joint meeting, …)."""

    type: ClassVar[str] = "meeting_held"
    meeting: str = attrs.field(validator=_code)
    kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    attendees: tuple[str, ...] = attrs.field(default=(), converter=fields.strs, validator=fields.codes)
    note: str = attrs.field(default="", validator=fields.text)


@attrs.frozen(kw_only=True)
class ActivityHeld(Event):
    """An association or volunteer activity (patrol, clean-up, anti-fraud talk, …)."""

    type: ClassVar[str] = "activity_held"
    activity: str = attrs.field(validator=_code)
    kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    participants: tuple[str, ...] = attrs.field(converter=fields.strs, validator=fields.codes)
    hours: float = attrs.field(default=0.0, converter=fields.as_float, validator=fields.non_negative)


@attrs.frozen(kw_only=True)
class Appointed(Event):
    """``person`` takes ``role`` at ``unit`` from ``at`` (until ``until``, if given)."""

    type: ClassVar[str] = "appointed"
    appointment: str = attrs.field(validator=_code)
    person: str = attrs.field(validator=_code)
    role: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=_code)
    until: datetime | None = attrs.field(default=None, validator=fields.optional_aware)


@attrs.frozen(kw_only=True)
class AppointmentEnded(Event):
    type: ClassVar[str] = "appointment_ended"
    appointment: str = attrs.field(validator=_code)


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
@attrs.frozen(kw_only=True)
class EventCorrected(Event):
    """Corrects what event ``corrects`` (its sequence number) recorded; the original stays.

    ``changes`` are ``(field, value)`` pairs, each value written as the field's JSON text
    (``'"satisfied"'``, ``'2.5'``, ``'["p-1", "p-2"]'``); only descriptive fields can be
    corrected (a summary, a satisfaction answer, a meeting's attendees, an activity's hours),
    never who acted, when, on what, or which step it was: a wrong step is undone by the
    workflow's own actions (reopen, rework) instead.
    """

    type: ClassVar[str] = "event_corrected"
    corrects: int = attrs.field(validator=fields.non_negative_int)
    reason: str = attrs.field(validator=_label)
    changes: tuple[tuple[str, str], ...] = attrs.field(converter=fields.pairs, validator=fields.field_changes)


# --- supervision (督办) ---
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


# --- community services and organisations ---
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


EVENT_TYPES: tuple[type[Event], ...] = (
    IssueCollected,
    AnsweredOnSpot,
    IssueRegistered,
    IssueEscalated,
    WhistleBlown,
    VerificationVisited,
    PlanMade,
    MediationStarted,
    AgreementReached,
    MediationFailed,
    IssueResolved,
    CompletionConfirmed,
    ReworkOrdered,
    FollowUpVisited,
    IssueClosed,
    IssueReopened,
    IssueRejected,
    IssueWithdrawn,
    MarkedDuplicate,
    IssueShelved,
    IssueResumed,
    ReferredOut,
    IssueActionTaken,
    MeetingHeld,
    ActivityHeld,
    Appointed,
    AppointmentEnded,
    UnitAdded,
    UnitMoved,
    UnitRetired,
    PersonRegistered,
    PersonMoved,
    PersonLeft,
    AttributeSet,
    AttributeCleared,
    AssociationFormed,
    MemberJoined,
    MemberLeft,
    EventCorrected,
    *SUPERVISION_EVENT_TYPES,
    DoubleReportRegistered,
    ServiceItemPublished,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
    ServiceDelivered,
    ConventionAdopted,
    BreachRecorded,
    BreachNoticeIssued,
    BreachRectified,
    CeremonyRegistered,
    CompoundInspected,
    HelperAssigned,
    HouseholdHelped,
    HouseholdLinked,
    AffairsDisclosed,
    GoodDeedNominated,
    NominationReviewed,
    HonoursPublished,
)

#: the events that change the community itself (its structure and register)
REGISTER_EVENT_TYPES: tuple[type[Event], ...] = (
    UnitAdded,
    UnitMoved,
    UnitRetired,
    PersonRegistered,
    PersonMoved,
    PersonLeft,
    AttributeSet,
    AttributeCleared,
    AssociationFormed,
    MemberJoined,
    MemberLeft,
)

#: the core actions, each with the event type that records it (IssueActionTaken may not carry them)
_CORE_ACTION_EVENTS: dict[str, type[Event]] = {
    cls.action: cls for cls in EVENT_TYPES if issubclass(cls, IssueEvent) and cls is not IssueActionTaken
}
CORE_ACTIONS: frozenset[str] = frozenset(_CORE_ACTION_EVENTS)
