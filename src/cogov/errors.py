"""Every error cogov raises on purpose.

One base class, :class:`CogovError`; one subclass per failure.  Each subclass also
derives from the built-in exception callers already catch (``KeyError`` for an
unknown key, ``ValueError`` for a bad value, ``PermissionError`` for a refused
action), so ``except KeyError`` keeps working.  Messages name the offending value
and say how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cogov.masking import redact

__all__ = [
    "CogovError",
    "DecodeError",
    "DefinitionError",
    "DuplicateError",
    "EligibilityError",
    "FrozenError",
    "IllegalTransitionError",
    "InvalidFieldError",
    "NotAuthorisedError",
    "Open311Error",
    "OutOfOrderError",
    "PluginError",
    "RecordingTimeError",
    "RegisterImportError",
    "ScenarioError",
    "SpreadsheetError",
    "StoreError",
    "TamperedHistoryError",
    "UnknownKeyError",
    "did_you_mean",
]


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """``"; did you mean 'resolution_rate'?"`` naming the closest of ``known`` to a misspelt
    ``name``, or ``""`` when none is close: appended to an "unknown …" message."""
    if not isinstance(name, str) or not name:
        return ""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:  # an abbreviation or a name without its plugin prefix: one that contains it
        close = [k for k in names if name in k][:2]
        if len(close) != 1:
            return ""
    return f"; did you mean {close[0]!r}?"


class CogovError(Exception):
    """Base class of every error cogov raises deliberately.

    Its message is redacted as the error is made (:func:`cogov.masking.redact`): an ID or phone
    number that reached a message (a person id that is an ID number, a shifted spreadsheet
    cell) is masked, so no caller, log or HTTP answer sees it whole.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))


class UnknownKeyError(CogovError, KeyError):
    """A code, id or key does not name anything known (unit, person, role, issue, …)."""

    def __str__(self) -> str:
        # KeyError quotes its argument; a sentence reads better unquoted.
        return str(self.args[0]) if self.args else ""


class DuplicateError(CogovError, ValueError):
    """Something that must be unique (a unit code, an issue id, a key) is given twice."""


class InvalidFieldError(CogovError, ValueError):
    """A field holds a malformed value (empty id, naive datetime, negative count, …)."""


class DefinitionError(CogovError, ValueError):
    """A structure, role set, workflow or charter is inconsistent as declared."""


class EligibilityError(CogovError, ValueError):
    """A person may not hold a role (missing attribute, wrong unit level, too many holders)."""


class IllegalTransitionError(CogovError, ValueError):
    """An action is not allowed from the issue's current state, or a guard refused it."""


class NotAuthorisedError(CogovError, PermissionError):
    """The actor holds no appointment granting the duty over the issue's unit at that time."""


class OutOfOrderError(CogovError, ValueError):
    """An event is timestamped before an earlier event it follows."""


class RecordingTimeError(OutOfOrderError):
    """An event's time cannot be recorded now: in the future, later than the charter's window
    for late recording, across a recorded change of the actor's authority, or a change that
    may not be back-dated (appointments, the register)."""


class SpreadsheetError(CogovError, ValueError):
    """A spreadsheet cannot be written or read (missing openpyxl, not a workbook, no such sheet)."""


class FrozenError(CogovError, TypeError):
    """Something that only recorded events may change was changed directly (a ledger's community)."""


class TamperedHistoryError(CogovError, ValueError):
    """A recorded event no longer matches the hash chain."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        #: position (0-based sequence number) of the first event that fails verification
        self.index = index


class DecodeError(CogovError, ValueError):
    """Outside data (JSON, JSON Lines, a stored row) does not decode to cogov values.

    ``problems`` holds one line per bad value, each starting with its JSON path
    (``$.events[3].at: naive date-time ...``); ``str()`` shows them all.
    """

    def __init__(self, problems: list[str] | tuple[str, ...], *, what: str = "document") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{what}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join((head, *(f"  {p}" for p in self.problems))))


class StoreError(CogovError, RuntimeError):
    """An event store cannot be opened, created or written as asked (wrong file, wrong charter, …)."""


class RegisterImportError(CogovError, ValueError):
    """Rows of a household register are invalid; ``problems`` has one line per bad row (row
    number, then each bad column and why), with personal identifiers masked."""

    def __init__(self, problems: list[str] | tuple[str, ...], *, source: str = "register") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{source}: {count} bad row{'s' if count != 1 else ''}"
        super().__init__("\n".join((head, *(f"  {p}" for p in self.problems))))


class PluginError(CogovError, ValueError):
    """A plugin failed to import, implements an unknown hook, or contributed bad or clashing data.

    ``plugin`` is the plugin's name (its entry-point name), ``hook`` the hook it failed in,
    or ``None`` when it failed before any hook was called (on import).
    """

    def __init__(self, message: str, *, plugin: str | None = None, hook: str | None = None) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook


class ScenarioError(CogovError, ValueError):
    """A scenario or policy is inconsistent, or does not fit the charter it runs on."""


class Open311Error(CogovError, ValueError):
    """A GeoReport v2 request is refused: ``code`` is the HTTP status it is answered with and
    ``description`` says what is wrong (the specification's error fields)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
