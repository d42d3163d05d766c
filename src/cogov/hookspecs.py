"""Hook specifications: everything a cogov plugin may contribute.

A plugin is a module (or any object) with functions named like the hooks below and marked
with :data:`hookimpl`; it is found through the ``cogov`` entry-point group.  Every hook
except :func:`cogov_register_commands` receives a ``register`` callback: call it once per
contribution (and return nothing: a returned value is an error).  The host validates each
contribution when it is registered, remembers the plugin that gave it, and refuses a key
that another plugin already registered (the error names both plugins and the key).

The ``cogov_register_*`` hooks are called **once per plugin manager**, when the catalogue
of contributions is first needed (loading a community set-up, building a charter); each plugin's
implementation is called on its own with a ``register`` bound to that plugin.  Nothing is
called per event: the engine runs on the assembled :class:`~cogov.Charter`.

None of these hooks is ``firstresult``: every implementation is called and every
contribution is kept.  Implementations may accept fewer arguments than the specification
(pluggy passes only those they name); hooks evolve only by gaining arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from cogov.plugins.registration import (
        RegisterActivityKind,
        RegisterAssociationKind,
        RegisterCalendar,
        RegisterChannel,
        RegisterCharter,
        RegisterGuard,
        RegisterIssueKind,
        RegisterLevels,
        RegisterMeetingKind,
        RegisterObserver,
        RegisterPolicy,
        RegisterReferenceFigures,
        RegisterRoleSet,
        RegisterRule,
        RegisterSatisfactionScale,
        RegisterScenario,
        RegisterSetup,
        RegisterSupervision,
        RegisterWorkflow,
    )

__all__ = ["DEPRECATED_HOOKS", "PROJECT_NAME", "hookimpl", "hookspec"]

#: the pluggy project name, and the entry-point group plugins are published under
PROJECT_NAME = "cogov"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: mark a plugin function as the implementation of the hook with the same name
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

#: a renamed hook's old name → its new name; the old hook stays specified, and still
#: contributes, for one release (registering a plugin that implements it warns)
DEPRECATED_HOOKS: dict[str, str] = {"cogov_register_examples": "cogov_register_setups"}


# -------------------------------------------------------------------------------------------
# Structure and roles
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_unit_levels(register: RegisterLevels) -> None:
    """Register level schemes: the ordered levels of a community's unit tree.

    Called once when the plugin catalogue is built.

    :param register: ``register(key, levels)``; ``key`` names the scheme (e.g.
        ``"beijing:street"``), ``levels`` is a non-empty sequence of
        :class:`~cogov.Level`, outermost first, keys unique.  The core registers
        ``"default"`` (county › town › community › grid › compound › building › household).
    :return: nothing; contributions go through ``register``.  Not firstresult.
    """


@hookspec
def cogov_register_role_sets(register: RegisterRoleSet) -> None:
    """Register role sets: the roles of a community with the duties each grants.

    Called once when the plugin catalogue is built.  A role's duties must be workflow
    duties, meeting-kind or activity-kind duties, or ``"appoint"``; the conformance check
    reports any other.

    :param register: ``register(role_set)`` with a :class:`~cogov.RoleSet`, keyed by
        ``role_set.key``.
    :return: nothing.  Not firstresult.
    """


# -------------------------------------------------------------------------------------------
# Issues and the workflow
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_issue_kinds(register: RegisterIssueKind) -> None:
    """Register issue kinds (policy question, dispute, hotline complaint, …).

    Called once when the plugin catalogue is built.

    :param register: ``register(kind)`` with an :class:`~cogov.IssueKind`, keyed by
        ``kind.key``.  Use a ``"plugin:"`` prefix for kinds specific to one community.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_channels(register: RegisterChannel) -> None:
    """Register intake channels (household-courtyard meeting, 12345 hotline, app, …).

    Called once when the plugin catalogue is built.

    :param register: ``register(channel)`` with a :class:`~cogov.Channel`, keyed by
        ``channel.key``.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_workflows(register: RegisterWorkflow) -> None:
    """Register base workflows and workflow extensions (extra states and transitions).

    Called once when the plugin catalogue is built.  An extension names the workflow it
    extends (a base or another extension); a charter names the workflow or extension it
    runs, and the host assembles base + extensions into one validated
    :class:`~cogov.Workflow`.

    :param register: ``register(workflow)`` with either a complete :class:`~cogov.Workflow`
        (a base, keyed by ``workflow.key``; the core registers ``"canonical"``) or a
        :class:`cogov.plugins.WorkflowExtension` (keyed by ``extension.key``).
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_guards(register: RegisterGuard) -> None:
    """Register named workflow guards (see :mod:`cogov.engine.guards`).

    Called once when the plugin catalogue is built.  Ledgers built by
    :meth:`cogov.plugins.CommunitySetup.ledger` receive every registered guard.

    :param register: ``register(name, guard)``; ``guard(issue, event, ledger)`` returns
        ``None`` to allow the transition or a sentence saying why it is refused.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_satisfaction_scales(register: RegisterSatisfactionScale) -> None:
    """Register satisfaction scales: the answers a follow-up visit may record.

    Called once when the plugin catalogue is built.

    :param register: ``register(key, levels)`` with a non-empty sequence of
        :class:`~cogov.SatisfactionLevel`; the core registers ``"default"`` (满意 / 基本满意 /
        不满意 / 不了解 weighted 1 / 0.75 / 0 / excluded).
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_calendars(register: RegisterCalendar) -> None:
    """Register working-day calendars, for deadlines counted in working days.

    Called once when the plugin catalogue is built.

    :param register: ``register(calendar)`` with a :class:`~cogov.WorkingCalendar`, keyed by
        ``calendar.key``; the core registers ``"weekdays"`` (Monday to Friday, no holidays).
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_supervision(register: RegisterSupervision) -> None:
    """Register supervision rules (督办): step deadlines per issue kind, card and extension duties.

    Called once when the plugin catalogue is built.  A charter spec names the rules it uses
    (``CharterSpec.supervision``); the charter checks that every step names states of its
    workflow and issue kinds it declares.

    :param register: ``register(rules)`` with a :class:`~cogov.SupervisionRules`, keyed by
        ``rules.key``; the core registers ``"canonical"`` (register → plan 5 working days, 2
        for hidden risks and policy questions; plan → resolved by the plan's deadline;
        mediation 20; resolved → follow-up 5; yellow at 80 %).
    :return: nothing.  Not firstresult.
    """


# -------------------------------------------------------------------------------------------
# Meetings, associations and activities
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_meeting_kinds(register: RegisterMeetingKind) -> None:
    """Register meeting kinds with their level, cadence and convening duty.

    Called once when the plugin catalogue is built.

    :param register: ``register(kind)`` with a :class:`~cogov.MeetingKind`, keyed by
        ``kind.key``.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_association_kinds(register: RegisterAssociationKind) -> None:
    """Register association kinds (associations, volunteer teams, sunk units, …).

    Called once when the plugin catalogue is built.

    :param register: ``register(kind)`` with an :class:`~cogov.AssociationKind`, keyed by
        ``kind.key``.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_activity_kinds(register: RegisterActivityKind) -> None:
    """Register activity kinds (patrol, clean-up, anti-fraud talk, …) with their recording duty.

    Called once when the plugin catalogue is built.

    :param register: ``register(kind)`` with an :class:`~cogov.ActivityKind`, keyed by
        ``kind.key``; its ``association``, if set, must be a registered association kind.
    :return: nothing.  Not firstresult.
    """


# -------------------------------------------------------------------------------------------
# Evaluation
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_rules(register: RegisterRule) -> None:
    """Register evaluation rules (see :mod:`cogov.evaluation`).

    Called once when the plugin catalogue is built.  A charter whose spec lists no rules
    gets every rule registered by the plugin that registered the charter.

    :param register: ``register(rule)``; ``rule`` needs a valid ``key`` and a callable
        ``evaluate``.  If it has a ``problems()`` method, the conformance check reports what
        it returns.
    :return: nothing.  Not firstresult.
    """


# -------------------------------------------------------------------------------------------
# Charters and community set-ups
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_charters(register: RegisterCharter) -> None:
    """Register charter specifications: which levels, roles, workflow, kinds, … a community uses.

    Called once when the plugin catalogue is built; :func:`cogov.plugins.build_charter`
    assembles the :class:`~cogov.Charter` from the spec and the other contributions.

    :param register: ``register(spec)`` with a :class:`cogov.plugins.CharterSpec`, keyed by
        ``spec.key``.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_setups(register: RegisterSetup) -> None:
    """Register community set-ups that users load by name: a charter plus a structure.

    A set-up is a real community's (Xiaoxiguan's recorded grids and cadres) or a synthetic
    one's.  Called once when the plugin catalogue is built; :func:`cogov.plugins.load_setup`
    builds the community and appointments when a set-up is loaded (``--setup NAME`` on the
    command line).

    :param register: ``register(spec)`` with a :class:`cogov.plugins.SetupSpec`, keyed by
        ``spec.key``; ``spec.charter`` names a registered charter spec.
    :return: nothing.  Not firstresult.
    """


@hookspec(
    warn_on_impl=DeprecationWarning(
        "the hook cogov_register_examples is renamed cogov_register_setups (same register "
        "callback); implement cogov_register_setups instead"
    )
)
def cogov_register_examples(register: RegisterSetup) -> None:
    """Deprecated name of :func:`cogov_register_setups`, still collected for one release.

    Called once when the plugin catalogue is built, like :func:`cogov_register_setups`, into
    the same catalogue section; registering a plugin that implements it warns.

    :param register: as for :func:`cogov_register_setups`.
    :return: nothing.  Not firstresult.
    """


# -------------------------------------------------------------------------------------------
# Observers, simulation and the command line
# -------------------------------------------------------------------------------------------


@hookspec
def cogov_register_observers(register: RegisterObserver) -> None:
    """Register observers of applied events.

    Called once when the plugin catalogue is built.  Each factory is called once per
    ledger built by :meth:`cogov.plugins.CommunitySetup.ledger`, never per event.

    :param register: ``register(key, factory)``; ``factory(ledger)`` returns an observer
        ``observer(seq, event)`` to subscribe, or ``None`` to leave that ledger alone (for
        example when ``ledger.charter.key`` is another community's).
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_scenarios(register: RegisterScenario) -> None:
    """Register simulation scenarios, looked up by :func:`cogov.plugins.scenarios`.

    Called once when the plugin catalogue is built.

    :param register: ``register(scenario)``; the object needs a valid ``key`` attribute.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_policies(register: RegisterPolicy) -> None:
    """Register simulation policies, looked up by :func:`cogov.plugins.policies`.

    Called once when the plugin catalogue is built.

    :param register: ``register(policy)``; the object needs a valid ``key`` attribute.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_reference_figures(register: RegisterReferenceFigures) -> None:
    """Register figures a source reports for one community and period, shown beside a report's.

    Called once when the plugin catalogue is built.  Reports (``cogov report``, ``cogov demo``,
    ``cogov simulate``) show them only for their community and period, or for a simulated
    run of a scenario they name over a period as long as theirs; ``--no-reference`` hides
    them and ``--targets FILE`` replaces them with the user's own.

    :param register: ``register(reference)`` with a :class:`cogov.plugins.ReferenceFigures`,
        keyed by ``reference.key``; its figures are keyed like :data:`cogov.report.HEADLINE`.
    :return: nothing.  Not firstresult.
    """


@hookspec
def cogov_register_commands(cli: click.Group) -> None:
    """Add commands to the ``cogov`` command line.

    Called once by the CLI when it starts, before arguments are parsed.

    :param cli: the top-level ``click.Group``; call ``cli.add_command(...)`` or decorate
        with ``@cli.command()``.  Prefix command names with the plugin's name.
    :return: nothing.  Not firstresult.
    """
