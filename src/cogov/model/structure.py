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

from cogov.errors import DefinitionError, DuplicateError, FrozenError, InvalidFieldError, UnknownKeyError
from cogov.model import fields
from cogov.model.labels import Labelled

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
class Level(Labelled):
    """One level of the unit tree, e.g. ``grid`` (网格)."""


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

    code: str = attrs.field(validator=fields.code)
    level: str = attrs.field(validator=fields.key)
    name_zh: str = attrs.field(validator=fields.label)
    name_en: str = attrs.field(validator=fields.label)
    parent: str | None = attrs.field(default=None, validator=fields.optional_code)


@attrs.frozen
class Person:
    """A resident or official.  ``household`` is the code of the household unit they belong to.

    Officials who live elsewhere (sunk cadres, town cadres, lawyers) may have no household.
    """

    id: str = attrs.field(validator=fields.code)
    name: str = attrs.field(validator=fields.label)
    household: str | None = attrs.field(default=None, validator=fields.optional_code)
    attributes: frozenset[str] = attrs.field(
        default=frozenset(), converter=fields.keyset, validator=fields.keys
    )

    def has(self, attribute: str) -> bool:
        return attribute in self.attributes


@attrs.frozen
class Association:
    """An association or volunteer team of ``kind`` based at ``unit``, with its members.

    E.g. the weddings-and-funerals council (红白理事会) of a community, or a grid's patrol team.
    """

    id: str = attrs.field(validator=fields.code)
    kind: str = attrs.field(validator=fields.key)
    unit: str = attrs.field(validator=fields.code)
    name_zh: str = attrs.field(validator=fields.label)
    name_en: str = attrs.field(validator=fields.label)
    members: tuple[str, ...] = attrs.field(default=(), converter=fields.strs, validator=fields.codes)


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
        self._retired: set[str] = set()
        self._left: set[str] = set()
        self._frozen = False
        self.root: str | None = None

    # -- building -------------------------------------------------------------------------
    def freeze(self) -> None:
        """Refuse every later change through the public methods.

        A ledger freezes the community it exposes: its register and structure change only by
        recorded events (``PersonRegistered``, ``UnitMoved``, …), which the ledger's fold
        applies through the underscored methods below.
        """
        self._frozen = True

    @property
    def frozen(self) -> bool:
        return self._frozen

    def _refuse_if_frozen(self, what: str) -> None:
        if self._frozen:
            msg = (
                f"cannot {what}: this community belongs to a ledger, and a ledger's register and "
                "structure change only by recorded events (UnitAdded, UnitMoved, UnitRetired, "
                "PersonRegistered, PersonMoved, PersonLeft, AttributeSet, AttributeCleared, "
                "AssociationFormed, MemberJoined, MemberLeft); apply one to the ledger or store"
            )
            raise FrozenError(msg)

    def copy(self) -> Community:
        """An unfrozen copy with the same levels, units, people and associations."""
        other = Community(self.levels)
        other._units = dict(self._units)
        other._lineage = dict(self._lineage)
        other._ancestors = dict(self._ancestors)
        other._children = {k: list(v) for k, v in self._children.items()}
        other._people = dict(self._people)
        other._members = {k: list(v) for k, v in self._members.items()}
        other._associations = dict(self._associations)
        other._retired = set(self._retired)
        other._left = set(self._left)
        other.root = self.root
        return other

    def add_unit(self, unit: Unit) -> Unit:
        """Add ``unit`` below its parent (which must already be present)."""
        self._refuse_if_frozen(f"add unit {unit.code!r}")
        return self._add_unit(unit)

    def check_unit(self, unit: Unit) -> None:
        """Raise unless ``unit`` could be added now (it changes nothing)."""
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
            return
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
        if parent.code in self._retired:
            msg = f"unit {unit.code!r}: parent {parent.code!r} is retired; choose a unit in use"
            raise DefinitionError(msg)

    def _add_unit(self, unit: Unit) -> Unit:
        self.check_unit(unit)
        ancestors = () if unit.parent is None else (*self._ancestors[unit.parent], unit.parent)
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
        self._refuse_if_frozen(f"add person {person.id!r}")
        return self._add_person(person)

    def check_person(self, person: Person) -> None:
        """Raise unless ``person`` could be added now (it changes nothing)."""
        if person.id in self._people:
            msg = f"person id {person.id!r} is already used by {self._people[person.id].name!r}"
            raise DuplicateError(msg)
        if person.household is not None and person.household not in self._units:
            msg = (
                f"person {person.id!r}: household {person.household!r} is not a unit of the "
                f"structure{_suggest(person.household, self._units)}"
            )
            raise UnknownKeyError(msg)
        if person.household is not None:
            self.unit_in_use(person.household, f"person {person.id!r}: household")

    def _add_person(self, person: Person) -> Person:
        self.check_person(person)
        self._people[person.id] = person
        if person.household is not None:
            for code in self._lineage[person.household]:
                self._members[code].append(person.id)
        return person

    def add_association(self, association: Association) -> Association:
        """Add an association; its unit and members must already be present."""
        self._refuse_if_frozen(f"add association {association.id!r}")
        return self._add_association(association)

    def check_association(self, association: Association) -> None:
        """Raise unless ``association`` could be added now (it changes nothing)."""
        if association.id in self._associations:
            msg = f"association id {association.id!r} is already used"
            raise DuplicateError(msg)
        self.unit(association.unit)
        for member in association.members:
            if member not in self._people:
                msg = f"association {association.id!r}: member {member!r} is not a person of the structure"
                raise UnknownKeyError(msg)

    def _add_association(self, association: Association) -> Association:
        self.check_association(association)
        self._associations[association.id] = association
        return association

    # -- register and structure changes (applied by a ledger's fold, checked first) -----------
    def unit_in_use(self, code: str, what: str = "unit") -> Unit:
        """The unit, which must be in use (not retired); ``what`` names it in the error."""
        unit = self._units.get(code)
        if unit is None:
            raise self.unknown_unit(code)
        if code in self._retired:
            msg = f"{what} {code!r} is a retired unit; use a unit in use"
            raise InvalidFieldError(msg)
        return unit

    def present_person(self, person_id: str) -> Person:
        """The person, who must still be on the register (not left)."""
        person = self._people.get(person_id)
        if person is None:
            raise self.unknown_person(person_id)
        if person_id in self._left:
            msg = f"person {person_id!r} has left the register; a person who left takes no new part"
            raise InvalidFieldError(msg)
        return person

    def check_move_unit(self, code: str, parent: str) -> None:
        unit = self.unit_in_use(code, "unit")
        target = self.unit_in_use(parent, "new parent")
        if unit.parent is None:
            msg = f"unit {code!r} is the root of the structure; it cannot move"
            raise DefinitionError(msg)
        if parent == unit.parent:
            msg = f"unit {code!r} is already below {parent!r}"
            raise DefinitionError(msg)
        if code in self._lineage[parent]:
            msg = f"unit {code!r} cannot move below {parent!r}, which lies within it"
            raise DefinitionError(msg)
        if self._depth[target.level] >= self._depth[unit.level]:
            msg = (
                f"unit {code!r} at level {unit.level!r} cannot sit below {parent!r} at level "
                f"{target.level!r}; a child must be at a deeper level"
            )
            raise DefinitionError(msg)

    def _move_unit(self, code: str, parent: str) -> None:
        unit = self._units[code]
        old_parent = unit.parent
        assert old_parent is not None
        people = list(self._members[code])
        for person_id in people:  # out of the old ancestors' member lists
            for anc in self._ancestors[code]:
                self._members[anc].remove(person_id)
        self._children[old_parent].remove(code)
        self._children[parent].append(code)
        self._units[code] = attrs.evolve(unit, parent=parent)
        self._reindex(code)
        for person_id in people:
            for anc in self._ancestors[code]:
                self._members[anc].append(person_id)

    def _reindex(self, code: str) -> None:
        parent = self._units[code].parent
        assert parent is not None
        ancestors = (*self._ancestors[parent], parent)
        self._ancestors[code] = ancestors
        self._lineage[code] = frozenset((*ancestors, code))
        for child in self._children[code]:
            self._reindex(child)

    def check_retire_unit(self, code: str) -> None:
        unit = self.unit_in_use(code, "unit")
        if unit.parent is None:
            msg = f"unit {code!r} is the root of the structure; it cannot be retired"
            raise DefinitionError(msg)
        live = [c for c in self._children[code] if c not in self._retired]
        if live:
            msg = f"unit {code!r} still has units in use below it ({', '.join(live[:5])}); move or retire them first"
            raise DefinitionError(msg)
        present = [p for p in self._members[code] if p not in self._left]
        if present:
            msg = f"unit {code!r} still has {len(present)} registered people; move them or record that they left first"
            raise DefinitionError(msg)

    def _remove_unit(self, code: str) -> None:
        """Take back the last unit added (a rolled-back batch); it has no children or people."""
        unit = self._units.pop(code)
        del self._ancestors[code], self._lineage[code], self._children[code], self._members[code]
        if unit.parent is None:
            self.root = None
        else:
            self._children[unit.parent].remove(code)

    def _remove_person(self, person_id: str) -> None:
        """Take back a person added (a rolled-back batch)."""
        self._move_person(person_id, None)
        del self._people[person_id]

    def _retire_unit(self, code: str) -> None:
        self._retired.add(code)

    def is_retired(self, code: str) -> bool:
        self.unit(code)
        return code in self._retired

    def check_move_person(self, person_id: str, household: str) -> None:
        person = self.present_person(person_id)
        self.unit_in_use(household, f"person {person_id!r}: household")
        if person.household == household:
            msg = f"person {person_id!r} already lives in {household!r}"
            raise DefinitionError(msg)

    def _move_person(self, person_id: str, household: str | None) -> None:
        person = self._people[person_id]
        if person.household is not None:
            for code in self._lineage[person.household]:
                self._members[code].remove(person_id)
        self._people[person_id] = attrs.evolve(person, household=household)
        if household is not None:
            for code in self._lineage[household]:
                self._members[code].append(person_id)

    def _mark_left(self, person_id: str) -> None:
        self._left.add(person_id)

    def has_left(self, person_id: str) -> bool:
        self.person(person_id)
        return person_id in self._left

    def _set_attributes(self, person_id: str, attributes: frozenset[str]) -> None:
        self._people[person_id] = attrs.evolve(self._people[person_id], attributes=attributes)

    def _set_members(self, association_id: str, members: tuple[str, ...]) -> None:
        self._associations[association_id] = attrs.evolve(self._associations[association_id], members=members)

    def extend(
        self,
        units: Iterable[Unit] = (),
        people: Iterable[Person] = (),
        associations: Iterable[Association] = (),
    ) -> None:
        self._refuse_if_frozen("extend the community")
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
        return (
            self.levels == other.levels
            and self._units == other._units
            and self._people == other._people
            and self._associations == other._associations
            and self._retired == other._retired
            and self._left == other._left
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Community root={self.root!r} units={len(self._units)} people={len(self._people)}>"
