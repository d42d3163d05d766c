"""Scores of a ledger by evaluation rules, as report score cards with their breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cogov.engine.ledger import Ledger
from cogov.evaluation import EvaluationContext, Period, Score, Tier, WeightedRates
from cogov.model.structure import Community, Unit
from cogov.report._model import Label, ScoreCard, ScorePart

__all__ = ["DEFAULT_RULES", "community_unit", "score_cards"]


def community_unit(community: Community) -> Unit | None:
    """The community the report is about: the one unit at ``community`` level, else the root."""
    levels = {lv.key for lv in community.levels}
    if "community" in levels:
        found = community.units_at("community")
        if len(found) == 1:
            return found[0]
    return community.unit(community.root) if community.root else None


#: the rule scores are shown by when the charter brings none: Beijing's "respond on complaint"
#: three rates (response 0.1, resolution 0.5, satisfaction 0.4), for the community and each grid
DEFAULT_RULES: tuple[WeightedRates, ...] = tuple(
    WeightedRates(
        f"three_rates_{level}",
        "接诉即办三率",
        "response, resolution and satisfaction rates",
        level=level,
        tiers=(
            Tier("excellent", "优秀", "excellent", 90.0),
            Tier("good", "良好", "good", 80.0),
            Tier("pass", "合格", "pass", 60.0),
        ),
    )
    for level in ("community", "grid")
)


def _card(score: Score, subject: Label) -> ScoreCard:
    # the explanation's second line says the score and tier, or why the subject is not rated
    head = score.explain("zh").splitlines()[1:2] + score.explain("en").splitlines()[1:2]
    parts = tuple(
        ScorePart(Label(c.zh, c.en), c.value, c.maximum, detail=c.note, detail_zh=c.note_zh)
        for c in score.criteria
    )
    grade = Label(score.tier.zh, score.tier.en) if score.tier is not None else None
    return ScoreCard(
        score.rule,
        Label(score.rule_zh, score.rule_en),
        subject,
        score.value if score.rated else None,
        score.maximum,
        grade=grade,
        parts=parts,
        explanation=Label(head[0], head[-1]) if not score.rated or score.vetoes else None,
    )


def score_cards(
    ledger: Ledger, period: Period | None = None, rules: Sequence[Any] = ()
) -> tuple[ScoreCard, ...]:
    """Scores by ``rules`` (default: the charter's, else :data:`DEFAULT_RULES`) over ``period``
    of the units they rate: every unit at the rule's ``level``, or the community for a rule
    without one.  Rules of households, role holders and projects need evaluation records
    (ballots, claims, ratings) that a ledger does not hold, and are left out."""
    chosen = tuple(rules) or tuple(ledger.charter.rules) or DEFAULT_RULES
    context = EvaluationContext.from_ledger(ledger, period=period)
    community = ledger.community
    levels = {lv.key for lv in community.levels}
    cards = []
    home = community_unit(community)
    for rule in chosen:
        if getattr(rule, "subject", None) != "unit":
            continue  # households, role holders and projects are scored from evaluation records
        level = getattr(rule, "level", None)
        if level is None:
            subjects = [home] if home is not None else []
        elif level in levels:
            subjects = sorted(community.units_at(level), key=lambda u: u.code)
        else:
            continue
        for unit in subjects:
            score = rule.evaluate(context, unit.code)
            cards.append(_card(score, Label(unit.name_zh, unit.name_en)))
    return tuple(cards)
