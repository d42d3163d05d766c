"""Checkpoints: a published head that later verification must find on the chain.

A hash chain proves only that its events agree with each other: whoever can rewrite the
whole history (every event, every hash, the genesis record) can make a new chain that
verifies.  A checkpoint, published outside the store (printed in the minutes of the weekly
joint meeting, sent to the town, kept by an auditor), closes that gap: it names the ledger
(its genesis digest), how many events it held, the head hash after them and when.  Verifying
against it detects a dropped tail (fewer events than it names) and a rewritten history (a
different hash at its position).  Signed with the community's Ed25519 key (named in the
genesis record), a checkpoint also proves who published it; signing needs the optional
``cryptography`` package (``pip install 'cogov[sign]'``).

What a checkpoint does not prove: that events after it are genuine (only a later checkpoint
covers them), or that the recorded events are true to what happened in the community.
"""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final

import attrs

from cogov.engine.integrity import from_micros, micros
from cogov.errors import DecodeError, InvalidFieldError, StoreError, TamperedHistoryError

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["CHECKPOINT_FORMAT", "Checkpoint", "generate_key", "public_key_of"]

CHECKPOINT_FORMAT: Final = "cogov.checkpoint"


def _crypto() -> Any:
    """The ``cryptography`` pieces checkpoints use (an optional dependency: ``cogov[sign]``)."""
    try:
        from cryptography import exceptions  # noqa: PLC0415 - optional, needed only to sign or check
        from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415
    except ImportError:  # pragma: no cover - exercised where the extra is absent
        msg = "signing checkpoints needs the 'cryptography' package: pip install 'cogov[sign]'"
        raise StoreError(msg) from None
    return SimpleNamespace(
        ed25519=ed25519, serialization=serialization, InvalidSignature=exceptions.InvalidSignature
    )


def generate_key() -> bytes:
    """A new Ed25519 private key (32 raw bytes): keep it secret, put its public key in the genesis."""
    crypto = _crypto()
    ser = crypto.serialization
    key = crypto.ed25519.Ed25519PrivateKey.generate()
    raw: bytes = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    return raw


def public_key_of(private_key: bytes) -> str:
    """The hex public key (for :attr:`Genesis.public_key`) of a raw Ed25519 private key."""
    crypto = _crypto()
    ser = crypto.serialization
    key = crypto.ed25519.Ed25519PrivateKey.from_private_bytes(private_key)
    public: bytes = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return public.hex()


@attrs.frozen(kw_only=True)
class Checkpoint:
    """``count`` events of the ledger rooted at ``root`` ended in ``head``, as of ``at``."""

    root: bytes
    count: int
    head: bytes
    at: datetime
    signature: bytes | None = None

    @classmethod
    def of(
        cls, ledger: Ledger, *, at: datetime | None = None, private_key: bytes | None = None
    ) -> Checkpoint:
        """A checkpoint of ``ledger`` as it stands (``at`` defaults to its latest recorded time)."""
        when = at or ledger.clock or ledger.genesis.created_at
        if when is None:
            msg = "Checkpoint.of: the ledger has no time yet; give at=..."
            raise InvalidFieldError(msg)
        point = cls(root=ledger.root, count=len(ledger), head=ledger.head, at=when)
        if private_key is not None:
            key = _crypto().ed25519.Ed25519PrivateKey.from_private_bytes(private_key)
            point = attrs.evolve(point, signature=key.sign(point.payload()))
        return point

    def payload(self) -> bytes:
        """The bytes a signature covers."""
        return f"{CHECKPOINT_FORMAT}\n{self.root.hex()}\n{self.count}\n{self.head.hex()}\n{micros(self.at)}".encode()

    def check(self, ledger: Ledger) -> None:
        """Raise :class:`TamperedHistoryError` unless this checkpoint lies on ``ledger``'s chain."""
        root = ledger.root
        if root != self.root:
            msg = (
                "the checkpoint names another ledger or a genesis record since rewritten (genesis digest "
                f"{self.root.hex()[:16]}…, this ledger's {root.hex()[:16]}…)"
            )
            raise TamperedHistoryError(msg, 0)
        if len(ledger) < self.count:
            msg = (
                f"the ledger holds {len(ledger)} events but a checkpoint of {self.at.isoformat()} "
                f"saw {self.count}: events were dropped from its end"
            )
            raise TamperedHistoryError(msg, len(ledger))
        seen = root if self.count == 0 else ledger.hash_of(self.count - 1)
        if seen != self.head:
            msg = (
                f"event #{self.count - 1} does not end in the head published by the checkpoint of "
                f"{self.at.isoformat()}: the history up to it was rewritten"
            )
            raise TamperedHistoryError(msg, max(self.count - 1, 0))
        public = ledger.genesis.public_key
        if public is not None or self.signature is not None:
            self._check_signature(public)

    def _check_signature(self, public: str | None) -> None:
        if public is None:
            msg = "the checkpoint is signed but the ledger's genesis names no public key to check it with"
            raise TamperedHistoryError(msg, self.count)
        if self.signature is None:
            msg = "the ledger's genesis names a signing key, but the checkpoint is not signed"
            raise TamperedHistoryError(msg, self.count)
        crypto = _crypto()
        key = crypto.ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(public))
        try:
            key.verify(self.signature, self.payload())
        except crypto.InvalidSignature:
            msg = "the checkpoint's signature does not verify with the ledger's public key"
            raise TamperedHistoryError(msg, self.count) from None

    # -- as a document ----------------------------------------------------------------------
    def dumps(self) -> str:
        body = {
            "format": CHECKPOINT_FORMAT,
            "root": self.root.hex(),
            "count": self.count,
            "head": self.head.hex(),
            "at": self.at.isoformat(),
            "recorded_us": micros(self.at),
            "signature": None if self.signature is None else self.signature.hex(),
        }
        return json.dumps(body, indent=2) + "\n"

    @classmethod
    def loads(cls, text: str | bytes) -> Checkpoint:
        try:
            body = json.loads(text)
            if not isinstance(body, dict) or body.get("format") != CHECKPOINT_FORMAT:
                msg = f"not a {CHECKPOINT_FORMAT} document"
                raise ValueError(msg)
            signature = body.get("signature")
            count = body["count"]
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                msg = f"count must be an int >= 0, got {count!r}"
                raise ValueError(msg)
            return cls(
                root=bytes.fromhex(body["root"]),
                count=count,
                head=bytes.fromhex(body["head"]),
                at=from_micros(int(body["recorded_us"])),
                signature=None if signature is None else bytes.fromhex(signature),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise DecodeError([f"$: {error}"], what="checkpoint") from None
