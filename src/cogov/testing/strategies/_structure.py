"""Strategies for community structure: levels, units, people, unit trees and appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hypothesis import strategies as st

from cogov.model.roles import Appointment, RoleSet
from cogov.model.structure import DEFAULT_LEVELS, Community, Level, Person, PersonAttribute, Unit
from cogov.testing.strategies._values import EPOCH, codes, keys, labels

__all__ = ["appointments", "communities", "levels", "people", "units"]

_DEFAULT_LEVEL_KEYS = tuple(level.key for level in DEFAULT_LEVELS)
_ATTRIBUTES = tuple(
    value for name, value in vars(PersonAttribute).items() if name.isupper() and isinstance(value, str)
)


def levels(min_size: int = 1, max_size: int = 7) -> st.SearchStrategy[tuple[Level, ...]]:
    """Level sequences with unique keys, outermost first."""
    return st.lists(
        st.builds(Level, keys(), labels(), labels()),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda level: level.key,
    ).map(tuple)


def units(level_keys: Sequence[str] = _DEFAULT_LEVEL_KEYS) -> st.SearchStrategy[Unit]:
    """Single well-formed units (not placed in any tree; see :func:`communities`)."""
    return st.builds(
        Unit,
        code=codes(),
        level=st.sampled_from(tuple(level_keys)),
        name_zh=labels(),
        name_en=labels(),
        parent=st.none() | codes(),
    )


def people(households: Sequence[str] = ()) -> st.SearchStrategy[Person]:
    """Single well-formed people, living in one of ``households`` (or nowhere)."""
    household = st.none() | st.sampled_from(tuple(households)) if households else st.none()
    return st.builds(
        Person,
        id=codes(),
        name=labels(),
        household=household,
        attributes=st.frozensets(st.sampled_from(_ATTRIBUTES) | keys(), max_size=4),
    )


# -- communities and appointments ----------------------------------------------------------
@st.composite
def communities(
    draw: st.DrawFn,
    levels: Sequence[Level] = DEFAULT_LEVELS,
    *,
    max_units: int = 24,
    min_people: int = 1,
    max_people: int = 12,
) -> Community:
    """Valid unit trees with people in their households.

    The tree always reaches the deepest level (one unit at every level), then grows by adding
    children under random parents, sometimes skipping a level as real structures do.  People
    live in units of the deepest level.
    """
    depth = len(levels)
    count = draw(st.integers(min_value=depth, max_value=max(depth, max_units)))
    all_codes = draw(st.lists(codes(), min_size=count, max_size=count, unique=True))
    community = Community(levels)
    placed: list[tuple[str, int]] = []
    for index, unit_code in enumerate(all_codes):
        if index < depth:
            parent, at = (placed[-1][0] if placed else None), index
        else:
            inner = [(c, d) for c, d in placed if d < depth - 1]
            parent, parent_depth = draw(st.sampled_from(inner))
            at = draw(st.integers(parent_depth + 1, min(depth - 1, parent_depth + 2)))
        level = levels[at]
        community.add_unit(Unit(unit_code, level.key, f"{level.zh}{index}", f"{level.en} {index}", parent))
        placed.append((unit_code, at))
    households = [c for c, d in placed if d == depth - 1]
    for person in draw(
        st.lists(people(households), min_size=min_people, max_size=max_people, unique_by=lambda p: p.id)
    ):
        community.add_person(person)
    return community


@st.composite
def appointments(
    draw: st.DrawFn,
    community: Community,
    role_set: RoleSet,
    *,
    start: datetime = EPOCH,
    min_per_role: int = 0,
    max_per_role: int = 3,
) -> list[Appointment]:
    """Appointments an :class:`~cogov.engine.authority.Authority` accepts: right level, eligible people, holder limits.

    Every appointment starts at ``start`` and is open-ended.  People are drawn among those
    who carry the attributes a role requires; a role with no eligible person stays empty.
    """
    made: list[Appointment] = []
    everyone = list(community.people)
    for spec in role_set:
        eligible = [p.id for p in everyone if spec.requires <= p.attributes]
        places = [u.code for u in community.units if u.level == spec.level]
        if not eligible or not places:
            continue
        for _ in range(draw(st.integers(min_per_role, max(min_per_role, max_per_role)))):
            unit = draw(st.sampled_from(places))
            held = sum(1 for a in made if a.role == spec.key and a.unit == unit)
            if spec.max_holders is not None and held >= spec.max_holders:
                continue
            person = draw(st.sampled_from(eligible))
            made.append(Appointment(f"A{len(made)}", person, spec.key, unit, start))
    return made
