"""Xiaoxiguan's supervision (督导/督办): step deadlines in working days, cards and extensions.

The source names the cadence these deadlines follow: registered issues go to the weekly
joint meeting ("坚持一周一次例会"), so an issue is planned within a week of working days;
hidden risks are to be "found early and removed early" (隐患早消除), so two; every dispute
gets its plan with its own deadline ("一矛盾一方案", "定人、定事、定问题"); mediation usually
ends within 30 days (people's mediation practice), about 20 working days; the follow-up
visit (跟踪回访) makes sure a solved problem does not rebound, within a working week.
The property company (红色物业) accepts an issue routed to it within a working day and resolves
it within a working week, a stopped lift within two days (synthetic values, see
:mod:`cogov_xiaoxiguan.red_property`); the community's follow-up runs as for any resolution.

Town cadres stationed in the community supervise ("镇驻社区干部著力督导"): they hold the card
duty (``supervise``, the same duty that records their supervision on an issue).  The
community party branch secretary approves or refuses extension requests.
"""

from __future__ import annotations

from cogov.model.deadlines import StepDeadline, SupervisionRules

__all__ = ["EXTENSION_DUTY", "SUPERVISION", "SUPERVISION_KEY"]

SUPERVISION_KEY = "xiaoxiguan"
EXTENSION_DUTY = "approve_extension"

SUPERVISION = SupervisionRules(
    SUPERVISION_KEY,
    deadlines=(
        StepDeadline(
            "register_to_plan",
            "登记至定方案（一周一例会）",
            "registered to plan (one weekly meeting)",
            states={"registered", "escalated", "whistled", "verified", "reopened"},
            working_days=5,
            by_kind=(("hidden_risk", 2),),
        ),
        StepDeadline(
            "plan_to_resolved",
            "一矛盾一方案时限",
            "plan to resolution (the plan's deadline)",
            states={"planned"},
        ),
        StepDeadline(
            "mediation", "调解时限", "mediation", states={"in_mediation", "mediation_failed"}, working_days=20
        ),
        StepDeadline(
            "resolved_to_follow_up",
            "解决至跟踪回访",
            "resolution to follow-up visit",
            states={
                "resolved",
                "completion_confirmed",
                "agreement_reached",
                "case_filed",
                "property_resolved",
            },
            working_days=5,
        ),
        # red property (红色物业): the company's own steps (synthetic values: the source gives none)
        StepDeadline(
            "property_acceptance",
            "物业受理时限",
            "property company acceptance",
            states={"routed_to_property"},
            working_days=1,
        ),
        StepDeadline(
            "property_handling",
            "物业处置时限",
            "property company handling",
            states={"property_accepted", "property_planned"},
            working_days=5,
            by_kind=(("xiaoxiguan:lift", 2),),
        ),
    ),
    yellow_share=0.8,
    card_duty="supervise",
    extension_duty=EXTENSION_DUTY,
)
