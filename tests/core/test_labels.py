"""The bilingual label type: formatting, validation, subclassing, and serialised forms that stay put."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import attrs
import cogov_beijing
import cogov_xiaoxiguan
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cogov
from cogov.boundary.codec import make_converter
from cogov.engine.chain import canonical_value
from cogov.errors import InvalidFieldError, UnknownKeyError
from cogov.evaluation.score import Criterion, Tier, Veto
from cogov.model import fields
from cogov.model.added_fields import added_fields, at_default
from cogov.model.deadlines import StepDeadline
from cogov.model.labels import Bilingual, Labelled, bilingual, glossed
from cogov.plugins import load_setup, make_plugin_manager
from cogov.testing import SERIALISED_VALUES, values_of
from cogov.testing.strategies import codes, keys, labels

_CONVERTER = make_converter()

_non_negative = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
_texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)


@st.composite
def _criteria(draw: st.DrawFn) -> Criterion:
    maximum = draw(_non_negative)
    low = draw(st.floats(min_value=0, max_value=1))
    return Criterion(
        draw(keys()),
        draw(labels()),
        draw(labels()),
        maximum * draw(st.floats(min_value=0, max_value=1)),
        maximum,
        seqs=draw(st.lists(st.integers(0, 10**6), max_size=3)),
        records=draw(st.lists(codes(), max_size=3)),
        note=draw(_texts),
        interval=draw(st.none() | st.just((low, low + 0.1))),
        note_zh=draw(_texts),
    )


#: the serialised labelled classes and the document keys each had before they shared a base
DOCUMENT_KEYS: dict[str, tuple[st.SearchStrategy[Any], tuple[str, ...]]] = {
    "Level": (SERIALISED_VALUES["Level"], ("key", "zh", "en")),
    "RoleSpec": (
        SERIALISED_VALUES["RoleSpec"],
        ("key", "zh", "en", "level", "duties", "requires", "max_holders", "description"),
    ),
    "State": (SERIALISED_VALUES["State"], ("key", "zh", "en", "category")),
    "IssueKind": (SERIALISED_VALUES["IssueKind"], ("key", "zh", "en", "mediable", "resolve_within_days")),
    "Channel": (SERIALISED_VALUES["Channel"], ("key", "zh", "en")),
    "MeetingKind": (SERIALISED_VALUES["MeetingKind"], ("key", "zh", "en", "level", "cadence_days", "duty")),
    "AssociationKind": (SERIALISED_VALUES["AssociationKind"], ("key", "zh", "en")),
    "ActivityKind": (SERIALISED_VALUES["ActivityKind"], ("key", "zh", "en", "association", "duty")),
    "SatisfactionLevel": (SERIALISED_VALUES["SatisfactionLevel"], ("key", "zh", "en", "weight", "satisfied")),
    "Charter": (
        SERIALISED_VALUES["Charter"],
        (
            "key",
            "zh",
            "en",
            "role_set",
            "workflow",
            "issue_kinds",
            "channels",
            "satisfaction_scale",
            "levels",
            "meeting_kinds",
            "association_kinds",
            "activity_kinds",
            "calendar",
            "recording",
            "escalation_meeting",
            "supervision",
        ),
    ),
    "StepDeadline": (
        values_of(
            StepDeadline,
            by_kind=st.lists(st.tuples(keys(), st.integers(1, 30)), max_size=2, unique_by=lambda t: t[0]).map(
                tuple
            ),
        ),
        ("key", "zh", "en", "states", "working_days", "by_kind", "kinds"),
    ),
    "Tier": (values_of(Tier, minimum=_non_negative), ("key", "zh", "en", "minimum")),
    "Criterion": (
        _criteria(),
        ("key", "zh", "en", "value", "maximum", "seqs", "records", "note", "interval", "note_zh"),
    ),
    "Veto": (
        values_of(
            Veto,
            seqs=st.lists(st.integers(0, 10**6), max_size=3).map(tuple),
            records=st.lists(codes(), max_size=3).map(tuple),
        ),
        ("key", "zh", "en", "seqs", "records", "note", "note_zh"),
    ),
}


@attrs.frozen
class _Route(Labelled):
    length_km: float
    stops: int = 0


def test_bilingual_puts_the_first_language_first() -> None:
    """``grid head (网格长)`` by default; ``网格长 (grid head)`` when Chinese leads."""
    assert bilingual("网格长", "grid head") == "grid head (网格长)"
    assert bilingual("网格长", "grid head", first="zh") == "网格长 (grid head)"


def test_glossed_names_the_chinese_original_only_in_english_text() -> None:
    """Chinese text gets the Chinese name alone; English text the English name with its original."""
    assert glossed("网格长", "grid head", "zh") == "网格长"
    assert glossed("网格长", "grid head", "en") == "grid head (网格长)"


def test_a_labelled_value_gives_its_label_and_each_language() -> None:
    """label is English first with the Chinese in brackets; text picks a language or both."""
    route = _Route("river_walk", "沿河巡逻线", "river walk", 2.5)
    assert route.label == "river walk (沿河巡逻线)"
    assert route.text("zh") == "沿河巡逻线"
    assert route.text("en") == "river walk"
    assert route.text("bi") == route.label


def test_an_unknown_language_is_refused_by_name() -> None:
    """text() with a language it does not know names the class, the value and the choices."""
    route = _Route("river_walk", "沿河巡逻线", "river walk", 2.5)
    with pytest.raises(
        UnknownKeyError, match=r"_Route\.text: unknown language 'fr'; choose one of zh, en, bi"
    ):
        route.text("fr")


@pytest.mark.parametrize(
    ("key", "zh", "en", "message"),
    [
        ("River", "沿河", "river", r"_Route\.key: 'River' is not a valid key"),
        ("river", " ", "river", r"_Route\.zh: a non-empty label is required, got ' '"),
        ("river", "沿河", "", r"_Route\.en: a non-empty label is required, got ''"),
        ("river", "沿\ud800河", "river", r"_Route\.zh: holds a lone surrogate U\+D800"),
    ],
)
def test_the_base_validates_key_and_names_for_every_subclass(
    key: str, zh: str, en: str, message: str
) -> None:
    """A malformed key or a blank name is refused with the subclass's name and the field."""
    with pytest.raises(InvalidFieldError, match=message):
        _Route(key, zh, en, 1.0)


def test_a_subclass_has_key_zh_en_first_and_stays_slotted() -> None:
    """Base fields come first (positional calls read key, zh, en, then the subclass's own), no __dict__."""
    assert [f.name for f in attrs.fields(_Route)] == ["key", "zh", "en", "length_km", "stops"]
    route = _Route("river_walk", "沿河巡逻线", "river walk", 2.5, 3)
    assert (route.length_km, route.stops) == (2.5, 3)
    assert not hasattr(route, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        route.zh = "别的"  # type: ignore[misc]


def test_equal_labels_of_different_classes_are_different_values() -> None:
    """Two labelled classes never compare equal, even with the same key and names."""

    @attrs.frozen
    class Walk(Labelled):
        pass

    @attrs.frozen
    class Ride(Labelled):
        pass

    assert Walk("a", "甲", "A") != Ride("a", "甲", "A")
    assert Walk("a", "甲", "A") == Walk("a", "甲", "A")


def test_bilingual_alone_formats_values_whose_names_are_not_first() -> None:
    """A class with zh and en after other fields gets label and text from Bilingual, in its own order."""

    @attrs.frozen
    class Step(Bilingual):
        action: str = attrs.field(validator=fields.key)
        zh: str = attrs.field(validator=fields.label)
        en: str = attrs.field(validator=fields.label)

    step = Step("verify", "入户核查", "verification visit")
    assert [f.name for f in attrs.fields(Step)] == ["action", "zh", "en"]
    assert step.label == "verification visit (入户核查)"
    assert step.text("zh") == "入户核查"


@pytest.mark.parametrize("name", sorted(DOCUMENT_KEYS))
@given(data=st.data())
def test_labelled_documents_keep_their_keys_and_read_back_equal(name: str, data: st.DataObject) -> None:
    """A labelled value's document has the keys it always had, key, zh, en first, and reads back
    equal; a field added since is written only when it is not at its default."""
    strategy, expected = DOCUMENT_KEYS[name]
    value = data.draw(strategy)
    document = _CONVERTER.unstructure(value)
    later = {f.name: f for f in added_fields(type(value))}
    assert tuple(k for k in document if k not in later) == expected
    assert {k for k in document if k in later} == {
        k for k, f in later.items() if not at_default(f, getattr(value, k))
    }
    assert (document["key"], document["zh"], document["en"]) == (value.key, value.zh, value.en)
    assert _CONVERTER.structure(document, type(value)) == value


@pytest.mark.parametrize("name", sorted(DOCUMENT_KEYS))
@given(data=st.data())
def test_labelled_canonical_forms_start_with_key_zh_en(name: str, data: st.DataObject) -> None:
    """What a digest is taken of still opens with the class name, then key, zh and en in that order."""
    value = data.draw(DOCUMENT_KEYS[name][0])
    k, zh, en = value.key, value.zh, value.en
    head = f"<{type(value).__name__}:key={len(k)}:{k}\x1fzh={len(zh)}:{zh}\x1fen={len(en)}:{en}\x1f"
    assert canonical_value(value).startswith(head) or canonical_value(value) == head[:-1] + ">"


def test_a_loaded_example_equals_itself_only() -> None:
    """An example holds a community that changes as it is used: two loads are two values, each hashable."""
    plugin = pytest.importorskip("cogov_xiaoxiguan.plugin")
    pm = make_plugin_manager(autoload=False, plugins=[("xiaoxiguan", plugin)])
    first, second = load_setup("xiaoxiguan", pm), load_setup("xiaoxiguan", pm)
    assert isinstance(first, Labelled)
    assert first == first
    assert first != second
    assert len({first, second}) == 2
    assert first.text("zh") == "房县城关镇小西关社区"


def _attrs_classes() -> list[type]:
    found: dict[type, None] = {}
    for package in (cogov, cogov_xiaoxiguan, cogov_beijing):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and value.__module__ == module.__name__ and attrs.has(value):
                    found[value] = None
    return list(found)


def test_every_keyed_bilingual_class_is_labelled() -> None:
    """A class of the library or the shipped plugins whose fields open with key, zh, en inherits Labelled,
    and one with zh and en elsewhere gets its label from Bilingual: the formatting lives in one place."""
    classes = _attrs_classes()
    keyed = [c for c in classes if [f.name for f in attrs.fields(c)[:3]] == ["key", "zh", "en"]]
    named = [c for c in classes if {"zh", "en"} <= {f.name for f in attrs.fields(c)}]
    assert len(keyed) >= 32
    assert [c.__qualname__ for c in keyed if not issubclass(c, Labelled)] == []
    assert [c.__qualname__ for c in named if not issubclass(c, Bilingual)] == []
