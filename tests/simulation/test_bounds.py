"""Scenario and policy parameters have documented ranges, checked before anything runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.simulation import (
    DEMO,
    ActivityModel,
    CommunitySource,
    Duration,
    KindModel,
    MeetingModel,
    Policy,
    Scenario,
    ScenarioError,
    Weighted,
    run_replications,
)
from cogov.simulation.bounds import MAX_EXPECTED_ITEMS, Range, ranges
from cogov.simulation.experiments import check_size

BOUNDED = (Scenario, CommunitySource, KindModel, MeetingModel, Duration, ActivityModel, Weighted, Policy)
DOCS = Path(__file__).parents[2] / "docs/reference/simulation-bounds.md"


@pytest.mark.parametrize(
    ("make", "name", "shown"),
    [
        (lambda: attrs.evolve(DEMO, days=1e9), "days", "0 < days <= 7305"),
        (lambda: attrs.evolve(DEMO, warmup_days=1e9), "warmup_days", "0 <= warmup_days <= 3650"),
        (
            lambda: Policy("p", "p", household_meeting_days=1e-9),
            "household_meeting_days",
            "1 <= household_meeting_days <= 3650",
        ),
        (
            lambda: Policy("p", "p", extra_handlers_per_grid=10**9),
            "extra_handlers_per_grid",
            "0 <= extra_handlers_per_grid <= 100",
        ),
    ],
)
def test_the_sizes_that_ran_away_are_refused_at_once_naming_the_parameter_and_its_range(
    make: Any, name: str, shown: str
) -> None:
    """days=1e9, warmup_days=1e9, a cadence of 1e-9 days and 1e9 extra handlers fail on construction."""
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        make()
    assert time.perf_counter() - started < 1.0
    assert name in str(caught.value)
    assert shown in str(caught.value)


def _fields() -> list[tuple[type, str, Range]]:
    out = []
    for cls in BOUNDED:
        for field in attrs.fields(cls):
            found = field.metadata.get("range")
            if isinstance(found, Range):
                out.append((cls, field.name, found))
    return out


_VALID = {
    Scenario: lambda **kw: attrs.evolve(DEMO, **kw),
    CommunitySource: CommunitySource,
    KindModel: lambda **kw: KindModel(**{"kind": "dispute", "rate_per_household": 1.0, **kw}),
    MeetingModel: lambda **kw: MeetingModel(**{"kind": "m", "cadence_days": 7.0, **kw}),
    Duration: lambda **kw: Duration(**{"mean": 1.0, **kw}),
    ActivityModel: lambda **kw: ActivityModel(**{"kind": "patrol", "per_year": 1.0, **kw}),
    Weighted: lambda **kw: Weighted(**{"key": "satisfied", "weight": 1.0, **kw}),
    Policy: lambda **kw: Policy(**{"key": "p", "label": "p", **kw}),
}


@given(data=st.data())
def test_every_bounded_parameter_refuses_values_beyond_its_range(data: st.DataObject) -> None:
    """Past either end of its range (or non-finite) a parameter is refused with its name and range."""
    cls, name, range_ = data.draw(st.sampled_from(_fields()))
    too_high = data.draw(
        st.floats(min_value=range_.high, allow_infinity=True, allow_nan=False, exclude_min=True)
    )
    too_low = data.draw(
        st.floats(max_value=range_.low, exclude_max=not range_.open_low, allow_infinity=True, allow_nan=False)
    )
    bad = data.draw(st.sampled_from([too_high, too_low, float("nan")]))
    if range_.integer:
        bad = int(bad) if abs(bad) < 1e18 else bad  # an out-of-range integer, or a float (not an int)
        if range_.admits(bad):
            bad = int(range_.high) + 1
    with pytest.raises(ScenarioError) as caught:
        _VALID[cls](**{name: bad})
    assert f"{cls.__name__}.{name}" in str(caught.value)
    assert "outside its range" in str(caught.value)


@pytest.mark.parametrize(("cls", "name", "range_"), _fields(), ids=lambda v: getattr(v, "__name__", str(v)))
def test_both_ends_of_every_range_are_accepted(cls: type, name: str, range_: Range) -> None:
    """A range's ends are values a user may give (except an open lower end)."""
    ends = [range_.high] if range_.open_low else [range_.low, range_.high]
    for end in ends:
        value = int(end) if range_.integer else float(end)
        if cls is Duration and name == "cv":
            _VALID[cls](**{name: value, "shape": "gamma"})
        else:
            _VALID[cls](**{name: value})


def test_a_run_expected_to_create_too_many_issues_is_refused_before_it_starts() -> None:
    """Each parameter in range but their product too large: refused before a replication runs."""
    # a synthetic community's size is known, so construction already refuses
    with pytest.raises(ScenarioError, match=r"would create about [\d,]+ issues"):
        attrs.evolve(DEMO, days=7000.0, kinds=(attrs.evolve(DEMO.kinds[0], rate_per_household=3000.0),))
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"limited to {MAX_EXPECTED_ITEMS:,}"):
        attrs.evolve(
            DEMO,
            meetings=(attrs.evolve(DEMO.meetings[0], cadence_days=1.0), DEMO.meetings[1]),
            community=CommunitySource(grids=1000, households_per_grid=1),
            days=7000.0,
        )
    assert time.perf_counter() - started < 1.0


def test_a_plugin_community_is_sized_before_any_replication_runs() -> None:
    """An example community's size is known once built: the sweep checks it before submitting work."""
    pytest.importorskip("cogov_xiaoxiguan")
    from cogov_xiaoxiguan.scenario import XIAOXIGUAN_YEAR  # noqa: PLC0415

    heavy = attrs.evolve(
        XIAOXIGUAN_YEAR,
        days=7000.0,
        kinds=tuple(attrs.evolve(k, rate_per_household=5000.0) for k in XIAOXIGUAN_YEAR.kinds),
    )
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="issues"):
        check_size(heavy)
    with pytest.raises(ScenarioError, match="issues"):
        run_replications(heavy, 2, seed=1, workers=1)
    assert time.perf_counter() - started < 10.0


def test_the_reference_page_lists_every_range() -> None:
    """docs/reference/simulation-bounds.md names every bounded parameter with its range."""
    text = DOCS.read_text(encoding="utf-8")
    for qualified, range_ in ranges(*BOUNDED):
        name = qualified.split(".")[1]
        assert f"`{qualified}`" in text, qualified
        assert range_.describe(name) in text, qualified
