"""cogov: community co-governance as a Python library.

Grids and households, governance roles, residents' issues and their lifecycle, meetings,
associations and evaluation rules, all recorded as events in a hash-chained ledger.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

from cogov.engine.authority import Authority, Decision
from cogov.engine.chain import GENESIS, canonical_bytes, chain_hash
from cogov.engine.guards import BUILTIN_GUARDS, Guard
from cogov.engine.ledger import EventsView, Ledger, Observer
from cogov.engine.records import ActivityRecord, IssueRecord, MeetingRecord, Step
from cogov.errors import (
    CogovError,
    DecodeError,
    DefinitionError,
    DuplicateError,
    EligibilityError,
    IllegalTransitionError,
    InvalidFieldError,
    NotAuthorisedError,
    OutOfOrderError,
    RegisterImportError,
    StoreError,
    TamperedHistoryError,
    UnknownKeyError,
)
from cogov.model.canonical import (
    BASIC_ROLE_SET,
    CANONICAL_WORKFLOW,
    DEFAULT_CHANNELS,
    DEFAULT_ISSUE_KINDS,
    DEFAULT_MEETING_KINDS,
    DEFAULT_SATISFACTION_SCALE,
    basic_charter,
)
from cogov.model.charter import Charter
from cogov.model.events import (
    EVENT_TYPES,
    ActivityHeld,
    AgreementReached,
    AnsweredOnSpot,
    Appointed,
    AppointmentEnded,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueActionTaken,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueEvent,
    IssueRegistered,
    IssueRejected,
    IssueReopened,
    IssueResolved,
    IssueResumed,
    IssueShelved,
    IssueWithdrawn,
    MarkedDuplicate,
    MediationFailed,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    ReferredOut,
    ReworkOrdered,
    VerificationVisited,
    WhistleBlown,
    event_type,
)
from cogov.model.roles import Appointment, RoleSet, RoleSpec
from cogov.model.structure import (
    DEFAULT_LEVELS,
    Association,
    Community,
    Level,
    Person,
    PersonAttribute,
    Unit,
)
from cogov.model.vocabulary import (
    ActivityKind,
    AssociationKind,
    Channel,
    IssueKind,
    MeetingKind,
    SatisfactionLevel,
)
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Category, State, Transition, Workflow

#: China Standard Time (UTC+8), the offset of the shipped example communities
CHINA_TZ = timezone(timedelta(hours=8), "CST")

__all__ = [
    "BASIC_ROLE_SET",
    "BUILTIN_GUARDS",
    "CANONICAL_WORKFLOW",
    "CHINA_TZ",
    "DEFAULT_CHANNELS",
    "DEFAULT_ISSUE_KINDS",
    "DEFAULT_LEVELS",
    "DEFAULT_MEETING_KINDS",
    "DEFAULT_SATISFACTION_SCALE",
    "EVENT_TYPES",
    "GENESIS",
    "ActivityHeld",
    "ActivityKind",
    "ActivityRecord",
    "AgreementReached",
    "AnsweredOnSpot",
    "Appointed",
    "Appointment",
    "AppointmentEnded",
    "Association",
    "AssociationKind",
    "Authority",
    "Category",
    "Channel",
    "Charter",
    "CogovError",
    "Community",
    "CompletionConfirmed",
    "Decision",
    "DecodeError",
    "DefinitionError",
    "DuplicateError",
    "EligibilityError",
    "Event",
    "EventsView",
    "FollowUpVisited",
    "Guard",
    "IllegalTransitionError",
    "InvalidFieldError",
    "IssueActionTaken",
    "IssueClosed",
    "IssueCollected",
    "IssueEscalated",
    "IssueEvent",
    "IssueKind",
    "IssueRecord",
    "IssueRegistered",
    "IssueRejected",
    "IssueReopened",
    "IssueResolved",
    "IssueResumed",
    "IssueShelved",
    "IssueWithdrawn",
    "Ledger",
    "Level",
    "MarkedDuplicate",
    "MediationFailed",
    "MediationStarted",
    "MeetingHeld",
    "MeetingKind",
    "MeetingRecord",
    "NotAuthorisedError",
    "Observer",
    "OutOfOrderError",
    "Person",
    "PersonAttribute",
    "PlanMade",
    "ReferredOut",
    "RegisterImportError",
    "ReworkOrdered",
    "RoleSet",
    "RoleSpec",
    "SatisfactionLevel",
    "State",
    "Step",
    "StoreError",
    "TamperedHistoryError",
    "Transition",
    "Unit",
    "UnknownKeyError",
    "VerificationVisited",
    "WhistleBlown",
    "Workflow",
    "WorkingCalendar",
    "basic_charter",
    "canonical_bytes",
    "chain_hash",
    "event_type",
]

try:
    #: the installed distribution's version (``cogov --version`` prints the same)
    __version__ = _distribution_version("cogov")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
