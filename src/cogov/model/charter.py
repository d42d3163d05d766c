"""The charter: the assembled configuration of one community.

Levels, role set, workflow, issue kinds, channels, meeting kinds, association and activity
kinds, satisfaction scale, working-day calendar, recording rules and evaluation rules.  Plugins contribute
the parts; the charter is built once and handed to the engine, so nothing is looked up from
plugins per event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

from cogov.errors import DefinitionError, DuplicateError, UnknownKeyError
from cogov.model import fields
from cogov.model.added_fields import added
from cogov.model.community_duties import COMMUNITY_SERVICE_DUTIES
from cogov.model.deadlines import SupervisionRules
from cogov.model.labels import Labelled
from cogov.model.property import PropertyRemit
from cogov.model.recording import RecordingRules
from cogov.model.roles import RoleSet
from cogov.model.structure import DEFAULT_LEVELS, Level
from cogov.model.vocabulary import (
    ActivityKind,
    AssociationKind,
    Channel,
    IssueKind,
    MeetingKind,
    SatisfactionLevel,
)
from cogov.model.workdays import WorkingCalendar
from cogov.model.workflow import Workflow

__all__ = ["Charter"]

_K = TypeVar("_K", IssueKind, Channel, MeetingKind, AssociationKind, ActivityKind, SatisfactionLevel)


def _index(owner: str, what: str, items: Sequence[_K]) -> dict[str, _K]:
    index: dict[str, _K] = {}
    for item in items:
        if item.key in index:
            msg = f"charter {owner!r}: {what} {item.key!r} is declared twice"
            raise DuplicateError(msg)
        index[item.key] = item
    return index


def _lookup(owner: str, what: str, index: Mapping[str, _K], key: str) -> _K:
    try:
        return index[key]
    except KeyError:
        msg = f"charter {owner!r} has no {what} {key!r}; known: {sorted(index)}"
        raise UnknownKeyError(msg) from None


@attrs.frozen
class Charter(Labelled):
    """Everything the engine needs to know about how one community governs itself."""

    role_set: RoleSet
    workflow: Workflow
    issue_kinds: tuple[IssueKind, ...] = attrs.field(validator=fields.tuple_of(IssueKind))
    channels: tuple[Channel, ...] = attrs.field(validator=fields.tuple_of(Channel))
    satisfaction_scale: tuple[SatisfactionLevel, ...] = attrs.field(
        validator=fields.tuple_of(SatisfactionLevel)
    )
    levels: tuple[Level, ...] = attrs.field(default=DEFAULT_LEVELS, validator=fields.tuple_of(Level))
    meeting_kinds: tuple[MeetingKind, ...] = attrs.field(default=(), validator=fields.tuple_of(MeetingKind))
    association_kinds: tuple[AssociationKind, ...] = attrs.field(
        default=(), validator=fields.tuple_of(AssociationKind)
    )
    activity_kinds: tuple[ActivityKind, ...] = attrs.field(
        default=(), validator=fields.tuple_of(ActivityKind)
    )
    calendar: WorkingCalendar = attrs.Factory(WorkingCalendar)
    #: how late an event may be recorded after it happened, and the clock skew tolerated
    recording: RecordingRules = attrs.Factory(RecordingRules)
    #: evaluation rules (see cogov.engine rules); typed loosely so the model stays engine-free
    rules: tuple[Any, ...] = attrs.field(default=(), validator=attrs.validators.instance_of(tuple))
    #: the meeting kind an escalation (提交例会) must cite when it cites one (None: any kind)
    escalation_meeting: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(fields.key)
    )
    #: step deadlines, cards and extensions (督办); None: nothing is supervised
    supervision: SupervisionRules | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SupervisionRules))
    )
    #: the association kind of local worthies (乡贤协会) whose members may join mediation (None:
    #: none may); added after charters were recorded, so left out of the digest while None
    worthies_association: str | None = added(
        "0.1.0", default=None, validator=attrs.validators.optional(fields.key)
    )
    #: red property management (红色物业): what may be routed to property companies; None: nothing
    property_remit: PropertyRemit | None = added(  # noqa: RUF009 - an attrs field declaration, as attrs.field
        "0.1.0",
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(PropertyRemit)),
    )
    _kinds: dict[str, IssueKind] = attrs.field(init=False, eq=False, repr=False)
    _channels: dict[str, Channel] = attrs.field(init=False, eq=False, repr=False)
    _meetings: dict[str, MeetingKind] = attrs.field(init=False, eq=False, repr=False)
    _associations: dict[str, AssociationKind] = attrs.field(init=False, eq=False, repr=False)
    _activities: dict[str, ActivityKind] = attrs.field(init=False, eq=False, repr=False)
    _satisfaction: dict[str, SatisfactionLevel] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        k = self.key
        object.__setattr__(self, "_kinds", _index(k, "issue kind", self.issue_kinds))
        object.__setattr__(self, "_channels", _index(k, "channel", self.channels))
        object.__setattr__(self, "_meetings", _index(k, "meeting kind", self.meeting_kinds))
        object.__setattr__(self, "_associations", _index(k, "association kind", self.association_kinds))
        object.__setattr__(self, "_activities", _index(k, "activity kind", self.activity_kinds))
        object.__setattr__(self, "_satisfaction", _index(k, "satisfaction level", self.satisfaction_scale))
        level_keys = [lv.key for lv in self.levels]
        self.role_set.check_levels(level_keys)
        for mk in self.meeting_kinds:
            if mk.level not in level_keys:
                msg = f"charter {k!r}: meeting kind {mk.key!r} is held at unknown level {mk.level!r}"
                raise DefinitionError(msg)
        if self.escalation_meeting is not None and self.escalation_meeting not in self._meetings:
            msg = (
                f"charter {k!r}: escalation_meeting {self.escalation_meeting!r} is not one of its "
                f"meeting kinds {sorted(self._meetings)}"
            )
            raise DefinitionError(msg)
        if self.supervision is not None:
            self.supervision.check(self.workflow, self._kinds, k)
        if self.property_remit is not None:
            self.property_remit.check(
                self.workflow, self._kinds, self._associations, (r.key for r in self.role_set), k
            )
        for ak in self.activity_kinds:
            if ak.association is not None and ak.association not in self._associations:
                msg = (
                    f"charter {k!r}: activity kind {ak.key!r} names unknown association kind "
                    f"{ak.association!r}"
                )
                raise DefinitionError(msg)
        self._check_association_kinds()

    def _check_association_kinds(self) -> None:
        """Association kinds name known activity kinds and give their officers known duties."""
        k = self.key
        known_duties = (
            {duty for role in self.role_set for duty in role.duties}
            | self.workflow.duties
            | COMMUNITY_SERVICE_DUTIES
            | {ak.duty for ak in self.activity_kinds}
            | {mk.duty for mk in self.meeting_kinds}
        )
        for kind in self.association_kinds:
            for activity in sorted(kind.activities):
                if activity not in self._activities:
                    msg = (
                        f"charter {k!r}: association kind {kind.key!r} holds unknown activity kind "
                        f"{activity!r}; known: {sorted(self._activities)}"
                    )
                    raise DefinitionError(msg)
                named = self._activities[activity].association
                if named is not None and named != kind.key:
                    msg = (
                        f"charter {k!r}: association kind {kind.key!r} holds activity kind {activity!r}, "
                        f"which belongs to association kind {named!r}; leave its association unset to share it"
                    )
                    raise DefinitionError(msg)
            for post in kind.posts:
                for duty in sorted(post.duties - known_duties):
                    msg = (
                        f"charter {k!r}: officer post {post.key!r} of association kind {kind.key!r} "
                        f"grants unknown duty {duty!r}; give a duty a role, an activity or meeting kind, "
                        "the workflow or the community's services use"
                    )
                    raise DefinitionError(msg)
        if self.worthies_association is not None and self.worthies_association not in self._associations:
            msg = (
                f"charter {k!r}: worthies_association {self.worthies_association!r} is not one of its "
                f"association kinds {sorted(self._associations)}"
            )
            raise DefinitionError(msg)

    def holds_activity(self, association_kind: str, activity_kind: str) -> bool:
        """Whether an association of ``association_kind`` holds activities of ``activity_kind``."""
        activity = self.activity_kind(activity_kind)
        if activity.association == association_kind:
            return True
        return activity_kind in self.association_kind(association_kind).activities

    def issue_kind(self, key: str) -> IssueKind:
        return _lookup(self.key, "issue kind", self._kinds, key)

    def channel(self, key: str) -> Channel:
        return _lookup(self.key, "channel", self._channels, key)

    def meeting_kind(self, key: str) -> MeetingKind:
        return _lookup(self.key, "meeting kind", self._meetings, key)

    def association_kind(self, key: str) -> AssociationKind:
        return _lookup(self.key, "association kind", self._associations, key)

    def activity_kind(self, key: str) -> ActivityKind:
        return _lookup(self.key, "activity kind", self._activities, key)

    def satisfaction(self, key: str) -> SatisfactionLevel:
        return _lookup(self.key, "satisfaction level", self._satisfaction, key)

    def level_keys(self) -> tuple[str, ...]:
        return tuple(lv.key for lv in self.levels)
