"""Xiaoxiguan's red property management (红色物业): what the community routes to a property company.

The source builds "社区+业委会+物业公司" into one platform and names the matters the residents
raise about their compounds: "改善小区绿化和道路环境 … 老旧小区加装电梯和增加停车设施".  The
property company's remit (物业服务范围) is five issue kinds: lifts (电梯), leaks in common parts
(公共部位渗漏), parking (停车), greenery (绿化养护) and property fees (物业费).  Everything else
(disputes, policy questions, hidden risks, …) stays with the community.

- **Routing** (转物业公司办理): a community cadre (社区干部牵头负责) or the compound's party branch
  secretary (小区党支部书记, who sits on the owners' committee: 交叉任职) routes a registered,
  escalated, verified or reopened issue of these kinds to the property company serving its
  compound.
- **The company's own steps**: its staff (物业服务人员, appointed at the compound and members of
  the company) accept it, plan it, resolve it, or return it to the community as not theirs.
- **The community's check**: a town cadre or resident representative confirms the work (or a
  town cadre orders rework, back to the company), and the five heads follow the resident up:
  the resident's satisfaction stays with the community.

The working days of the company's steps (:mod:`cogov_xiaoxiguan.supervision`) are synthetic
(the source gives none): accept within 1 working day (utilities practice: 24 hours), resolve
within 5 (a working week, as the weekly meeting's cadence), lifts within 2 (a stopped lift
strands elderly residents: 隐患早消除).
"""

from __future__ import annotations

from cogov import IssueKind, RoleSpec
from cogov.model.property import PropertyRemit

__all__ = [
    "COMPANY_KIND",
    "PROPERTY_DUTIES",
    "PROPERTY_ISSUE_KINDS",
    "PROPERTY_REMIT",
    "PROPERTY_STAFF",
    "ROUTING_ROLES",
]

COMPANY_KIND = "property_company"

#: the issue kinds within the property company's remit (resolve_within_days: the community's SLA)
PROPERTY_ISSUE_KINDS = (
    IssueKind("xiaoxiguan:lift", "电梯故障", "lift out of order", resolve_within_days=3),
    IssueKind("xiaoxiguan:common_leak", "公共部位渗漏", "leak in common parts", resolve_within_days=7),
    IssueKind("xiaoxiguan:parking", "停车管理", "parking", resolve_within_days=7),
    IssueKind("xiaoxiguan:greenery", "绿化养护", "greenery upkeep", resolve_within_days=7),
    IssueKind("xiaoxiguan:property_fee", "物业收费", "property fees", resolve_within_days=7),
)

#: the steps the company's own staff take
PROPERTY_DUTIES = frozenset({"property_accept", "property_plan", "property_resolve", "property_return"})

PROPERTY_STAFF = RoleSpec(
    "property_staff",
    "物业服务人员",
    "property company staff",
    level="compound",
    duties=PROPERTY_DUTIES,
    description=(
        "Staff of the property company serving a compound (a member of it): accepts, plans and resolves "
        "the issues the community routes to the company, or returns them (红色物业)."
    ),
)

#: the community roles that route an issue to the property company (the routing duty)
ROUTING_ROLES = ("community_cadre", "branch_secretary")

PROPERTY_REMIT = PropertyRemit(
    company_kind=COMPANY_KIND,
    kinds={k.key for k in PROPERTY_ISSUE_KINDS},
    staff_roles={PROPERTY_STAFF.key},
)
