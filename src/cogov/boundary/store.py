"""What an event store is: the small interface every backend implements.

A store keeps one community's ledger on disk: the community structure and initial
appointments it starts from, the charter it was recorded under (checked on open), and the
events, each with its chain hash and the batch that appended it.  Callers program against
:class:`EventStore`; :class:`~cogov.boundary.sqlite_store.SQLiteStore` is the embedded
default (one community per file) and :class:`~cogov.boundary.postgres_store.PostgresStore`
keeps many communities in one PostgreSQL database.  :mod:`cogov.testing.stores` is the suite
every implementation passes.

The contract every implementation keeps:

* :meth:`EventStore.append` validates the whole batch through a ledger first (an invalid
  event rejects the batch and nothing is written), then writes it in one transaction: after
  a crash a store holds a prefix of whole batches, never part of one.
* :meth:`EventStore.load` replays the stored events into a ledger: fully verified by default,
  or (``verify=False``) trusted, folding them without re-validating and with the stored hashes.
* :meth:`EventStore.verify` re-reads every event, checks it is exactly what cogov writes for
  it and recomputes the hash chain; it raises :class:`~cogov.errors.TamperedHistoryError`
  whose ``index`` is the first bad event.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

import attrs

from cogov.engine.checkpoints import Checkpoint
from cogov.engine.genesis import Genesis
from cogov.engine.ledger import Ledger
from cogov.errors import StoreError
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community

__all__ = ["Batch", "EventStore", "RecordedStore", "community_code"]


@attrs.frozen
class Batch:
    """One appended batch: its id, the sequence number of its first event, its size and head hash."""

    id: int
    first_seq: int
    count: int
    head: bytes = attrs.field(repr=lambda h: h.hex())

    @property
    def seqs(self) -> range:
        return range(self.first_seq, self.first_seq + self.count)


@runtime_checkable
class EventStore(Protocol):
    """A durable, append-only, hash-chained ledger of one community."""

    @property
    def charter(self) -> Charter:
        """The charter the store's events are validated and replayed under."""
        ...

    @property
    def community(self) -> Community:
        """The community structure the ledger starts from."""
        ...

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        """Appointments in force before the first event."""
        ...

    def __len__(self) -> int:
        """Number of events recorded (as of the last read or append)."""
        ...

    def append(self, events: Iterable[Event]) -> Batch:
        """Validate and durably record ``events`` as one all-or-nothing batch."""
        ...

    def events(self, start: int = 0) -> Iterator[Event]:
        """The recorded events from sequence number ``start`` on, in order."""
        ...

    def batches(self) -> tuple[Batch, ...]:
        """Every committed batch, in order."""
        ...

    @property
    def genesis(self) -> Genesis:
        """The record the ledger starts from (the chain's first link commits to it)."""
        ...

    def load(self, *, verify: bool | None = None) -> Ledger:
        """A ledger replayed from the store: fully verified (every event validated again, every
        stored hash compared) unless ``verify=False`` or the store was opened with ``verify=False``."""
        ...

    def verify(self, *, hashes_only: bool = False, checkpoint: Checkpoint | None = None) -> bytes:
        """Check every stored event, the hash chain and (unless ``hashes_only``) every event's
        meaning, the checkpoints stored and ``checkpoint``; return the head hash."""
        ...

    def checkpoint(self, *, private_key: bytes | None = None) -> Checkpoint:
        """Publish (store and return) a checkpoint of the store as it stands."""
        ...

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints published from this store, oldest first."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def community_code(structure: Community) -> str:
    """The code a store names ``structure``'s ledger by: its one unit at level ``community``,
    else its root unit (a database holding many ledgers tells them apart by it)."""
    found = structure.units_at("community")
    code = found[0].code if len(found) == 1 else structure.root
    if code is None:
        msg = "the community structure has no units, so it has no code; add its units first"
        raise StoreError(msg)
    return code


class RecordedStore(abc.ABC):
    """What every store answers alike from what it opened: its charter, genesis record,
    community, initial appointments and event count (a base of the stores, not an interface).

    A subclass sets ``_charter``, ``_genesis``, ``_count`` and ``_ledger`` (the ledger
    folded so far, or ``None``) and builds its ledger in ``_build_ledger``.
    """

    _charter: Charter
    _genesis: Genesis
    _count: int
    _ledger: Ledger | None

    @abc.abstractmethod
    def _build_ledger(self) -> Ledger:
        """The store's ledger, folded from its stored events."""

    @property
    def charter(self) -> Charter:
        return self._charter

    @property
    def genesis(self) -> Genesis:
        """The record the ledger starts from (the chain's first link commits to it)."""
        return self._genesis

    @property
    def community(self) -> Community:
        """The community as the recorded events have made it (read-only: change it with events)."""
        return (self._ledger or self._build_ledger()).community

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        """The appointments in force when the ledger began (later ones are events)."""
        return self._genesis.appointments

    def __len__(self) -> int:
        return self._count
