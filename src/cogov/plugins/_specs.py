"""What plugins register to describe a community: workflow extensions, charter specs, set-ups.

These are declarations by key: a :class:`CharterSpec` names the level scheme, role set,
workflow, kinds, scale, calendar and rules it uses, each contributed by some plugin; the
host resolves the keys once (:func:`cogov.plugins.build_charter`) into a
:class:`~cogov.Charter`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from cogov.model import fields
from cogov.model.canonical import DEFAULT_CHANNELS, DEFAULT_ISSUE_KINDS
from cogov.model.labels import Labelled
from cogov.model.property import PropertyRemit
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.model.workflow import State, Transition

__all__ = ["CharterSpec", "SetupSpec", "WorkflowExtension"]


_KEYS = attrs.validators.deep_iterable(fields.key, attrs.validators.instance_of(tuple))


def _optional_keys(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _KEYS(instance, attribute, value)


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return tuple(value)


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(value)


@attrs.frozen
class WorkflowExtension(Labelled):
    """Extra states and transitions on top of the workflow ``base`` (a base or another extension).

    The assembled workflow is keyed ``key``; it is validated as a whole, so a transition may
    start from a base state and lead to a new one, and an action of the base may gain new
    source states.
    """

    base: str = attrs.field(validator=fields.key)
    states: tuple[State, ...] = attrs.field(default=(), converter=_states, validator=fields.tuple_of(State))
    transitions: tuple[Transition, ...] = attrs.field(
        default=(), converter=_transitions, validator=fields.tuple_of(Transition)
    )


@attrs.frozen
class CharterSpec(Labelled):
    """A community's charter by reference: every field but the labels names a contribution.

    ``rules=None`` takes every rule registered by the plugin that registers this spec.
    """

    role_set: str = attrs.field(validator=fields.key)
    workflow: str = attrs.field(default="canonical", validator=fields.key)
    levels: str = attrs.field(default="default", validator=fields.key)
    issue_kinds: tuple[str, ...] = attrs.field(
        default=tuple(k.key for k in DEFAULT_ISSUE_KINDS), converter=fields.strs, validator=_KEYS
    )
    channels: tuple[str, ...] = attrs.field(
        default=tuple(c.key for c in DEFAULT_CHANNELS), converter=fields.strs, validator=_KEYS
    )
    meeting_kinds: tuple[str, ...] = attrs.field(default=(), converter=fields.strs, validator=_KEYS)
    association_kinds: tuple[str, ...] = attrs.field(default=(), converter=fields.strs, validator=_KEYS)
    activity_kinds: tuple[str, ...] = attrs.field(default=(), converter=fields.strs, validator=_KEYS)
    satisfaction_scale: str = attrs.field(default="default", validator=fields.key)
    calendar: str = attrs.field(default="weekdays", validator=fields.key)
    rules: tuple[str, ...] | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(fields.strs),
        validator=_optional_keys,
    )
    #: the meeting kind escalations must cite (one of ``meeting_kinds``), or None for any
    escalation_meeting: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(fields.key)
    )
    #: the supervision rules (step deadlines, cards) the community uses, or None for none
    supervision: str | None = attrs.field(default=None, validator=attrs.validators.optional(fields.key))
    #: the association kind of local worthies (乡贤协会) whose members may join mediation, or None
    worthies_association: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(fields.key)
    )
    #: red property management (红色物业): what the community may route to property companies
    property_remit: PropertyRemit | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(PropertyRemit))
    )


def _no_appointments() -> Iterable[Appointment]:
    return ()


@attrs.frozen
class SetupSpec(Labelled):
    """A community set-up users load by name: a charter key plus builders for the structure.

    ``community()`` builds a fresh :class:`~cogov.Community`; ``appointments()`` returns
    the appointments in force at the start.  Both are called each time the set-up loads.  A set-up may describe a real
    community (Xiaoxiguan's recorded structure) as well as a synthetic one.
    """

    charter: str = attrs.field(validator=fields.key)
    community: Callable[[], Community] = attrs.field(validator=attrs.validators.is_callable())
    appointments: Callable[[], Iterable[Appointment]] = attrs.field(
        default=_no_appointments, validator=attrs.validators.is_callable()
    )
    description: str = ""
