"""Extract documents in worker processes while the main process reads and stores them.

Extraction is pure computation on one document (no database), about as costly
as storing it, and a Wikipedia export holds hundreds of thousands of them: on
a machine of two cores, extracting in a worker while the main process stores
the previous documents nearly halves the time. Documents keep their order, and
at most ``WINDOW`` of them are in flight, so memory stays bounded however long
the export.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reeldb.ingest.pages.documents import Document, PageError
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import PageExtraction

WINDOW = 64
# What became of one document: its extraction, or why there is none.
Extracted = PageExtraction | PageError


def default_jobs() -> int:
    """Return how many worker processes pay off here: a core is left to the main process."""
    return min(max((os.cpu_count() or 1) - 1, 0), 4)


def extract_safely(document: Document) -> Extracted:
    """Return ``document``'s extraction, or a ``PageError`` saying why there is none.

    An exception other than ``PageError`` is a bug in an extractor; it is
    reported against its document like any unreadable page, so one bad page
    cannot end an import of thousands.
    """
    try:
        return extract_document(document)
    except PageError as error:
        return error
    except Exception as error:  # one page's extractor bug must not end the run
        return PageError(
            document.name, f"extractor failed, please report it ({type(error).__name__}: {error})"
        )


def _in_worker(document: Document) -> PageExtraction | tuple[str, str]:
    """Run ``extract_safely`` in a worker; an error travels back as (name, reason)."""
    extracted = extract_safely(document)
    return (extracted.name, extracted.reason) if isinstance(extracted, PageError) else extracted


def extract_all(
    items: Iterable[Document | PageError], *, jobs: int
) -> Iterator[tuple[str, Extracted]]:
    """Yield each item's name and what became of it, in order, extracting in ``jobs`` workers.

    With ``jobs`` 0, everything runs in this process.
    """
    if jobs < 1:
        for item in items:
            yield item.name, item if isinstance(item, PageError) else extract_safely(item)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[tuple[Document | PageError, Future[PageExtraction | tuple[str, str]]]]
        pending = deque()
        for item in items:
            if isinstance(item, PageError):
                pending.append((item, _done(item)))
                continue
            try:
                pending.append((item, pool.submit(_in_worker, item)))
            except BrokenProcessPool:
                pending.append((item, _done(extract_safely(item))))
            while len(pending) >= WINDOW:
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())


def _done(extracted: Extracted) -> Future[PageExtraction | tuple[str, str]]:
    """Return a future already holding ``extracted``, for what needs no worker."""
    future: Future[PageExtraction | tuple[str, str]] = Future()
    if isinstance(extracted, PageError):
        future.set_result((extracted.name, extracted.reason))
    else:
        future.set_result(extracted)
    return future


def _collect(
    item: Document | PageError, future: Future[PageExtraction | tuple[str, str]]
) -> tuple[str, Extracted]:
    try:
        result = future.result()
    except BrokenProcessPool:
        # A worker died (out of memory, a crash in a C parser): do this one here.
        return item.name, item if isinstance(item, PageError) else extract_safely(item)
    if isinstance(result, tuple):
        return item.name, PageError(*result)
    return item.name, result
