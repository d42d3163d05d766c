"""Community set-ups (charter, structure, appointments) are named so; the old "example" names work for a release."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import cogov.plugins
import cogov.plugins.registration
from cogov import Community, Unit, hookspecs
from cogov.errors import PluginError
from cogov.plugins import (
    CommunitySetup,
    SetupSpec,
    catalogue,
    hookimpl,
    load_setup,
    make_plugin_manager,
    setup_names,
)

OLD_NAMES = {
    "Example": "CommunitySetup",
    "ExampleSpec": "SetupSpec",
    "RegisterExample": "RegisterSetup",
    "load_example": "load_setup",
    "example_from": "setup_from",
    "example_names": "setup_names",
}


def tiny_community() -> Community:
    community = Community()
    community.extend(
        units=[
            Unit("t1", "county", "小县", "small county"),
            Unit("t2", "community", "旧钩子社区", "old-hook community", parent="t1"),
        ]
    )
    return community


def tiny_spec(key: str = "old_hook") -> SetupSpec:
    return SetupSpec(
        key=key, zh="旧钩子社区", en="old-hook community", charter="basic", community=tiny_community
    )


class OldHookOnly:
    """A plugin written before the rename: it implements only cogov_register_examples."""

    @hookimpl
    def cogov_register_examples(self, register: Any) -> None:
        register(tiny_spec())


class BothHooks:
    """A plugin that registers one set-up under the old and the new hook."""

    @hookimpl
    def cogov_register_examples(self, register: Any) -> None:
        register(tiny_spec("twice"))

    @hookimpl
    def cogov_register_setups(self, register: Any) -> None:
        register(tiny_spec("twice"))


@pytest.mark.parametrize(("old", "new"), sorted(OLD_NAMES.items()))
def test_an_old_name_is_the_new_object_with_a_warning_naming_it(old: str, new: str) -> None:
    """cogov.plugins.<old name> still resolves, to the renamed object, and the warning says the new name."""
    assert old not in cogov.plugins.__all__
    assert new in cogov.plugins.__all__
    with pytest.warns(
        DeprecationWarning, match=rf"cogov\.plugins\.{old} is renamed cogov\.plugins\.{new} "
    ) as caught:
        value = getattr(cogov.plugins, old)
    assert value is getattr(cogov.plugins, new)
    assert caught[0].filename == __file__


def test_the_old_register_type_and_catalogue_section_warn() -> None:
    """RegisterExample in cogov.plugins.registration and Catalogue.examples answer with the new objects."""
    with pytest.warns(DeprecationWarning, match="RegisterSetup"):
        old = cogov.plugins.registration.RegisterExample
    assert old is cogov.plugins.registration.RegisterSetup
    with pytest.warns(DeprecationWarning, match="cogov_register_setups"):
        pm = make_plugin_manager(autoload=False, plugins=[("old_hook", OldHookOnly())])
    cat = catalogue(pm)
    with pytest.warns(DeprecationWarning, match=r"Catalogue\.setups"):
        section = cat.examples
    assert section is cat.setups


def test_an_unknown_name_is_an_attribute_error_without_a_warning() -> None:
    """Only the renamed names resolve; anything else fails as for any module."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="has no attribute 'Sample'"):
            _ = cogov.plugins.Sample
        with pytest.raises(AttributeError, match="has no attribute 'RegisterSample'"):
            _ = cogov.plugins.registration.RegisterSample


def test_the_old_hook_is_still_specified_and_maps_to_the_new_one() -> None:
    """Each deprecated hook name is still a hookspec, and the hook that replaced it exists."""
    for old, new in hookspecs.DEPRECATED_HOOKS.items():
        assert callable(getattr(hookspecs, old))
        assert callable(getattr(hookspecs, new))
    assert hookspecs.DEPRECATED_HOOKS == {"cogov_register_examples": "cogov_register_setups"}


def test_a_plugin_implementing_only_the_old_hook_still_works_and_is_warned() -> None:
    """Registering it warns, naming cogov_register_setups; its set-up then loads like any other."""
    plugin = OldHookOnly()
    with pytest.warns(DeprecationWarning, match="implement cogov_register_setups instead") as caught:
        pm = make_plugin_manager(autoload=False, plugins=[("old_hook", plugin)])
    assert caught[0].filename == __file__  # pluggy points at the plugin's implementation
    assert setup_names(pm) == ["old_hook"]
    contribution = catalogue(pm).setups.get("old_hook")
    assert contribution is not None
    assert contribution.plugin == "old_hook"
    setup = load_setup("old_hook", pm)
    assert isinstance(setup, CommunitySetup)
    assert setup.community.root == "t1"
    assert setup.ledger().charter.key == "basic"


def test_a_plugin_implementing_only_the_new_hook_is_not_warned() -> None:
    """A plugin written for the new name registers without any deprecation warning."""

    class NewHookOnly:
        @hookimpl
        def cogov_register_setups(self, register: Any) -> None:
            register(tiny_spec("new_hook"))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pm = make_plugin_manager(autoload=False, plugins=[("new_hook", NewHookOnly())])
        assert load_setup("new_hook", pm).key == "new_hook"


def test_one_set_up_through_both_hooks_is_registered_twice() -> None:
    """The old and the new hook fill one section, so the same key through both is a clash named as such."""
    with pytest.warns(DeprecationWarning, match="cogov_register_setups"):
        pm = make_plugin_manager(autoload=False, plugins=[("both", BothHooks())])
    with pytest.raises(PluginError, match=r"community set-up 'twice' is registered twice"):
        catalogue(pm)
