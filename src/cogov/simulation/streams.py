"""Seeds and random streams: reproducible on any machine, under any executor.

A replication's seed is derived by hashing ``(base seed, policy key, replication)`` with
BLAKE2b, so it does not depend on which worker runs it, in what order, or how replications
are batched.  Inside a replication every stochastic process draws from its own named
stream (``arrivals:dispute``, ``triage``, ``handling`` …), each a ``random.Random`` seeded
from the replication seed and the stream name.  Two policies run with the same replication
seed therefore see the same arrivals and the same service-time draws wherever the policy
does not change them: that is what makes common random numbers (CRN) sharpen comparisons.

Why ``random.Random`` and not numpy: the simulation draws one number at a time inside
callbacks, where numpy's per-call overhead is larger than the Mersenne Twister's, and the
standard library keeps the core free of a compiled dependency.  Its sequences for a given
integer seed are stable across platforms and Python versions.
"""

from __future__ import annotations

import hashlib
from random import Random

__all__ = ["Streams", "derive_seed"]


def derive_seed(base_seed: int, *parts: str | int) -> int:
    """A 64-bit seed from ``base_seed`` and ``parts`` (e.g. policy key and replication)."""
    text = "\x1f".join((str(int(base_seed)), *(f"{type(p).__name__}:{p}" for p in parts)))
    digest = hashlib.blake2b(text.encode(), digest_size=8, person=b"cogov-sim").digest()
    return int.from_bytes(digest, "big")


class Streams:
    """Named independent random streams for one replication."""

    __slots__ = ("_streams", "seed")

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._streams: dict[str, Random] = {}

    def __getitem__(self, name: str) -> Random:
        stream = self._streams.get(name)
        if stream is None:
            stream = self._streams[name] = Random(derive_seed(self.seed, name))  # noqa: S311 - simulation, not cryptography
        return stream
