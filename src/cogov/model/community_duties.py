"""The duties that authorise the community's services and organisations at work.

Like :data:`~cogov.model.roles.REGISTER_DUTY`, each is a duty a role set grants and the
ledger checks over the unit an event concerns (see :mod:`cogov.engine.community_checks`):

- :data:`DOUBLE_REPORT_DUTY` — keep the double report (双报到): registrations, the needs and
  project lists, claims, completions and residents' ratings;
- :data:`SERVICE_DESK_DUTY` — serve at a neighbourhood centre's one-stop desk (一站式) and the
  proxy desk (代办): requests, visits, deliveries;
- :data:`CONVENTION_DUTY` — record a residents' convention (居民规约) adopted;
- :data:`SUPERVISION_DUTY` — the supervision group's (监督小组) breaches, notices, rectifications;
- :data:`CEREMONY_DUTY` — the weddings-and-funerals council's (红白理事会) ceremony register;
- :data:`INSPECTION_DUTY` — the hygiene association's inspections (卫生检查督查);
- :data:`HELP_DUTY` — pairing helpers with households in difficulty and recording their help;
- :data:`PARTY_CHAIN_DUTY` — linking households to their party-member central household (中心户);
- :data:`DISCLOSURE_DUTY` — the residents' affairs supervision committee's yearly disclosure;
- :data:`HONOUR_DUTY` — nominations to the good-people list (好人榜), their review and publication.
"""

from __future__ import annotations

__all__ = [
    "CEREMONY_DUTY",
    "COMMUNITY_SERVICE_DUTIES",
    "CONVENTION_DUTY",
    "DISCLOSURE_DUTY",
    "DOUBLE_REPORT_DUTY",
    "HELP_DUTY",
    "HONOUR_DUTY",
    "INSPECTION_DUTY",
    "PARTY_CHAIN_DUTY",
    "SERVICE_DESK_DUTY",
    "SUPERVISION_DUTY",
]

DOUBLE_REPORT_DUTY = "keep_double_report"
SERVICE_DESK_DUTY = "serve_at_centre"
CONVENTION_DUTY = "adopt_convention"
SUPERVISION_DUTY = "supervise_convention"
CEREMONY_DUTY = "register_ceremony"
INSPECTION_DUTY = "inspect_hygiene"
HELP_DUTY = "help_households"
PARTY_CHAIN_DUTY = "keep_party_chain"
DISCLOSURE_DUTY = "disclose_affairs"
HONOUR_DUTY = "honour_good_people"

#: every duty above: duties the ledger itself checks, like the register's
COMMUNITY_SERVICE_DUTIES = frozenset(
    {
        DOUBLE_REPORT_DUTY,
        SERVICE_DESK_DUTY,
        CONVENTION_DUTY,
        SUPERVISION_DUTY,
        CEREMONY_DUTY,
        INSPECTION_DUTY,
        HELP_DUTY,
        PARTY_CHAIN_DUTY,
        DISCLOSURE_DUTY,
        HONOUR_DUTY,
    }
)
