"""Xiaoxiguan's card rules: what the supervision cards (红黄牌) cost in an evaluation.

The town cadres' cards (:mod:`cogov_xiaoxiguan.supervision`) cost the grid the carded issue
lies in, and the cadre who held it when it was carded, points: 100 less 10 a red card and 2 a
yellow one.  The penalties were chosen here; the source names the supervision (督导) but no
scale.  Kept apart from the deadlines so that loading the plugin does not import the
evaluation package.
"""

from __future__ import annotations

from cogov.evaluation import Tier
from cogov.evaluation.supervision import RedCardPenalty

__all__ = ["CADRE_CARDS", "CARD_RULES", "GRID_CARDS"]

_TIERS = (Tier("good", "良好", "good", 80.0), Tier("excellent", "优秀", "excellent", 95.0))

#: a grid's supervision score, from the cards on issues within it
GRID_CARDS = RedCardPenalty(
    "xiaoxiguan:grid_cards",
    "网格红黄牌",
    "grid red and yellow cards",
    subject="unit",
    level="grid",
    tiers=_TIERS,
)
#: a cadre's, from the cards on issues they held when carded (for the cadre review, 述职评议)
CADRE_CARDS = RedCardPenalty(
    "xiaoxiguan:cadre_cards", "干部红黄牌", "cadre red and yellow cards", subject="person", tiers=_TIERS
)
CARD_RULES = (GRID_CARDS, CADRE_CARDS)
