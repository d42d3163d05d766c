"""Strategies for workflows and charters (the basic charter, or one extended as a plugin would)."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter
from cogov.model.roles import RoleSpec
from cogov.model.workflow import Category, State, Transition, Workflow
from cogov.testing.strategies._values import keys, labels

__all__ = ["charters", "workflows"]


@st.composite
def workflows(draw: st.DrawFn, max_states: int = 8, max_transitions: int = 16) -> Workflow:
    """Valid workflows: unique states, one intake or more, no (source, action) declared twice."""
    states = draw(
        st.lists(
            st.builds(State, keys(), labels(), labels(), st.sampled_from(Category)),
            min_size=1,
            max_size=max_states,
            unique_by=lambda state: state.key,
        )
    )
    names = [s.key for s in states]
    actions = draw(st.lists(keys(), min_size=1, max_size=max_transitions, unique=True))
    transitions = []
    for index, action in enumerate(actions):
        sources = frozenset() if index == 0 else draw(st.frozensets(st.sampled_from(names), max_size=3))
        target = draw(st.sampled_from(names))
        transitions.append(Transition(action, sources, target, "动作", action.replace("_", " ")))
    return Workflow(draw(keys()), tuple(states), tuple(transitions))


@st.composite
def charters(draw: st.DrawFn, *, max_extra_states: int = 3) -> Charter:
    """The basic charter, or the basic charter extended the way a plugin extends it.

    An extension adds states, each entered by a new action from an open canonical state and
    left by another back into the workflow, and a community-level role (no requirements) whose
    duties are the new actions, so that :func:`appointments` can fill it.  Events for the new
    actions are :class:`~cogov.events.IssueActionTaken`.
    """
    charter = basic_charter()
    count = draw(st.integers(0, max_extra_states))
    if not count:
        return charter
    workflow = charter.workflow
    existing = {state.key for state in workflow.states}
    open_states = sorted(s.key for s in workflow.states if s.category is Category.OPEN)
    names = draw(st.lists(keys(max_size=10), min_size=count, max_size=count, unique=True))
    states, transitions, duties = [], [], set()
    for index, name in enumerate(names):
        key = f"x{index}_{name}"
        if key in existing:
            continue
        states.append(State(key, "扩展状态", f"extra state {index}", draw(st.sampled_from(Category))))
        enter, leave = f"enter_{key}", f"leave_{key}"
        sources = draw(st.lists(st.sampled_from(open_states), min_size=1, max_size=3, unique=True))
        transitions.append(Transition(enter, sources, key, "进入", f"enter {key}"))
        transitions.append(
            Transition(leave, [key], draw(st.sampled_from(open_states)), "离开", f"leave {key}")
        )
        duties |= {enter, leave}
    if not states:
        return charter
    extended = workflow.extended(key="extended", states=states, transitions=transitions)
    role = RoleSpec("extra_officer", "扩展专员", "extension officer", level="community", duties=duties)
    return attrs.evolve(
        charter, key="extended", workflow=extended, role_set=charter.role_set.merged("extended", [role])
    )
