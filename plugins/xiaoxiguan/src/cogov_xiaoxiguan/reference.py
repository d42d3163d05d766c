"""What the news source reports of Xiaoxiguan's 2022, to show beside computed or simulated figures.

From the 2022 feature on Xiaoxiguan community (Jingchu Net / Hubei Daily) that the project's
domain digest summarises: 18 household-courtyard meetings (户院会), 121 issues collected at
them, 110 of those answered and resolved, 27 weekly joint meetings (例会), 14 disputes
resolved with 100 % follow-up satisfaction, and "500+ matters answered or solved for
residents" (为群众答疑解难500余件).  They describe the calendar year 2022 of this community
and nothing else; the calibrated ``xiaoxiguan`` scenario models that year, so a simulated
one-year run of it is set beside them too.
"""

from __future__ import annotations

from datetime import date

from cogov.plugins import ReferenceFigures

__all__ = ["NEWS_2022"]

NEWS_2022 = ReferenceFigures(
    key="xiaoxiguan:news_2022",
    example="xiaoxiguan",
    start=date(2022, 1, 1),
    end=date(2022, 12, 31),
    figures={
        "household_meetings": 18,
        "meeting_issues_collected": 121,
        "meeting_issues_resolved": 110,
        "weekly_meetings": 27,
        "disputes_resolved": 14,
        "dispute_follow_up_satisfaction": 1.0,  # a fraction, as every rate in cogov's data
        "resolved": 500,
    },
    texts={"dispute_follow_up_satisfaction": "100%", "resolved": "500+"},
    source_zh="荆楚网/湖北日报 2022 年报道",
    source_en="Jingchu Net / Hubei Daily feature, 2022",
    scenarios=("xiaoxiguan",),
)
