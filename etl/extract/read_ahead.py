"""Read a delivery's next batch while the current one is being prepared.

Reading a batch (CSV parsing, column mapping) and preparing one (checks, placement, staging)
both spend most of their time in Arrow, pandas and DuckDB kernels that release the GIL. With
one reader thread a batch ahead, the second core works while the loader does; without it,
the end of a national load ran on little more than one core.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import suppress
from queue import Empty, Full, Queue
from typing import TypeVar

Item = TypeVar("Item")

_POLL_SECONDS = 0.05  # how soon a waiting reader notices that the consumer has stopped


class _End:
    """Marks the end of the stream; carries what stopped the reader, if anything."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


def read_ahead(items: Iterator[Item], *, depth: int = 1) -> Iterator[Item]:
    """Yield ``items`` in order, with up to ``depth`` of them read ahead in a thread.

    An exception raised while reading is raised here, at the position where the item would
    have come. When the consumer stops early (an error of its own, or ``close()``), the
    reader is stopped and the source generator closed before this returns, so no file
    stays open behind a failed run.
    """
    queue: Queue[Item | _End] = Queue(maxsize=depth)
    stopped = threading.Event()

    def offer(item: Item | _End) -> bool:
        while not stopped.is_set():
            try:
                queue.put(item, timeout=_POLL_SECONDS)
                return True
            except Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_End())
        except BaseException as exc:  # handed to the consumer, who raises it
            offer(_End(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="inlezen", daemon=True)
    reader.start()
    try:
        while True:
            item = queue.get()
            if isinstance(item, _End):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        stopped.set()
        while reader.is_alive():
            with suppress(Empty):
                queue.get(timeout=_POLL_SECONDS)
        reader.join()
