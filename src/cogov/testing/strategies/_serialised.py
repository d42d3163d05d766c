"""Strategies for every serialised model and event type, built from their attrs fields.

Each field's strategy is chosen from its validator (keys, codes, labels, aware datetimes, …)
so a new event type is covered the day it is added to ``EVENT_TYPES``.  The values are
well-formed one by one, not consistent with each other (an appointment's unit need not
exist): they are for round trips through a codec, a schema or a store, where every value
must come back equal.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

from cogov import (
    ActivityKind,
    Appointment,
    AssociationKind,
    Category,
    Channel,
    Charter,
    IssueKind,
    Level,
    MeetingKind,
    OfficerPost,
    Person,
    RoleSet,
    RoleSpec,
    SatisfactionLevel,
    State,
    Transition,
    Unit,
    basic_charter,
)
from cogov.boundary.codec import CommunityDocument
from cogov.model.events import CORE_ACTIONS, Event
from cogov.model.structure import Association
from cogov.testing.strategies._charters import workflows
from cogov.testing.strategies._values import calendars, codes, keys, labels

__all__ = ["SERIALISED_VALUES", "community_documents", "events_of", "field_strategy", "values_of"]

# Fixed offsets, whole minutes, both signs: what ISO 8601 with offset can say.
_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
_aware = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1), timezones=_offsets)
_free_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
_key_sets = st.frozensets(keys(), max_size=4)
_finite = st.one_of(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10_000),
)


def _validator_names(validator: Any) -> set[str]:
    if validator is None:
        return set()
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        return set().union(*(_validator_names(v) for v in inner))
    optional = getattr(validator, "validator", None)
    if optional is not None:
        return {f"optional_{name}" for name in _validator_names(optional)}
    return {getattr(validator, "__name__", type(validator).__name__)}


def field_strategy(field: attrs.Attribute[Any]) -> st.SearchStrategy[Any]:
    """A strategy for one attrs field, read from its validator and type."""
    names = _validator_names(field.validator)
    by_validator: dict[str, st.SearchStrategy[Any]] = {
        "key": keys(),
        "code": codes(),
        "optional_code": st.none() | codes(),
        "optional_key": st.none() | keys(),
        "label": labels(),
        "text": _free_text,
        "aware": _aware,
        "optional_aware": st.none() | _aware,
        "codes": st.lists(codes(), max_size=4).map(tuple),
        "keys": _key_sets,
        "non_negative": _finite,
        "_positive_or_none": st.none() | st.integers(min_value=1, max_value=10_000),
        "_weight": st.none() | st.floats(min_value=0, max_value=1),
        "non_negative_int": st.integers(min_value=0, max_value=10**6),
        "field_changes": st.dictionaries(
            keys(), st.sampled_from(['"x"', "2.5", '["p-1"]', "null"]), min_size=1
        ).map(lambda d: tuple(d.items())),
        "_plugin_action": keys().filter(lambda k: k not in CORE_ACTIONS),
        "keyed_texts": st.dictionaries(keys(), labels(), max_size=3).map(lambda d: tuple(d.items())),
        "keyed_numbers": st.dictionaries(keys(), st.integers(0, 10_000).map(str), max_size=3).map(
            lambda d: tuple(d.items())
        ),
        "positive_int": st.integers(min_value=1, max_value=10_000),
        "_some_codes": st.lists(codes(), min_size=1, max_size=4, unique=True).map(tuple),
        "_posts": st.deferred(
            lambda: st.lists(values_of(OfficerPost), max_size=2, unique_by=lambda p: p.key).map(tuple)
        ),
    }
    for name, strategy in by_validator.items():
        if name in names:
            return strategy
    options = getattr(field.validator, "options", None)  # attrs.validators.in_
    if options is not None:
        return st.sampled_from(tuple(options))
    if field.type in (bool, "bool"):
        return st.booleans()
    if field.type in (str, "str"):
        return _free_text
    msg = f"no strategy for field {field.name!r} ({field.type!r}, validators {names})"
    raise TypeError(msg)


def values_of(cls: type[Any], **fixed: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Instances of the attrs class ``cls`` with every init field drawn by :func:`field_strategy`."""
    kwargs = {
        f.alias or f.name: fixed[f.name] if f.name in fixed else field_strategy(f)
        for f in attrs.fields(attrs.resolve_types(cls))
        if f.init
    }
    return st.builds(cls, **kwargs)


def events_of(cls: type[Event]) -> st.SearchStrategy[Event]:
    """Events of the class ``cls``, every field drawn from its validator."""
    return values_of(cls)


@st.composite
def _appointments(draw: st.DrawFn) -> Appointment:
    start = draw(_aware)
    end = draw(st.none() | st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=3000)))
    return Appointment(
        draw(codes()), draw(codes()), draw(keys()), draw(codes()), start, None if end is None else start + end
    )


@st.composite
def _role_sets(draw: st.DrawFn) -> RoleSet:
    roles = draw(st.lists(values_of(RoleSpec), max_size=4, unique_by=lambda r: r.key))
    return RoleSet(draw(keys()), tuple(roles))


def _unique(cls: type[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(values_of(cls), max_size=3, unique_by=lambda v: v.key).map(tuple)


@st.composite
def _charters(draw: st.DrawFn) -> Charter:
    """Charters that vary every serialised part around the basic charter's role set and levels."""
    base = basic_charter()
    level_keys = base.level_keys()
    meeting_kinds = st.lists(
        values_of(MeetingKind, level=st.sampled_from(level_keys)), max_size=3, unique_by=lambda v: v.key
    ).map(tuple)
    # officers take duties the role set knows; activities are named from the activity side
    duties = sorted({d for role in base.role_set for d in role.duties})
    posts = st.lists(
        values_of(OfficerPost, duties=st.frozensets(st.sampled_from(duties), max_size=3)),
        max_size=2,
        unique_by=lambda p: p.key,
    ).map(tuple)
    association_kinds = tuple(
        draw(
            st.lists(
                values_of(AssociationKind, posts=posts, activities=st.just(frozenset())),
                max_size=3,
                unique_by=lambda v: v.key,
            )
        )
    )
    activity = values_of(
        ActivityKind, association=st.none() | st.sampled_from([a.key for a in association_kinds] or [None])
    )
    return Charter(
        key=draw(keys()),
        zh=draw(labels()),
        en=draw(labels()),
        role_set=base.role_set,
        workflow=draw(workflows(max_states=4, max_transitions=6)),
        issue_kinds=draw(_unique(IssueKind)),
        channels=draw(_unique(Channel)),
        satisfaction_scale=draw(_unique(SatisfactionLevel)),
        meeting_kinds=draw(meeting_kinds),
        association_kinds=association_kinds,
        activity_kinds=tuple(draw(st.lists(activity, max_size=3, unique_by=lambda v: v.key))),
        calendar=draw(calendars()),
        worthies_association=draw(st.none() | st.sampled_from([a.key for a in association_kinds] or [None])),
    )


#: community documents (the codec's structure file) of well-formed parts
community_documents = st.builds(
    CommunityDocument,
    levels=st.lists(values_of(Level), min_size=1, max_size=3).map(tuple),
    units=st.lists(values_of(Unit), max_size=4).map(tuple),
    people=st.lists(values_of(Person), max_size=4).map(tuple),
    associations=st.lists(values_of(Association), max_size=2).map(tuple),
    appointments=st.lists(_appointments(), max_size=2).map(tuple),
)

#: every serialised model type (events are covered per class through ``events_of``)
SERIALISED_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "Level": values_of(Level),
    "Unit": values_of(Unit),
    "Person": values_of(Person),
    "Association": values_of(Association),
    "RoleSpec": values_of(RoleSpec),
    "RoleSet": _role_sets(),
    "Appointment": _appointments(),
    "State": values_of(State, category=st.sampled_from(Category)),
    "Transition": values_of(Transition, guards=st.lists(keys(), max_size=2).map(tuple)),
    "Workflow": workflows(),
    "IssueKind": values_of(IssueKind),
    "Channel": values_of(Channel),
    "MeetingKind": values_of(MeetingKind),
    "AssociationKind": values_of(AssociationKind),
    "OfficerPost": values_of(OfficerPost),
    "ActivityKind": values_of(ActivityKind),
    "SatisfactionLevel": values_of(SatisfactionLevel),
    "WorkingCalendar": calendars(),
    "Charter": _charters(),
    "CommunityDocument": community_documents,
}
