"""``reeldb import pages`` and ``reeldb extract``: read, report each document, go on after failures.

Each document is imported in its own transaction, so a failure leaves nothing
of it behind and the documents before and after it are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TextIO

from django.core.exceptions import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from reeldb.catalog.services import Written
from reeldb.ingest.pages.documents import PageError, iter_documents
from reeldb.ingest.pages.parallel import extract_all
from reeldb.ingest.pages.schema import PageExtraction
from reeldb.ingest.pages.store import import_extractions
from reeldb.ingest.report import ImportReport

DOCUMENTS = "documents"


def _year(extraction: PageExtraction) -> str:
    if extraction.year and extraction.end_year:
        return f"{extraction.year}–{extraction.end_year}"
    return str(extraction.year or "year unknown")


class PageRun:
    """One run over many documents, with a progress bar for each export file."""

    def __init__(self, console: Console, *, jobs: int) -> None:
        self.console = console
        self.jobs = jobs
        self.report = ImportReport()
        self._stack = ExitStack()
        self._progress: Progress | None = None

    def documents(self, paths: list[str]) -> Iterator[tuple[str, PageExtraction]]:
        """Yield (document name, extraction) pairs; unreadable documents are reported instead."""
        with self._stack:
            items = iter_documents(paths, on_export=self._export_progress)
            for name, extracted in extract_all(items, jobs=self.jobs):
                self.report.read[DOCUMENTS] += 1
                if isinstance(extracted, PageError):
                    self._skip(extracted.name, extracted.reason)
                else:
                    yield name, extracted
            if self._progress is not None:
                for task in self._progress.tasks:
                    self._progress.update(task.id, completed=task.total)

    def _skip(self, name: str, reason: str) -> None:
        self.report.skip(name, "document", reason)
        self._print(f"[yellow]skipped[/yellow] {escape(name)}: {escape(reason)}")

    def _print(self, line: str) -> None:
        (self._progress.console if self._progress else self.console).print(line)

    def _export_progress(self, path: Path, raw: IO[bytes]) -> Callable[[], None]:
        """Show a progress bar over an export's compressed bytes, known before its page count."""
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
            progress.update(task, completed=raw.tell(), pages=state["pages"])

        return advance

    def import_all(self, paths: list[str]) -> ImportReport:
        for name, extraction, outcome in import_extractions(self.documents(paths)):
            if not isinstance(outcome, Written):
                reason = _why(outcome)
                self.report.skip(name, "document", f"not imported: {reason}")
                self._print(f"[red]failed[/red] {escape(name)}: {escape(reason)}")
                continue
            self.report.loaded[DOCUMENTS] += 1
            if outcome.changed:
                self.report.changed[DOCUMENTS] += 1
            title = outcome.title
            self._print(
                f"{extraction.kind}  {escape(title.primary_title)} ({_year(extraction)})  "
                f"{title.get_absolute_url()}  [dim]{escape(name)}[/dim]"
                + ("" if outcome.changed else "  [dim](unchanged)[/dim]")
            )
        return self.report

    def extract_all(self, paths: list[str], out: TextIO, *, as_json: bool) -> ImportReport:
        for name, extraction in self.documents(paths):
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


def _why(error: Exception) -> str:
    """Return a one-line reason for a failed store: the fields a validation names, or the error."""
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return f"{type(error).__name__}: {error}"
