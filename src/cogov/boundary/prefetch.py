"""Read the next chunk of rows on a thread while the caller folds the last one.

Why: a database read through a cursor is a conversation: the client asks for a page, the
server produces it, the client decodes and folds it, then asks again.  The server's work and
the client's do not overlap, so a load runs at the sum of the two.  With the next page fetched
on a thread (a driver waiting on its socket lets other Python code run), they do.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

__all__ = ["prefetched"]

T = TypeVar("T")
_END = object()


def prefetched(chunks: Iterator[T], *, ahead: int = 2) -> Iterator[T]:
    """The items of ``chunks``, produced on a thread up to ``ahead`` items before they are asked for.

    ``chunks`` is iterated (and closed) on that thread only; an error it raises is raised here,
    and a caller that stops early stops the thread before this generator finishes.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        ready.put(chunk, timeout=0.05)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    break
            item: object = _END
        except BaseException as error:
            item = error
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=produce, name="cogov-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = ready.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
