"""12345-style step deadlines (接诉即办时限) for the Beijing street charter.

The values are the ones this plugin chose from published practice, in working days on the
Beijing working calendar (weekends, public holidays and adjusted working days):

- **receive** — a dispatched or sent-back order is signed for by the street's first receiver
  within 1 working day (派单后签收);
- **respond** — the caller is contacted within 1 working day of acceptance (先行联系);
- **handle** — by kind: consultations 3 working days, requests for help 7, complaints 13,
  reports of violations 15; disputes and hidden risks 7 (the kinds' own resolve limits);
- **plan** — a plan is due at its own deadline;
- **return visit** — the 12345 return-visit officer calls back within 3 working days of the
  resolution (回访).

The district's 12345 return-visit officers supervise (督办) and decide extension requests
(延期申请), which street first receivers make.  Places vary: change the values here.
"""

from __future__ import annotations

from cogov.model.deadlines import StepDeadline, SupervisionRules

__all__ = ["CARD_DUTY", "EXTENSION_DUTY", "SUPERVISION"]

CARD_DUTY = "beijing:supervise"
EXTENSION_DUTY = "beijing:approve_extension"

SUPERVISION = SupervisionRules(
    "beijing:12345",
    deadlines=(
        StepDeadline(
            "beijing:receive",
            "签收",
            "sign for the order",
            states={"dispatched", "sent_back"},
            working_days=1,
        ),
        StepDeadline(
            "beijing:respond", "先行联系", "contact the caller", states={"accepted"}, working_days=1
        ),
        StepDeadline(
            "beijing:handle",
            "办理",
            "handle",
            states={"responded", "whistled", "departments_reported", "verified"},
            working_days=7,
            by_kind=(
                ("beijing:consultation", 3),
                ("beijing:request", 7),
                ("beijing:complaint", 13),
                ("beijing:report", 15),
            ),
        ),
        StepDeadline("beijing:plan", "方案时限", "plan to resolution", states={"planned"}),
        StepDeadline("beijing:return_visit", "回访", "return visit", states={"resolved"}, working_days=3),
    ),
    card_duty=CARD_DUTY,
    extension_duty=EXTENSION_DUTY,
)
