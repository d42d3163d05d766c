"""Supervision in the simulation: a policy that cards red work and takes it up first, off by default."""

from __future__ import annotations

import attrs
from cogov_xiaoxiguan.scenario import WEEKLY_SUPERVISION, XIAOXIGUAN_YEAR

from cogov.evaluation import EvaluationContext
from cogov.evaluation.supervision import RedCardPenalty, supervision_figures
from cogov.events import CardIssued
from cogov.simulation.community_model import CommunityModel
from cogov.simulation.policies import BASELINE, Policy

SHORT = attrs.evolve(XIAOXIGUAN_YEAR, days=120.0)


def test_the_baseline_runs_no_supervision_rounds() -> None:
    """The calibrated run is untouched: no rounds, no cards."""
    model = CommunityModel(SHORT, 3, BASELINE)
    ledger = model.run()
    assert model.supervision is None
    assert not ledger._state.supervision.cards


def test_weekly_rounds_card_red_work_and_every_card_passes_the_ledger_checks() -> None:
    """Rounds issue red cards (each accepted only because the step was red) and move red work forward."""
    model = CommunityModel(SHORT, 3, WEEKLY_SUPERVISION)
    ledger = model.run()
    rounds = model.supervision
    assert rounds is not None
    cards = ledger._state.supervision.cards
    assert rounds.cards == len(cards) > 0
    assert {c.colour for c in cards} == {"red"}
    assert {c.actor for c in cards} <= {a.person for a in ledger.authority if a.role == "town_cadre"}
    assert rounds.escalated > 0
    ledger.verify()  # every card re-checked from genesis


def test_supervision_changes_only_the_order_of_work_not_what_arrives() -> None:
    """Same seed, same arrivals: supervision reorders queues; it neither adds nor drops issues."""
    plain = CommunityModel(SHORT, 5, BASELINE)
    supervised = CommunityModel(SHORT, 5, Policy("rounds", "rounds", supervision_days=3.0))
    plain.run()
    supervised.run()
    assert plain.arrivals == supervised.arrivals
    assert set(plain.ledger.issues) == set(supervised.ledger.issues)


def test_xiaoxiguan_scores_its_grids_and_cadres_on_their_cards() -> None:
    """The plugin's card rules cost exactly the carded grids and people points, citing the cards."""
    model = CommunityModel(SHORT, 3, WEEKLY_SUPERVISION)
    ledger = model.run()
    rules = {r.key: r for r in ledger.charter.rules if isinstance(r, RedCardPenalty)}
    assert set(rules) == {"xiaoxiguan:grid_cards", "xiaoxiguan:cadre_cards"}
    context = EvaluationContext.from_ledger(ledger)
    figures = supervision_figures(ledger.events, ledger.charter, ledger.community, group_level="grid")
    carded_grids = {grid for _, grid in figures.card_seqs_by_group}
    assert carded_grids, "weekly rounds red-card work, so some grid must lose points"
    for grid in ledger.community.units_at("grid"):
        score = rules["xiaoxiguan:grid_cards"].evaluate(context, grid.code)
        cited = {seq for criterion in score.criteria for seq in criterion.seqs}
        assert (score.value < score.maximum) == (grid.code in carded_grids)
        assert all(type(ledger.events[seq]) is CardIssued for seq in cited)
    carded_people = {person for _, person in figures.card_seqs_by_person}
    carders = {card.actor for card in ledger._state.supervision.cards}
    cadre_rule = rules["xiaoxiguan:cadre_cards"]
    assert all(cadre_rule.evaluate(context, p).value < 100 for p in carded_people)
    assert all(cadre_rule.evaluate(context, p).value == 100 for p in carders - carded_people)
