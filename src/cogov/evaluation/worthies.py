"""Local worthies (乡贤) in mediation: how many mediations they joined and the disputes resolved
with them.

The source names an association of local worthies (乡贤协会) among the six associations; its
members may take part in a mediation the mediation committee presides
(:class:`~cogov.model.events.MediationStartedWithWorthies`).  :func:`worthies_figures`
counts, over a period, the mediations started (with and without worthies), those worthies joined,
the disputes mediated with worthies that now stand resolved, and the worthies who took part.
"""

from __future__ import annotations

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds
from cogov.evaluation.period import Period
from cogov.model.events import MediationStarted, MediationStartedWithWorthies
from cogov.model.workflow import Category

__all__ = ["WorthiesFigures", "worthies_figures"]


@attrs.frozen
class WorthiesFigures:
    """Mediations local worthies (乡贤) joined, and the disputes resolved with them."""

    #: mediations started in the period, with worthies or without
    mediations: int
    #: mediations started in the period with worthies taking part (乡贤参与调解)
    mediations_with_worthies: int
    #: of the issues mediated with worthies in the period, those whose state is now a resolved one
    disputes_resolved_with_worthies: int
    #: the worthies who took part, by person id
    worthies: tuple[str, ...]

    @property
    def share_with_worthies(self) -> float | None:
        """The share of mediations worthies joined (``None`` when there was no mediation)."""
        return self.mediations_with_worthies / self.mediations if self.mediations else None


def worthies_figures(ledger: Ledger, period: Period | None = None) -> WorthiesFigures:
    """The local-worthies figures of ``ledger`` over ``period`` (all time when ``None``)."""
    start, end = bounds(period)
    mediations = with_worthies = 0
    issues: set[str] = set()
    people: set[str] = set()
    for event in ledger.corrected_events:
        if isinstance(event, MediationStarted) and start <= event.at < end:
            mediations += 1
            if isinstance(event, MediationStartedWithWorthies):
                with_worthies += 1
                issues.add(event.issue)
                people.update(event.worthies)
    workflow = ledger.charter.workflow
    resolved = sum(1 for issue in issues if workflow.category(ledger.issue(issue).state) is Category.RESOLVED)
    return WorthiesFigures(
        mediations=mediations,
        mediations_with_worthies=with_worthies,
        disputes_resolved_with_worthies=resolved,
        worthies=tuple(sorted(people)),
    )
