"""A synthetic Beijing street: 3 communities, 4 grids each, 15-digit grid codes.

Codes follow Beijing's unit-grid convention (6 district + 3 street + 3 community +
3 sequence digits).  The street, its people and its departments are invented; only the
shape follows practice.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from cogov import Appointment, Association, Community, Person, Unit
from cogov.model.structure import PersonAttribute
from cogov_beijing.charter import LEVELS

__all__ = [
    "COMMUNITIES",
    "DEPARTMENTS",
    "DISTRICT",
    "START",
    "STREET",
    "appointments",
    "build_community",
    "grid_code",
]

DISTRICT = "110105"
STREET = "110105950"
COMMUNITIES = 3
GRIDS_PER_COMMUNITY = 4
HOUSEHOLDS_PER_GRID = 10
#: Beijing time; the set-up's appointments start on 2023-01-01
START = datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=8), "CST"))

#: departments that report to the street when it blows the whistle: id -> (zh, en)
DEPARTMENTS = {
    "bj-dept-cg": ("城管执法队", "urban management law enforcement"),
    "bj-dept-zj": ("住房城乡建设委员会", "housing and construction commission"),
    "bj-dept-sj": ("市场监督管理所", "market supervision office"),
    "bj-dept-pcs": ("派出所", "police station"),
}

_P = PersonAttribute
_NAMES = (("和平", "Heping"), ("安华", "Anhua"), ("青年沟", "Qingniangou"))


def community_code(n: int) -> str:
    return f"{STREET}{n:03d}"


def grid_code(community: int, grid: int) -> str:
    return f"{community_code(community)}{grid:03d}"


def build_community() -> Community:
    community = Community(levels=LEVELS)
    units = [
        Unit(DISTRICT, "district", "朝阳区", "Chaoyang district"),
        Unit(STREET, "street", "示范街道（虚构）", "Shifan street (synthetic)", parent=DISTRICT),
    ]
    people = [
        Person("bj-dispatcher", "何派单", attributes={_P.CADRE}),
        Person("bj-reviewer", "罗回访", attributes={_P.CADRE}),
        Person("bj-secretary", "高书记", attributes={_P.PARTY_MEMBER, _P.CADRE}),
        Person("bj-receiver-1", "林首接", attributes={_P.CADRE}),
        Person("bj-receiver-2", "梁首接", attributes={_P.CADRE, _P.PARTY_MEMBER}),
        *(Person(pid, f"{zh}联络员", attributes={_P.CADRE}) for pid, (zh, _) in DEPARTMENTS.items()),
    ]
    for c in range(1, COMMUNITIES + 1):
        zh, en = _NAMES[c - 1]
        units.append(Unit(community_code(c), "community", f"{zh}社区", f"{en} community", parent=STREET))
        people.append(Person(f"bj-cs-{c}", f"{zh}书记", attributes={_P.PARTY_MEMBER}))
        for g in range(1, GRIDS_PER_COMMUNITY + 1):
            grid = grid_code(c, g)
            units.append(Unit(grid, "grid", f"{zh}第{g}网格", f"{en} grid {g}", parent=community_code(c)))
            people.append(Person(f"bj-gw-{c}-{g}", f"{zh}网格员{g}"))
            for h in range(1, HOUSEHOLDS_PER_GRID + 1):
                hh = f"{grid}{h:03d}"
                units.append(Unit(hh, "household", f"{h}号院户", f"household {h}", parent=grid))
                people.append(Person(f"bj-r{hh[len(STREET) :]}", f"居民{c}{g}{h:02d}", household=hh))
    community.extend(units=units, people=people)
    community.add_association(
        Association(
            "bj-departments",
            "beijing:reporting_department",
            STREET,
            "报到部门",
            "reporting departments",
            members=list(DEPARTMENTS),
        )
    )
    return community


def appointments() -> tuple[Appointment, ...]:
    result: list[Appointment] = []

    def appoint(person: str, role: str, unit: str) -> None:
        result.append(Appointment(f"bj-a{len(result) + 1:04d}", person, role, unit, START))

    appoint("bj-dispatcher", "hotline_dispatcher", DISTRICT)
    appoint("bj-reviewer", "hotline_reviewer", DISTRICT)
    appoint("bj-secretary", "street_secretary", STREET)
    appoint("bj-receiver-1", "first_receiver", STREET)
    appoint("bj-receiver-2", "first_receiver", STREET)
    for department in DEPARTMENTS:
        appoint(department, "department_liaison", STREET)
    for c in range(1, COMMUNITIES + 1):
        appoint(f"bj-cs-{c}", "community_secretary", community_code(c))
        for g in range(1, GRIDS_PER_COMMUNITY + 1):
            appoint(f"bj-gw-{c}-{g}", "grid_worker", grid_code(c, g))
    return tuple(result)
