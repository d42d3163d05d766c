"""Whole histories: a charter, a community, appointments and a legal history under them.

(Named apart from :class:`cogov.simulation.Scenario`, a simulation's parameters.)
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from cogov.engine.ledger import Ledger
from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter
from cogov.model.events import Event
from cogov.model.roles import Appointment
from cogov.model.structure import Community
from cogov.testing.strategies._events import event_sequences
from cogov.testing.strategies._structure import appointments, communities

__all__ = ["History", "histories"]


@attrs.frozen
class History:
    """A charter, a community, appointments and a legal history of events under them."""

    charter: Charter = attrs.field(repr=lambda charter: f"<charter {charter.key!r}>")
    community: Community = attrs.field(eq=False)
    appointments: tuple[Appointment, ...]
    events: tuple[Event, ...]

    def ledger(self) -> Ledger:
        """A fresh ledger with every event of the history applied."""
        ledger = Ledger(self.charter, self.community, appointments=self.appointments)
        for event in self.events:
            ledger.apply(event)
        return ledger


@st.composite
def histories(
    draw: st.DrawFn,
    charter: Charter | None = None,
    *,
    max_events: int = 30,
    max_units: int = 16,
) -> History:
    """A whole :class:`History` (default: the basic charter).

    Every role with an eligible person and a unit at its level gets at least one holder.
    """
    charter = charter if charter is not None else basic_charter()
    community = draw(communities(charter.levels, max_units=max_units, min_people=2))
    made = draw(appointments(community, charter.role_set, min_per_role=1))
    events = draw(event_sequences(charter, community, made, max_size=max_events))
    return History(charter, community, tuple(made), tuple(events))
