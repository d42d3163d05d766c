"""The entry point: :func:`main` runs the command group that :func:`build_cli` makes for the run.

:func:`main` is what the ``cogov`` console script runs.  It turns every failure a user can
cause into one line on stderr and a non-zero exit code (see :mod:`cogov.cli._app` for the
codes), never a traceback.  Plugins add commands through the ``cogov_register_commands``
hook, called once per run before the arguments are parsed.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

import click
import pluggy

import cogov.cli._commands  # noqa: F401 - registers the built-in commands on cli
from cogov.cli._app import (
    CONTEXT,
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    CommandGroup,
    Terminated,
    cli,
    one_line,
    print_error,
)
from cogov.errors import CogovError

__all__ = ["build_cli", "main"]


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Within: SIGTERM raises :class:`Terminated` (only the main thread may set handlers)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (main() called from a test thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_cli(pm: pluggy.PluginManager | None = None) -> CommandGroup:
    """A new command group: the built-in commands of :data:`cli` plus every plugin's.

    Each plugin's ``cogov_register_commands`` is called through pluggy on its own (a subset
    hook caller), so hook tracing and monitoring see it, a failing plugin is named in a
    warning without hiding the others, and each command is credited to the plugin that added
    it.  ``pm`` defaults to the process-wide manager; :data:`cli` itself is never changed,
    so building twice gives the same group twice.
    """
    group = CommandGroup(
        name=cli.name,
        commands=dict(cli.commands),
        callback=cli.callback,
        params=list(cli.params),
        help=cli.help,
        context_settings=CONTEXT,
    )
    if pm is None:
        from cogov.plugins import get_plugin_manager  # noqa: PLC0415 - plugins load only when the CLI runs

        try:
            pm = get_plugin_manager()
        except CogovError as error:
            # stay quiet: a command that needs the plugins reports this itself, in one line
            group.plugin_failure = one_line(str(error))
            return group
    names = [impl.plugin_name for impl in pm.hook.cogov_register_commands.get_hookimpls()]
    for name in names:
        others = [pm.get_plugin(other) for other in names if other != name]
        register = pm.subset_hook_caller("cogov_register_commands", remove_plugins=others)
        before = set(group.commands)
        try:
            register(cli=group)
        except Exception as error:
            click.echo(
                f"cogov: warning: plugin {name!r}, hook cogov_register_commands failed: "
                f"{type(error).__name__}: {one_line(str(error))}",
                err=True,
            )
            continue
        added = tuple(sorted(set(group.commands) - before))
        if added:
            group.plugin_commands[name] = added
    return group


def _skip_hint(error: CogovError) -> str:
    """For an installed plugin that is broken: how to run without it (and every other broken one)."""
    from cogov.plugins import BUILTIN_NAME, ENV_LOAD_PLUGINS, PluginError, survey_plugins  # noqa: PLC0415

    if not isinstance(error, PluginError) or error.plugin in (None, BUILTIN_NAME):
        return ""
    try:
        pm, broken = survey_plugins()
    except CogovError:
        return ""
    if error.plugin not in broken:  # e.g. a name in COGOV_LOAD_PLUGINS that is not installed
        return ""
    healthy = sorted(name for name, _ in pm.list_name_plugin() if name != BUILTIN_NAME)
    return (
        f"; to run without the broken plugin(s) {', '.join(sorted(broken))}, set "
        f"{ENV_LOAD_PLUGINS}={','.join(healthy)} (`cogov plugins` shows each one's error)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    group = build_cli()
    try:
        with _sigterm_raises():
            # make_context and invoke rather than cli.main: click's main turns a closed pipe into
            # sys.exit(1) itself, and every failure's exit code is decided here
            args = list(argv) if argv is not None else sys.argv[1:]
            with group.make_context("cogov", args) as context:
                result = group.invoke(context)
    except click.exceptions.Exit as done:  # --help, --version
        return done.exit_code
    except (click.exceptions.Abort, EOFError) as error:
        # click turns KeyboardInterrupt (and so Terminated) into Abort, keeping it as the cause
        if isinstance(error.__cause__, Terminated):
            print_error("terminated")
            return EXIT_TERMINATED
        print_error("aborted")
        return EXIT_INTERRUPTED
    except Terminated:
        print_error("terminated")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print_error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``cogov report … | head``): it has what it wanted, so this is
        # success; stdout goes to /dev/null so the interpreter's last flush cannot fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except click.ClickException as error:
        message = error.format_message()
        if group.plugin_failure and message.startswith("No such command"):
            message += f" (plugins did not load: {group.plugin_failure})"
        print_error(message)
        return error.exit_code
    except CogovError as error:
        print_error(str(error) + _skip_hint(error))
        return EXIT_INPUT
    except OSError as error:
        name = f" {error.filename}" if error.filename else ""
        print_error(f"{error.strerror or error}{':' if name else ''}{name}")
        return EXIT_INPUT
    except Exception as error:
        if os.environ.get("COGOV_TRACEBACK"):
            traceback.print_exc()
        print_error(
            f"internal error: {type(error).__name__}: {error} (set COGOV_TRACEBACK=1 to see the traceback)"
        )
        return EXIT_BUG
    return result if isinstance(result, int) else 0
