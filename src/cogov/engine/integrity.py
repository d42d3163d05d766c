"""The ledger's hash chain as it keeps it: events, their hashes, their recorded times, the head.

The chain primitives (canonical encoding, :func:`~cogov.engine.chain.chain_hash`) live in
:mod:`cogov.engine.chain`.  :class:`Chain` is the bookkeeping: one 16-byte hash per event in
a ``bytearray``, the recorded time of each event (microseconds since the epoch, for a ledger
on a wall clock), and the head.  The root is the genesis digest, so the first link commits to
the genesis record.

For a ledger on a wall clock the recorded time is hashed with the event: event ``i`` is hashed
onto ``h[i-1]`` followed by its recorded time, so rewriting when an event was recorded breaks
the chain as surely as rewriting the event.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from cogov.engine.chain import chain_hash
from cogov.errors import UnknownKeyError
from cogov.model.events import Event

__all__ = ["Chain", "from_micros", "link", "micros"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def micros(at: datetime) -> int:
    """An aware datetime as whole microseconds since the epoch (how recorded times are kept)."""
    return (at - _EPOCH) // _MICRO


def from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def link(previous: bytes, recorded: int | None) -> bytes:
    """What event ``i`` is hashed onto: ``h[i-1]``, then its recorded time on a wall clock."""
    if recorded is None:
        return previous
    return previous + recorded.to_bytes(8, "big", signed=True)


class Chain:
    """The recorded events of one ledger with their hashes and (on a wall clock) recorded times."""

    __slots__ = ("_root", "_root_of", "events", "hashes", "head", "recorded")

    def __init__(self, root_of: Callable[[], bytes], *, wall: bool) -> None:
        # The root (the genesis digest) is computed when first needed: a trusted replay with
        # stored hashes never needs it (why: digesting a county's genesis costs as much as
        # folding tens of thousands of events).
        self._root_of = root_of
        self._root: bytes | None = None
        #: the last event's hash; empty until there is one (the root stands for it then)
        self.head = b""
        self.events: list[Event] = []
        self.hashes = bytearray()
        #: recorded times in microseconds since the epoch (a ledger on a wall clock), else None
        self.recorded: array[int] | None = array("q") if wall else None

    def __len__(self) -> int:
        return len(self.events)

    @property
    def root(self) -> bytes:
        if self._root is None:
            self._root = self._root_of()
        return self._root

    def current(self) -> bytes:
        """The hash the next event is chained to: the head, or the root before any event."""
        self.catch_up()
        return self.head or self.root

    def catch_up(self) -> None:
        """Hash the events that have no stored hash yet (after a trusted replay without hashes)."""
        hashes, events, recorded = self.hashes, self.events, self.recorded
        if len(hashes) == 16 * len(events):
            return
        head = self.head or self.root
        for seq in range(len(hashes) // 16, len(events)):
            head = chain_hash(link(head, None if recorded is None else recorded[seq]), events[seq])
            hashes += head
        self.head = head

    def hash_of(self, seq: int) -> bytes:
        """The hash of event ``seq``."""
        self.catch_up()
        if not 0 <= seq < len(self.events):
            msg = f"no event #{seq}; the ledger holds {len(self.events)}"
            raise UnknownKeyError(msg)
        return bytes(self.hashes[16 * seq : 16 * seq + 16])

    def previous_hash(self, seq: int) -> bytes:
        return self.root if seq == 0 else self.hash_of(seq - 1)

    def adopt(self, hashes: bytes) -> None:
        """Take stored hashes for the events folded so far (a trusted replay)."""
        self.hashes = bytearray(hashes)
        self.head = bytes(hashes[-16:])

    def extend_recorded(self, values: Iterable[int]) -> None:
        assert self.recorded is not None
        self.recorded.extend(values)

    def truncate(self, count: int, hashed: int, head: bytes) -> None:
        """Drop everything after the first ``count`` events (a batch rolled back)."""
        del self.events[count:]
        del self.hashes[hashed:]
        if self.recorded is not None:
            del self.recorded[count:]
        self.head = head
