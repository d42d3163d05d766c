"""API keys: who is calling, and what they may do over HTTP.

A keys file (JSON, format ``cogov.api-keys``) lists keys by the SHA-256 of their secret —
never the secret itself — each with the person it belongs to and its scopes:

``read``
    every GET: services, requests, statistics, scores, the report;
``submit``
    POST requests as the key's person, who must hold the intake duty over the request's unit
    (a cadre's desk, another system recording on someone's behalf);
``report``
    POST requests as a resident: the key's person is the issue's reporter, and the file's
    ``intake`` person (an account of the community that holds the intake duty, e.g. the
    app's desk) records it.

Keys are random 256-bit tokens, so one SHA-256 is enough to store them safely (a slow
password hash protects guessable secrets; these are not guessable).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from cogov.errors import InvalidFieldError
from cogov.model.fields import CODE_RE

__all__ = ["KEYS_FORMAT", "SCOPES", "ApiKey", "Keyring", "add_key", "digest"]

KEYS_FORMAT: Final = "cogov.api-keys"
SCOPES: Final = ("read", "submit", "report")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@attrs.frozen
class ApiKey:
    """One key: its name, the SHA-256 of its secret, its person and scopes."""

    id: str
    sha256: str = attrs.field(repr=False)
    person: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


def _key(entry: object, where: str) -> ApiKey:
    if not isinstance(entry, Mapping):
        msg = f"{where}: expected an object with id, sha256, person and scopes"
        raise InvalidFieldError(msg)
    key_id, sha, person, scopes = (entry.get(k) for k in ("id", "sha256", "person", "scopes"))
    if not isinstance(key_id, str) or not key_id:
        msg = f"{where}: 'id' must name the key"
        raise InvalidFieldError(msg)
    if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        msg = f"{where} ({key_id}): 'sha256' must be the 64 hex digits of the secret's SHA-256"
        raise InvalidFieldError(msg)
    if not isinstance(person, str) or CODE_RE.fullmatch(person) is None:
        msg = f"{where} ({key_id}): 'person' must be a person id"
        raise InvalidFieldError(msg)
    if not isinstance(scopes, list) or not scopes or any(s not in SCOPES for s in scopes):
        msg = f"{where} ({key_id}): 'scopes' must be a non-empty list of {', '.join(SCOPES)}"
        raise InvalidFieldError(msg)
    return ApiKey(key_id, sha, person, frozenset(scopes))


class Keyring:
    """The keys a server accepts, looked up by the SHA-256 of the secret presented."""

    def __init__(self, keys: Iterable[ApiKey] = (), *, intake: str | None = None) -> None:
        self._by_digest: dict[str, ApiKey] = {}
        for key in keys:
            if key.sha256 in self._by_digest:
                msg = f"keys: {key.id!r} and {self._by_digest[key.sha256].id!r} have the same secret"
                raise InvalidFieldError(msg)
            self._by_digest[key.sha256] = key
        self.intake = intake
        if intake is None and any(k.allows("report") for k in self._by_digest.values()):
            msg = "keys: a key has the 'report' scope but the file names no 'intake' person to record resident reports"
            raise InvalidFieldError(msg)

    def __len__(self) -> int:
        return len(self._by_digest)

    def __iter__(self) -> Any:
        return iter(self._by_digest.values())

    def lookup(self, secret: str) -> ApiKey | None:
        return self._by_digest.get(digest(secret))

    @classmethod
    def from_document(cls, document: object, source: str = "keys") -> Keyring:
        if not isinstance(document, Mapping) or document.get("format") != KEYS_FORMAT:
            msg = f"{source}: not a keys file (expected an object with format {KEYS_FORMAT!r})"
            raise InvalidFieldError(msg)
        entries = document.get("keys", [])
        if not isinstance(entries, list):
            msg = f"{source}: 'keys' must be a list"
            raise InvalidFieldError(msg)
        intake = document.get("intake")
        if intake is not None and (not isinstance(intake, str) or CODE_RE.fullmatch(intake) is None):
            msg = f"{source}: 'intake' must be a person id"
            raise InvalidFieldError(msg)
        return cls((_key(e, f"{source}: keys[{i}]") for i, e in enumerate(entries)), intake=intake)

    @classmethod
    def read(cls, path: str | Path) -> Keyring:
        path = Path(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            msg = f"{path}: no such keys file; make one with cogov serve key add"
            raise InvalidFieldError(msg) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            msg = f"{path}: not a keys file: {error}"
            raise InvalidFieldError(msg) from None
        return cls.from_document(document, str(path))


def add_key(
    path: str | Path, *, key_id: str, person: str, scopes: Iterable[str], intake: str | None = None
) -> str:
    """Add a new key to the keys file at ``path`` (made if absent); return its secret, once."""
    path = Path(path)
    document: dict[str, Any] = {"format": KEYS_FORMAT, "version": 1, "intake": None, "keys": []}
    if path.exists():
        Keyring.read(path)  # refuses a damaged file before anything is written
        document = json.loads(path.read_text(encoding="utf-8"))
    if any(k.get("id") == key_id for k in document["keys"]):
        msg = f"{path}: a key named {key_id!r} exists; choose another name"
        raise InvalidFieldError(msg)
    if intake is not None:
        document["intake"] = intake
    secret = secrets.token_urlsafe(32)
    document["keys"].append(
        {"id": key_id, "sha256": digest(secret), "person": person, "scopes": sorted(set(scopes))}
    )
    Keyring.from_document(document, str(path))
    temporary = path.with_name(f"{path.name}.new-{os.getpid()}")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)
    return secret
