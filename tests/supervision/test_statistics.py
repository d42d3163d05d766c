"""Supervision statistics and the red-card rule: worked examples over the small community."""

from __future__ import annotations

import pytest
from tests.core.conftest import G1, G2, at

from cogov import Ledger
from cogov.evaluation.period import Period
from cogov.evaluation.rule import EvaluationContext
from cogov.evaluation.supervision import RedCardPenalty, supervision_figures
from cogov.events import CardIssued, IssueCollected, IssueRegistered


def _two_late_issues(registered: Ledger) -> Ledger:
    """I-1 (grid 1) and I-2 (grid 2), both unplanned; I-1 gets a yellow then a red card, I-2 a red one."""
    registered.apply(
        IssueCollected(
            at=at(1, 2),
            actor="p-grid2",
            issue="I-2",
            kind="reasonable_demand",
            unit="H0301",
            channel="grid_visit",
            summary="路灯不亮 street light out",
        )
    )
    registered.apply(IssueRegistered(at=at(1, 3), actor="p-grid2", issue="I-2"))
    registered.apply(
        CardIssued(at=at(7, 2), actor="p-sec", issue="I-1", colour="yellow", step="register_to_plan")
    )
    registered.apply(
        CardIssued(at=at(8, 2), actor="p-sec", issue="I-1", colour="red", step="register_to_plan")
    )
    registered.apply(
        CardIssued(at=at(8, 4), actor="p-sec", issue="I-2", colour="red", step="register_to_plan")
    )
    return registered


def test_cards_overdue_rate_and_time_in_red_by_grid_and_person(registered: Ledger) -> None:
    """Two registered issues left unplanned: both late, cards counted per grid and per person, days in red."""
    ledger = _two_late_issues(registered)
    figures = supervision_figures(list(ledger.events), ledger.charter, ledger.community, end=at(10, 1))
    assert figures.cards("red", group=G1) == figures.cards("red", group=G2) == 1
    assert figures.cards("yellow", group=G1) == 1
    assert figures.cards("red", person="p-grid1") == 1
    assert figures.cards("red") == 2
    assert figures.overdue_rate() == 1.0
    assert figures.red_days[G1] == pytest.approx(2.0)  # due day 8 01:00, still red at day 10 01:00
    assert figures.red_days[G2] == pytest.approx(2.0 - 2 / 24)


def test_nothing_due_gives_no_rate(registered: Ledger) -> None:
    """Before anything comes due, the overdue rate is undefined rather than 0 %."""
    figures = supervision_figures(
        list(registered.events), registered.charter, registered.community, end=at(2)
    )
    assert figures.overdue_rate() is None


def test_the_red_card_rule_costs_points_and_cites_the_cards(registered: Ledger) -> None:
    """Grid 1: 100 - 10 x 1 red - 2 x 1 yellow = 88, explained by the two card events."""
    ledger = _two_late_issues(registered)
    rule = RedCardPenalty("red_cards", "红黄牌扣分", "red and yellow cards")
    context = EvaluationContext.from_ledger(ledger, period=Period(at(0), at(30)))
    score = rule.evaluate(context, G1)
    assert score.value == 88
    (criterion,) = score.criteria
    assert "10 x 1 red" in criterion.note
    assert all("card_issued" in line for line in score.witnesses.values())
    assert len(score.witnesses) == 2
    assert rule.evaluate(context, "420325100001-G02").value == 90
    person_rule = RedCardPenalty("cadre_cards", "干部红黄牌", "cadre cards", subject="person")
    assert person_rule.evaluate(context, "p-grid1").value == 88
    assert person_rule.evaluate(context, "p-grid2").value == 90


def test_penalties_never_go_below_zero(registered: Ledger) -> None:
    """Many cards floor the score at 0, never negative."""
    ledger = _two_late_issues(registered)
    rule = RedCardPenalty("harsh", "严格", "harsh", red_penalty=80, yellow_penalty=80)
    context = EvaluationContext.from_ledger(ledger)
    assert rule.evaluate(context, G1).value == 0
