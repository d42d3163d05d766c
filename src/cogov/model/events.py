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
    "ASSOCIATION_EVENT_TYPES",
    "CORE_ACTIONS",
    "EVENT_TYPES",
    "PROPERTY_EVENT_TYPES",
    "REGISTER_EVENT_TYPES",
    "SUPERVISION_EVENT_TYPES",
    "ActivityHeld",
    "AffairsDisclosed",
    "AgreementReached",
    "AnsweredOnSpot",
    "Appointed",
    "AppointmentEnded",
    "AssociationActivityHeld",
    "AssociationFormed",
    "AssociationHelperAssigned",
    "AssociationOfficerAppointed",
    "AssociationOfficerEnded",
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
    "IssueRoutedToProperty",
    "IssueShelved",
    "IssueWithdrawn",
    "MarkedDuplicate",
    "MediationFailed",
    "MediationStarted",
    "MediationStartedWithWorthies",
    "MeetingHeld",
    "MemberJoined",
    "MemberLeft",
    "NominationReviewed",
    "PersonLeft",
    "PersonMoved",
    "PersonRegistered",
    "PlanMade",
    "PropertyAccepted",
    "PropertyPlanMade",
    "PropertyResolved",
    "PropertyReturned",
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

from cogov.model.association_events import (
    ASSOCIATION_EVENT_TYPES,
    AssociationOfficerAppointed,
    AssociationOfficerEnded,
)
from cogov.model.event_base import Event, IssueEvent
from cogov.model.property_events import (
    PROPERTY_EVENT_TYPES,
    IssueRoutedToProperty,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
)
from cogov.model.register_events import (
    AssociationFormed,
    AttributeCleared,
    AttributeSet,
    MemberJoined,
    MemberLeft,
    PersonLeft,
    PersonMoved,
    PersonRegistered,
    UnitAdded,
    UnitMoved,
    UnitRetired,
)
from cogov.model.service_events import (
    AffairsDisclosed,
    AssociationHelperAssigned,
    BreachNoticeIssued,
    BreachRecorded,
    BreachRectified,
    CeremonyRegistered,
    CompoundInspected,
    ConventionAdopted,
    DoubleReportRegistered,
    GoodDeedNominated,
    HelperAssigned,
    HonoursPublished,
    HouseholdHelped,
    HouseholdLinked,
    NominationReviewed,
    ServiceDelivered,
    ServiceItemClaimed,
    ServiceItemCompleted,
    ServiceItemPublished,
    ServiceItemRated,
    ServiceRequested,
    ServiceVisitMade,
)
from cogov.model.supervision_events import (
    SUPERVISION_EVENT_TYPES,
    CardIssued,
    ExtensionDecided,
    ExtensionRequested,
    SupervisionEscalated,
    SupervisionNoticeIssued,
)

_label = fields.label
_code = fields.code
_opt_code = fields.optional_code


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


# -- the associations at work -----------------------------------------------------------------
# An association's activity and a mediation worthies join refine ActivityHeld and
# MediationStarted rather than add a field to them, so histories recorded before keep their
# encoding and their hashes; everything that reads the base type reads them too.
def _some_codes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    fields.codes(instance, attribute, value)
    if not value:
        msg = f"{type(instance).__name__}.{attribute.name}: name at least one person"
        raise InvalidFieldError(msg)
    if len(set(value)) != len(value):
        msg = f"{type(instance).__name__}.{attribute.name}: a person is named twice in {list(value)!r}"
        raise InvalidFieldError(msg)


@attrs.frozen(kw_only=True)
class AssociationActivityHeld(ActivityHeld):
    """An activity held by the named ``association`` (a volunteer team's themed activity, a council's
    service, …): the association's kind must hold the activity's kind, and only its members take
    part (checked in :mod:`cogov.engine.association_offices`)."""

    type: ClassVar[str] = "association_activity_held"
    association: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class MediationStartedWithWorthies(MediationStarted):
    """Mediation presided by the mediation committee with local worthies (乡贤) taking part, each a
    member of an association of the charter's ``worthies_association`` kind; the same workflow step
    as :class:`MediationStarted` (``start_mediation``)."""

    type: ClassVar[str] = "mediation_started_with_worthies"
    worthies: tuple[str, ...] = attrs.field(converter=fields.strs, validator=_some_codes)


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
    *ASSOCIATION_EVENT_TYPES,
    AssociationActivityHeld,
    MediationStartedWithWorthies,
    AssociationHelperAssigned,
    *PROPERTY_EVENT_TYPES,
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
_CORE_ACTION_EVENTS: dict[str, type[Event]] = {}
for _cls in EVENT_TYPES:
    if issubclass(_cls, IssueEvent) and _cls is not IssueActionTaken:
        # the first type of an action is its own (a refinement such as MediationStartedWithWorthies comes later)
        _CORE_ACTION_EVENTS.setdefault(_cls.action, _cls)
CORE_ACTIONS: frozenset[str] = frozenset(_CORE_ACTION_EVENTS)
