"""What the SQLite store reads of its meta table, and what it reads of a version-1 store.

The checks of the event rows themselves are every store's: :mod:`cogov.boundary.chained_rows`.
A version-1 store kept its community beside the chain,
which was rooted at zeros; :func:`legacy_genesis` and :func:`check_legacy_chain` read it so it
can be verified and upgraded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from cogov.boundary import sqlite_faults
from cogov.boundary.chained_rows import damaged
from cogov.boundary.codec import CommunityDocument, dumps_charter, loads_community_document, loads_genesis
from cogov.engine.chain import GENESIS, chain_hash
from cogov.engine.genesis import Genesis, charter_digest
from cogov.engine.ledger import Ledger
from cogov.engine.replay import replay
from cogov.errors import CogovError, StoreError
from cogov.model.charter import Charter
from cogov.model.events import Event

__all__ = [
    "check_charter",
    "check_legacy_chain",
    "genesis_of",
    "legacy_genesis",
    "load_legacy",
]


# -- the meta table ----------------------------------------------------------------------------
def genesis_of(meta: Mapping[str, str], path: Path | str) -> Genesis:
    text = meta.get("genesis")
    if not isinstance(text, str):
        msg = f"store {str(path)!r} is damaged: it has no genesis record; restore it from a backup"
        raise StoreError(msg)
    try:
        return loads_genesis(text)
    except CogovError as error:
        raise sqlite_faults.damaged_meta(path, "genesis", error) from None


def check_charter(meta: Mapping[str, str], genesis: Genesis, charter: Charter, path: Path | str) -> None:
    # The copy of the charter is kept only to say what differs; a copy that does not
    # decode is still damage to the file, and is reported as such.
    try:
        stored = json.loads(meta["charter"])
    except ValueError as error:
        raise sqlite_faults.damaged_meta(path, "charter", error) from None
    if not isinstance(stored, dict):
        raise sqlite_faults.damaged_meta(path, "charter", ValueError("it is not a JSON object"))
    if charter_digest(charter) == genesis.charter_digest:
        return
    given = json.loads(dumps_charter(charter, indent=False))
    differ = sorted(k for k in stored.keys() | given.keys() if stored.get(k) != given.get(k))
    msg = (
        f"store {str(path)!r} was recorded under charter {genesis.charter_key!r}; the charter "
        f"given ({charter.key!r}) differs in {differ}. Open it with the charter it was recorded under"
    )
    raise StoreError(msg)


# -- version-1 stores ---------------------------------------------------------------------------
def legacy_genesis(meta: Mapping[str, str], path: Path, charter: Charter) -> Genesis:
    """The genesis a version-1 store implies (its chain does not commit to it)."""
    try:
        document: CommunityDocument = loads_community_document(meta["community"])
        community = document.community()
    except (KeyError, CogovError) as error:
        raise sqlite_faults.damaged_meta(path, "community", error) from None
    return Genesis.of(
        charter,
        community,
        document.appointments,
        note=(
            f"from a version-1 store recorded under charter {meta.get('charter_key', '?')!r}, "
            f"created {meta.get('created_at', '?')}"
        ),
    )


def check_legacy_chain(events: Sequence[Event], hashes: bytes) -> None:
    """A version-1 store's own chain, rooted at zeros (it did not commit to its community)."""
    head = GENESIS
    for seq, event in enumerate(events):
        head = chain_hash(head, event)
        if hashes[16 * seq : 16 * seq + 16] != head:
            raise damaged(seq, "it does not match its recorded (version-1) chain hash")


def load_legacy(ledger: Ledger, events: Sequence[Event], hashes: bytes, *, check: bool) -> Ledger:
    """A version-1 store's events folded into ``ledger`` (new, from the genesis the store
    implies); with ``check``, its own chain and every event's meaning verified first."""
    if not check:
        return replay(ledger, events, validate=False, hashes=None, recorded=None)
    check_legacy_chain(events, hashes)
    for seq, event in enumerate(events):
        try:
            ledger.apply(event)
        except CogovError as error:
            raise damaged(seq, f"it fails validation ({str(error).splitlines()[0]})") from None
    return ledger
