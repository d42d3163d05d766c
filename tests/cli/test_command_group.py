"""The command group: built per run from the plugin manager, through pluggy, with no state left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import click
import pytest

from cogov.cli import build_cli, main
from cogov.hookspecs import hookimpl
from cogov.plugins import make_plugin_manager


class _Greeter:
    """A plugin that adds one command."""

    @hookimpl
    def cogov_register_commands(self, cli: click.Group) -> None:
        @cli.command("greet")
        def greet() -> None:
            click.echo("hello")


class _Broken:
    """A plugin whose command hook fails."""

    @hookimpl
    def cogov_register_commands(self, cli: click.Group) -> None:
        msg = "no commands today"
        raise RuntimeError(msg)


def _plugins_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["plugins", "--json"]) == 0
    return {entry["plugin"]: entry["registered"] for entry in json.loads(capsys.readouterr().out)}


def test_a_second_run_in_the_same_process_credits_the_same_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Running main() twice in one process lists each plugin's commands both times."""
    pytest.importorskip("cogov_beijing")
    if os.environ.get("COGOV_LOAD_PLUGINS") is not None and "beijing" not in os.environ["COGOV_LOAD_PLUGINS"]:
        pytest.skip("the beijing plugin is not selected")
    first = _plugins_json(capsys)
    second = _plugins_json(capsys)
    assert first["beijing"]["command"] == ["beijing-street"]
    assert second == first


def test_each_build_is_a_new_group_with_the_plugin_commands_credited() -> None:
    """build_cli gives a fresh group each time; the built-in group is never changed."""
    pm = make_plugin_manager(autoload=False, plugins=[("greeter", _Greeter())])
    one, two = build_cli(pm), build_cli(pm)
    assert one is not two
    assert one.plugin_commands == two.plugin_commands == {"greeter": ("greet",)}
    assert "greet" in one.commands
    assert "greet" not in build_cli(make_plugin_manager(autoload=False)).commands


def test_the_hook_is_called_through_pluggy() -> None:
    """The command hook goes through pluggy's hook caller, so hook-call monitoring sees it."""
    pm = make_plugin_manager(autoload=False, plugins=[("greeter", _Greeter())])
    seen: list[str] = []
    undo = pm.add_hookcall_monitoring(lambda name, impls, kwargs: seen.append(name), lambda *a: None)
    try:
        build_cli(pm)
    finally:
        undo()
    assert "cogov_register_commands" in seen


def test_a_failing_plugin_is_named_and_the_others_still_register(capsys: pytest.CaptureFixture[str]) -> None:
    """One plugin's failing command hook is a warning naming it; other plugins' commands stay."""
    pm = make_plugin_manager(autoload=False, plugins=[("broken", _Broken()), ("greeter", _Greeter())])
    group = build_cli(pm)
    assert group.plugin_commands == {"greeter": ("greet",)}
    warning = capsys.readouterr().err
    assert "plugin 'broken', hook cogov_register_commands failed: RuntimeError: no commands today" in warning


def test_hook_tracing_shows_the_command_hook() -> None:
    """COGOV_TRACE_HOOKS traces the command hook like every other hook."""
    result = subprocess.run(
        [sys.executable, "-m", "cogov", "schema", "charter"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COGOV_TRACE_HOOKS": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "cogov_register_commands" in result.stderr
