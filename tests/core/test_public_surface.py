"""The top level is what a first program needs; events and errors have namespaces of their own."""

from __future__ import annotations

import warnings

import pytest

import cogov
import cogov.errors
import cogov.events
from cogov.model.events import EVENT_TYPES, Event


def test_the_top_level_holds_no_event_and_no_error_but_the_base() -> None:
    """No event class and no CogovError subclass but CogovError itself is exported from cogov."""
    exported = [getattr(cogov, name) for name in cogov.__all__]
    assert [v for v in exported if isinstance(v, type) and issubclass(v, Event)] == []
    errors = [v for v in exported if isinstance(v, type) and issubclass(v, cogov.CogovError)]
    assert errors == [cogov.CogovError]


def test_every_event_class_is_in_cogov_events() -> None:
    """cogov.events exports each event type, the base classes and the type lists."""
    assert {getattr(cogov.events, name) for name in cogov.events.__all__} >= set(EVENT_TYPES)
    assert cogov.events.Event is Event
    assert cogov.events.EVENT_TYPES is EVENT_TYPES


@pytest.mark.parametrize("name", ["IssueCollected", "NotAuthorisedError", "IssueRecord", "APPOINT_DUTY"])
def test_a_name_the_top_level_no_longer_exports_still_resolves_with_a_warning(name: str) -> None:
    """An old top-level import keeps working for a release, and the warning names the new home."""
    with pytest.warns(DeprecationWarning, match=rf"cogov\.{name} moved: import it from cogov\.") as caught:
        value = getattr(cogov, name)
    home = str(caught[0].message).split("import it from ")[1].split(" ")[0]
    module = __import__(home, fromlist=[name])
    assert value is getattr(module, name)
    assert name not in cogov.__all__


def test_an_unknown_name_is_an_attribute_error_without_a_warning() -> None:
    """A name that never existed is an AttributeError, as for any module."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="has no attribute 'NoSuchThing'"):
            _ = cogov.NoSuchThing  # type: ignore[attr-defined]


def test_every_exported_name_resolves_and_the_list_is_sorted() -> None:
    """__all__ is sorted and names only what the module has, at the top level and in events."""
    for module in (cogov, cogov.events, cogov.errors):
        assert list(module.__all__) == sorted(module.__all__, key=lambda n: (not n.isupper(), n))
        assert all(hasattr(module, name) for name in module.__all__)


def test_renamed_methods_keep_their_old_names_with_a_warning() -> None:
    """Ledger.at_time and a catalogue section's keys/values still answer, and say their new names."""
    from cogov.plugins import catalogue  # noqa: PLC0415
    from cogov.testing.samples import small_appointments, small_community  # noqa: PLC0415

    ledger = cogov.Ledger(cogov.basic_charter(), small_community(), appointments=small_appointments())
    with pytest.warns(DeprecationWarning, match=r"last_event_at"):
        assert ledger.at_time() == ledger.last_event_at()
    section = catalogue().charters
    with pytest.warns(DeprecationWarning, match=r"sorted_keys"):
        assert section.keys() == section.sorted_keys()
    with pytest.warns(DeprecationWarning, match=r"mapping\(\)"):
        assert section.values() == section.mapping()
    assert isinstance(section.sorted_keys(), list)
    assert dict(section.mapping()).keys() == set(section.sorted_keys())


def test_report_labels_are_translated_by_a_named_function() -> None:
    """cogov.report exports translate (not a one-letter name) for its bilingual labels."""
    import cogov.report  # noqa: PLC0415

    assert "translate" in cogov.report.__all__
    assert "t" not in cogov.report.__all__


def test_statistics_are_computed_by_a_named_function() -> None:
    """cogov.evaluation.compute_statistics; the old name ``compute`` warns and is the same function."""
    import cogov.evaluation  # noqa: PLC0415

    assert "compute_statistics" in cogov.evaluation.__all__
    with pytest.warns(DeprecationWarning, match="compute_statistics"):
        assert cogov.evaluation.compute is cogov.evaluation.compute_statistics  # type: ignore[attr-defined]
