"""Sample communities and event streams for tests and benchmarks, valid under the basic charter.

- :func:`small_community` and :func:`small_appointments`: a Xiaoxiguan-like community of two
  grids with a secretary, a cadre, grid heads, a building head, a mediator and residents, for
  worked examples (who may do what, where).
- :func:`grid_community`: a synthetic community of any number of grids and households
  (compounds, buildings, building heads, cadres, mediators as asked) under a given charter,
  staffed for every step of the canonical workflow, as a :class:`SampleCommunity` that knows
  who lives where and who holds which office (the ledger benchmark, the recorded year of
  :mod:`cogov.testing.recorded_year`).
- :func:`demo_community`, :func:`demo_appointments` and :func:`demo_events`: the grid
  community with its defaults and a deterministic stream of any number of events, every one
  accepted by :meth:`~cogov.Ledger.apply`, the same for the same arguments (the store tests
  and benchmark, the crash test's writer).

Nothing here needs Hypothesis or pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from cogov.engine.ledger import Ledger
from cogov.model.canonical import basic_charter
from cogov.model.charter import Charter
from cogov.model.events import (
    AgreementReached,
    AnsweredOnSpot,
    CompletionConfirmed,
    Event,
    FollowUpVisited,
    IssueClosed,
    IssueCollected,
    IssueEscalated,
    IssueRegistered,
    IssueResolved,
    MediationStarted,
    MeetingHeld,
    PlanMade,
    VerificationVisited,
)
from cogov.model.roles import Appointment
from cogov.model.structure import Community, Person, Unit

__all__ = [
    "DEMO_START",
    "SMALL_START",
    "SampleCommunity",
    "demo_appointments",
    "demo_community",
    "demo_events",
    "grid_community",
    "small_appointments",
    "small_community",
]

DEMO_START = datetime(2022, 1, 3, 8, 0, tzinfo=timezone(timedelta(hours=8)))
_ROOT = "420325100001"

#: when the small community's appointments start (China time; the strategies' EPOCH too)
SMALL_START = datetime(2022, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8), "CST"))
_G1, _G2 = f"{_ROOT}-G01", f"{_ROOT}-G02"
_B1, _B3 = f"{_G1}-C1-B1", f"{_G2}-C1-B1"


def small_community() -> Community:
    """Two grids of a Xiaoxiguan-like community, three households and eleven people.

    Grid ``420325100001-G01`` has building ``…-G01-C1-B1`` with households ``H0101`` and
    ``H0201``; grid ``…-G02`` has ``H0301``.  People: ``p-sec`` (party secretary), ``p-cadre``,
    ``p-grid1`` and ``p-grid2`` (grid heads), ``p-bldg`` (building head), ``p-med``
    (mediator), ``p-lawyer``, the residents ``p-yang`` (a resident representative),
    ``p-chen`` and ``p-wu``, and ``p-out``, who lives elsewhere.
    """
    community = Community()
    community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(_ROOT, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
            Unit(_G1, "grid", "第一网格", "grid 1", parent=_ROOT),
            Unit(_G2, "grid", "第二网格", "grid 2", parent=_ROOT),
            Unit(f"{_G1}-C1", "compound", "祥和小区", "Xianghe compound", parent=_G1),
            Unit(f"{_G2}-C1", "compound", "阳光小区", "Yangguang compound", parent=_G2),
            Unit(_B1, "building", "1栋", "building 1", parent=f"{_G1}-C1"),
            Unit(_B3, "building", "3栋", "building 3", parent=f"{_G2}-C1"),
            Unit("H0101", "household", "101户", "flat 101", parent=_B1),
            Unit("H0201", "household", "201户", "flat 201", parent=_B1),
            Unit("H0301", "household", "301户", "flat 301", parent=_B3),
        ],
        people=[
            Person("p-sec", "王书记", attributes={"party_member", "cadre"}),
            Person("p-cadre", "刘干部", attributes={"cadre"}),
            Person("p-grid1", "李网格长", attributes={"sunk_cadre", "party_member"}),
            Person("p-grid2", "张网格长", attributes={"sunk_cadre"}),
            Person("p-bldg", "周楼栋长", household="H0201"),
            Person("p-med", "赵调解员", attributes={"mediator"}),
            Person("p-lawyer", "孙律师", attributes={"lawyer"}),
            Person("p-yang", "杨大爷", household="H0101", attributes={"resident_representative"}),
            Person("p-chen", "陈女士", household="H0201"),
            Person("p-wu", "吴先生", household="H0301"),
            Person("p-out", "路人"),
        ],
    )
    return community


def small_appointments(start: datetime = SMALL_START) -> list[Appointment]:
    """The small community's offices under the basic role set, all from ``start``."""
    return [
        Appointment("a-sec", "p-sec", "community_secretary", _ROOT, start),
        Appointment("a-cadre", "p-cadre", "community_cadre", _ROOT, start),
        Appointment("a-grid1", "p-grid1", "grid_head", _G1, start),
        Appointment("a-grid2", "p-grid2", "grid_head", _G2, start),
        Appointment("a-bldg", "p-bldg", "building_head", _B1, start),
        Appointment("a-med", "p-med", "mediator", _ROOT, start),
    ]


#: residents of a household are told apart by these (甲, 乙, ...) in names and a, b, ... in ids
_NTH = "甲乙丙丁戊己庚辛壬癸"


@attrs.frozen(eq=False)
class SampleCommunity:
    """A synthetic community ready for a ledger: charter, structure, appointments, and who is who.

    Built by :func:`grid_community`.  The lookups let a test or a benchmark write events
    without knowing the naming scheme: ``households[grid]`` lists a grid's households in
    order, ``residents[household]`` the people living there, ``grid_heads[grid]`` its grid
    head (网格长) and ``building_heads[household]`` the building head (楼栋长) of its building
    (empty without building heads).
    """

    charter: Charter
    community: Community
    appointments: tuple[Appointment, ...]
    #: the community unit's code (its parents are a county and a town)
    root: str
    grids: tuple[str, ...]
    households: Mapping[str, tuple[str, ...]]
    residents: Mapping[str, tuple[str, ...]]
    grid_heads: Mapping[str, str]
    building_heads: Mapping[str, str]
    #: the community party secretary (社区书记): every issue duty, appointments and the register
    secretary: str
    cadres: tuple[str, ...]
    mediators: tuple[str, ...]

    def ledger(self, **options: Any) -> Ledger:
        """A fresh :class:`~cogov.Ledger` of this community; ``options`` go to its constructor."""
        return Ledger(self.charter, self.community, appointments=self.appointments, **options)

    def grid_of(self, household: str) -> str:
        """The grid ``household`` lies in."""
        grid = self.community.ancestor_at(household, "grid")
        if grid is None:
            msg = f"SampleCommunity.grid_of: {household!r} is in no grid of community {self.root}"
            raise ValueError(msg)
        return grid


#: what the sample's people do, by the role keys of the basic role set
_ROLES = ("community_secretary", "community_cadre", "grid_head", "building_head", "mediator")


def grid_community(
    grids: int = 4,
    households_per_grid: int | Sequence[int] = 6,
    *,
    residents_per_household: int = 2,
    compounds_per_grid: int = 0,
    buildings: int = 1,
    cadres: int = 0,
    mediators: int = 1,
    building_heads: bool = False,
    resident_attributes: Callable[[int, int, int], Iterable[str]] | None = None,
    charter: Charter | None = None,
    since: datetime = DEMO_START - timedelta(days=1),
) -> SampleCommunity:
    """A community of ``grids`` grids of ``households_per_grid`` households, staffed for the full workflow.

    The community ``420325100001`` (小西关社区) sits in a county and a town.  Grid ``g``
    (from 1) is ``420325100001-G{g:02d}``; it holds ``compounds_per_grid`` compounds
    (``…-C{k}``) of ``buildings`` buildings each (``…-B{b}``), or ``buildings`` buildings
    directly when there are no compounds, or its households directly when ``buildings`` is 0.
    Households are numbered through the grid (``…-H{h:02d}``, from 1) and dealt to the
    buildings in order, as evenly as the count allows; ``households_per_grid`` may give one
    count per grid.  Each household has ``residents_per_household`` residents
    ``p-{g}-{h}a``, ``p-{g}-{h}b``, …; ``resident_attributes(g, h, n)`` (``n`` from 0) gives
    a resident's attributes (none by default).

    People and their appointments (all from ``since``), enough for every step of the
    canonical workflow, supervision and the register: the party secretary ``p-sec``
    (``community_secretary``), a grid head ``p-grid{g}`` for each grid, mediators ``p-med``,
    ``p-med2``, … (``mediator``), cadres ``p-cadre``, ``p-cadre2``, … (``community_cadre``)
    and, with ``building_heads``, a building head ``p-bldg{g}-{n}`` for building ``n`` of
    grid ``g`` (numbered through the grid; a building left without households has none).
    ``charter`` (the basic charter by default) must have those roles (any charter built on
    the basic role set has).  Bad sizes or a charter without them raise :class:`ValueError`
    saying which.

    With its defaults this is the community of :func:`demo_community`, :func:`demo_events`
    and the store tests.
    """
    chosen = basic_charter() if charter is None else charter
    counts = (
        [households_per_grid] * grids if isinstance(households_per_grid, int) else list(households_per_grid)
    )
    _check_sizes(
        grids, counts, residents=residents_per_household, compounds=compounds_per_grid, buildings=buildings
    )
    roles = {spec.key for spec in chosen.role_set}
    missing = [role for role in _ROLES if role not in roles]
    if missing:
        msg = (
            f"grid_community: charter {chosen.key!r} has no role {', '.join(map(repr, missing))}; "
            "give a charter built on the basic role set (attrs.evolve(basic_charter(), ...))"
        )
        raise ValueError(msg)
    build = _Build(since, residents_per_household, resident_attributes, building_heads)
    build.community.extend(
        units=[
            Unit("420325", "county", "房县", "Fang county"),
            Unit("420325100", "town", "城关镇", "Chengguan town", parent="420325"),
            Unit(_ROOT, "community", "小西关社区", "Xiaoxiguan community", parent="420325100"),
        ],
        people=[Person("p-sec", "王书记", attributes={"party_member", "cadre"})],
    )
    build.appointments.append(Appointment("a-sec", "p-sec", "community_secretary", _ROOT, since))
    mediator_ids = build.staff("mediator", mediators, "med", "赵调解员", "mediator")
    cadre_ids = build.staff("community_cadre", cadres, "cadre", "刘干部", "cadre")
    for g, count in enumerate(counts, start=1):
        build.grid(g, count, compounds_per_grid, buildings)
    return SampleCommunity(
        charter=chosen,
        community=build.community,
        appointments=(*build.appointments, *build.head_appointments),
        root=_ROOT,
        grids=tuple(build.households),
        households=build.households,
        residents=build.residents,
        grid_heads=build.grid_heads,
        building_heads=build.building_heads,
        secretary="p-sec",
        cadres=cadre_ids,
        mediators=mediator_ids,
    )


@attrs.define
class _Build:
    """The parts of a :class:`SampleCommunity` while :func:`grid_community` builds it."""

    since: datetime
    residents_per_household: int
    resident_attributes: Callable[[int, int, int], Iterable[str]] | None
    with_building_heads: bool
    community: Community = attrs.field(factory=Community)
    appointments: list[Appointment] = attrs.field(factory=list)
    #: grid and building heads, appointed after the community-level staff
    head_appointments: list[Appointment] = attrs.field(factory=list)
    households: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    residents: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    grid_heads: dict[str, str] = attrs.field(factory=dict)
    building_heads: dict[str, str] = attrs.field(factory=dict)

    def staff(self, role: str, count: int, stem: str, name: str, attribute: str) -> tuple[str, ...]:
        """``count`` holders of community-level ``role``: ``p-{stem}``, ``p-{stem}2``, …"""
        people = []
        for n in range(1, count + 1):
            suffix = "" if n == 1 else str(n)
            person = f"p-{stem}{suffix}"
            self.community.add_person(Person(person, f"{name}{suffix}", attributes={attribute}))
            self.appointments.append(Appointment(f"a-{stem}{suffix}", person, role, _ROOT, self.since))
            people.append(person)
        return tuple(people)

    def grid(self, g: int, count: int, compounds: int, buildings: int) -> None:
        """Grid ``g``, its buildings, its head and its ``count`` households, dealt to the buildings in order."""
        grid = f"{_ROOT}-G{g:02d}"
        self.community.add_unit(Unit(grid, "grid", f"第{g}网格", f"grid {g}", parent=_ROOT))
        containers = _buildings(self.community, grid, compounds, buildings)
        head = self.grid_heads[grid] = f"p-grid{g}"
        self.community.add_person(Person(head, f"网格长{g}", attributes={"party_member"}))
        self.head_appointments.append(Appointment(f"a-grid{g}", head, "grid_head", grid, self.since))
        per_container = -(-count // len(containers)) if count else 1
        in_grid: list[str] = []
        for i in range(count):
            h, number = i + 1, i // per_container + 1
            container = containers[number - 1]
            building_head = f"p-bldg{g}-{number}"
            if self.with_building_heads and container != grid and i % per_container == 0:
                self.community.add_person(Person(building_head, f"楼栋长{g}-{number}"))
                self.head_appointments.append(
                    Appointment(f"a-bldg{g}-{number}", building_head, "building_head", container, self.since)
                )
            household = f"{container}-H{h:02d}"
            self.community.add_unit(
                Unit(household, "household", f"{h}0{h}户", f"flat {h}0{h}", parent=container)
            )
            in_grid.append(household)
            if self.with_building_heads and container != grid:
                self.building_heads[household] = building_head
            self.residents[household] = tuple(
                self._resident(g, h, n, household) for n in range(self.residents_per_household)
            )
        self.households[grid] = tuple(in_grid)

    def _resident(self, g: int, h: int, n: int, household: str) -> str:
        person = f"p-{g}-{h}{chr(ord('a') + n)}"
        extra = self.resident_attributes(g, h, n) if self.resident_attributes is not None else ()
        self.community.add_person(
            Person(person, f"居民{g}{h}{_NTH[n]}", household=household, attributes=set(extra))
        )
        return person


def _check_sizes(grids: int, counts: list[int], *, residents: int, compounds: int, buildings: int) -> None:
    problems = [
        f"{name} must be {bound}, got {value}"
        for name, value, ok, bound in (
            ("grids", grids, grids >= 1, "at least 1"),
            ("households_per_grid", counts, len(counts) == grids and min(counts, default=0) >= 0,
             f"a count >= 0, or {grids} of them (one per grid)"),
            ("residents_per_household", residents, 0 <= residents <= len(_NTH), f"between 0 and {len(_NTH)}"),
            ("buildings", buildings, buildings >= 0, "at least 0"),
            ("compounds_per_grid", compounds, compounds >= 0 and (buildings >= 1 or not compounds),
             "at least 0 (and buildings at least 1 when there are compounds)"),
        )
        if not ok
    ]  # fmt: skip
    if problems:
        msg = "grid_community: " + "; ".join(problems)
        raise ValueError(msg)


def _buildings(community: Community, grid: str, compounds: int, buildings: int) -> list[str]:
    """Add ``grid``'s compounds and buildings; the units its households go in (the grid itself without buildings)."""
    if buildings == 0:
        return [grid]
    parents = [grid]
    if compounds:
        parents = []
        for k in range(1, compounds + 1):
            compound = f"{grid}-C{k}"
            community.add_unit(Unit(compound, "compound", f"{k}号小区", f"compound {k}", parent=grid))
            parents.append(compound)
    out = []
    for parent in parents:
        for b in range(1, buildings + 1):
            building = f"{parent}-B{b}"
            community.add_unit(Unit(building, "building", f"{b}栋", f"building {b}", parent=parent))
            out.append(building)
    return out


def demo_community(grids: int = 4, households_per_grid: int = 6) -> Community:
    """A community with ``grids`` grids, one building each, and two residents per household.

    The structure of :func:`grid_community` with its defaults: ``grid_community(grids,
    households_per_grid).community``.
    """
    return grid_community(grids, households_per_grid).community


def demo_appointments(grids: int = 4) -> tuple[Appointment, ...]:
    """The demo community's secretary, mediator and grid heads, from the day before :data:`DEMO_START`."""
    return grid_community(grids, 0).appointments


def demo_events(
    count: int,
    *,
    grids: int = 4,
    households_per_grid: int = 6,
    start_issue: int = 0,
    start: datetime = DEMO_START,
) -> Iterator[Event]:
    """``count`` events: issue journeys of three shapes, with a meeting now and then.

    Issue numbers start at ``start_issue`` and times at ``start`` so a stream can be
    continued; every event is one minute after the previous one.
    """
    minute = timedelta(minutes=1)
    t = start
    issue_no = start_issue
    produced = 0
    while produced < count:
        g = issue_no % grids + 1
        h = issue_no // grids % households_per_grid + 1
        grid = f"{_ROOT}-G{g:02d}"
        household = f"{grid}-B1-H{h:02d}"
        head, resident = f"p-grid{g}", f"p-{g}-{h}a"
        issue = f"I-{issue_no:07d}"
        shape = issue_no % 3
        journey: list[Event]
        if shape == 0:
            journey = [
                MeetingHeld(
                    at=t,
                    actor=head,
                    meeting=f"M-{issue_no:07d}",
                    kind="household_meeting",
                    unit=grid,
                    attendees=(resident, f"p-{g}-{h}b"),
                ),
                IssueCollected(
                    at=t + minute,
                    actor=head,
                    issue=issue,
                    kind="policy_question",
                    unit=household,
                    channel="household_meeting",
                    summary="低保政策咨询 subsistence allowance question",
                    reporter=resident,
                    meeting=f"M-{issue_no:07d}",
                ),
                AnsweredOnSpot(at=t + 2 * minute, actor=head, issue=issue, answer="现场答复 answered"),
                IssueClosed(at=t + 3 * minute, actor=head, issue=issue),
            ]
        elif shape == 1:
            journey = [
                IssueCollected(
                    at=t,
                    actor=head,
                    issue=issue,
                    kind="hidden_risk",
                    unit=household,
                    channel="grid_visit",
                    summary="楼道堆放杂物 clutter in the stairwell",
                    reporter=resident,
                ),
                IssueRegistered(at=t + minute, actor=head, issue=issue, note="需协调 needs coordination"),
                IssueEscalated(at=t + 2 * minute, actor="p-sec", issue=issue),
                VerificationVisited(at=t + 3 * minute, actor=head, issue=issue, findings="属实 confirmed"),
                PlanMade(
                    at=t + 4 * minute,
                    actor="p-sec",
                    issue=issue,
                    responsible=head,
                    matter="清理 clear it",
                    deadline=t + timedelta(days=7),
                ),
                IssueResolved(at=t + 5 * minute, actor=head, issue=issue, outcome="已清理 cleared"),
                CompletionConfirmed(at=t + 6 * minute, actor="p-sec", issue=issue),
                FollowUpVisited(at=t + 7 * minute, actor=head, issue=issue, satisfaction="satisfied"),
                IssueClosed(at=t + 8 * minute, actor=head, issue=issue),
            ]
        else:
            journey = [
                IssueCollected(
                    at=t,
                    actor=head,
                    issue=issue,
                    kind="dispute",
                    unit=household,
                    channel="walk_in",
                    summary="邻里噪音纠纷 noise dispute",
                    reporter=resident,
                ),
                IssueRegistered(at=t + minute, actor=head, issue=issue),
                MediationStarted(at=t + 2 * minute, actor="p-med", issue=issue, mediator="p-med"),
                AgreementReached(at=t + 3 * minute, actor="p-med", issue=issue, terms="晚十点后保持安静"),
                FollowUpVisited(
                    at=t + 4 * minute, actor=head, issue=issue, satisfaction="basically_satisfied"
                ),
                IssueClosed(at=t + 5 * minute, actor=head, issue=issue),
            ]
        for event in journey[: count - produced]:
            yield event
            produced += 1
        t += minute * len(journey)
        issue_no += 1
