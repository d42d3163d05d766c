"""Xiaoxiguan's rules for its services and organisations: the five zeros, the yearly review of
the double report's registrants, and the public-order survey.

- :data:`FIVE_ZEROS` measures the five zeros the source names (五个零), for the community;
- :data:`DOUBLE_REPORT_REVIEW` scores each unit and party member that reported to the
  community (双报到) on service hours (50 a year, the usual requirement), completion of what
  it claimed and residents' ratings — the figures the community feeds back to their units;
- :data:`PUBLIC_ORDER_SATISFACTION` reads the year's public-order survey (社会治安满意度).
"""

from __future__ import annotations

from cogov.evaluation import DoubleReportReview, FiveZeros, Tier, TieredSatisfaction

__all__ = ["DOUBLE_REPORT_REVIEW", "FIVE_ZEROS", "PUBLIC_ORDER_SATISFACTION", "SERVICE_RULES"]

FIVE_ZEROS = FiveZeros(
    "xiaoxiguan:five_zeros",
    "五个零",
    "five zeros",
    vulnerable_attributes=frozenset({"elderly_alone", "in_difficulty", "disabled", "low_income"}),
    tiers=(Tier("good", "良好", "good", 80.0), Tier("excellent", "优秀", "excellent", 95.0)),
)

DOUBLE_REPORT_REVIEW = DoubleReportReview(
    "xiaoxiguan:double_report_review",
    "双报到考评",
    "double report review",
    required_hours=50.0,
    tiers=(Tier("competent", "称职", "competent", 60.0), Tier("excellent", "优秀", "excellent", 90.0)),
)

PUBLIC_ORDER_SATISFACTION = TieredSatisfaction(
    "xiaoxiguan:public_order_satisfaction",
    "社会治安满意度",
    "satisfaction with public order",
    weights={"satisfied": 1.0, "basically_satisfied": 0.75, "dissatisfied": 0.0, "dont_know": None},
    sources=("surveys",),
    minimum_answers=30,
    subject="community",
)

SERVICE_RULES = (FIVE_ZEROS, DOUBLE_REPORT_REVIEW, PUBLIC_ORDER_SATISFACTION)
