"""Issue workflows as data: states with categories, transitions with duties and guards.

A workflow is a finite state machine declared as values, so a plugin can extend it with new
states and transitions without touching core code (:meth:`Workflow.extended`).  Each state
has a :class:`Category` that metrics rely on, so statistics work on any plugin's workflow.
A transition names the action it performs, the states it may start from, the state it
leads to, the duty an actor must hold (by default the action itself) and the guards (named
checks, see :mod:`cogov.engine.guards`) that must pass.  A transition with no source states
is an intake: it creates the issue.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Mapping

import attrs

from cogov.errors import DefinitionError, DuplicateError, UnknownKeyError
from cogov.model import fields
from cogov.model.labels import Bilingual, Labelled

__all__ = ["Category", "State", "Transition", "Workflow"]


class Category(enum.Enum):
    """What a state means for metrics."""

    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed_unresolved"


@attrs.frozen
class State(Labelled):
    """A state an issue can be in, with the category (open, resolved, closed unresolved) metrics read."""

    category: Category = attrs.field(validator=attrs.validators.instance_of(Category))


def _duty_default(transition: Transition) -> str:
    return transition.action


@attrs.frozen
class Transition(Bilingual):
    """``action`` moves an issue from any of ``sources`` to ``target``."""

    action: str = attrs.field(validator=fields.key)
    sources: frozenset[str] = attrs.field(converter=fields.keyset, validator=fields.keys)
    target: str = attrs.field(validator=fields.key)
    zh: str = attrs.field(validator=fields.label)
    en: str = attrs.field(validator=fields.label)
    duty: str = attrs.field(default=attrs.Factory(_duty_default, takes_self=True), validator=fields.key)
    guards: tuple[str, ...] = attrs.field(default=(), converter=fields.strs)

    @property
    def is_intake(self) -> bool:
        return not self.sources


@attrs.frozen
class Workflow:
    """A validated issue state machine.

    Raises :class:`~cogov.errors.DefinitionError` when a transition names an unknown state,
    when two transitions share a (source, action) pair, or when there is no intake.
    """

    key: str = attrs.field(validator=fields.key)
    states: tuple[State, ...] = attrs.field(validator=fields.tuple_of(State))
    transitions: tuple[Transition, ...] = attrs.field(validator=fields.tuple_of(Transition))
    _state_index: Mapping[str, State] = attrs.field(init=False, eq=False, repr=False)
    _moves: Mapping[tuple[str | None, str], Transition] = attrs.field(init=False, eq=False, repr=False)
    _actions: Mapping[str, tuple[Transition, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, State] = {}
        for state in self.states:
            if state.key in index:
                msg = f"workflow {self.key!r}: state {state.key!r} is declared twice"
                raise DuplicateError(msg)
            index[state.key] = state
        moves: dict[tuple[str | None, str], Transition] = {}
        actions: dict[str, list[Transition]] = {}
        for tr in self.transitions:
            for name in (*tr.sources, tr.target):
                if name not in index:
                    msg = (
                        f"workflow {self.key!r}: transition {tr.action!r} refers to unknown "
                        f"state {name!r}; declare it in states"
                    )
                    raise DefinitionError(msg)
            for source in tr.sources or (None,):
                pair = (source, tr.action)
                if pair in moves:
                    msg = (
                        f"workflow {self.key!r}: action {tr.action!r} from state {source!r} is "
                        "declared by two transitions; an action must lead to one state"
                    )
                    raise DefinitionError(msg)
                moves[pair] = tr
            actions.setdefault(tr.action, []).append(tr)
        if not any(tr.is_intake for tr in self.transitions):
            msg = f"workflow {self.key!r} has no intake transition (one with no source states)"
            raise DefinitionError(msg)
        object.__setattr__(self, "_state_index", index)
        object.__setattr__(self, "_moves", moves)
        object.__setattr__(self, "_actions", {k: tuple(v) for k, v in actions.items()})

    # -- lookups used on the hot path ----------------------------------------------------
    def move(self, source: str | None, action: str) -> Transition | None:
        """The transition ``action`` takes from ``source`` (``None``: a new issue), if any."""
        return self._moves.get((source, action))

    def state(self, key: str) -> State:
        try:
            return self._state_index[key]
        except KeyError:
            msg = f"workflow {self.key!r} has no state {key!r}; states: {sorted(self._state_index)}"
            raise UnknownKeyError(msg) from None

    def has_action(self, action: str) -> bool:
        return action in self._actions

    def transitions_for(self, action: str) -> tuple[Transition, ...]:
        return self._actions.get(action, ())

    def allowed_actions(self, source: str | None) -> tuple[str, ...]:
        return tuple(sorted(a for (s, a) in self._moves if s == source))

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(self._actions)

    @property
    def duties(self) -> frozenset[str]:
        return frozenset(tr.duty for tr in self.transitions)

    def category(self, key: str) -> Category:
        return self.state(key).category

    # -- analysis -------------------------------------------------------------------------
    def reachable_states(self) -> frozenset[str]:
        """States an issue can reach from intake."""
        seen: set[str] = set()
        queue = deque(tr.target for tr in self.transitions if tr.is_intake)
        while queue:
            state = queue.popleft()
            if state in seen:
                continue
            seen.add(state)
            queue.extend(a_tr.target for (s, _), a_tr in self._moves.items() if s == state)
        return frozenset(seen)

    def unreachable_states(self) -> frozenset[str]:
        return frozenset(self._state_index) - self.reachable_states()

    def terminal_states(self) -> frozenset[str]:
        """States with no outgoing transition."""
        outgoing = {s for (s, _) in self._moves if s is not None}
        return frozenset(self._state_index) - outgoing

    # -- extension --------------------------------------------------------------------------
    def extended(
        self,
        key: str | None = None,
        states: Iterable[State] = (),
        transitions: Iterable[Transition] = (),
    ) -> Workflow:
        """A new workflow with extra states and transitions (validated as a whole)."""
        return Workflow(
            key or self.key,
            (*self.states, *states),
            (*self.transitions, *transitions),
        )
