"""The workflow extensions Xiaoxiguan's issue flow needs beyond the canonical workflow.

- **answer at the verification visit** — "对居民的合理要求，当场明确答复解决意见": on the
  grid head's repeat home visit (一问题一核查) a reasonable demand gets its answer there and
  then, so ``verified`` may go straight to ``answered_on_spot``.
- **case file** — mediation "形成资料档案": an agreement is filed (``case_filed``), and the
  filed case is followed up, closed or reopened like an agreement.
- **one dispute, one plan after failed mediation** — sunk units and the five heads take a
  dispute that mediation did not settle and fix person, matter and problem (``plan`` from
  ``mediation_failed``).
- **supervision** (督导) — town cadres stationed in the community supervise open work; the
  issue stays where it is and the supervision is on record.
- **legal opinion** — the lawyer or legal adviser takes part in mediation (律师参与).
- **red property** (红色物业) — an issue within the property company's remit is routed to the
  company, whose own staff accept, plan and resolve it (or return it); the community confirms
  the work and follows the resident up (:mod:`cogov_xiaoxiguan.red_property`).
"""

from __future__ import annotations

from cogov import Category, State, Transition
from cogov.model.property import property_states, property_transitions
from cogov.plugins import WorkflowExtension

__all__ = ["SUPERVISED_STATES", "WORKFLOW", "WORKFLOW_KEY"]

WORKFLOW_KEY = "xiaoxiguan"

#: open states in which town cadres' supervision (督导) is recorded
SUPERVISED_STATES = ("registered", "escalated", "whistled", "verified", "planned", "in_mediation", "shelved")

WORKFLOW = WorkflowExtension(
    key=WORKFLOW_KEY,
    zh="小西关问题流程",
    en="Xiaoxiguan issue flow",
    base="canonical",
    states=(State("case_filed", "已形成资料档案", "case file formed", Category.RESOLVED), *property_states()),
    transitions=(
        Transition(
            "answer_at_verification",
            ["verified"],
            "answered_on_spot",
            "核查时当场答复",
            "answer on the verification visit",
        ),
        Transition("file_case", ["agreement_reached"], "case_filed", "形成资料档案", "file the case"),
        Transition("follow_up", ["case_filed"], "followed_up", "跟踪回访", "follow-up visit"),
        Transition("close", ["case_filed"], "closed", "办结", "close"),
        Transition("reopen", ["case_filed"], "reopened", "反弹重开", "reopen on rebound"),
        Transition("plan", ["mediation_failed"], "planned", "定人定事定问题", "make a plan"),
        Transition("legal_opinion", ["in_mediation"], "in_mediation", "律师出具法律意见", "legal opinion"),
        *(Transition("supervise", [state], state, "督导", "supervise") for state in SUPERVISED_STATES),
        *property_transitions(),
    ),
)
