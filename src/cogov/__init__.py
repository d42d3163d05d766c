"""cogov: community co-governance as a Python library.

Grids and households, governance roles, residents' issues and their lifecycle, meetings,
associations and evaluation rules, all recorded as events in a hash-chained ledger.

The top level holds what a first program needs: the ledger, the charter and its parts, the
community's structure, the calendar and the one base error.  The events are in
:mod:`cogov.events`, every error class in :mod:`cogov.errors`, and each other name in the
module named for it (``cogov.engine.folded``, ``cogov.model.roles``, …).
"""

from __future__ import annotations

import warnings
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

from cogov import errors as errors  # cogov.errors.X after `import cogov`
from cogov import events as events  # cogov.events.X after `import cogov`
from cogov.engine.checkpoints import Checkpoint
from cogov.engine.genesis import Genesis
from cogov.engine.ledger import Ledger
from cogov.errors import CogovError
from cogov.model.canonical import CANONICAL_WORKFLOW, basic_charter
from cogov.model.charter import Charter
from cogov.model.fields import CHINA_TZ
from cogov.model.holidays import china_working_calendar
from cogov.model.labels import Labelled
from cogov.model.roles import Appointment, RoleSet, RoleSpec
from cogov.model.structure import Association, Community, Level, Person, Unit
from cogov.model.vocabulary import (
    ActivityKind,
    AssociationKind,
    Channel,
    IssueKind,
    MeetingKind,
    OfficerPost,
    SatisfactionLevel,
)
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Category, State, Transition, Workflow

__all__ = [
    "CANONICAL_WORKFLOW",
    "CHINA_TZ",
    "ActivityKind",
    "Appointment",
    "Association",
    "AssociationKind",
    "Category",
    "Channel",
    "Charter",
    "Checkpoint",
    "CogovError",
    "Community",
    "Genesis",
    "IssueKind",
    "Labelled",
    "Ledger",
    "Level",
    "MeetingKind",
    "OfficerPost",
    "Person",
    "RoleSet",
    "RoleSpec",
    "SatisfactionLevel",
    "State",
    "Transition",
    "Unit",
    "Workflow",
    "WorkingCalendar",
    "basic_charter",
    "china_working_calendar",
]

try:
    #: the installed distribution's version (``cogov --version`` prints the same)
    __version__ = _distribution_version("cogov")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

# Names the top level exported before it was cut to what a newcomer needs: each still
# resolves, with a DeprecationWarning naming its home, for one release.
_EVENTS = (
    "EVENT_TYPES REGISTER_EVENT_TYPES ActivityHeld AgreementReached AnsweredOnSpot Appointed "
    "AppointmentEnded AssociationFormed AttributeCleared AttributeSet CompletionConfirmed Event "
    "EventCorrected FollowUpVisited IssueActionTaken IssueClosed IssueCollected IssueEscalated "
    "IssueEvent IssueRegistered IssueRejected IssueReopened IssueResolved IssueResumed IssueShelved "
    "IssueWithdrawn MarkedDuplicate MediationFailed MediationStarted MeetingHeld MemberJoined "
    "MemberLeft PersonLeft PersonMoved PersonRegistered PlanMade ReferredOut ReworkOrdered UnitAdded "
    "UnitMoved UnitRetired VerificationVisited WhistleBlown"
)
_ERRORS = (
    "DecodeError DefinitionError DuplicateError EligibilityError FrozenError IllegalTransitionError "
    "InvalidFieldError NotAuthorisedError OutOfOrderError PluginError RecordingTimeError "
    "RegisterImportError ScenarioError SpreadsheetError StoreError TamperedHistoryError UnknownKeyError"
)
_MOVED: dict[str, str] = {
    **dict.fromkeys(_EVENTS.split(), "cogov.events"),
    **dict.fromkeys(_ERRORS.split(), "cogov.errors"),
    **dict.fromkeys(("Authority", "Decision"), "cogov.engine.authority"),
    **dict.fromkeys(("BUILTIN_GUARDS", "Guard"), "cogov.engine.guards"),
    **dict.fromkeys(("ActivityRecord", "IssueRecord", "MeetingRecord", "Step"), "cogov.engine.folded"),
    **dict.fromkeys(("APPOINT_DUTY", "REGISTER_DUTY", "STRUCTURE_DUTY"), "cogov.model.roles"),
    **dict.fromkeys(
        (
            "BASIC_ROLE_SET",
            "DEFAULT_CHANNELS",
            "DEFAULT_ISSUE_KINDS",
            "DEFAULT_MEETING_KINDS",
            "DEFAULT_SATISFACTION_SCALE",
        ),
        "cogov.model.canonical",
    ),
    **dict.fromkeys(("DEFAULT_LEVELS", "PersonAttribute"), "cogov.model.structure"),
    "chain_hash": "cogov.engine.chain",
    "EventsView": "cogov.engine.views",
    "Observer": "cogov.engine.ledger",
    "RecordingRules": "cogov.model.recording",
}


def __getattr__(name: str) -> object:
    """A name the top level no longer exports: its value from its home, with a warning."""
    home = _MOVED.get(name)
    if home is None:
        msg = f"module 'cogov' has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        f"cogov.{name} moved: import it from {home} (from {home} import {name})",
        DeprecationWarning,
        stacklevel=2,
    )
    import importlib  # noqa: PLC0415 - only on the deprecated path

    value: object = getattr(importlib.import_module(home), name)
    return value
