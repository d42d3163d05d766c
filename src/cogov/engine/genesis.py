"""The genesis record: what a ledger starts from, committed to by the first link of its chain.

A ledger's meaning depends on more than its events: the charter it runs under, the community
(units, people, attributes, associations) and the appointments in force when it began, when
it began, and how it keeps time.  The genesis record holds all of it (the charter as a
digest: the charter itself is code and data that plugins assemble) and its digest is the
chain's root: event 0 is hashed onto it, so :meth:`Ledger.verify
<cogov.engine.ledger.Ledger.verify>` covers the genesis as it covers every event, and an
empty ledger's head is the genesis digest itself.

Three clocks:

* ``"wall"``: events are recorded at the time a wall clock gives (a store in use).  The
  recorded time of each event is in the chain.
* ``"events"``: the ledger's clock follows the events (an archive of past records): an
  event's recorded time is the latest ``at`` so far, and nothing later than the wall clock
  is accepted.
* ``"simulated"``: the same, for a simulation, whose years may lie in the future.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from cogov.engine.chain import canonical_value, digest
from cogov.errors import DefinitionError, InvalidFieldError
from cogov.model import fields
from cogov.model.charter import Charter
from cogov.model.roles import Appointment
from cogov.model.structure import Association, Community, Level, Person, Unit

__all__ = ["GENESIS_VERSION", "ClockKind", "Genesis", "charter_digest"]

#: the version of the ledger format the genesis record opens (1 had no genesis in its chain)
GENESIS_VERSION: Final = 2

ClockKind = Literal["wall", "events", "simulated"]


def charter_digest(charter: Charter) -> str:
    """The hex digest of a charter's data (its rules are code, and are left out)."""
    return digest(canonical_value(attrs.evolve(charter, rules=()))).hex()


def _clock_kind(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ("wall", "events", "simulated"):
        msg = f"Genesis.clock: expected 'wall', 'events' or 'simulated', got {value!r}"
        raise InvalidFieldError(msg)


def _hex_key(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        msg = f"Genesis.public_key: expected 64 lowercase hex digits (an Ed25519 public key), got {value!r}"
        raise InvalidFieldError(msg)


@attrs.frozen(kw_only=True)
class Genesis:
    """The start of a ledger: charter digest, community, appointments, creation time, clock."""

    ledger_version: int = GENESIS_VERSION
    charter_key: str = attrs.field(validator=fields.key)
    charter_digest: str = attrs.field(validator=fields.label)
    levels: tuple[Level, ...] = attrs.field(validator=fields.tuple_of(Level))
    units: tuple[Unit, ...] = attrs.field(validator=fields.tuple_of(Unit))
    people: tuple[Person, ...] = attrs.field(default=(), validator=fields.tuple_of(Person))
    associations: tuple[Association, ...] = attrs.field(default=(), validator=fields.tuple_of(Association))
    appointments: tuple[Appointment, ...] = attrs.field(default=(), validator=fields.tuple_of(Appointment))
    #: when the ledger began (``None``: a ledger whose clock follows its events starts at its first)
    created_at: datetime | None = attrs.field(default=None, validator=fields.optional_aware)
    clock: ClockKind = attrs.field(default="events", validator=_clock_kind)
    #: the hex Ed25519 public key whose signatures on checkpoints this ledger accepts
    public_key: str | None = attrs.field(default=None, validator=_hex_key)
    #: free text, e.g. where an upgraded ledger came from
    note: str = attrs.field(default="", validator=fields.text)

    @classmethod
    def of(
        cls,
        charter: Charter,
        community: Community,
        appointments: tuple[Appointment, ...] = (),
        *,
        created_at: datetime | None = None,
        clock: ClockKind = "events",
        public_key: str | None = None,
        note: str = "",
    ) -> Genesis:
        """The genesis record of a new ledger of ``community`` under ``charter``."""
        if community._retired or community._left:
            msg = "a genesis community lists only units in use and people on the register"
            raise InvalidFieldError(msg)
        made = cls(
            charter_key=charter.key,
            charter_digest=charter_digest(charter),
            levels=community.levels,
            units=tuple(community.units),
            people=tuple(community.people),
            associations=tuple(community.associations),
            appointments=tuple(appointments),
            created_at=created_at,
            clock=clock,
            public_key=public_key,
            note=note,
        )
        # The record is built from this very community: keep a copy rather than rebuild it.
        made._cache["community"] = community.copy()
        return made

    #: the digest and the built community, computed once (the record is immutable)
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def check_charter(self, charter: Charter) -> None:
        """Raise unless ``charter`` is the one this ledger was recorded under (by digest)."""
        given = charter_digest(charter)
        if given != self.charter_digest:
            msg = (
                f"this ledger was recorded under charter {self.charter_key!r} (digest "
                f"{self.charter_digest[:16]}…); the charter given ({charter.key!r}, digest {given[:16]}…) "
                "differs. Use the charter it was recorded under"
            )
            raise DefinitionError(msg)

    def community(self) -> Community:
        """A fresh (unfrozen) community built from the record."""
        built = self._cache.get("community")
        if built is None:
            built = Community(self.levels)
            built.extend(self.units, self.people, self.associations)
            self._cache["community"] = built
        return built.copy()

    def digest(self) -> bytes:
        """The chain's root: event 0 is hashed onto it."""
        found = self._cache.get("digest")
        if found is None:
            found = self._cache["digest"] = digest(canonical_value(self))
        return found
