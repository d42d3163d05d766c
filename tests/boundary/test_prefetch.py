"""Pages read ahead on a thread: the same items in order, errors where they belong, no thread left behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.boundary.prefetch import prefetched


def _threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "cogov-prefetch")


@given(st.lists(st.integers()), st.integers(1, 4))
def test_every_item_comes_through_in_order(items: list[int], ahead: int) -> None:
    assert list(prefetched(iter(items), ahead=ahead)) == items
    assert _threads() == 0


def test_an_error_of_the_source_is_raised_to_the_reader_after_the_items_before_it() -> None:
    def pages() -> Iterator[int]:
        yield 1
        yield 2
        msg = "the server went away"
        raise OSError(msg)

    reader = prefetched(pages())
    assert [next(reader), next(reader)] == [1, 2]
    with pytest.raises(OSError, match="went away"):
        next(reader)
    assert _threads() == 0


def test_a_reader_that_stops_early_stops_and_closes_the_source() -> None:
    """The source (a cursor's pages) is closed on its own thread, and the thread ends."""
    closed = threading.Event()

    def pages() -> Iterator[int]:
        try:
            yield from range(1_000_000)
        finally:
            closed.set()

    reader = prefetched(pages())
    assert next(reader) == 0
    reader.close()
    assert closed.is_set()
    assert _threads() == 0
