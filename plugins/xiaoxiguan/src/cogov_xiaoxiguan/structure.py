"""The Xiaoxiguan community structure: real figures at the top, synthetic detail below grids.

From the source: community code 420325100001 in Chengguan town (城关镇, 420325100), Fang
county (房县, 420325); 14 grids; 8 county units "sunk" into the community with 416 party
cadres placed in the grids; 3 compound "party-building + neighbourhood centres"; 4 elected
self-management committees; a volunteer database of 400 with 100+ security volunteers;
500+ registered volunteer police; the party chain community › compound branch › building
group › central household.  Xianghe compound (祥和小区) is named in the source.

Everything below grid level — compounds, buildings, households, residents and their names,
which unit links which grid — is **synthetic** and deterministic: two compounds per grid,
three buildings per compound, eight households per building.  Codes extend the statistical
division code: grid ``420325100001`` + 3 digits, then 2 digits per compound, building and
household.
"""

from __future__ import annotations

from datetime import datetime

from cogov import CHINA_TZ, Appointment, Association, Community, Person, Unit
from cogov.model.structure import PersonAttribute

__all__ = [
    "BUILDINGS_PER_COMPOUND",
    "COMMUNITY",
    "COMPOUNDS_PER_GRID",
    "GRIDS",
    "HOUSEHOLDS_PER_BUILDING",
    "NEIGHBOURHOOD_CENTRES",
    "SECURITY_VOLUNTEERS",
    "SELF_MANAGEMENT_COMMITTEES",
    "START",
    "SUNK_CADRES",
    "SUNK_UNITS",
    "VOLUNTEERS",
    "VOLUNTEER_POLICE",
    "appointments",
    "build_community",
    "buildings",
    "compounds",
    "grid_code",
    "grid_of_sunk_unit",
    "households",
    "sunk_cadres_of_grid",
]

COUNTY = "420325"
TOWN = "420325100"
COMMUNITY = "420325100001"
GRIDS = 14
COMPOUNDS_PER_GRID = 2
BUILDINGS_PER_COMPOUND = 3
HOUSEHOLDS_PER_BUILDING = 8
SUNK_CADRES = 416
VOLUNTEERS = 400
SECURITY_VOLUNTEERS = 105
VOLUNTEER_POLICE = 510
#: appointments of the set-up are in force from this moment
START = datetime(2022, 1, 1, tzinfo=CHINA_TZ)

#: the 8 county units sunk into the community (synthetic choice of departments), id → (zh, en)
SUNK_UNITS: dict[str, tuple[str, str]] = {
    "su-1": ("县发展和改革局", "county development and reform bureau"),
    "su-2": ("县财政局", "county finance bureau"),
    "su-3": ("县住房和城乡建设局", "county housing and construction bureau"),
    "su-4": ("县人力资源和社会保障局", "county human resources and social security bureau"),
    "su-5": ("县卫生健康局", "county health bureau"),
    "su-6": ("县教育局", "county education bureau"),
    "su-7": ("县自然资源和规划局", "county natural resources and planning bureau"),
    "su-8": ("县城市管理执法局", "county urban management bureau"),
}
# Units 1-5 link two grids each, unit 6 two, units 7 and 8 one each (包联): 14 grids in all.
_LINKS = (
    "su-1",
    "su-1",
    "su-2",
    "su-2",
    "su-3",
    "su-3",
    "su-4",
    "su-4",
    "su-5",
    "su-5",
    "su-6",
    "su-6",
    "su-7",
    "su-8",
)

_COMPOUND_NAMES = (
    ("祥和小区", "Xianghe"), ("西关小区", "Xiguan"), ("古街小区", "Gujie"), ("秦汉小区", "Qinhan"),
    ("昌盛小区", "Changsheng"), ("和谐小区", "Hexie"), ("幸福小区", "Xingfu"), ("安居小区", "Anju"),
    ("康乐小区", "Kangle"), ("福源小区", "Fuyuan"), ("锦绣小区", "Jinxiu"), ("润园小区", "Runyuan"),
    ("春晖小区", "Chunhui"), ("朝阳小区", "Chaoyang"), ("翠苑小区", "Cuiyuan"), ("兰亭小区", "Lanting"),
    ("桂园小区", "Guiyuan"), ("清风小区", "Qingfeng"), ("明月小区", "Mingyue"), ("双喜小区", "Shuangxi"),
    ("长青小区", "Changqing"), ("永安小区", "Yong'an"), ("泰和小区", "Taihe"), ("富康小区", "Fukang"),
    ("嘉园小区", "Jiayuan"), ("丰乐小区", "Fengle"), ("书香小区", "Shuxiang"), ("宜居小区", "Yiju"),
)  # fmt: skip

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "明华国建文军平志伟东海英秀兰玉芳红霞丽敏静德成福贵远世春秋云山"


def _name(n: int) -> str:
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n * 7) % len(_GIVEN)] + _GIVEN[(n * 13 + 5) % len(_GIVEN)]


def grid_code(grid: int) -> str:
    """Code of grid number ``grid`` (1-14)."""
    return f"{COMMUNITY}{grid:03d}"


def compounds(grid: int) -> list[str]:
    return [f"{grid_code(grid)}{c:02d}" for c in range(1, COMPOUNDS_PER_GRID + 1)]


def buildings(compound: str) -> list[str]:
    return [f"{compound}{b:02d}" for b in range(1, BUILDINGS_PER_COMPOUND + 1)]


def households(building: str) -> list[str]:
    return [f"{building}{h:02d}" for h in range(1, HOUSEHOLDS_PER_BUILDING + 1)]


def grid_of_sunk_unit(unit_id: str) -> list[int]:
    """The grid numbers a sunk unit is linked to (包联)."""
    return [g for g, u in enumerate(_LINKS, start=1) if u == unit_id]


def _cadres_per_grid() -> list[int]:
    base, extra = divmod(SUNK_CADRES, GRIDS)
    return [base + (1 if g < extra else 0) for g in range(GRIDS)]


def sunk_cadres_of_grid(grid: int) -> list[str]:
    """Person ids of the sunk cadres placed in grid ``grid``; the first is its grid head."""
    counts = _cadres_per_grid()
    first = sum(counts[: grid - 1]) + 1
    return [f"xxg-sc{n:03d}" for n in range(first, first + counts[grid - 1])]


#: compounds with a party-building + neighbourhood centre (党建+邻里中心)
NEIGHBOURHOOD_CENTRES = (f"{grid_code(1)}01", f"{grid_code(5)}01", f"{grid_code(10)}01")
#: compounds that elected a self-management committee (自管委员会)
SELF_MANAGEMENT_COMMITTEES = (
    f"{grid_code(1)}01",
    f"{grid_code(3)}02",
    f"{grid_code(7)}01",
    f"{grid_code(12)}02",
)

_P = PersonAttribute
# Community officials (no household in the structure: they may live anywhere).
_OFFICIALS = (
    ("xxg-secretary", "柯书记", {_P.PARTY_MEMBER, _P.CADRE}),
    ("xxg-cadre-1", "戢社区干部", {_P.PARTY_MEMBER, _P.CADRE}),
    ("xxg-cadre-2", "周社区干部", {_P.CADRE}),
    ("xxg-cadre-3", "吴社区干部", {_P.PARTY_MEMBER, _P.CADRE}),
    ("xxg-cadre-4", "郑社区干部", {_P.CADRE}),
    ("xxg-cadre-5", "冯社区干部", {_P.PARTY_MEMBER, _P.CADRE}),
    ("xxg-town-1", "陈镇干部", {_P.PARTY_MEMBER, _P.CADRE}),
    ("xxg-town-2", "褚镇干部", {_P.CADRE}),
    ("xxg-police", "卫警官", {_P.POLICE_OFFICER, _P.PARTY_MEMBER}),
    ("xxg-mediator-1", "蒋调解员", {_P.MEDIATOR}),
    ("xxg-mediator-2", "沈调解员", {_P.MEDIATOR, _P.PARTY_MEMBER}),
    ("xxg-mediator-3", "韩调解员", {_P.MEDIATOR}),
    ("xxg-lawyer", "杨律师", {_P.LAWYER}),
    ("xxg-adviser", "朱法律顾问", {_P.LAWYER}),
)
_COMMUNITY_CADRES = ("xxg-cadre-1", "xxg-cadre-2", "xxg-cadre-3", "xxg-cadre-4", "xxg-cadre-5")
_TOWN_CADRES = ("xxg-town-1", "xxg-town-2")
_MEDIATORS = ("xxg-mediator-1", "xxg-mediator-2", "xxg-mediator-3")


def _resident_id(household: str, index: int) -> str:
    return f"xxg-r{household[len(COMMUNITY) :]}-{index}"


def _household_size(n: int) -> int:
    return 3 if n % 3 == 0 else 2


def _all_households() -> list[str]:
    return [
        hh
        for grid in range(1, GRIDS + 1)
        for compound in compounds(grid)
        for building in buildings(compound)
        for hh in households(building)
    ]


def _residents() -> list[tuple[str, str, int]]:
    """(person id, household, position in household) for every synthetic resident."""
    return [
        (_resident_id(hh, i), hh, i)
        for n, hh in enumerate(_all_households())
        for i in range(_household_size(n))
    ]


def build_community() -> Community:
    """A fresh :class:`~cogov.Community` for Xiaoxiguan with its people and associations."""
    community = Community()
    units = [
        Unit(COUNTY, "county", "房县", "Fang county"),
        Unit(TOWN, "town", "城关镇", "Chengguan town", parent=COUNTY),
        Unit(COMMUNITY, "community", "小西关社区", "Xiaoxiguan community", parent=TOWN),
    ]
    names = iter(_COMPOUND_NAMES)
    for grid in range(1, GRIDS + 1):
        units.append(Unit(grid_code(grid), "grid", f"第{grid}网格", f"grid {grid}", parent=COMMUNITY))
        for compound in compounds(grid):
            zh, en = next(names)
            units.append(Unit(compound, "compound", zh, f"{en} compound", parent=grid_code(grid)))
            for b, building in enumerate(buildings(compound), start=1):
                units.append(Unit(building, "building", f"{zh}{b}栋", f"{en} building {b}", parent=compound))
                for h, hh in enumerate(households(building), start=1):
                    units.append(
                        Unit(hh, "household", f"{zh}{b}栋{h:02d}户", f"{en} {b}-{h:02d}", parent=building)
                    )
    people = [Person(pid, name, attributes=attrs) for pid, name, attrs in _OFFICIALS]
    people += [
        Person(f"xxg-sc{n:03d}", _name(n + 5000), attributes={_P.SUNK_CADRE, _P.PARTY_MEMBER, _P.CADRE})
        for n in range(1, SUNK_CADRES + 1)
    ]
    volunteers, volunteer_police = _volunteer_ids()
    for n, (pid, hh, position) in enumerate(_residents()):
        flat = int(hh[-2:])
        attributes: set[str] = set()
        if (position == 0 and flat in (1, 2, 6)) or n % 11 == 7:
            attributes.add(_P.PARTY_MEMBER)
            if n % 3 == 0:
                attributes.add(_P.VETERAN_PARTY_MEMBER)
        if position == 0 and flat == 4:
            attributes.add(_P.RESIDENT_REPRESENTATIVE)
        if pid in volunteers:
            attributes.add(_P.VOLUNTEER)
        if pid in volunteer_police:
            attributes.add(_P.VOLUNTEER_POLICE)
        people.append(Person(pid, _name(n), household=hh, attributes=attributes))
    community.extend(units=units, people=people)
    veterans = [p.id for p in people if p.has(_P.VETERAN_PARTY_MEMBER)]
    for association in _associations(sorted(volunteers), sorted(volunteer_police), veterans):
        community.add_association(association)
    return community


def _volunteer_ids() -> tuple[set[str], set[str]]:
    residents = [pid for pid, _, _ in _residents()]
    volunteers = set(residents[1::3][:VOLUNTEERS])
    volunteer_police = set(residents[2::3][:VOLUNTEER_POLICE])
    return volunteers, volunteer_police


def _first_resident(household: str) -> str:
    return _resident_id(household, 0)


def _associations(
    volunteers: list[str], volunteer_police: list[str], veterans: list[str]
) -> list[Association]:
    ids = [pid for pid, _, _ in _residents()]
    result = [
        Association(
            unit_id,
            "sunk_unit",
            COMMUNITY,
            zh,
            en,
            members=[pid for g in grid_of_sunk_unit(unit_id) for pid in sunk_cadres_of_grid(g)],
        )
        for unit_id, (zh, en) in SUNK_UNITS.items()
    ]
    six = (
        ("weddings_funerals_council", "小西关社区红白理事会", "Xiaoxiguan weddings-and-funerals council"),
        ("arts_association", "小西关社区文艺协会", "Xiaoxiguan arts association"),
        ("hygiene_association", "小西关社区卫生协会", "Xiaoxiguan hygiene association"),
        (
            "non_public_enterprise_association",
            "小西关社区非公企业协会",
            "Xiaoxiguan non-public enterprise association",
        ),
        ("charity_association", "小西关社区爱心协会", "Xiaoxiguan charity association"),
        ("local_worthies_association", "小西关社区乡贤协会", "Xiaoxiguan association of local worthies"),
    )
    for i, (kind, zh, en) in enumerate(six):
        result.append(
            Association(f"xxg-as-{i + 1}", kind, COMMUNITY, zh, en, members=ids[i * 40 + 3 : i * 40 + 15])
        )
    teams = (
        ("policy_lecture_team", "理论政策宣讲志愿服务队", "policy lecture volunteer team"),
        ("culture_arts_team", "文化文艺服务志愿服务队", "culture and arts volunteer team"),
        ("hygiene_environment_team", "卫生环保志愿服务队", "hygiene and environment volunteer team"),
        ("poverty_relief_team", "扶贫帮困志愿服务队", "poverty relief volunteer team"),
    )
    general = volunteers[SECURITY_VOLUNTEERS:]
    share = len(general) // len(teams)
    for i, (kind, zh, en) in enumerate(teams):
        result.append(
            Association(
                f"xxg-vt-{i + 1}", kind, COMMUNITY, zh, en, members=general[i * share : (i + 1) * share]
            )
        )
    result.append(
        Association(
            "xxg-vt-security",
            "security_volunteer_team",
            COMMUNITY,
            "治安志愿者队伍",
            "security volunteer team",
            members=volunteers[:SECURITY_VOLUNTEERS],
        )
    )
    result.append(
        Association(
            "xxg-vp",
            "volunteer_police_team",
            COMMUNITY,
            "小西关义警队",
            "Xiaoxiguan volunteer police",
            members=volunteer_police,
        )
    )
    # 监督小组: building heads (flat 3), resident representatives (flat 4) and veteran party
    # members (the first in each grid), one group for the community
    supervisors = [
        _first_resident(hh)
        for grid in range(1, GRIDS + 1)
        for compound in compounds(grid)
        for hh in households(buildings(compound)[0])[2:4]
    ]
    supervisors += [
        next(v for v in veterans if v.startswith(f"xxg-r{g:03d}") and v not in supervisors)
        for g in range(1, GRIDS + 1)
    ]
    result.append(
        Association(
            "xxg-supervision",
            "supervision_group",
            COMMUNITY,
            "监督小组",
            "supervision group",
            members=supervisors,
        )
    )
    for i, compound in enumerate(SELF_MANAGEMENT_COMMITTEES, start=1):
        members = [_first_resident(hh) for hh in households(buildings(compound)[1])[:3]]
        result.append(
            Association(
                f"xxg-smc-{i}",
                "self_management_committee",
                compound,
                f"自管委员会{i}",
                f"self-management committee {i}",
                members=members,
            )
        )
    return result


def appointments() -> tuple[Appointment, ...]:
    """The appointments in force from 2022-01-01 CST, deterministic."""
    result: list[Appointment] = []

    def appoint(person: str, role: str, unit: str) -> None:
        result.append(Appointment(f"xxg-a{len(result) + 1:05d}", person, role, unit, START))

    appoint("xxg-secretary", "community_secretary", COMMUNITY)
    appoint("xxg-cadre-1", "residential_head", COMMUNITY)
    appoint("xxg-police", "police_chief", COMMUNITY)
    appoint("xxg-police", "community_police_officer", COMMUNITY)
    for cadre in _COMMUNITY_CADRES:
        appoint(cadre, "community_cadre", COMMUNITY)
    for cadre in _TOWN_CADRES:
        appoint(cadre, "town_cadre", COMMUNITY)
    for mediator in _MEDIATORS:
        appoint(mediator, "mediation_member", COMMUNITY)
    appoint("xxg-lawyer", "lawyer", COMMUNITY)
    appoint("xxg-adviser", "legal_adviser", COMMUNITY)
    for grid in range(1, GRIDS + 1):
        cadres = sunk_cadres_of_grid(grid)
        appoint(cadres[0], "grid_head", grid_code(grid))
        for cadre in cadres:
            appoint(cadre, "sunk_cadre", grid_code(grid))
        for compound in compounds(grid):
            first, second = buildings(compound)[0], buildings(compound)[1]
            appoint(_first_resident(households(first)[4]), "courtyard_head", compound)
            appoint(_first_resident(households(first)[5]), "branch_secretary", compound)
            for building in (first, second, buildings(compound)[2]):
                flats = households(building)
                appoint(_first_resident(flats[0]), "party_group_leader", building)
                appoint(_first_resident(flats[2]), "building_head", building)
                appoint(_first_resident(flats[1]), "central_household", flats[1])
                appoint(_first_resident(flats[3]), "resident_representative", compound)
            if compound in SELF_MANAGEMENT_COMMITTEES:
                for hh in households(second)[:3]:
                    appoint(_first_resident(hh), "self_management_member", compound)
    volunteers, volunteer_police = _volunteer_ids()
    for pid in sorted(volunteers):
        appoint(pid, "volunteer", COMMUNITY)
    for pid in sorted(volunteer_police):
        appoint(pid, "volunteer_police", COMMUNITY)
    return tuple(result)
