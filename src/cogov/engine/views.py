"""Read-only views of a ledger's recorded events: as recorded, and as corrected since.

Both are sequences over the ledger's own list (no copy of a million events); the corrected
view applies, at each position an :class:`~cogov.model.events.EventCorrected` cites, the
corrections recorded after it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from cogov.engine.state import State
from cogov.model.events import Event

__all__ = ["CorrectedEventsView", "EventsView"]


class EventsView(Sequence[Event]):
    """A read-only view of the recorded events (no copy of a million-event list)."""

    __slots__ = ("_events",)

    def __init__(self, events: list[Event]) -> None:
        self._events = events

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)


class CorrectedEventsView(EventsView):
    """The recorded events with the corrections recorded after them applied.

    Position ``i`` holds event ``i`` as corrected (or as recorded, when nothing corrected it);
    the corrections themselves stay in their own positions.
    """

    __slots__ = ("_state",)

    def __init__(self, events: list[Event], state: State) -> None:
        super().__init__(events)
        self._state = state

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._events)))]
        if index < 0:
            index += len(self._events)
        if index in self._state.corrections:
            return self._state.effective(index, self._events)
        return self._events[index]

    def __iter__(self) -> Iterator[Event]:
        corrections = self._state.corrections
        if not corrections:
            return iter(self._events)
        return (self[i] if i in corrections else e for i, e in enumerate(self._events))
