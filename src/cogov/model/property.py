"""Red property management (红色物业): issues the community routes to the property company.

The source builds a platform of the community, the owners' committee and the property company
("构建'社区+业委会+物业公司'自治平台").  A charter that takes part declares a
:class:`PropertyRemit`: the association kind that is a property company (物业公司), the issue
kinds within its remit (lifts, leaks in common parts, parking, …), the roles its own staff are
appointed to, and the community duty that routes an issue to it.

An issue within the remit is routed to a named company (``route_to_property``); from then on
the company's own staff take its steps (accept, plan, resolve, or return it to the community)
and the community checks the work and follows the resident up, as for any resolved issue:
the resident's satisfaction stays with the community.  :func:`property_transitions` gives the
states and transitions a workflow adds for it; the ledger checks the rest
(:mod:`cogov.engine.property_checks`).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cogov.errors import DefinitionError
from cogov.model import fields
from cogov.model.workflow import Category, State, Transition, Workflow

__all__ = [
    "COMPANY_STATES",
    "PROPERTY_ACTIONS",
    "PROPERTY_RESOLVED",
    "ROUTED",
    "ROUTE_ACTION",
    "PropertyRemit",
    "property_states",
    "property_transitions",
]

#: the action (and default duty) that routes an issue to a property company (转物业)
ROUTE_ACTION = "route_to_property"
#: the steps the company's own staff take
ACCEPT_ACTION = "property_accept"
PLAN_ACTION = "property_plan"
RESOLVE_ACTION = "property_resolve"
RETURN_ACTION = "property_return"
#: every action of red property management, routing included
PROPERTY_ACTIONS = frozenset({ROUTE_ACTION, ACCEPT_ACTION, PLAN_ACTION, RESOLVE_ACTION, RETURN_ACTION})

ROUTED = "routed_to_property"
ACCEPTED = "property_accepted"
PLANNED = "property_planned"
PROPERTY_RESOLVED = "property_resolved"
#: the states in which an issue is with the company: only its own staff move it from them
COMPANY_STATES = frozenset({ROUTED, ACCEPTED, PLANNED})


def property_states() -> tuple[State, ...]:
    """The states an issue passes through with the property company."""
    return (
        State(ROUTED, "已转物业", "routed to the property company", Category.OPEN),
        State(ACCEPTED, "物业已受理", "accepted by the property company", Category.OPEN),
        State(PLANNED, "物业已定方案", "planned by the property company", Category.OPEN),
        State(PROPERTY_RESOLVED, "物业已处置", "resolved by the property company", Category.RESOLVED),
    )


def property_transitions(
    route_from: Iterable[str] = ("registered", "escalated", "verified", "reopened"),
    *,
    returned_to: str = "registered",
) -> tuple[Transition, ...]:
    """The transitions of red property management.

    The community routes from ``route_from``; the company accepts, plans, resolves, or returns
    the issue to ``returned_to`` (not its matter); the community then confirms the work,
    orders rework (back to the company) and follows the resident up.
    """
    return (
        Transition(ROUTE_ACTION, route_from, ROUTED, "转物业公司办理", "route to the property company"),
        Transition(ACCEPT_ACTION, [ROUTED], ACCEPTED, "物业受理", "property company accepts"),
        Transition(PLAN_ACTION, [ACCEPTED], PLANNED, "物业定方案", "property company plans"),
        Transition(RESOLVE_ACTION, [ACCEPTED, PLANNED], PROPERTY_RESOLVED, "物业处置完毕", "property company resolves"),
        Transition(RETURN_ACTION, [ROUTED], returned_to, "物业退回社区", "property company returns it"),
        Transition("confirm_completion", [PROPERTY_RESOLVED], "completion_confirmed", "验收通过", "confirm completion"),
        Transition("order_rework", [PROPERTY_RESOLVED], ACCEPTED, "返工", "order rework"),
        Transition("follow_up", [PROPERTY_RESOLVED], "followed_up", "跟踪回访", "follow-up visit"),
    )  # fmt: skip


@attrs.frozen
class PropertyRemit:
    """What a charter routes to property companies (物业服务范围), and who acts for them.

    ``company_kind`` is the association kind of a property company; ``kinds`` the issue kinds
    within its remit; ``staff_roles`` the roles held by its own staff (an appointee must be a
    member of a company of that kind serving the appointment's unit: based there or at a unit
    containing it).  The routing duty is the
    workflow's own (``route_to_property``).
    """

    company_kind: str = attrs.field(validator=fields.key)
    kinds: frozenset[str] = attrs.field(converter=fields.keyset, validator=fields.keys)
    staff_roles: frozenset[str] = attrs.field(converter=fields.keyset, validator=fields.keys)

    def check(
        self,
        workflow: Workflow,
        kinds: Iterable[str],
        association_kinds: Iterable[str],
        roles: Iterable[str],
        owner: str,
    ) -> None:
        """Raise :class:`DefinitionError` unless every key names something the charter has.

        The workflow must have the routing action; every step from a state in which an issue
        is with the company must be one of the company's own steps (so no one outside the
        company moves it while it is there, routing included: the community does not re-route
        an issue the company holds; the company returns it first); the company's steps start
        only from those states; and only routing brings an issue into them from elsewhere.
        """
        where = f"charter {owner!r}: property remit"
        if not self.kinds:
            msg = f"{where} names no issue kinds; name the kinds the property company handles"
            raise DefinitionError(msg)
        for what, names, known in (
            ("issue kind", self.kinds, set(kinds)),
            ("role", self.staff_roles, set(roles)),
            ("association kind", {self.company_kind}, set(association_kinds)),
        ):
            unknown = sorted(names - known)
            if unknown:
                msg = f"{where} names unknown {what}(s) {unknown}; known: {sorted(known)}"
                raise DefinitionError(msg)
        if not workflow.has_action(ROUTE_ACTION):
            msg = f"{where}: workflow {workflow.key!r} has no {ROUTE_ACTION!r} action; add property_transitions()"
            raise DefinitionError(msg)
        company_steps = PROPERTY_ACTIONS - {ROUTE_ACTION}
        with_company = COMPANY_STATES | {PROPERTY_RESOLVED}
        for transition in workflow.transitions:
            outside = transition.sources & COMPANY_STATES
            # the routing action too: taking an issue off the company (re-routing it) is not the community's
            if outside and transition.action not in company_steps:
                msg = (
                    f"{where}: workflow {workflow.key!r} lets {transition.action!r} move an issue from "
                    f"{sorted(outside)}, where it is with the property company; only the company's own "
                    f"steps ({sorted(company_steps)}) may (it returns an issue with {RETURN_ACTION!r})"
                )
                raise DefinitionError(msg)
            elsewhere = transition.sources - COMPANY_STATES
            if transition.action in company_steps and elsewhere:
                msg = (
                    f"{where}: workflow {workflow.key!r} lets the company's step {transition.action!r} start "
                    f"from {sorted(elsewhere)}, where the issue is with no company; its steps start only "
                    f"from {sorted(COMPANY_STATES)}"
                )
                raise DefinitionError(msg)
            # an issue comes into the company's hands only by routing (which names the company)
            stray = transition.sources - with_company
            if transition.target in with_company and transition.action != ROUTE_ACTION and stray:
                msg = (
                    f"{where}: workflow {workflow.key!r} lets {transition.action!r} bring an issue from "
                    f"{sorted(stray)} to {transition.target!r}, with the property company, without routing "
                    f"it there; only {ROUTE_ACTION!r} hands an issue to the company"
                )
                raise DefinitionError(msg)
