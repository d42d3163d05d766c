"""The figures a community's source reports, to show beside computed or simulated ones.

A plugin may ship them on its example (an attribute ``reported`` mapping headline keys to
numbers); the Xiaoxiguan figures below are the fallback, taken from the 2022 news feature
(Jingchu Net / Hubei Daily) that the project's domain digest summarises.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cogov.report import Label, Reported

__all__ = ["SOURCES", "reported_for", "source_label"]

_XIAOXIGUAN: dict[str, Reported] = {
    "household_meetings": Reported(18),
    "meeting_issues": Reported(121),
    "meeting_issues_resolved": Reported(110),
    "weekly_meetings": Reported(27),
    "disputes_resolved": Reported(14),
    "dispute_satisfaction": Reported(100.0, "100%"),
    # "500+ matters answered or solved for residents" (为群众答疑解难500余件)
    "resolved": Reported(500, "500+"),
}

#: example key → (reported figures, label of the source)
SOURCES: dict[str, tuple[Mapping[str, Reported], Label]] = {
    "xiaoxiguan": (
        _XIAOXIGUAN,
        Label("荆楚网/湖北日报 2022 年报道", "Jingchu Net / Hubei Daily feature, 2022"),
    ),
}


def reported_for(example: Any) -> Mapping[str, Reported]:
    """The source's figures for ``example`` (by its ``key``), or none."""
    given = getattr(example, "reported", None)
    if isinstance(given, Mapping) and given:
        return {
            key: value if isinstance(value, Reported) else Reported(float(value))
            for key, value in given.items()
            if isinstance(value, Reported | int | float)
        }
    return SOURCES.get(getattr(example, "key", ""), ({}, Label("", "")))[0]


def source_label(example: Any) -> Label | None:
    found = SOURCES.get(getattr(example, "key", ""))
    return found[1] if found else None
