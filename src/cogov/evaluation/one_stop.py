"""One-stop services (一站式服务, 最多跑一次): requests, visits and the one-visit rate.

The source: "坚持推行'一站式'服务和'最多跑一次'改革", the party-and-people service centre as the
front line of proxy service (代办式服务) with party-member volunteers on duty "为孤寡、独居老人
提供证件办理、普通家政服务等上门代办服务".

Semantics: the cohort is the requests made in the period (at centres within ``unit``); a
request made at the counter is the resident's first visit, each :class:`~cogov.ServiceVisitMade`
one more, and a proxy request (代办) none.  A request is delivered when its
:class:`~cogov.ServiceDelivered` comes before the period ends.  The **one-visit rate** is the
share of delivered requests for which the resident came at most once ("at most one run").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from cogov.engine.ledger import Ledger
from cogov.evaluation._sources import bounds, events_of
from cogov.evaluation.period import Period
from cogov.model.events import Event, ServiceDelivered, ServiceRequested, ServiceVisitMade
from cogov.model.structure import Community

__all__ = ["OneStopFigures", "one_stop"]


@attrs.frozen
class OneStopFigures:
    """The one-stop figures of a period; every count is of the period's requests."""

    requests: int
    delivered: int
    #: delivered requests for which the resident came at most once
    one_visit: int
    #: requests taken by the proxy desk (代办)
    proxy: int
    #: the residents' visits for the delivered requests
    visits: int
    by_service: Mapping[str, int]
    by_centre: Mapping[str, int]
    #: sequence numbers of the delivered requests that took more than one visit
    repeat_visits: tuple[int, ...] = ()

    @property
    def one_visit_rate(self) -> float | None:
        """Delivered requests done in at most one visit, of all delivered (``None`` when none)."""
        return self.one_visit / self.delivered if self.delivered else None

    @property
    def visits_per_request(self) -> float | None:
        return self.visits / self.delivered if self.delivered else None


def one_stop(
    source: Ledger | Iterable[Event],
    community: Community | None = None,
    *,
    period: Period | None = None,
    unit: str | None = None,
) -> OneStopFigures:
    """The one-stop figures of ``source`` over ``period`` for centres within ``unit``."""
    if unit is not None:
        if community is None:
            community = source.community if isinstance(source, Ledger) else None
        if community is None:
            msg = "one_stop: give the community to filter by unit"
            raise TypeError(msg)
    start, end = bounds(period)
    cohort: dict[str, list[int]] = {}  # request -> [seq, visits, delivered]
    by_service: Counter[str] = Counter()
    by_centre: Counter[str] = Counter()
    proxy = 0
    for seq, event in enumerate(events_of(source)):
        if isinstance(event, ServiceRequested):
            if not start <= event.at < end:
                continue
            if unit is not None and community is not None and not community.within(event.centre, unit):
                continue
            cohort[event.request] = [seq, 1 if event.channel == "counter" else 0, 0]
            by_service[event.service] += 1
            by_centre[event.centre] += 1
            proxy += event.channel == "proxy"
        elif isinstance(event, ServiceVisitMade | ServiceDelivered):
            track = cohort.get(event.request)
            if track is None or event.at >= end or track[2]:
                continue
            if isinstance(event, ServiceVisitMade):
                track[1] += 1
            else:
                track[2] = 1
    delivered = [t for t in cohort.values() if t[2]]
    return OneStopFigures(
        requests=len(cohort),
        delivered=len(delivered),
        one_visit=sum(1 for t in delivered if t[1] <= 1),
        proxy=proxy,
        visits=sum(t[1] for t in delivered),
        by_service=dict(sorted(by_service.items())),
        by_centre=dict(sorted(by_centre.items())),
        repeat_visits=tuple(t[0] for t in delivered if t[1] > 1),
    )
