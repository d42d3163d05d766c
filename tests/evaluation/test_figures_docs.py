"""The reference page of figures and evidence keys names every field, rate and key the code has."""

from __future__ import annotations

from pathlib import Path

import attrs

from cogov.evaluation import Statistics
from cogov.evaluation.figures import _RATES, FLAG_BITS

PAGE = (Path(__file__).parents[2] / "docs" / "reference" / "figures.md").read_text(encoding="utf-8")


def test_every_statistics_field_and_rate_is_documented() -> None:
    """Each field of Statistics and each rate has its row on the page."""
    names = [field.name for field in attrs.fields(Statistics)] + list(_RATES)
    assert [name for name in names if f"| `{name}` |" not in PAGE] == []


def test_every_evidence_key_is_documented() -> None:
    """Each flag, and the figures traced besides the flags, has its row among the evidence keys."""
    keys = [*FLAG_BITS, "collected", "resolved", "on_time", "disputes_resolved", "follow_up:<level>"]
    keys += ["meetings:<kind>", "activities:<kind>"]
    assert [key for key in keys if f"| `{key}` |" not in PAGE] == []


def test_every_key_a_traced_computation_produces_is_documented() -> None:
    """The keys of a real traced computation (per-group and per-answer forms folded) are all on the page."""
    from cogov import basic_charter  # noqa: PLC0415
    from cogov.evaluation import compute_statistics  # noqa: PLC0415
    from cogov.testing.samples import demo_community, demo_events  # noqa: PLC0415

    stats = compute_statistics(list(demo_events(3000)), basic_charter(), demo_community(), trace=True)
    placeholder = {"follow_up": "<level>", "meetings": "<kind>", "activities": "<kind>"}
    produced = set()
    for key in stats.evidence:
        figure = key.split("@")[0]
        head, colon, _ = figure.partition(":")
        produced.add(f"{head}:{placeholder[head]}" if colon else figure)
    assert {"collected", "resolved", "follow_up:<level>"} <= produced
    assert sorted(key for key in produced if f"| `{key}` |" not in PAGE) == []
