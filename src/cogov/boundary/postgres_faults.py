"""Connecting to PostgreSQL and what goes wrong there, said in words.

psycopg is an optional extra (``pip install 'cogov[postgres]'``): it is imported on first use,
and its absence is a :class:`~cogov.errors.StoreError` that says how to install it.  A server
that cannot be reached, a database that does not exist, a lost connection: each becomes a
:class:`~cogov.errors.StoreError` naming the address (its password masked) and what to do.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any, ParamSpec, TypeVar

from cogov.errors import StoreError

__all__ = ["connect", "masked", "psycopg", "store_error", "translate_errors"]

P = ParamSpec("P")
R = TypeVar("R")

_PASSWORD = re.compile(r"(://[^/:@]*:)[^@/]*@")


def masked(address: str) -> str:
    """``address`` with any password replaced by ``***``."""
    return re.sub(r"(password=)\S+", r"\1***", _PASSWORD.sub(r"\1***@", address))


def psycopg() -> ModuleType:
    """The psycopg module, or a StoreError saying how to install it."""
    try:
        return importlib.import_module("psycopg")
    except ImportError:
        msg = (
            "PostgreSQL stores need psycopg, which is not installed; install the extra: "
            "pip install 'cogov[postgres]'"
        )
        raise StoreError(msg) from None


def connect(address: str) -> Any:
    """An autocommit connection to ``address`` (transactions are opened explicitly)."""
    pg = psycopg()
    try:
        return pg.connect(address, autocommit=True, application_name="cogov", connect_timeout=10)
    except pg.Error as error:
        reason = " ".join(str(error).split())
        msg = (
            f"cannot connect to PostgreSQL at {masked(address)}: {reason}; check the address "
            "(postgresql://USER@HOST:PORT/DATABASE) and that the server is running "
            "(scripts/postgres-test-server starts one for development)"
        )
        raise StoreError(msg) from None


def store_error(where: str, doing: str, error: Exception) -> StoreError:
    """A StoreError for a database ``error`` met while ``doing`` (e.g. "append to") store ``where``."""
    reason = " ".join(str(error).split()) or type(error).__name__
    return StoreError(f"cannot {doing} store {where!r}: PostgreSQL: {reason}")


def translate_errors(doing: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a store method (or generator method) so a psycopg error it meets is raised as a
    :class:`StoreError` naming the store (``self.where``)."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        if inspect.isgeneratorfunction(method):

            @functools.wraps(method)
            def generate(*args: P.args, **kwargs: P.kwargs) -> Any:
                try:
                    yield from method(*args, **kwargs)
                except psycopg().Error as error:
                    raise store_error(_where(args), doing, error) from None

            return generate

        @functools.wraps(method)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except psycopg().Error as error:
                raise store_error(_where(args), doing, error) from None

        return call

    return decorate


def _where(args: tuple[Any, ...]) -> str:
    return str(getattr(args[0], "where", "?"))
