"""The community structure: a tree of units at configurable levels, and the people in it.

The Chinese default levels are county › town › community › grid › compound › building ›
household; a charter may declare others (ward › block › household).  Units carry stable
administrative-division style codes (Xiaoxiguan community is ``420325100001``).  People
belong to a household unit and carry the attributes governance asks about (party member,
resident representative, volunteer, …) as a set of keys.

Lookups the engine makes on every event are O(1): unit by code, a unit's lineage (itself and
its ancestors) as a frozenset, so "is unit X within unit Y" is one set membership test.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence

import attrs

from cogov.errors import DefinitionError, DuplicateError, UnknownKeyError
from cogov.model import _fields

__all__ = [
    "DEFAULT_LEVELS",
    "Association",
    "Community",
    "Level",
    "Person",
    "PersonAttribute",
    "Unit",
]


@attrs.frozen
class Level:
    """One level of the unit tree, e.g. ``grid`` (网格)."""

    key: str = attrs.field(validator=_fields.key)
    zh: str = attrs.field(validator=_fields.label)
    en: str = attrs.field(validator=_fields.label)


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level("county", "县", "county"),
    Level("town", "乡镇/街道", "town"),
    Level("community", "社区/村", "community"),
    Level("grid", "网格", "grid"),
    Level("compound", "小区/院落", "compound"),
    Level("building", "楼栋", "building"),
    Level("household", "户", "household"),
)


class PersonAttribute:
    """Attribute keys the core and the shipped plugins use (plugins may add their own)."""

    PARTY_MEMBER = "party_member"
    VETERAN_PARTY_MEMBER = "veteran_party_member"
    RESIDENT_REPRESENTATIVE = "resident_representative"
    VOLUNTEER = "volunteer"
    VOLUNTEER_POLICE = "volunteer_police"
    LAWYER = "lawyer"
    POLICE_OFFICER = "police_officer"
    CADRE = "cadre"
    SUNK_CADRE = "sunk_cadre"
    MEDIATOR = "mediator"


@attrs.frozen
class Unit:
    """A unit of the structure: a county, town, community, grid, compound, building or household."""

    code: str = attrs.field(validator=_fields.code)
    level: str = attrs.field(validator=_fields.key)
    name_zh: str = attrs.field(validator=_fields.label)
    name_en: str = attrs.field(validator=_fields.label)
    parent: str | None = attrs.field(default=None, validator=_fields.optional_code)


@attrs.frozen
class Person:
    """A resident or official.  ``household`` is the code of the household unit they belong to.

    Officials who live elsewhere (sunk cadres, town cadres, lawyers) may have no household.
    """

    id: str = attrs.field(validator=_fields.code)
    name: str = attrs.field(validator=_fields.label)
    household: str | None = attrs.field(default=None, validator=_fields.optional_code)
    attributes: frozenset[str] = attrs.field(
        default=frozenset(), converter=_fields.keyset, validator=_fields.keys
    )

    def has(self, attribute: str) -> bool:
        return attribute in self.attributes


@attrs.frozen
class Association:
    """An association or volunteer team of ``kind`` based at ``unit``, with its members.

    E.g. the weddings-and-funerals council (红白理事会) of a community, or a grid's patrol team.
    """

    id: str = attrs.field(validator=_fields.code)
    kind: str = attrs.field(validator=_fields.key)
    unit: str = attrs.field(validator=_fields.code)
    name_zh: str = attrs.field(validator=_fields.label)
    name_en: str = attrs.field(validator=_fields.label)
    members: tuple[str, ...] = attrs.field(default=(), converter=_fields.strs, validator=_fields.codes)


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


class Community:
    """The unit tree and the people of one community (or a whole county).

    Build it by adding units parent-first, then people; each addition is validated and a
    refused one leaves the structure as it was.
    """

    def __init__(self, levels: Sequence[Level] = DEFAULT_LEVELS) -> None:
        if not levels:
            msg = "Community: at least one level is required"
            raise DefinitionError(msg)
        seen = [lv.key for lv in levels]
        if len(set(seen)) != len(seen):
            msg = f"Community: level keys must be unique, got {seen}"
            raise DefinitionError(msg)
        self.levels: tuple[Level, ...] = tuple(levels)
        self._depth = {lv.key: i for i, lv in enumerate(self.levels)}
        self._units: dict[str, Unit] = {}
        self._lineage: dict[str, frozenset[str]] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._children: dict[str, list[str]] = {}
        self._people: dict[str, Person] = {}
        self._members: dict[str, list[str]] = {}
        self._associations: dict[str, Association] = {}
        self.root: str | None = None

    # -- building -------------------------------------------------------------------------
    def add_unit(self, unit: Unit) -> Unit:
        """Add ``unit`` below its parent (which must already be present)."""
        if unit.code in self._units:
            msg = f"unit code {unit.code!r} is already used by {self._units[unit.code].name_en!r}"
            raise DuplicateError(msg)
        depth = self._depth.get(unit.level)
        if depth is None:
            msg = (
                f"unit {unit.code!r}: unknown level {unit.level!r}"
                f"{_suggest(unit.level, self._depth)}; levels are {list(self._depth)}"
            )
            raise UnknownKeyError(msg)
        if unit.parent is None:
            if self.root is not None:
                msg = (
                    f"unit {unit.code!r} has no parent but the tree already has root "
                    f"{self.root!r}; give it a parent code"
                )
                raise DefinitionError(msg)
            ancestors: tuple[str, ...] = ()
        else:
            parent = self._units.get(unit.parent)
            if parent is None:
                msg = (
                    f"unit {unit.code!r}: parent {unit.parent!r} is not in the structure"
                    f"{_suggest(unit.parent, self._units)}; add parents before children"
                )
                raise UnknownKeyError(msg)
            if self._depth[parent.level] >= depth:
                msg = (
                    f"unit {unit.code!r} at level {unit.level!r} cannot sit below "
                    f"{parent.code!r} at level {parent.level!r}; a child must be at a deeper level"
                )
                raise DefinitionError(msg)
            ancestors = (*self._ancestors[parent.code], parent.code)
        self._units[unit.code] = unit
        self._ancestors[unit.code] = ancestors
        self._lineage[unit.code] = frozenset((*ancestors, unit.code))
        self._children[unit.code] = []
        self._members[unit.code] = []
        if unit.parent is None:
            self.root = unit.code
        else:
            self._children[unit.parent].append(unit.code)
        return unit

    def add_person(self, person: Person) -> Person:
        """Add ``person``; their household, if given, must be a unit already present."""
        if person.id in self._people:
            msg = f"person id {person.id!r} is already used by {self._people[person.id].name!r}"
            raise DuplicateError(msg)
        if person.household is not None and person.household not in self._units:
            msg = (
                f"person {person.id!r}: household {person.household!r} is not a unit of the "
                f"structure{_suggest(person.household, self._units)}"
            )
            raise UnknownKeyError(msg)
        self._people[person.id] = person
        if person.household is not None:
            for code in self._lineage[person.household]:
                self._members[code].append(person.id)
        return person

    def add_association(self, association: Association) -> Association:
        """Add an association; its unit and members must already be present."""
        if association.id in self._associations:
            msg = f"association id {association.id!r} is already used"
            raise DuplicateError(msg)
        self.unit(association.unit)
        for member in association.members:
            if member not in self._people:
                msg = f"association {association.id!r}: member {member!r} is not a person of the structure"
                raise UnknownKeyError(msg)
        self._associations[association.id] = association
        return association

    def extend(
        self,
        units: Iterable[Unit] = (),
        people: Iterable[Person] = (),
        associations: Iterable[Association] = (),
    ) -> None:
        for unit in units:
            self.add_unit(unit)
        for person in people:
            self.add_person(person)
        for association in associations:
            self.add_association(association)

    def association(self, association_id: str) -> Association:
        try:
            return self._associations[association_id]
        except KeyError:
            msg = f"unknown association {association_id!r}{_suggest(association_id, self._associations)}"
            raise UnknownKeyError(msg) from None

    @property
    def associations(self) -> Iterator[Association]:
        return iter(self._associations.values())

    # -- lookups ---------------------------------------------------------------------------
    def unit(self, code: str) -> Unit:
        try:
            return self._units[code]
        except KeyError:
            raise self.unknown_unit(code) from None

    def unknown_unit(self, code: str) -> UnknownKeyError:
        msg = (
            f"unknown unit code {code!r}{_suggest(code, self._units)}; use the code of a unit "
            "in the structure, or add the unit first with Community.add_unit"
        )
        return UnknownKeyError(msg)

    def person(self, person_id: str) -> Person:
        try:
            return self._people[person_id]
        except KeyError:
            raise self.unknown_person(person_id) from None

    def unknown_person(self, person_id: str) -> UnknownKeyError:
        msg = (
            f"unknown person {person_id!r}{_suggest(person_id, self._people)}; use the id of a "
            "person in the community, or add them first with Community.add_person"
        )
        return UnknownKeyError(msg)

    def has_unit(self, code: str) -> bool:
        return code in self._units

    def has_person(self, person_id: str) -> bool:
        return person_id in self._people

    def lineage(self, code: str) -> frozenset[str]:
        """The unit and all its ancestors, for O(1) containment tests."""
        try:
            return self._lineage[code]
        except KeyError:
            raise self.unknown_unit(code) from None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Ancestors of ``code`` from the root down to its parent."""
        try:
            return self._ancestors[code]
        except KeyError:
            raise self.unknown_unit(code) from None

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The unit at ``level`` that contains ``code`` (itself if it is at that level).

        ``None`` when no unit at that level contains it; an unknown level is an error (a
        misspelt level would otherwise look like "no such ancestor").
        """
        if level not in self._depth:
            msg = f"unknown level {level!r}{_suggest(level, self._depth)}; levels are {list(self._depth)}"
            raise UnknownKeyError(msg)
        if self.unit(code).level == level:
            return code
        for anc in self._ancestors[code]:
            if self._units[anc].level == level:
                return anc
        return None

    def within(self, inner: str, outer: str) -> bool:
        """True when unit ``inner`` is ``outer`` or lies below it."""
        return outer in self.lineage(inner)

    def children(self, code: str) -> tuple[str, ...]:
        self.unit(code)
        return tuple(self._children[code])

    def members(self, code: str) -> tuple[Person, ...]:
        """People whose household lies within unit ``code``."""
        self.unit(code)
        return tuple(self._people[p] for p in self._members[code])

    def units_at(self, level: str) -> tuple[Unit, ...]:
        if level not in self._depth:
            msg = f"unknown level {level!r}{_suggest(level, self._depth)}"
            raise UnknownKeyError(msg)
        return tuple(u for u in self._units.values() if u.level == level)

    def level_depth(self, level: str) -> int:
        try:
            return self._depth[level]
        except KeyError:
            msg = f"unknown level {level!r}{_suggest(level, self._depth)}"
            raise UnknownKeyError(msg) from None

    @property
    def units(self) -> Iterator[Unit]:
        return iter(self._units.values())

    @property
    def people(self) -> Iterator[Person]:
        return iter(self._people.values())

    def __len__(self) -> int:
        return len(self._units)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Community):
            return NotImplemented
        return self.levels == other.levels and self._units == other._units and self._people == other._people

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Community root={self.root!r} units={len(self._units)} people={len(self._people)}>"
