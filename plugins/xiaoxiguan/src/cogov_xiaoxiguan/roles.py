"""Xiaoxiguan's roles: the five heads (五长), the party chain and everyone else the source names.

Each role's duties are the steps of the issue flow the source gives it (quoted in
``docs/explanation/xiaoxiguan.md``):

- the **five heads** collect residents' issues at the monthly household-courtyard meeting and
  on their rounds, answer what can be answered on the spot, register the rest
  ("五长治理 … 户院会 … 现场答疑解决 … 做好登记"), and with the sunk units fix person, matter
  and problem, settle it and follow it up ("下沉单位、'五长'定人、定事、定问题化解，做好跟踪回访");
- the **grid head** also leads the repeat home visit for each key problem the weekly meeting
  identifies and answers reasonable demands there ("由网格长牵头再次入户核查 … 当场明确答复");
- the **community party branch** leads the weekly joint meeting that takes registered issues
  up (escalate) and blows the whistle to county departments ("由社区党总支牵头", "双吹哨");
- the **mediation committee** presides over mediation with a lawyer taking part and forms the
  case file ("有律师参与、调委会主持 … 形成资料档案");
- **town cadres stationed in the community** supervise ("镇驻社区干部著力督导");
- **resident representatives** inspect progress and rate quality ("请居民代表看进展、评质量").
"""

from __future__ import annotations

from cogov import RoleSet, RoleSpec
from cogov.model.community_duties import (
    CEREMONY_DUTY,
    CONVENTION_DUTY,
    DISCLOSURE_DUTY,
    DOUBLE_REPORT_DUTY,
    HELP_DUTY,
    HONOUR_DUTY,
    INSPECTION_DUTY,
    PARTY_CHAIN_DUTY,
    SERVICE_DESK_DUTY,
    SUPERVISION_DUTY,
)
from cogov.model.roles import APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY
from cogov.model.structure import PersonAttribute
from cogov_xiaoxiguan.red_property import PROPERTY_STAFF

__all__ = [
    "FIVE_HEADS",
    "FIVE_HEAD_STEPS",
    "PARTY_CHAIN",
    "ROLE_SET",
    "ROLE_SET_KEY",
]

ROLE_SET_KEY = "xiaoxiguan"

_P = PersonAttribute

#: the steps every one of the five heads takes in the issue flow
FIVE_HEAD_STEPS = frozenset({"collect", "answer_on_spot", "register", "plan", "resolve", "follow_up"})

RESIDENTIAL_HEAD = RoleSpec(
    "residential_head",
    "村居长",
    "residential head",
    level="community",
    duties=FIVE_HEAD_STEPS | {"convene:household_meeting", REGISTER_DUTY},
    max_holders=1,
    description="One of the five heads; heads the residents' committee and convenes household-courtyard meetings.",
)
POLICE_CHIEF = RoleSpec(
    "police_chief",
    "警长",
    "police chief",
    level="community",
    duties=FIVE_HEAD_STEPS | {"record:volunteer_police"},
    requires={_P.POLICE_OFFICER},
    max_holders=1,
    description="One of the five heads; the community police officer, who also leads the volunteer police.",
)
GRID_HEAD = RoleSpec(
    "grid_head",
    "网格长",
    "grid head",
    level="grid",
    duties=FIVE_HEAD_STEPS | {"verify", "answer_at_verification", "convene:household_meeting", REGISTER_DUTY},
    requires={_P.SUNK_CADRE},
    max_holders=1,
    description="One of the five heads; an official of the grid's linked unit (包联单位任网格长); leads one problem, one verification.",
)
PARTY_GROUP_LEADER = RoleSpec(
    "party_group_leader",
    "党小组长",
    "party group leader",
    level="building",
    duties=FIVE_HEAD_STEPS | {"record:party_service"},
    requires={_P.PARTY_MEMBER},
    max_holders=1,
    description="One of the five heads; leads the building party group (楼栋党小组) of the party chain.",
)
BUILDING_HEAD = RoleSpec(
    "building_head",
    "楼栋长",
    "building head",
    level="building",
    duties=FIVE_HEAD_STEPS | {SUPERVISION_DUTY},
    max_holders=1,
    description="One of the five heads; with the courtyard heads implements the work in the building (具体落实).",
)

FIVE_HEADS = (RESIDENTIAL_HEAD, POLICE_CHIEF, GRID_HEAD, PARTY_GROUP_LEADER, BUILDING_HEAD)

_OTHER_ROLES = (
    RoleSpec(
        "community_secretary",
        "社区党总支书记",
        "community party branch secretary",
        level="community",
        duties={
            "escalate",
            "whistle",
            "plan",
            "close",
            "order_rework",
            "refer_out",
            "convene:weekly_joint_meeting",
            "convene:tripartite_meeting",
            "convene:residents_congress",
            "record:party_service",
            "approve_extension",
            APPOINT_DUTY,
            REGISTER_DUTY,
            STRUCTURE_DUTY,
            CONVENTION_DUTY,
            DISCLOSURE_DUTY,
            PARTY_CHAIN_DUTY,
            HONOUR_DUTY,
        },
        requires={_P.PARTY_MEMBER},
        max_holders=1,
        description=(
            "Leads the community 'big party committee' and the weekly joint meeting; blows the whistle (吹哨); "
            "approves or refuses extension requests (延期审批); records the convention the congress adopts, "
            "the party chain and the yearly disclosure."
        ),
    ),
    RoleSpec(
        "community_cadre",
        "社区干部",
        "community cadre",
        level="community",
        duties={
            "collect",
            "answer_on_spot",
            "register",
            "escalate",
            "plan",
            "resolve",
            "close",
            "reopen",
            "reject",
            "withdraw",
            "mark_duplicate",
            "shelve",
            "resume",
            "route_to_property",
            "convene:household_meeting",
            "record:association_activity",
            "record:volunteer_service",
            DOUBLE_REPORT_DUTY,
            SERVICE_DESK_DUTY,
            CEREMONY_DUTY,
            INSPECTION_DUTY,
            HELP_DUTY,
            HONOUR_DUTY,
        },
        requires={_P.CADRE},
        description=(
            "Leads the work of each grid (社区干部牵头负责) and reports registered issues to the weekly meeting; "
            "keeps the double report, the one-stop and proxy desks, and the associations' records."
        ),
    ),
    RoleSpec(
        "town_cadre",
        "镇驻社区干部",
        "town cadre stationed in the community",
        level="community",
        duties={"supervise", "confirm_completion", "order_rework"},
        requires={_P.CADRE},
        description="Supervises (著力督导) the grids' work and checks completion; issues yellow and red cards and supervision notices (督办).",
    ),
    RoleSpec(
        "sunk_cadre",
        "下沉党员干部",
        "sunk-unit party cadre",
        level="grid",
        duties={"collect", "plan", "resolve", "follow_up", "record:party_service"},
        requires={_P.SUNK_CADRE},
        description="A county unit's party cadre placed in a grid: knows the people (认人、认亲、认事), fixes and settles disputes with the five heads.",
    ),
    RoleSpec(
        "courtyard_head",
        "户院长",
        "courtyard head",
        level="compound",
        duties={"collect", "resolve", "follow_up", "convene:household_meeting"},
        max_holders=1,
        description="Implements with the building heads (楼栋户院长具体落实); hosts the household-courtyard meeting.",
    ),
    RoleSpec(
        "branch_secretary",
        "小区党支部书记",
        "compound party branch secretary",
        level="compound",
        duties={
            "collect",
            "follow_up",
            "record:party_service",
            PARTY_CHAIN_DUTY,
            "convene:tripartite_meeting",
            "route_to_property",
        },
        requires={_P.PARTY_MEMBER},
        max_holders=1,
        description="Second link of the party chain: compound party branch (小区党支部); links households to central households.",
    ),
    RoleSpec(
        "central_household",
        "党员中心户",
        "party-member central household",
        level="household",
        duties={"collect"},
        requires={_P.PARTY_MEMBER},
        max_holders=1,
        description="Last link of the party chain (党员中心户): relays neighbours' concerns.",
    ),
    RoleSpec(
        "mediation_member",
        "调委会委员",
        "mediation committee member",
        level="community",
        duties={"start_mediation", "reach_agreement", "fail_mediation", "file_case", "refer_out"},
        requires={_P.MEDIATOR},
        description="The people's mediation committee presides over mediation (调委会主持) and forms the case file.",
    ),
    RoleSpec(
        "lawyer",
        "律师",
        "lawyer",
        level="community",
        duties={"legal_opinion"},
        requires={_P.LAWYER},
        description="Takes part in mediation (有律师参与).",
    ),
    RoleSpec(
        "legal_adviser",
        "法律顾问",
        "legal adviser",
        level="community",
        duties={"legal_opinion", "refer_out"},
        requires={_P.LAWYER},
        max_holders=1,
        description="One community, one legal adviser (一社区一法律顾问): legal aid, referral out of community.",
    ),
    RoleSpec(
        "community_police_officer",
        "社区警官",
        "community police officer",
        level="community",
        duties={"collect", "record:volunteer_police"},
        requires={_P.POLICE_OFFICER},
        max_holders=1,
        description="One community, one police officer (一社区一警官); works with the volunteer police.",
    ),
    RoleSpec(
        "resident_representative",
        "居民代表",
        "resident representative",
        level="compound",
        duties={"confirm_completion", SUPERVISION_DUTY},
        requires={_P.RESIDENT_REPRESENTATIVE},
        description="Inspects progress and rates the quality of projects (看进展、评质量); sits on the supervision group.",
    ),
    RoleSpec(
        "volunteer_police",
        "义警",
        "volunteer police",
        level="community",
        duties={"collect", "record:volunteer_police"},
        requires={_P.VOLUNTEER_POLICE},
        description="Registered volunteer police: patrol, legal publicity, information, disputes, traffic, convenience.",
    ),
    RoleSpec(
        "volunteer",
        "志愿者",
        "volunteer",
        level="community",
        duties={"record:volunteer_service"},
        requires={_P.VOLUNTEER},
        description="In the volunteer database (志愿者信息库); serves in the volunteer teams.",
    ),
    RoleSpec(
        "self_management_member",
        "自管委员会委员",
        "self-management committee member",
        level="compound",
        duties={"collect", "record:volunteer_service"},
        description="Elected member of a compound's self-management committee (自管委员会).",
    ),
)

ROLE_SET = RoleSet(ROLE_SET_KEY, (*FIVE_HEADS, *_OTHER_ROLES, PROPERTY_STAFF))

#: the party-building chain (党建工作链), outermost first: community "big party committee"
#: (社区"大党委") › compound party branch (小区"党支部") › building party group (楼栋"党小组")
#: › party-member central household (党员"中心户"); each link is the role that leads it
PARTY_CHAIN = ("community_secretary", "branch_secretary", "party_group_leader", "central_household")
