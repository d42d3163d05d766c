"""The ledger's hash chain: the hashes it keeps beside its events, and verifying them.

The chain primitives (canonical encoding, :func:`~cogov.engine.chain.chain_hash`) live in
:mod:`cogov.engine.chain`.  Here is the bookkeeping: a ledger stores one 16-byte hash per
event in a ``bytearray`` and the last one as its head.  ``Ledger.apply`` extends the chain
inline (the hot path); a trusted replay without stored hashes leaves it behind, and
:func:`catch_up` hashes the missing events when a hash is first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.engine.chain import GENESIS, chain_hash
from cogov.errors import TamperedHistoryError, UnknownKeyError

if TYPE_CHECKING:
    from cogov.engine.ledger import Ledger

__all__ = ["catch_up", "hash_of", "verify"]


def catch_up(ledger: Ledger) -> None:
    """Hash the events that have no stored hash yet (after a trusted replay without hashes)."""
    hashes = ledger._hashes
    events = ledger._events
    head = ledger._head
    for event in events[len(hashes) // 16 :]:
        head = chain_hash(head, event)
        hashes += head
    ledger._head = head


def hash_of(ledger: Ledger, seq: int) -> bytes:
    """The hash of event ``seq``."""
    catch_up(ledger)
    if not 0 <= seq < len(ledger._events):
        msg = f"no event #{seq}; the ledger holds {len(ledger._events)}"
        raise UnknownKeyError(msg)
    return bytes(ledger._hashes[16 * seq : 16 * seq + 16])


def verify(ledger: Ledger) -> bytes:
    """Recompute the chain; raise :class:`TamperedHistoryError` naming the first bad event."""
    stored = ledger._hashes
    events = ledger._events
    head = GENESIS
    for seq, event in enumerate(events):
        head = chain_hash(head, event)
        if 16 * seq + 16 <= len(stored) and stored[16 * seq : 16 * seq + 16] != head:
            msg = (
                f"event #{seq} ({type(event).type}) does not match the recorded hash chain: "
                "it or an earlier event was changed after it was recorded"
            )
            raise TamperedHistoryError(msg, seq)
    if len(stored) < 16 * len(events):
        catch_up(ledger)
    return head
