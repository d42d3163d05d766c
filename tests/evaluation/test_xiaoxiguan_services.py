"""The recorded year's services and organisations reproduce the source's remaining figures."""

from __future__ import annotations

import pytest

from cogov.evaluation import (
    EvaluationContext,
    convention_figures,
    double_report,
    five_zeros,
    one_stop,
)

recorded = pytest.importorskip("cogov_xiaoxiguan.recorded")
xevaluation = pytest.importorskip("cogov_xiaoxiguan.evaluation")
services = pytest.importorskip("cogov_xiaoxiguan.recorded_services")
organisations = pytest.importorskip("cogov_xiaoxiguan.recorded_organisations")
source = pytest.importorskip("cogov_xiaoxiguan.source_figures")
rules = pytest.importorskip("cogov_xiaoxiguan.service_rules")
structure = pytest.importorskip("cogov_xiaoxiguan.structure")


@pytest.fixture(scope="module")
def context() -> EvaluationContext:
    return xevaluation.recorded_context()


def test_every_remaining_source_figure_is_met_and_is_the_chosen_value(context) -> None:
    """500+ matters, 400+ party tasks, 2,000+ person-times, 2 hearings, 98 % and 98 %: each met, as chosen."""
    figures = source.year_figures(context)
    assert set(figures) == set(source.SOURCE_FLOORS) == set(source.SOURCE_TEXTS)
    for key, floor in source.SOURCE_FLOORS.items():
        assert figures[key] >= floor, key
        assert figures[key] == pytest.approx(services.CHOSEN[key]), key
    assert figures["matters_answered_or_solved"] == 110 + services.CHOSEN["services_delivered"]


def test_one_stop_and_double_report_of_the_year(context) -> None:
    """400 requests, 395 delivered, 388 in one visit; 420 places planned, 420 claimed, 414 done."""
    desk = one_stop(context.events, period=context.period)
    assert (desk.requests, desk.delivered, desk.one_visit) == (400, 395, 388)
    assert desk.proxy == 57
    assert set(desk.by_centre) == {structure.COMMUNITY, *structure.NEIGHBOURHOOD_CENTRES}
    report = double_report(context.events, context.charter, period=context.period)
    assert (report.items, report.planned, report.claimed, report.completed) == (70, 420, 420, 414)
    assert report.registered == {"party_member": 140, "unit": 8}
    assert report.satisfaction() == 1.0


def test_the_convention_at_work_in_the_year(context) -> None:
    """One wedding over the 20-table limit is flagged and noticed; 8 other breaches rectified."""
    figures = convention_figures(context.events, period=context.period)
    (flag,) = figures.over_limit
    assert flag.over == {"tables": (24.0, 20.0)}
    assert figures.ceremonies == 16
    assert (figures.breaches, figures.noticed, figures.rectified) == (9, 9, 8)


def test_the_five_zeros_of_the_year(context) -> None:
    """Every voice answered, 14 of 15 disputes kept, 388 of 395 in one visit, all 24 weak households covered."""
    figures = five_zeros(context.events, context.charter, context.community, period=context.period)
    got = {t.key: (t.numerator, t.denominator) for t in figures.targets}
    assert got["voices_answered"] == (121, 121)
    assert got["disputes_kept"] == (14, 15)
    assert got["services_zero_distance"] == (388, 395)
    assert got["weak_covered"] == (24, 24)
    present, households = got["none_absent"]
    assert households == structure.GRIDS * structure.COMPOUNDS_PER_GRID * structure.BUILDINGS_PER_COMPOUND * 8
    assert 0 < present < households
    score = rules.FIVE_ZEROS.evaluate(context, structure.COMMUNITY)
    assert score.rated
    assert 0 < score.value < 100
    assert score.seqs()


def test_double_report_review_scores_a_registrant_from_its_work(context) -> None:
    """A sunk cadre who completed its claims is rated; one who never claimed is not."""
    claimed = rules.DOUBLE_REPORT_REVIEW.evaluate(context, "xxg-sc001")
    assert claimed.rated
    assert 0 < claimed.value <= claimed.maximum
    assert rules.DOUBLE_REPORT_REVIEW.evaluate(context, "xxg-sc400").rated is False


def test_every_new_event_of_the_year_is_checked_by_the_ledger(context) -> None:
    """The recorded year replays with full validation; the disclosure's checkpoint is the ledger's."""
    from cogov.plugins import load_setup  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    last = ledger.events[-1]
    assert last.type == "affairs_disclosed"
    assert ledger.hash_of(last.checkpoint_count - 1).hex() == last.checkpoint_head


def test_the_years_disclosure_is_a_document_residents_can_check() -> None:
    """The December disclosure lists the congresses, the convention and the project list, and verifies."""
    from cogov.evaluation import disclosure_document  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    document = disclosure_document(ledger, "XXG-2022-DISCLOSURE")
    assert document.verified
    kinds = {m.what for m in document.matters}
    assert kinds == {"meeting", "convention", "project_list_item"}
    supervisors = {p.role: p.duties for p in document.supervision_duties}
    assert "supervise" in supervisors["town_cadre"]
    assert "supervise_convention" in supervisors["building_head"]
    heads = {p.role: p.holders for p in document.small_powers}
    assert heads["grid_head"] == structure.GRIDS


def test_the_party_chain_reaches_every_household(context) -> None:
    """28 compound branches and 84 building groups; each household has a central household, a group and a branch."""
    from cogov.evaluation import party_chain  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    chain = party_chain(ledger)
    compounds = structure.GRIDS * structure.COMPOUNDS_PER_GRID
    assert (chain.branches, chain.groups) == (compounds, compounds * structure.BUILDINGS_PER_COMPOUND)
    assert chain.complete == chain.households == compounds * structure.BUILDINGS_PER_COMPOUND * 8
    community = ledger.community
    for link in chain.links.values():
        # the central household is in the same building, and one of its party members is in the group
        assert community.unit(link.central).parent == community.unit(link.household).parent
        group = community.association(link.group)
        assert {p.id for p in community.members(link.central)} & set(group.members)


def test_the_good_people_list_of_the_year(context) -> None:
    """12 nominated, 10 approved and on the good-people list, 3 of them on the moral-models board."""
    from cogov.evaluation import good_people  # noqa: PLC0415

    figures = good_people(context.events, period=context.period)
    assert (figures.nominated, figures.approved, figures.rejected) == (12, 10, 2)
    assert len(figures.boards["good_people"]) == 10
    assert [h.nomination for h in figures.boards["moral_models"]] == [
        h.nomination for h in figures.boards["good_people"][:3]
    ]


def test_the_report_shows_the_five_zeros(context) -> None:
    """The report's score cards of the recorded year include the five zeros, line by line."""
    from cogov.evaluation import Period  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415
    from cogov.report import score_cards  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    cards = [
        c
        for c in score_cards(ledger, Period.year(2022, structure.START.tzinfo))
        if c.key == "xiaoxiguan:five_zeros"
    ]
    (card,) = cards
    assert card.value is not None
    assert 0 < card.value < 100
    assert [p.label.en for p in card.parts] == [
        "residents' voices answered",
        "disputes kept in the community",
        "services at zero distance (one visit)",
        "no blind spot in helping the weak",
        "no one absent",
    ]


def test_red_property_at_xianghe(context) -> None:
    """Four joint meetings, each with all three sides; the branch secretary and the manager sit on two sides."""
    from cogov.evaluation import red_property  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    figures = red_property(
        ledger,
        organisations.RED_PROPERTY_COMPOUND,
        meeting_kind="xiaoxiguan:tripartite_meeting",
        period=context.period,
    )
    assert (figures.meetings, figures.meetings_with_all_sides) == (4, 4)
    assert figures.owners_committee == (organisations.OWNERS_COMMITTEE,)
    assert figures.property_company == (organisations.PROPERTY_COMPANY,)
    secretary = next(
        a.person for a in ledger.authority.holders("branch_secretary", organisations.RED_PROPERTY_COMPOUND)
    )
    assert {secretary, "xxg-pm-1"} <= set(figures.cross_appointed)
    assert "xxg-pm-2" not in figures.cross_appointed  # on the company's side only
