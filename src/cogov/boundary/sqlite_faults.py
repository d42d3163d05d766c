"""What goes wrong with a SQLite store file, said in words: every fault becomes a StoreError.

SQLite reports a full disk, a read-only folder, a damaged page or a file that is not a
database as :class:`sqlite3.Error` with an error code; :func:`store_error` turns each into a
:class:`~cogov.errors.StoreError` naming the file, what was being done and what to do.
:func:`connect` opens a store file (a reader also on a read-only mount, where SQLite cannot
create the shared-memory file WAL mode needs), and :func:`read_meta` reads and checks the
``meta`` table, so a missing or damaged row is named rather than raised as ``KeyError``.

A failed write changes nothing: SQLite rolls the transaction back, so what was committed
before stays readable.
"""

from __future__ import annotations

import functools
import inspect
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal, ParamSpec, TypeVar

from cogov.errors import StoreError

__all__ = [
    "META_KEYS",
    "connect",
    "damaged_meta",
    "explain",
    "read_meta",
    "store_error",
    "translate_errors",
]

P = ParamSpec("P")
R = TypeVar("R")

#: rows of ``meta`` every store has; a store without one of them is damaged
#: the meta rows every version of the store has (a version adds its own: see sqlite_store)
META_KEYS: Final = ("format", "version", "charter")

#: SQLite's primary result codes (the low byte of an extended code) and what they mean to a user
_MEANING: Final = {
    "SQLITE_FULL": "the disk is full (or the store reached its size limit); free some space and retry",
    "SQLITE_READONLY": "the file or its folder is read-only; open it with readonly=True to read it",
    "SQLITE_CANTOPEN": "the file cannot be opened; check that it and its folder are readable",
    "SQLITE_PERM": "permission denied; check the file's permissions",
    "SQLITE_NOTADB": "it is not a cogov store (not even a SQLite database); check the path",
    "SQLITE_CORRUPT": "the file is damaged (SQLite says its disk image is malformed); restore it from a backup",
    "SQLITE_IOERR": "the disk reported an input/output error; check the disk and free space",
    "SQLITE_BUSY": "another process holds the store's lock; try again when it has finished",
    "SQLITE_LOCKED": "another connection holds the store's lock; try again when it has finished",
    "SQLITE_NOMEM": "SQLite ran out of memory",
}


def explain(error: sqlite3.Error) -> str:
    """What ``error`` means, in words, followed by SQLite's own message."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if "Could not decode to UTF-8" in str(error):
        # raised by Python's sqlite3 reading a TEXT value, not by SQLite
        return "it holds text that is not UTF-8, so it is damaged; restore it from a backup"
    for code, meaning in _MEANING.items():
        if name == code or name.startswith(f"{code}_"):
            return f"{meaning} (SQLite: {error})"
    return f"SQLite: {error}"


def store_error(path: Path, doing: str, error: sqlite3.Error) -> StoreError:
    """A :class:`StoreError` for ``error`` met while ``doing`` (e.g. "append to") the store ``path``."""
    return StoreError(f"cannot {doing} store {str(path)!r}: {explain(error)}")


def _path_of(args: tuple[Any, ...]) -> Path:
    """The store path of a method call's ``self``."""
    return Path(getattr(args[0], "path", "?"))


def translate_errors(doing: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a store method (or generator method) so a :class:`sqlite3.Error` it meets
    is raised as a :class:`StoreError` naming the store's ``path``."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        if inspect.isgeneratorfunction(method):

            @functools.wraps(method)
            def generate(*args: P.args, **kwargs: P.kwargs) -> Any:
                try:
                    yield from method(*args, **kwargs)
                except sqlite3.Error as error:
                    raise store_error(_path_of(args), doing, error) from None

            return generate

        @functools.wraps(method)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as error:
                raise store_error(_path_of(args), doing, error) from None

        return call

    return decorate


def _open_immutable(path: Path) -> sqlite3.Connection:
    """A reader on a read-only file system: SQLite cannot create ``-shm`` there, so the file
    is opened as immutable, which is right only when no write-ahead log waits to be merged."""
    wal = path.with_name(f"{path.name}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        msg = (
            f"cannot read store {str(path)!r}: it is on a read-only file system and its last writes are "
            f"still in {wal.name}; open it once read-write where it can be written, or copy both files "
            "to a writable folder"
        )
        raise StoreError(msg)
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=30
    )


def connect(path: Path, *, readonly: bool, durability: Literal["full", "normal"]) -> sqlite3.Connection:
    """Open the SQLite file ``path``; a reader never writes, a writer uses WAL mode."""
    doing = "read" if readonly else "open for writing"
    try:
        if readonly:
            db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30
            )
        else:
            db = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as error:
        raise store_error(path, doing, error) from None
    try:
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={'FULL' if durability == 'full' else 'NORMAL'}")
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error as error:
        db.close()
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            if readonly:
                return _checked(_open_immutable(path), path, doing)
            if os.access(path, os.R_OK) and not (
                os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
            ):
                msg = (
                    f"cannot open store {str(path)!r} for writing: the file or its folder is read-only; "
                    "open it with readonly=True to read it"
                )
                raise StoreError(msg) from None
        raise store_error(path, doing, error) from None
    return db


def _checked(db: sqlite3.Connection, path: Path, doing: str) -> sqlite3.Connection:
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error as error:
        db.close()
        raise store_error(path, doing, error) from None
    return db


def read_meta(db: sqlite3.Connection, path: Path, *, store_format: str, store_version: int) -> dict[str, str]:
    """The ``meta`` table as a dict, checked: right format, a version this cogov reads, every
    row present and text."""
    where = f"{str(path)!r}"
    try:
        rows = db.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error) or "no such column" in str(error):
            msg = f"{where} is not a cogov store (it has no meta table); check the path"
            raise StoreError(msg) from None
        raise store_error(path, "read", error) from None
    except sqlite3.Error as error:
        raise store_error(path, "read", error) from None
    meta = {key: value for key, value in rows if isinstance(key, str)}
    if meta.get("format") != store_format:
        msg = f"{where} is not a cogov store (format {meta.get('format')!r}); check the path"
        raise StoreError(msg)
    damaged = [key for key in META_KEYS if not isinstance(meta.get(key), str)]
    if damaged:
        msg = (
            f"store {where} is damaged: its meta table lacks a text value for {damaged}; "
            "restore the file from a backup"
        )
        raise StoreError(msg)
    version = meta["version"]
    if not (version.isascii() and version.isdigit()):
        msg = f"store {where} is damaged: its format version {version!r} is not a number; restore it from a backup"
        raise StoreError(msg)
    if int(version) > store_version:
        msg = (
            f"store {where} has format version {version}, newer than this cogov reads "
            f"({store_version}); upgrade cogov"
        )
        raise StoreError(msg)
    return meta


def damaged_meta(path: Path | str, key: str, error: Exception) -> StoreError:
    """The meta row ``key`` does not decode (``error`` says why)."""
    first = str(error).strip().splitlines()
    reason = "; ".join(line.strip() for line in first[:3]) or type(error).__name__
    msg = f"store {str(path)!r} is damaged: its recorded {key} does not decode ({reason}); restore it from a backup"
    return StoreError(msg)
