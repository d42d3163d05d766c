"""``--setup NAME`` names the community set-up; ``--example``, its old name, still works for a release."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cogov.cli import build_cli
from cogov.cli._setup_option import setup_option

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")
RECORDED = Path(__file__).parents[2] / "plugins/xiaoxiguan/src/cogov_xiaoxiguan/data/year-2022.jsonl"
needs_cogov = pytest.mark.skipif(COGOV is None, reason="the cogov console script is not installed")
needs_year = pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan recorded year is not present")

#: the commands that load a community set-up (each took ``--example`` before)
TAKE_A_SETUP = {
    "export",
    "open311 export",
    "open311 import",
    "register import",
    "report",
    "serve",
    "store copy",
    "store create",
    "store checkpoint",
    "store register",
    "store upgrade",
    "validate",
}


def cogov(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "COGOV_LANG": "en"}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} ")
        else:
            yield path, command


def test_every_command_that_loads_a_set_up_takes_setup_and_hides_example() -> None:
    """--setup is shown in each such command's help; --example is accepted there but hidden."""
    found = {}
    for path, command in _commands(build_cli()):
        options = {opt: param for param in command.params for opt in getattr(param, "opts", ())}
        assert "--example" not in options or options["--example"].hidden, path  # type: ignore[attr-defined]
        if "--setup" in options:
            found[path] = command
            assert "--example" in options, f"{path}: --example (the old name) is not accepted"
            assert not options["--setup"].hidden  # type: ignore[attr-defined]
    assert set(found) == TAKE_A_SETUP


def test_the_option_gives_the_default_the_new_name_or_the_old_one() -> None:
    """The command receives ``setup``: the default, --setup's value, or --example's with a notice."""

    @click.command()
    @setup_option("the set-up", default="home")
    def show(setup: str) -> None:
        click.echo(f"setup={setup}")

    # click 8.1 mixes stderr into the output unless told not to; later versions keep them apart
    apart = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    runner = CliRunner(**apart)
    assert runner.invoke(show, []).output == "setup=home\n"
    assert runner.invoke(show, ["--setup", "away"]).output == "setup=away\n"
    old = runner.invoke(show, ["--example", "away"])
    assert old.exit_code == 0
    assert old.stdout == "setup=away\n"
    assert old.stderr.count("\n") == 1
    assert "--example is deprecated" in old.stderr
    assert "--setup away" in old.stderr
    assert runner.invoke(show, ["--setup", "away"]).stderr == ""
    both = runner.invoke(show, ["--example", "a", "--setup", "b"])
    assert both.exit_code == 2
    assert "name different set-ups" in both.stderr
    same = runner.invoke(show, ["--example", "a", "--setup", "a"])
    assert same.exit_code == 0
    assert same.stdout == "setup=a\n"


@needs_cogov
@needs_year
def test_the_old_option_still_works_with_a_one_line_notice() -> None:
    """``cogov validate … --example xiaoxiguan`` does what ``--setup xiaoxiguan`` does, and says it is deprecated."""
    new = cogov("validate", RECORDED, "--setup", "xiaoxiguan")
    old = cogov("validate", RECORDED, "--example", "xiaoxiguan")
    assert new.returncode == old.returncode == 0, old.stderr
    assert old.stdout == new.stdout
    assert "set-up 'xiaoxiguan'" in new.stdout
    assert new.stderr == ""
    notice = old.stderr.splitlines()
    assert len(notice) == 1
    assert notice[0].startswith("cogov: --example is deprecated")
    assert "--setup xiaoxiguan" in notice[0]


@needs_cogov
@needs_year
def test_the_old_option_passes_its_value_through() -> None:
    """The set-up --example names is the one loaded: an unknown one is refused by name, exit 1."""
    result = cogov("report", RECORDED, "--example", "atlantis")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("cogov: --example is deprecated")
    assert lines[1].startswith("cogov: error: ")
    assert "no community set-up 'atlantis'" in lines[1]


@needs_cogov
def test_the_help_shows_setup_and_not_example() -> None:
    """A newcomer reading ``cogov report --help`` sees --setup with its default, never --example."""
    result = cogov("report", "--help")
    assert result.returncode == 0, result.stderr
    assert "--setup NAME" in result.stdout
    assert "xiaoxiguan" in result.stdout
    assert "--example" not in result.stdout
