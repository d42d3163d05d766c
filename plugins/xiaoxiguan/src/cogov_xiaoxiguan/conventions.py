"""Xiaoxiguan's residents' convention (居民规约) and its limits for family ceremonies.

The source names the convention's subjects — customs (社风民俗), weddings and funerals (红白喜事),
neighbour relations (邻里关系), the community's appearance (社容社貌) and public security
(社会治安) — and the residents' congress that perfected it.  The article texts below are
written in the usual wording of such conventions; the numeric limits (at most 20 tables at
a wedding or funeral banquet, funerals within 3 days) are **synthetic**, chosen as typical of
county conventions (the source gives none).
"""

from __future__ import annotations

from cogov.model.conventions import Article, Convention

__all__ = ["CONVENTION", "CONVENTION_ID"]

CONVENTION_ID = "XXG-CONV-2022"

CONVENTION = Convention(
    CONVENTION_ID,
    "小西关社区居民规约 Xiaoxiguan residents' convention",
    (
        Article(
            "customs",
            "移风易俗，尊老爱幼，不信谣不传谣 reform old customs, respect the old and the young",
            "customs",
        ),
        Article(
            "ceremonies",
            "红白喜事向红白理事会登记，简办从俭，宴席不超过20桌，丧事不超过3天 register family ceremonies with the "
            "council; banquets at most 20 tables, funerals within 3 days",
            "weddings_funerals",
        ),
        Article(
            "neighbours",
            "邻里互助，有事商量办 neighbours help each other and settle matters by talking",
            "neighbours",
        ),
        Article(
            "appearance",
            "门前三包，不乱堆乱放，垃圾分类投放 keep the frontage clean, no clutter, sort refuse",
            "appearance",
        ),
        Article(
            "security",
            "遵纪守法，防火防盗防诈骗 obey the law; guard against fire, theft and fraud",
            "security",
        ),
    ),
    {"tables": 20, "days": 3},
)
