"""``reeldb import pages`` and ``reeldb extract``: read documents, report each, go on after failures.

Each document is imported in its own transaction, so a failure leaves nothing
of it behind and the documents before and after it are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TextIO

from django.db import DatabaseError, IntegrityError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from reeldb.ingest.pages.documents import Document, PageError, iter_documents
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import PageExtraction
from reeldb.ingest.pages.store import import_extraction
from reeldb.ingest.report import ImportReport

DOCUMENTS = "documents"


def _year(extraction: PageExtraction) -> str:
    if extraction.year and extraction.end_year:
        return f"{extraction.year}–{extraction.end_year}"
    return str(extraction.year or "year unknown")


class PageRun:
    """One run over many documents, with a progress bar for each export file."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.report = ImportReport()
        self._stack = ExitStack()
        self._progress: Progress | None = None

    def documents(self, paths: list[str]) -> Iterator[tuple[str, PageExtraction | None]]:
        """Yield (document name, extraction) pairs; unreadable documents are reported, not yielded."""
        with self._stack:
            for item in iter_documents(paths, on_export=self._export_progress):
                self.report.read[DOCUMENTS] += 1
                extraction = self._extract(item)
                if extraction is not None:
                    yield item.name if isinstance(item, Document) else "", extraction

    def _extract(self, item: Document | PageError) -> PageExtraction | None:
        try:
            if isinstance(item, PageError):
                raise item
            return extract_document(item)
        except PageError as error:
            self.report.skip(error.name, "document", error.reason)
            self._print(f"[yellow]skipped[/yellow] {error.name}: {error.reason}")
            return None

    def _print(self, line: str) -> None:
        (self._progress.console if self._progress else self.console).print(line)

    def _export_progress(self, path: Path, raw: IO[bytes]) -> Callable[[], None]:
        """Show a progress bar over an export's compressed bytes: memory stays flat, time is known."""
        if self._progress is None:
            self._progress = self._stack.enter_context(
                Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    TextColumn("{task.fields[pages]:,} pages"),
                    TimeRemainingColumn(),
                    console=self.console,
                    transient=False,
                )
            )
        progress = self._progress
        task: TaskID = progress.add_task(path.name, total=path.stat().st_size, pages=0)
        state = {"pages": 0}

        def advance() -> None:
            state["pages"] += 1
            if state["pages"] % 50 == 0:
                progress.update(task, completed=raw.tell(), pages=state["pages"])

        return advance

    def import_all(self, paths: list[str]) -> ImportReport:
        for name, extraction in self.documents(paths):
            assert extraction is not None  # noqa: S101 - documents() yields only extractions
            try:
                imported = import_extraction(extraction)
            except (PageError, DatabaseError, IntegrityError, ValueError) as error:
                reason = error.reason if isinstance(error, PageError) else str(error)
                self.report.skip(name, "document", f"not imported: {reason}")
                self._print(f"[red]failed[/red] {name}: {reason}")
                continue
            self.report.loaded[DOCUMENTS] += 1
            if imported.changed:
                self.report.changed[DOCUMENTS] += 1
            title = imported.title
            self._print(
                f"{extraction.kind}  {title.primary_title} ({_year(extraction)})  "
                f"{title.get_absolute_url()}  [dim]{name}[/dim]"
                + ("" if imported.changed else "  [dim](unchanged)[/dim]")
            )
        return self.report

    def extract_all(self, paths: list[str], out: TextIO, *, as_json: bool) -> ImportReport:
        for name, extraction in self.documents(paths):
            assert extraction is not None  # noqa: S101
            self.report.loaded[DOCUMENTS] += 1
            if as_json:
                record = {"document": name, **extraction.to_json()}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(
                    f"{extraction.kind}\t{extraction.form}\t{extraction.title}\t"
                    f"{_year(extraction)}\t{name}\n"
                )
        return self.report


def exit_status(report: ImportReport, *, strict: bool) -> int:
    """Fail only when no document could be read, or with ``strict`` when any one failed."""
    if not report.loaded[DOCUMENTS] or (strict and report.skipped):
        return 1
    return 0
