"""The ``--setup NAME`` option: the community set-up a command works on.

A set-up is what a plugin registers under a name (``xiaoxiguan``, ``beijing``): a charter,
the community's structure and appointments, with the plugins' guards and observers.  The
option was called ``--example``, which read as demonstration data although a set-up may be
a real community's; ``--example`` still works for one release, hidden from the help, and
says once on stderr that it is deprecated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

__all__ = ["DEFAULT_SETUP", "setup_option"]

F = TypeVar("F", bound=Callable[..., Any])

#: the set-up a command uses when none is named
DEFAULT_SETUP = "xiaoxiguan"

_OLD = "deprecated_example"


def setup_option(help_text: str, *, default: str | None = DEFAULT_SETUP) -> Callable[[F], F]:
    """``--setup NAME`` (default ``default``) passed to the command as ``setup``.

    The hidden ``--example NAME`` gives the same value with a one-line deprecation notice on
    stderr; both at once with different names is a usage error (exit code 2).
    """

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, setup: str | None, **kwargs: Any) -> Any:
            old = kwargs.pop(_OLD)
            if old is not None:
                click.echo(
                    "cogov: --example is deprecated and will be removed; use --setup "
                    f"{old} (the community set-up: charter, structure, appointments)",
                    err=True,
                )
                if setup is not None and setup != old:
                    msg = f"--example {old} and --setup {setup} name different set-ups; give --setup only"
                    raise click.UsageError(msg)
                setup = old
            return command(*args, setup=default if setup is None else setup, **kwargs)

        with_old = click.option("--example", _OLD, metavar="NAME", default=None, hidden=True)(run)
        with_new = click.option(
            "--setup",
            "setup",
            metavar="NAME",
            default=None,
            show_default=default if default is not None else False,
            help=help_text,
        )(with_old)
        return cast("F", with_new)

    return decorate
