"""The types of the ``register`` callbacks the hooks hand to a plugin, one per hook.

A plugin annotates its hook implementations with them (``def cogov_register_rules(register:
RegisterRule) -> None``), so a type checker sees what each ``register`` accepts.  Rules,
scenarios and policies are typed with the classes of :mod:`cogov.evaluation` and
:mod:`cogov.simulation`, named for the type checker only: the plugin host checks their
``key`` (and a rule's ``evaluate``) at run time and imports neither package.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from cogov.engine.guards import Guard
from cogov.engine.ledger import Ledger, Observer
from cogov.model.deadlines import SupervisionRules
from cogov.model.roles import RoleSet
from cogov.model.structure import Level
from cogov.model.vocabulary import (
    ActivityKind,
    AssociationKind,
    Channel,
    IssueKind,
    MeetingKind,
    SatisfactionLevel,
)
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Workflow
from cogov.plugins._reference import ReferenceFigures
from cogov.plugins._specs import CharterSpec, SetupSpec, WorkflowExtension

if TYPE_CHECKING:
    from cogov.evaluation.rule import Rule
    from cogov.simulation.policies import Policy
    from cogov.simulation.scenario import Scenario

__all__ = [
    "ObserverFactory",
    "RegisterActivityKind",
    "RegisterAssociationKind",
    "RegisterCalendar",
    "RegisterChannel",
    "RegisterCharter",
    "RegisterGuard",
    "RegisterIssueKind",
    "RegisterLevels",
    "RegisterMeetingKind",
    "RegisterObserver",
    "RegisterPolicy",
    "RegisterReferenceFigures",
    "RegisterRoleSet",
    "RegisterRule",
    "RegisterSatisfactionScale",
    "RegisterScenario",
    "RegisterSetup",
    "RegisterSupervision",
    "RegisterWorkflow",
]

#: ``factory(ledger)`` returns an observer to subscribe to that ledger, or ``None``
ObserverFactory: TypeAlias = Callable[[Ledger], Observer | None]

#: ``register(key, levels)``: a level scheme, outermost level first
RegisterLevels: TypeAlias = Callable[[str, Sequence[Level]], None]
#: ``register(role_set)``
RegisterRoleSet: TypeAlias = Callable[[RoleSet], None]
#: ``register(issue_kind)``
RegisterIssueKind: TypeAlias = Callable[[IssueKind], None]
#: ``register(channel)``
RegisterChannel: TypeAlias = Callable[[Channel], None]
#: ``register(workflow)``: a whole workflow, or an extension of registered ones
RegisterWorkflow: TypeAlias = Callable[[Workflow | WorkflowExtension], None]
#: ``register(key, guard)``
RegisterGuard: TypeAlias = Callable[[str, Guard], None]
#: ``register(key, levels)``: a satisfaction scale, best level first
RegisterSatisfactionScale: TypeAlias = Callable[[str, Sequence[SatisfactionLevel]], None]
#: ``register(calendar)``
RegisterCalendar: TypeAlias = Callable[[WorkingCalendar], None]
#: ``register(rules)``: deadlines, the yellow share and the supervision duties
RegisterSupervision: TypeAlias = Callable[[SupervisionRules], None]
#: ``register(meeting_kind)``
RegisterMeetingKind: TypeAlias = Callable[[MeetingKind], None]
#: ``register(association_kind)``
RegisterAssociationKind: TypeAlias = Callable[[AssociationKind], None]
#: ``register(activity_kind)``
RegisterActivityKind: TypeAlias = Callable[[ActivityKind], None]
#: ``register(rule)``: anything with a ``key`` and an ``evaluate`` (:class:`~cogov.evaluation.rule.Rule`)
RegisterRule: TypeAlias = Callable[["Rule"], None]
#: ``register(charter_spec)``
RegisterCharter: TypeAlias = Callable[[CharterSpec], None]
#: ``register(setup_spec)``
RegisterSetup: TypeAlias = Callable[[SetupSpec], None]
#: ``register(key, factory)``
RegisterObserver: TypeAlias = Callable[[str, ObserverFactory], None]
#: ``register(scenario)``: a :class:`~cogov.simulation.scenario.Scenario`
RegisterScenario: TypeAlias = Callable[["Scenario"], None]
#: ``register(policy)``: a :class:`~cogov.simulation.policies.Policy`
RegisterPolicy: TypeAlias = Callable[["Policy"], None]
#: ``register(reference_figures)``
RegisterReferenceFigures: TypeAlias = Callable[[ReferenceFigures], None]


def __getattr__(name: str) -> Any:
    """``RegisterExample``, the old name of :data:`RegisterSetup`, with a warning (for one release)."""
    if name != "RegisterExample":
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        "cogov.plugins.registration.RegisterExample is renamed RegisterSetup (a community set-up: "
        "charter, structure, appointments); register set-ups in the hook cogov_register_setups",
        DeprecationWarning,
        stacklevel=2,
    )
    return RegisterSetup
