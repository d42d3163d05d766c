"""Xiaoxiguan's meetings, associations, volunteer teams and activity kinds, and its calendar.

Meeting cadence from the source: household-courtyard meeting "一月一次", weekly joint
meeting "一周一次", the residents' congress and the yearly party-building appraisal
("每年组织一次抓党建述职评议").  Activity kinds are those the source counts (patrols, event
security, disputes with police, anti-fraud talks, school guard, clean-ups, …); each names
the duty whose holders may record it.

The six associations (六大协会) and the volunteer teams declare their officer posts and the
duties their holders take for the association's own acts (a council's president registers a
ceremony, the hygiene association's inspectors score compounds, the charity association's
officers record its help, a team leader records the team's activities), and the volunteer teams
hold the source's themed activities (粽情端午、情暖中秋、清洁家园、疫情防控、关爱困难群体).
"""

from __future__ import annotations

from cogov import ActivityKind, AssociationKind, MeetingKind, OfficerPost, china_working_calendar
from cogov.model.community_duties import CEREMONY_DUTY, HELP_DUTY, INSPECTION_DUTY

__all__ = [
    "ACTIVITY_KINDS",
    "ASSOCIATION_KINDS",
    "CALENDAR",
    "MEETING_KINDS",
    "SIX_ASSOCIATIONS",
    "THEMED_ACTIVITIES",
    "VOLUNTEER_TEAMS",
    "WORTHIES_ASSOCIATION",
]

HOUSEHOLD_MEETING = "xiaoxiguan:household_meeting"
WEEKLY_JOINT_MEETING = "xiaoxiguan:weekly_joint_meeting"
RESIDENTS_CONGRESS = "xiaoxiguan:residents_congress"
PETITION_HEARING = "xiaoxiguan:petition_hearing"
POLITICAL_EDUCATION = "xiaoxiguan:political_education"
TRIPARTITE_MEETING = "xiaoxiguan:tripartite_meeting"

MEETING_KINDS = (
    MeetingKind(
        HOUSEHOLD_MEETING,
        "户院会",
        "household-courtyard meeting",
        level="grid",
        cadence_days=30,
        duty="convene:household_meeting",
    ),
    MeetingKind(
        WEEKLY_JOINT_MEETING,
        "下沉单位负责人、五长联席会议（例会）",
        "weekly joint meeting of sunk-unit heads and the five heads",
        level="community",
        cadence_days=7,
        duty="convene:weekly_joint_meeting",
    ),
    MeetingKind(
        RESIDENTS_CONGRESS,
        "居民代表大会",
        "residents' congress",
        level="community",
        cadence_days=365,
        duty="convene:residents_congress",
    ),
    MeetingKind(
        "xiaoxiguan:party_building_appraisal",
        "抓党建述职评议会",
        "party-building report and appraisal",
        level="community",
        cadence_days=365,
        duty="convene:residents_congress",
    ),
    MeetingKind(
        "xiaoxiguan:petition_hearing",
        "信访听证会",
        "petition hearing",
        level="community",
        duty="convene:weekly_joint_meeting",
    ),
    # 红色物业: "社区+业委会+物业公司"自治平台, the three sides meeting at a compound
    MeetingKind(
        TRIPARTITE_MEETING,
        "社区、业委会、物业公司联席会议",
        "joint meeting of the community, the owners' committee and the property company",
        level="compound",
        cadence_days=90,
        duty="convene:tripartite_meeting",
    ),
    # 政治生活馆: party cadres' political education, counted in person-times (受教育 2000余人次)
    MeetingKind(
        POLITICAL_EDUCATION,
        "政治生活馆教育",
        "political education session",
        level="community",
        duty="record:party_service",
    ),
)

_VOLUNTEER = "record:volunteer_service"
_POLICE = "record:volunteer_police"
_ASSOCIATION = "record:association_activity"
_PARTY = "record:party_service"


def _president(*duties: str) -> OfficerPost:
    return OfficerPost("president", "会长", "president", duties={_ASSOCIATION, *duties}, max_holders=1)


def _leader(duty: str = _VOLUNTEER) -> OfficerPost:
    return OfficerPost("team_leader", "队长", "team leader", duties={duty}, max_holders=1)


# the volunteer teams' themed activities (以……志愿服务活动为载体), held by the teams named below
DRAGON_BOAT = "dragon_boat_festival"
MID_AUTUMN = "mid_autumn_festival"
CLEAN_HOMES = "clean_homes"
EPIDEMIC_DUTY = "epidemic_duty"
CARE_FOR_NEEDY = "care_for_needy"

THEMED_ACTIVITIES = (
    ActivityKind(DRAGON_BOAT, "粽情端午", "Dragon Boat Festival: zongzi for neighbours", None, _VOLUNTEER),
    ActivityKind(MID_AUTUMN, "情暖中秋", "Mid-Autumn Festival: warmth for neighbours", None, _VOLUNTEER),
    ActivityKind(CLEAN_HOMES, "清洁家园", "clean homes", None, _VOLUNTEER),
    ActivityKind(EPIDEMIC_DUTY, "疫情防控", "epidemic prevention duty", None, _VOLUNTEER),
    ActivityKind(CARE_FOR_NEEDY, "关爱困难群体", "care for people in difficulty", None, _VOLUNTEER),
)

SIX_ASSOCIATIONS = (
    AssociationKind(
        "weddings_funerals_council",
        "红白理事会",
        "weddings-and-funerals council",
        posts=(
            _president(CEREMONY_DUTY),
            OfficerPost("council_member", "理事", "council member", duties={CEREMONY_DUTY}),
        ),
    ),
    AssociationKind("arts_association", "文艺协会", "arts association", posts=(_president(),)),
    AssociationKind(
        "hygiene_association",
        "卫生协会",
        "hygiene association",
        posts=(
            _president(INSPECTION_DUTY),
            OfficerPost("inspector", "卫生检查员", "hygiene inspector", duties={INSPECTION_DUTY}),
        ),
    ),
    AssociationKind(
        "non_public_enterprise_association",
        "非公企业协会",
        "non-public enterprise association",
        posts=(_president(),),
    ),
    AssociationKind(
        "charity_association",
        "爱心协会",
        "charity association",
        posts=(
            _president(HELP_DUTY),
            OfficerPost("liaison", "联络员", "liaison", duties={HELP_DUTY}),
        ),
    ),
    AssociationKind(
        "local_worthies_association", "乡贤协会", "association of local worthies", posts=(_president(),)
    ),
)

#: the association kind whose members join mediation as local worthies (乡贤)
WORTHIES_ASSOCIATION = "local_worthies_association"

VOLUNTEER_TEAMS = (
    AssociationKind(
        "policy_lecture_team",
        "理论政策宣讲志愿服务队",
        "policy lecture volunteer team",
        posts=(_leader(),),
        activities={EPIDEMIC_DUTY, DRAGON_BOAT},
    ),
    AssociationKind(
        "culture_arts_team",
        "文化文艺服务志愿服务队",
        "culture and arts volunteer team",
        posts=(_leader(),),
        activities={DRAGON_BOAT, MID_AUTUMN},
    ),
    AssociationKind(
        "hygiene_environment_team",
        "卫生环保志愿服务队",
        "hygiene and environment volunteer team",
        posts=(_leader(),),
        activities={CLEAN_HOMES, EPIDEMIC_DUTY},
    ),
    AssociationKind(
        "poverty_relief_team",
        "扶贫帮困志愿服务队",
        "poverty relief volunteer team",
        posts=(_leader(),),
        activities={CARE_FOR_NEEDY, MID_AUTUMN},
    ),
    AssociationKind(
        "security_volunteer_team", "治安志愿者队伍", "security volunteer team", posts=(_leader(),)
    ),
    AssociationKind("volunteer_police_team", "义警队伍", "volunteer police team", posts=(_leader(_POLICE),)),
)

ASSOCIATION_KINDS = (
    *SIX_ASSOCIATIONS,
    *VOLUNTEER_TEAMS,
    AssociationKind("sunk_unit", "下沉单位", "sunk unit (county department placed in the community)"),
    AssociationKind("supervision_group", "监督小组", "supervision group"),
    AssociationKind("self_management_committee", "自管委员会", "self-management committee"),
    AssociationKind("owners_committee", "业主委员会", "owners' committee"),
    # the party chain as organisations: compound branches and building groups (党建工作链)
    AssociationKind("party_branch", "小区党支部", "compound party branch"),
    AssociationKind("party_group", "楼栋党小组", "building party group"),
    AssociationKind("property_company", "物业公司", "property company"),
)

ACTIVITY_KINDS = (
    # security volunteers (治安志愿者)
    ActivityKind(
        "holiday_patrol", "节假日治安巡逻", "holiday security patrol", "security_volunteer_team", _VOLUNTEER
    ),
    ActivityKind(
        "event_security", "重大活动安保", "major event security", "security_volunteer_team", _VOLUNTEER
    ),
    # registered volunteer police (义警): the six duties
    ActivityKind(
        "police_patrol", "义警治安巡防", "volunteer police patrol", "volunteer_police_team", _POLICE
    ),
    ActivityKind("legal_publicity", "法治宣讲", "legal publicity", "volunteer_police_team", _POLICE),
    ActivityKind(
        "information_report", "情报信息报送", "information reporting", "volunteer_police_team", _POLICE
    ),
    ActivityKind(
        "dispute_assist",
        "协助化解矛盾纠纷",
        "helping police settle disputes",
        "volunteer_police_team",
        _POLICE,
    ),
    ActivityKind("traffic_advice", "交通劝导", "traffic advice", "volunteer_police_team", _POLICE),
    ActivityKind("convenience_service", "便民服务", "convenience service", "volunteer_police_team", _POLICE),
    ActivityKind("anti_fraud_talk", "反电信诈骗宣传", "anti-fraud talk", "volunteer_police_team", _POLICE),
    ActivityKind("school_guard", "护校", "school guard", "volunteer_police_team", _POLICE),
    # volunteer service teams (新时代文明实践)
    ActivityKind("clean_up", "环境清扫", "environmental clean-up", "hygiene_environment_team", _VOLUNTEER),
    ActivityKind("policy_lecture", "理论政策宣讲", "policy lecture", "policy_lecture_team", _VOLUNTEER),
    ActivityKind("cultural_service", "文化文艺服务", "cultural performance", "culture_arts_team", _VOLUNTEER),
    ActivityKind(
        "poverty_relief_visit", "扶贫帮困", "poverty relief visit", "poverty_relief_team", _VOLUNTEER
    ),
    ActivityKind(
        "festival_activity", "节日志愿服务（粽情端午、情暖中秋）", "festival volunteering", None, _VOLUNTEER
    ),
    ActivityKind("door_to_door_service", "上门代办服务", "door-to-door errand service", None, _VOLUNTEER),
    # the six associations
    ActivityKind(
        "hygiene_inspection", "卫生检查督查", "hygiene inspection", "hygiene_association", _ASSOCIATION
    ),
    ActivityKind(
        "wedding_funeral_service",
        "红白喜事服务",
        "wedding and funeral service",
        "weddings_funerals_council",
        _ASSOCIATION,
    ),
    ActivityKind("arts_event", "文艺活动", "arts event", "arts_association", _ASSOCIATION),
    ActivityKind("charity_drive", "爱心捐助", "charity drive", "charity_association", _ASSOCIATION),
    ActivityKind(
        "enterprise_forum",
        "非公企业座谈",
        "enterprise forum",
        "non_public_enterprise_association",
        _ASSOCIATION,
    ),
    ActivityKind(
        "worthies_counsel", "乡贤议事", "local worthies' counsel", "local_worthies_association", _ASSOCIATION
    ),
    # party members reporting to the community (双报到) and political education
    ActivityKind(
        "party_service_task",
        "党员下沉服务（双报到）",
        "party member service task (double report)",
        "sunk_unit",
        _PARTY,
    ),
    ActivityKind("political_education", "政治生活馆教育", "political education", None, _PARTY),
    *THEMED_ACTIVITIES,
)


#: mainland China working days for 2022-2023 (the years of the recorded data and the
#: simulation), public holidays and 调休 from the core's table
CALENDAR = china_working_calendar("xiaoxiguan:cn_mainland", [2022, 2023])
