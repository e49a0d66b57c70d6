"""Run an iterator one step ahead in a thread, so reading and parsing overlap writing."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import suppress
from queue import Empty, Queue
from typing import TypeVar

ItemT = TypeVar("ItemT")


class _Finished:
    """Marks the end of the items in the queue."""


def prefetched(items: Iterable[ItemT], *, depth: int = 1, name: str = "read") -> Iterator[ItemT]:
    """Yield ``items``, a thread producing up to ``depth`` of them ahead of the caller.

    Unpacking, polars and numpy release the GIL, and so does the database
    driver while it writes the item before, so the thread keeps the second
    core busy: reading and parsing the next block overlap writing this one.
    An error of the producer is raised here, after the items made before it;
    a caller that stops early stops the producer too.
    """
    queue: Queue[ItemT | BaseException | _Finished] = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                queue.put(item)
        except BaseException as error:  # handed to the caller's thread, raised there
            queue.put(error)
        else:
            queue.put(_Finished())

    producer = threading.Thread(target=produce, name=name, daemon=True)
    producer.start()
    try:
        while not isinstance(item := queue.get(), _Finished):
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while producer.is_alive():
            with suppress(Empty):
                queue.get(timeout=0.1)
        producer.join()
