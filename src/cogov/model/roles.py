"""Governance roles, role sets and appointments.

A :class:`RoleSpec` says who may hold a role (``requires`` person attributes), where
(``level``: the unit level it is held at), how many at once per unit (``max_holders``) and
which workflow actions it grants (``duties``).  A holder acts on everything within the unit
of their appointment: a grid head (网格长) within their grid, a community-level role across
the community.  An :class:`Appointment` binds a person to a role at a unit for a time span.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from cogov.errors import DefinitionError, DuplicateError, InvalidFieldError, UnknownKeyError
from cogov.model import fields
from cogov.model.labels import Labelled

__all__ = ["APPOINT_DUTY", "REGISTER_DUTY", "STRUCTURE_DUTY", "Appointment", "RoleSet", "RoleSpec"]

#: the duty to appoint people to roles and end appointments
APPOINT_DUTY = "appoint"
#: the duty to keep the register: people registered, moved, leaving; attributes; association members
REGISTER_DUTY = "keep_register"
#: the duty to change the structure: units added, moved, retired; associations formed
STRUCTURE_DUTY = "keep_structure"


def _positive_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, int) or value < 1):
        msg = f"RoleSpec.{attribute.name}: expected a positive int or None, got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen
class RoleSpec(Labelled):
    """One role, e.g. ``RoleSpec("grid_head", "网格长", "grid head", level="grid", ...)``."""

    level: str = attrs.field(validator=fields.key)
    duties: frozenset[str] = attrs.field(default=frozenset(), converter=fields.keyset, validator=fields.keys)
    requires: frozenset[str] = attrs.field(
        default=frozenset(), converter=fields.keyset, validator=fields.keys
    )
    max_holders: int | None = attrs.field(default=None, validator=_positive_or_none)
    description: str = attrs.field(default="", validator=fields.text)


@attrs.frozen
class RoleSet:
    """A named group of role specs; keys are unique within the set."""

    key: str = attrs.field(validator=fields.key)
    roles: tuple[RoleSpec, ...] = attrs.field(validator=fields.tuple_of(RoleSpec))
    _by_key: Mapping[str, RoleSpec] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, RoleSpec] = {}
        for spec in self.roles:
            if spec.key in by_key:
                msg = f"role set {self.key!r}: role key {spec.key!r} is declared twice"
                raise DuplicateError(msg)
            by_key[spec.key] = spec
        object.__setattr__(self, "_by_key", by_key)

    def __getitem__(self, key: str) -> RoleSpec:
        try:
            return self._by_key[key]
        except KeyError:
            close = difflib.get_close_matches(key, list(self._by_key), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = f"unknown role {key!r} in role set {self.key!r}; {hint}known roles: {sorted(self._by_key)}"
            raise UnknownKeyError(msg) from None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[RoleSpec]:
        return iter(self.roles)

    def __len__(self) -> int:
        return len(self.roles)

    def holding(self, duty: str) -> tuple[RoleSpec, ...]:
        """The roles that grant ``duty``."""
        return tuple(r for r in self.roles if duty in r.duties)

    def merged(self, key: str, extra: Iterable[RoleSpec]) -> RoleSet:
        """A new role set with ``extra`` roles added (duplicates are an error)."""
        return RoleSet(key, (*self.roles, *extra))

    def check_levels(self, levels: Iterable[str]) -> None:
        known = set(levels)
        for spec in self.roles:
            if spec.level not in known:
                msg = (
                    f"role {spec.key!r} is held at level {spec.level!r}, which is not one of {sorted(known)}; "
                    "declare that level in the charter or hold the role at a declared one"
                )
                raise DefinitionError(msg)


def _end_after_start(instance: Appointment, attribute: attrs.Attribute[Any], value: Any) -> None:
    fields.optional_aware(instance, attribute, value)
    if isinstance(value, datetime) and value <= instance.start:
        msg = f"appointment {instance.id!r}: end {value.isoformat()} must be after start {instance.start.isoformat()}"
        raise InvalidFieldError(msg)


@attrs.frozen
class Appointment:
    """Person ``person`` holds role ``role`` at unit ``unit`` from ``start`` until ``end`` (exclusive)."""

    id: str = attrs.field(validator=fields.code)
    person: str = attrs.field(validator=fields.code)
    role: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=fields.code)
    start: datetime = attrs.field(validator=fields.aware)
    end: datetime | None = attrs.field(default=None, validator=_end_after_start)

    def active_at(self, at: datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)
