"""Sunshine disclosure (居务监督, 事务阳光工程, 小微权力清单): the yearly document residents can check.

The source: the residents' affairs supervision committee (居务监督委员会) "推行事务阳光工程，每年
定期公开重大事项" and the community "制定小微权力清单、监督责任清单，将党务、居务、财务列入监督内容".

A disclosure is an event (:class:`~cogov.AffairsDisclosed`): the major matters made public and
the ledger checkpoint (event count and head hash) they were drawn from.  From it and the
ledger, :func:`disclosure_document` builds the document:

- **major matters** — each disclosed id described from the ledger (a meeting, a convention
  adopted, an item of the needs or project list);
- **list of small powers** (小微权力清单) — who may do what: every role of the charter with its
  duties and how many held it when the disclosure was made (the duty table);
- **list of supervision duties** (监督责任清单) — the roles holding a supervising duty
  (``supervision_duties``) and which;
- **checkpoint** — the count and head, and whether this ledger has that head at that count
  (``verified``): a resident holding the document can check that the history it was drawn from
  was not rewritten since (see :mod:`cogov.engine.checkpoints`).

:func:`disclose` builds the event at the ledger's current head, ready to apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from cogov.engine.ledger import Ledger
from cogov.errors import UnknownKeyError
from cogov.model.community_duties import DISCLOSURE_DUTY, SUPERVISION_DUTY
from cogov.model.events import AffairsDisclosed, ConventionAdopted, MeetingHeld, ServiceItemPublished
from cogov.model.labels import Bilingual

__all__ = [
    "SUPERVISION_DUTIES",
    "DisclosureDocument",
    "Matter",
    "PowerEntry",
    "disclose",
    "disclosure_document",
]

#: duties that supervise others' work: the town cadres' supervision, completion checks and
#: rework orders, the supervision group's, and the disclosure itself
SUPERVISION_DUTIES = frozenset(
    {"supervise", "confirm_completion", "order_rework", SUPERVISION_DUTY, DISCLOSURE_DUTY}
)


@attrs.frozen
class Matter:
    """A disclosed matter: its id, what it is and one line saying it."""

    id: str
    what: str
    description: str


@attrs.frozen
class PowerEntry(Bilingual):
    """One role of the duty table: its labels, level, duties and holders at disclosure time."""

    role: str
    zh: str
    en: str
    level: str
    duties: tuple[str, ...]
    holders: int


@attrs.frozen
class DisclosureDocument:
    """The disclosure as residents read it, with the checkpoint and whether this ledger matches it."""

    disclosure: str
    year: int
    unit: str
    at: datetime
    matters: tuple[Matter, ...]
    small_powers: tuple[PowerEntry, ...]
    supervision_duties: tuple[PowerEntry, ...]
    checkpoint_count: int
    checkpoint_head: str
    verified: bool

    def render(self) -> str:
        """The document as bilingual plain text."""
        lines = [
            f"事务阳光公开 {self.year} · yearly disclosure {self.disclosure} ({self.unit}, {self.at:%Y-%m-%d})",
            "",
            "重大事项 major matters:",
            *(f"  - {m.id}: {m.description}" for m in self.matters),
            "",
            "小微权力清单 list of small powers (who may do what):",
            *(
                f"  - {p.label} @ {p.level}, {p.holders} holder(s): {', '.join(p.duties)}"
                for p in self.small_powers
            ),
            "",
            "监督责任清单 list of supervision duties:",
            *(f"  - {p.label}: {', '.join(p.duties)}" for p in self.supervision_duties),
            "",
            f"账本检查点 ledger checkpoint: {self.checkpoint_count} events, head {self.checkpoint_head}",
            "核验 verified against this ledger: " + ("yes 一致" if self.verified else "NO 不一致"),
        ]
        return "\n".join(lines)


def _head_at(ledger: Ledger, count: int) -> str:
    return (ledger.hash_of(count - 1) if count else ledger.root).hex()


def disclose(
    ledger: Ledger, *, at: datetime, actor: str, disclosure: str, unit: str, year: int, matters: Iterable[str]
) -> AffairsDisclosed:
    """The disclosure event of ``matters`` at ``ledger``'s current head (apply it to record it)."""
    return AffairsDisclosed(
        at=at,
        actor=actor,
        disclosure=disclosure,
        unit=unit,
        year=year,
        matters=tuple(matters),
        checkpoint_count=len(ledger),
        checkpoint_head=_head_at(ledger, len(ledger)),
    )


def disclosure_document(
    ledger: Ledger, disclosure: str, *, supervision_duties: frozenset[str] = SUPERVISION_DUTIES
) -> DisclosureDocument:
    """The document of the recorded disclosure ``disclosure`` (see the module docstring)."""
    found: AffairsDisclosed | None = None
    described: dict[str, tuple[str, str]] = {}
    charter = ledger.charter
    for event in ledger.corrected_events:
        if isinstance(event, AffairsDisclosed) and event.disclosure == disclosure:
            found = event
        elif isinstance(event, MeetingHeld):
            kind = charter.meeting_kind(event.kind)
            described[event.meeting] = (
                "meeting",
                f"{kind.label} {event.at:%Y-%m-%d}, {len(event.attendees)} attending",
            )
        elif isinstance(event, ConventionAdopted):
            described[event.convention] = ("convention", f"{event.title} ({len(event.articles)} articles)")
        elif isinstance(event, ServiceItemPublished):
            described[event.item] = (f"{event.list_kind}_list_item", f"{event.title}, {event.places} places")
    if found is None:
        msg = f"no disclosure {disclosure!r} is recorded in this ledger"
        raise UnknownKeyError(msg)
    matters = tuple(Matter(m, *described[m]) for m in found.matters)
    powers = tuple(
        PowerEntry(
            spec.key,
            spec.zh,
            spec.en,
            spec.level,
            tuple(sorted(spec.duties)),
            len(ledger.authority.holders(spec.key, at=found.at)),
        )
        for spec in charter.role_set
    )
    supervising = tuple(
        attrs.evolve(p, duties=tuple(d for d in p.duties if d in supervision_duties))
        for p in powers
        if supervision_duties.intersection(p.duties)
    )
    count = found.checkpoint_count
    verified = count <= len(ledger) and _head_at(ledger, count) == found.checkpoint_head
    return DisclosureDocument(
        disclosure=found.disclosure,
        year=found.year,
        unit=found.unit,
        at=found.at,
        matters=matters,
        small_powers=powers,
        supervision_duties=supervising,
        checkpoint_count=count,
        checkpoint_head=found.checkpoint_head,
        verified=verified,
    )
