"""Red property management in Xiaoxiguan: issues routed to Xianghe's property company, worked through."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest

from cogov import CHINA_TZ, Appointment, AssociationKind, Ledger, basic_charter
from cogov.engine.overdue import supervision_at
from cogov.errors import (
    DefinitionError,
    EligibilityError,
    IllegalTransitionError,
    NotAuthorisedError,
    UnknownKeyError,
)
from cogov.evaluation import property_issues
from cogov.events import (
    Appointed,
    AssociationFormed,
    CompletionConfirmed,
    EventCorrected,
    FollowUpVisited,
    IssueCollected,
    IssueRegistered,
    IssueRoutedToProperty,
    MeetingHeld,
    MemberJoined,
    PersonRegistered,
    PropertyAccepted,
    PropertyPlanMade,
    PropertyResolved,
    PropertyReturned,
    ReworkOrdered,
)
from cogov.model.property import PropertyRemit
from cogov.model.workflow import Transition
from cogov.plugins import CommunitySetup, load_setup, make_plugin_manager
from cogov.report._supervision import supervision_html, supervision_section, supervision_table
from cogov.testing.samples import demo_appointments, demo_community

cogov_xiaoxiguan = pytest.importorskip("cogov_xiaoxiguan")
from cogov_xiaoxiguan import plugin, structure  # noqa: E402
from cogov_xiaoxiguan.recorded_organisations import (  # noqa: E402
    OWNERS_COMMITTEE,
    PROPERTY_COMPANY,
    RED_PROPERTY_COMPOUND,
    day,
    first_resident,
    red_property,
)

XIANGHE = RED_PROPERTY_COMPOUND
#: a household in Xianghe compound (its second building) and one in another grid's compound
HOME = structure.households(structure.buildings(XIANGHE)[1])[0]
ELSEWHERE_COMPOUND = structure.compounds(2)[0]
ELSEWHERE = structure.households(structure.buildings(ELSEWHERE_COMPOUND)[0])[0]
CADRE, TOWN, SECRETARY = "xxg-cadre-2", "xxg-town-1", "xxg-secretary"
STAFF, UNAPPOINTED = "xxg-pm-2", "xxg-pm-3"
GRID_HEAD = structure.sunk_cadres_of_grid(1)[0]


@pytest.fixture(scope="module")
def example() -> CommunitySetup:
    pm = make_plugin_manager(autoload=False, plugins=[("xiaoxiguan", plugin)])
    return load_setup("xiaoxiguan", pm)


class Clock:
    """Times an hour apart from a start (in order, as a ledger wants them)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self, hours: float = 1) -> datetime:
        self.now += timedelta(hours=hours)
        return self.now


@pytest.fixture
def ledger(example: CommunitySetup) -> Ledger:
    """Xiaoxiguan with Xianghe's owners' committee and property company, one staff member appointed."""
    led = example.ledger()
    led.apply_all([e for e in red_property() if not isinstance(e, MeetingHeld)])
    led.apply(
        Appointed(at=day(1, 8), actor=SECRETARY, appointment="pm-a1", person=STAFF, role="property_staff", unit=XIANGHE)
    )  # fmt: skip
    return led


def routed(ledger: Ledger, clock: Clock, issue: str, kind: str = "xiaoxiguan:lift", unit: str = HOME) -> None:
    ledger.apply_all(
        [
            IssueCollected(
                at=clock(), actor=CADRE, issue=issue, kind=kind, unit=unit, channel="service_phone",
                summary="电梯停运 the lift has stopped",
            ),
            IssueRegistered(at=clock(), actor=CADRE, issue=issue),
            IssueRoutedToProperty(at=clock(), actor=CADRE, issue=issue, company=PROPERTY_COMPANY),
        ]
    )  # fmt: skip


def test_a_lift_issue_goes_to_the_company_and_back_to_the_community(ledger: Ledger) -> None:
    """Routed by a community cadre, accepted, planned and resolved by the company's staff, then
    confirmed by a town cadre and followed up by the grid head: the satisfaction is the community's."""
    clock = Clock(day(2, 7, 9))
    routed(ledger, clock, "L1")
    ledger.apply_all(
        [
            PropertyAccepted(at=clock(), actor=STAFF, issue="L1", note="已派维修 repairer sent"),
            PropertyPlanMade(at=clock(), actor=STAFF, issue="L1", responsible=STAFF, matter="更换曳引机 new motor"),
            PropertyResolved(at=clock(), actor=STAFF, issue="L1", outcome="电梯恢复运行 running again"),
            CompletionConfirmed(at=clock(), actor=TOWN, issue="L1", note="验收 checked"),
            FollowUpVisited(at=clock(), actor=GRID_HEAD, issue="L1", satisfaction="satisfied"),
        ]
    )  # fmt: skip
    record = ledger.issue("L1")
    assert record.path == [
        "collected", "registered", "routed_to_property", "property_accepted", "property_planned",
        "property_resolved", "completion_confirmed", "followed_up",
    ]  # fmt: skip
    assert record.property_company == PROPERTY_COMPANY
    [figures] = property_issues(ledger)
    assert (figures.company, figures.routed, figures.resolved, figures.overdue) == (PROPERTY_COMPANY, 1, 1, 0)
    assert figures.median_days == pytest.approx(3 / 24)
    assert figures.satisfaction == 1.0


def test_the_compound_party_branch_secretary_routes_too_and_the_company_may_return_it(ledger: Ledger) -> None:
    """The compound's branch secretary (on the owners' committee) holds the routing duty; the
    company returns a matter that is not its own to the community, which takes it up again."""
    clock = Clock(day(2, 7, 9))
    branch_secretary = first_resident(structure.households(structure.buildings(XIANGHE)[0])[5])
    ledger.apply_all(
        [
            IssueCollected(at=clock(), actor=CADRE, issue="W1", kind="xiaoxiguan:common_leak", unit=HOME,
                           channel="household_meeting", summary="楼道渗水 stairwell leak"),
            IssueRegistered(at=clock(), actor=CADRE, issue="W1"),
            IssueRoutedToProperty(at=clock(), actor=branch_secretary, issue="W1", company=PROPERTY_COMPANY),
            PropertyReturned(at=clock(), actor=STAFF, issue="W1", reason="市政管网 municipal pipes"),
        ]
    )  # fmt: skip
    assert ledger.issue("W1").state == "registered"
    [figures] = property_issues(ledger)
    assert (figures.routed, figures.resolved, figures.returned, figures.median_days) == (1, 0, 1, None)


def test_rework_sends_the_issue_back_to_the_company(ledger: Ledger) -> None:
    """A town cadre who finds the work not done orders rework: the issue is with the company again."""
    clock = Clock(day(2, 7, 9))
    routed(ledger, clock, "L2")
    ledger.apply_all(
        [
            PropertyAccepted(at=clock(), actor=STAFF, issue="L2"),
            PropertyResolved(at=clock(), actor=STAFF, issue="L2", outcome="已修 fixed"),
            ReworkOrdered(at=clock(), actor=TOWN, issue="L2", reason="仍有异响 still noisy"),
        ]
    )
    assert ledger.issue("L2").state == "property_accepted"
    with pytest.raises(NotAuthorisedError, match="not of its staff"):
        ledger.apply(PropertyResolved(at=clock(), actor=CADRE, issue="L2", outcome="社区修好 fixed by us"))


def test_routing_a_dispute_is_refused_as_outside_the_remit(ledger: Ledger) -> None:
    """A neighbours' dispute is not the company's matter: the refusal lists the remit's kinds."""
    clock = Clock(day(2, 7, 9))
    ledger.apply_all(
        [
            IssueCollected(at=clock(), actor=CADRE, issue="D1", kind="dispute", unit=HOME, channel="grid_visit",
                           summary="邻里噪音 noise"),
            IssueRegistered(at=clock(), actor=CADRE, issue="D1"),
        ]
    )  # fmt: skip
    with pytest.raises(IllegalTransitionError) as refused:
        ledger.apply(IssueRoutedToProperty(at=clock(), actor=CADRE, issue="D1", company=PROPERTY_COMPANY))
    message = str(refused.value)
    assert "dispute (矛盾纠纷), outside the property company's remit" in message
    assert "lift out of order (电梯故障)" in message
    assert "the community keeps it" in message
    assert ledger.issue("D1").state == "registered"


def test_routing_to_a_company_that_does_not_exist_or_is_no_company_is_refused(ledger: Ledger) -> None:
    """An unknown id names the companies recorded; the owners' committee is not a property company."""
    clock = Clock(day(2, 7, 9))
    ledger.apply_all(
        [
            IssueCollected(at=clock(), actor=CADRE, issue="P1", kind="xiaoxiguan:parking", unit=HOME,
                           channel="grid_visit", summary="占用消防通道 fire lane blocked"),
            IssueRegistered(at=clock(), actor=CADRE, issue="P1"),
        ]
    )  # fmt: skip
    with pytest.raises(
        UnknownKeyError, match=r"no property company 'xxg-pm-9' is recorded; property companies: \['xxg-pm'\]"
    ):
        ledger.apply(IssueRoutedToProperty(at=clock(), actor=CADRE, issue="P1", company="xxg-pm-9"))
    with pytest.raises(EligibilityError, match="is a 'owners_committee', not a property company"):
        ledger.apply(IssueRoutedToProperty(at=clock(), actor=CADRE, issue="P1", company=OWNERS_COMMITTEE))


def test_an_issue_outside_the_companys_compound_is_not_routed_to_it(ledger: Ledger) -> None:
    """Xianghe's company serves Xianghe: an issue in another grid's compound stays with the community."""
    clock = Clock(day(2, 7, 9))
    with pytest.raises(EligibilityError, match=r"lies outside 'xxg-pm'.*serves unit"):
        routed(ledger, clock, "E1", unit=ELSEWHERE)
    assert "E1" not in ledger.issues  # the batch is all or nothing


def test_steps_by_anyone_but_the_companys_appointed_staff_are_refused(ledger: Ledger) -> None:
    """A community cadre may not accept for the company; a member of it without a staff appointment
    holds no duty; a plan naming a non-member as responsible is refused."""
    clock = Clock(day(2, 7, 9))
    routed(ledger, clock, "L3")
    with pytest.raises(
        NotAuthorisedError,
        match=r"is with property company 'xxg-pm' \(Xianghe property company\); actor .*\(xxg-cadre-2\) is not of its staff",
    ):
        ledger.apply(PropertyAccepted(at=clock(), actor=CADRE, issue="L3"))
    with pytest.raises(NotAuthorisedError, match=r"may not 'property_accept'.*holds no role with that duty"):
        ledger.apply(PropertyAccepted(at=clock(), actor=UNAPPOINTED, issue="L3"))
    ledger.apply(PropertyAccepted(at=clock(), actor=STAFF, issue="L3"))
    with pytest.raises(
        NotAuthorisedError, match=r"the plan's responsible person .*\(xxg-cadre-2\) is not of its staff"
    ):
        ledger.apply(
            PropertyPlanMade(at=clock(), actor=STAFF, issue="L3", responsible=CADRE, matter="修 fix")
        )


def test_staff_of_another_company_may_not_act_on_xianghes_issues(ledger: Ledger) -> None:
    """A second compound's company and its appointed staff: their duty covers their own compound only."""
    clock = Clock(day(2, 7, 9))
    at = clock()
    ledger.apply_all(
        [
            PersonRegistered(at=at, actor=SECRETARY, person="xxg-pm2-1", name="郑物业管家"),
            AssociationFormed(at=at, actor=SECRETARY, association="xxg-pm2", kind="property_company",
                              unit=ELSEWHERE_COMPOUND, name_zh="第二物业公司", name_en="second property company"),
            MemberJoined(at=at, actor=SECRETARY, association="xxg-pm2", person="xxg-pm2-1"),
            Appointed(at=at, actor=SECRETARY, appointment="pm2-a1", person="xxg-pm2-1", role="property_staff",
                      unit=ELSEWHERE_COMPOUND),
        ]
    )  # fmt: skip
    routed(ledger, clock, "L4")
    with pytest.raises(NotAuthorisedError, match="not of its staff"):
        ledger.apply(PropertyAccepted(at=clock(), actor="xxg-pm2-1", issue="L4"))


def test_a_staff_appointment_goes_only_to_a_member_of_a_company_there(ledger: Ledger) -> None:
    """A resident who is not of Xianghe's company cannot be appointed its staff."""
    resident = first_resident(HOME)
    with pytest.raises(EligibilityError) as refused:
        ledger.apply(
            Appointed(at=day(1, 9), actor=SECRETARY, appointment="pm-a9", person=resident, role="property_staff",
                      unit=XIANGHE)
        )  # fmt: skip
    assert "is held by the staff of a property company (物业公司)" in str(refused.value)
    assert "(companies there: xxg-pm); record them joining the company (MemberJoined) first" in str(
        refused.value
    )


def test_an_overdue_company_step_is_red_for_the_company(ledger: Ledger) -> None:
    """A lift accepted on a Monday morning and not resolved two working days later is red for the
    company in supervision_at; once resolved, the follow-up clock is the community's."""
    clock = Clock(day(3, 7, 8))  # Monday 7 March 2022
    routed(ledger, clock, "L5")
    ledger.apply(PropertyAccepted(at=clock(), actor=STAFF, issue="L5"))
    wednesday_evening = day(3, 9, 20)
    view = supervision_at(ledger, wednesday_evening)
    [item] = [i for i in view.red if i.issue == "L5"]
    assert (item.step, item.organisation, item.person) == ("property_handling", PROPERTY_COMPANY, STAFF)
    assert view.by_organisation()[PROPERTY_COMPANY] == 1
    assert supervision_at(ledger, day(3, 8, 9)).by_organisation() == {}  # a day in: still in time
    ledger.apply(PropertyResolved(at=day(3, 10, 9), actor=STAFF, issue="L5", outcome="修复 repaired"))
    after = supervision_at(ledger, day(3, 10, 10))
    assert [(i.step, i.organisation) for i in after.items if i.issue == "L5"] == [
        ("resolved_to_follow_up", None)
    ]
    [figures] = property_issues(ledger)
    assert (figures.resolved, figures.overdue) == (1, 1)


def test_acceptance_is_due_within_a_working_day(ledger: Ledger) -> None:
    """An issue routed on a Friday and not accepted is red on Monday evening, not over the weekend."""
    clock = Clock(day(3, 11, 8))  # Friday 11 March 2022
    routed(ledger, clock, "L6", kind="xiaoxiguan:greenery")
    assert supervision_at(ledger, day(3, 13, 20)).by_organisation() == {}
    [item] = supervision_at(ledger, day(3, 14, 20)).red
    assert (item.step, item.organisation) == ("property_acceptance", PROPERTY_COMPANY)


def test_a_community_without_a_property_remit_still_works_and_refuses_routing() -> None:
    """The basic charter has no routing action; a remit naming unknown kinds, or a workflow letting
    someone else move an issue while it is with the company, is refused when the charter is built."""
    led = Ledger(basic_charter(), demo_community(), appointments=demo_appointments())
    household = "420325100001-G01-B1-H01"
    start = datetime(2024, 3, 4, 9, tzinfo=CHINA_TZ)
    led.apply_all(
        [
            IssueCollected(at=start, actor="p-grid1", issue="B1", kind="service_request", unit=household,
                           channel="grid_visit", summary="路灯 street light"),
            IssueRegistered(at=start + timedelta(minutes=1), actor="p-grid1", issue="B1"),
        ]
    )  # fmt: skip
    with pytest.raises(
        IllegalTransitionError, match="workflow 'canonical' has no action 'route_to_property'"
    ):
        led.apply(
            IssueRoutedToProperty(at=start + timedelta(minutes=2), actor="p-sec", issue="B1", company="PM")
        )
    base = basic_charter()
    with pytest.raises(DefinitionError, match="has no 'route_to_property' action"):
        attrs.evolve(
            base,
            association_kinds=(AssociationKind("property_company", "物业公司", "property company"),),
            property_remit=PropertyRemit("property_company", {"service_request"}, set()),
        )


def test_the_remit_is_checked_against_the_charter(example: CommunitySetup) -> None:
    """Unknown kinds are named; a workflow step that lets others move an issue with the company is refused."""
    charter = example.charter
    remit = charter.property_remit
    assert remit is not None
    with pytest.raises(DefinitionError, match=r"unknown issue kind\(s\) \['xiaoxiguan:lifts'\]"):
        attrs.evolve(charter, property_remit=attrs.evolve(remit, kinds={"xiaoxiguan:lifts"}))
    meddling = charter.workflow.extended(
        transitions=[Transition("withdraw", ["property_accepted"], "withdrawn", "撤回", "withdraw")]
    )
    with pytest.raises(DefinitionError, match="lets 'withdraw' move an issue from \\['property_accepted'\\]"):
        attrs.evolve(charter, workflow=meddling)


def test_the_reports_supervision_section_shows_the_company(ledger: Ledger) -> None:
    """The overdue row names the company holding the step, and the company's figures are a line of
    the terminal caption and a table of the HTML, in both languages."""
    clock = Clock(day(3, 7, 8))
    routed(ledger, clock, "L8", kind="xiaoxiguan:parking")
    routing = len(ledger) - 1
    routed(ledger, clock, "L7")
    ledger.apply(PropertyAccepted(at=clock(), actor=STAFF, issue="L7"))
    ledger.apply(PropertyResolved(at=day(3, 11, 9), actor=STAFF, issue="L7", outcome="修复 repaired"))
    # a correction recorded on the evening of Monday 14 March brings the ledger's clock there
    ledger.apply(
        EventCorrected(at=day(3, 14, 20), actor=CADRE, corrects=routing, reason="补注 note", changes=(("note", '"转办"'),))
    )  # fmt: skip
    section = supervision_section(ledger)
    assert section is not None
    [row] = [r for r in section.overdue if r.issue == "L8"]
    assert row.holder.en.startswith("Xianghe property company: ")
    [company] = section.companies
    assert (company.company.zh, company.routed, company.resolved, company.overdue, company.red_now) == (
        "祥和小区物业服务公司", 2, 1, 2, 1,
    )  # fmt: skip
    caption = str(supervision_table(section, "en").caption)
    assert (
        "Red property: issues routed to the property company: Xianghe property company routed 2 · resolved 1"
        in caption
    )
    assert "overdue 2 · red now 1" in caption
    html = supervision_html(section, "zh")
    assert "<h3>红色物业·转物业公司办理</h3>" in html
    assert "<td>祥和小区物业服务公司</td><td>2</td><td>1</td>" in html


def test_a_genesis_cannot_bring_a_staff_appointment_of_a_non_member(example: CommunitySetup) -> None:
    """Appointments a ledger begins with are checked like appointment events: no company, no staff."""
    staff = Appointment("pm-g1", first_resident(HOME), "property_staff", XIANGHE, structure.START)
    with pytest.raises(EligibilityError, match=r"is a member of none \(companies there: none\)"):
        Ledger(example.charter, example.community, appointments=(*example.appointments, staff))
