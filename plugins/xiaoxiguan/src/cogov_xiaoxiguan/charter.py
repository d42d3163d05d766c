"""Xiaoxiguan's charter by reference: the parts the plugin and the core contribute."""

from __future__ import annotations

from cogov.model.canonical import DEFAULT_CHANNELS, DEFAULT_ISSUE_KINDS
from cogov.plugins import CharterSpec, SetupSpec
from cogov_xiaoxiguan import structure
from cogov_xiaoxiguan.red_property import PROPERTY_ISSUE_KINDS, PROPERTY_REMIT
from cogov_xiaoxiguan.roles import ROLE_SET_KEY
from cogov_xiaoxiguan.vocabulary import (
    ACTIVITY_KINDS,
    ASSOCIATION_KINDS,
    CALENDAR,
    MEETING_KINDS,
    WORTHIES_ASSOCIATION,
)
from cogov_xiaoxiguan.workflow import WORKFLOW_KEY

__all__ = ["CHARTER", "CHARTER_KEY", "SETUP"]

CHARTER_KEY = "xiaoxiguan"

from cogov_xiaoxiguan.supervision import SUPERVISION_KEY  # noqa: E402

CHARTER = CharterSpec(
    key=CHARTER_KEY,
    zh="小西关社区党建引领“五共融合”章程",
    en="Xiaoxiguan charter: party-building-led five-co integration",
    role_set=ROLE_SET_KEY,
    workflow=WORKFLOW_KEY,
    levels="default",
    issue_kinds=[k.key for k in (*DEFAULT_ISSUE_KINDS, *PROPERTY_ISSUE_KINDS)],
    channels=[c.key for c in DEFAULT_CHANNELS],
    meeting_kinds=[k.key for k in MEETING_KINDS],
    association_kinds=[k.key for k in ASSOCIATION_KINDS],
    activity_kinds=[k.key for k in ACTIVITY_KINDS],
    satisfaction_scale="default",
    calendar=CALENDAR.key,
    escalation_meeting="xiaoxiguan:weekly_joint_meeting",
    supervision=SUPERVISION_KEY,
    worthies_association=WORTHIES_ASSOCIATION,
    property_remit=PROPERTY_REMIT,
)

#: the community set-up users load as ``xiaoxiguan`` (``--setup xiaoxiguan``)
SETUP = SetupSpec(
    key="xiaoxiguan",
    zh="房县城关镇小西关社区",
    en="Xiaoxiguan community, Chengguan town, Fang county",
    charter=CHARTER_KEY,
    community=structure.build_community,
    appointments=structure.appointments,
    description=(
        "14 grids with 8 sunk units and 416 sunk cadres, 3 neighbourhood centres, 4 self-management "
        "committees; structure below grid level synthetic, consistent with the source's figures."
    ),
)
