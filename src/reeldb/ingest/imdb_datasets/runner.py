"""Run an IMDb datasets import: each present file, in dependency order, in its own transaction.

For one file: read → parse → validate → stage (``staging.py``) → merge
(``merge.py``), then record the file as loaded (``LoadedDatasetFile``), all in
one transaction. A kill or Ctrl-C during a file rolls that file back whole and
leaves the files before it loaded; running the same command again skips the
loaded files (same size and mtime) and goes on.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from reeldb.catalog.models import Aka, Credit, Person, Source, SourceKind, Title
from reeldb.catalog.services import get_source
from reeldb.ingest.imdb_datasets import merge, removal
from reeldb.ingest.imdb_datasets.merge import MergeResult
from reeldb.ingest.imdb_datasets.reading import BadRow, Line, TruncatedFile, find_file, read_lines
from reeldb.ingest.imdb_datasets.rows import (
    CREW_ORDERING,
    DATASETS,
    Dataset,
    expand_crew,
    expand_known_for,
)
from reeldb.ingest.imdb_datasets.staging import (
    StageWriter,
    drop_stage,
    index_stage,
    indexes_deferred,
)
from reeldb.ingest.models import LoadedDatasetFile
from reeldb.ingest.report import ImportReport

SOURCE_NAME = "IMDb non-commercial datasets"
SOURCE_URL = "https://developer.imdb.com/non-commercial-datasets/"
# Skipped rows reported with their line, per file and kind; the rest are counted.
SHOWN_PER_KIND = 5

# Which staged tables each file fills.
STAGED: dict[str, tuple[str, ...]] = {
    "title.basics": ("stage_title",),
    "name.basics": ("stage_person", "stage_known_for"),
    "title.episode": ("stage_episode",),
    "title.ratings": ("stage_rating",),
    "title.akas": ("stage_aka",),
    "title.crew": ("stage_credit",),
    "title.principals": ("stage_credit",),
}


# Which catalogue tables each file inserts into, whose indexes a first load defers.
LOADED: dict[str, tuple[str, ...]] = {
    "title.basics": ("catalog_title",),
    "name.basics": ("catalog_person", "catalog_knownfor"),
    "title.episode": (),
    "title.ratings": (),
    "title.akas": ("catalog_aka",),
    "title.crew": (),
    "title.principals": ("catalog_credit",),
}


def _stage_rows(dataset: Dataset, line: Line, writer: StageWriter) -> None:
    """Parse one line and write what it states into the file's staged tables."""
    row = dataset.parse(line.fields)
    if dataset.name == "name.basics":
        writer.write("stage_person", (line.number, *row[:6]))
        for known in expand_known_for(row):
            writer.write("stage_known_for", (line.number, *known))
    elif dataset.name == "title.crew":
        for credit in expand_crew(row):
            writer.write("stage_credit", (line.number, *credit))
    else:
        writer.write(STAGED[dataset.name][0], (line.number, *row))


@contextmanager
def _bulk_session() -> Iterator[None]:
    """Tune the connection and the interpreter for a bulk load, and undo it afterwards.

    Cyclic GC finds nothing to collect among millions of short-lived tuples
    and strings but scans them again and again; turning it off is the single
    biggest win in pure-Python bulk loads. SQLite keeps temporary tables on
    disk (reeldb's default keeps them in memory, which a staged 95-million-row
    file would exhaust) with a larger page cache for the merges.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()
    # SQLite refuses to change temp_store inside a transaction; a caller that
    # already holds one (a test) keeps the connection's settings.
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store=FILE")
            cursor.execute("PRAGMA cache_size=-262144")
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA temp_store=MEMORY")
                cursor.execute("PRAGMA cache_size=-65536")
        if gc_was_enabled:
            gc.enable()


class DatasetImport:
    """One run over a folder of dataset files; ``run`` returns the report."""

    def __init__(
        self, folder: Path, *, console: Console | None = None, force: bool = False
    ) -> None:
        self.folder = folder
        self.console = console
        self.force = force
        self.report = ImportReport()
        self.source: Source = get_source(
            kind=SourceKind.IMDB_DATASET, name=SOURCE_NAME, url=SOURCE_URL
        )
        self.now: datetime = timezone.now()

    def files(self) -> list[tuple[Dataset, Path]]:
        """Return the dataset files present in the folder, in dependency order."""
        found = []
        for dataset in DATASETS:
            path = find_file(self.folder, dataset.name)
            if path is not None:
                found.append((dataset, path))
        return found

    def run(self) -> ImportReport:
        files = self.files()
        if not files:
            self.report.skip(str(self.folder), "folder", "no IMDb dataset files (*.tsv.gz, *.tsv)")
            return self.report
        progress = Progress(
            TextColumn("{task.description:<17}"),
            BarColumn(),
            TextColumn("{task.fields[rows]:>12,} rows"),
            TextColumn("{task.fields[rate]:>9,.0f} rows/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            disable=self.console is None,
        )
        with progress, _bulk_session():
            for dataset, path in files:
                if self._is_loaded(dataset, path):
                    self._say(f"{dataset.name}: already loaded from this file, skipped")
                    continue
                task = progress.add_task(dataset.name, total=path.stat().st_size, rows=0, rate=0.0)
                self._load_file(dataset, path, self._advance(progress, task))
        return self.report

    def _say(self, line: str) -> None:
        if self.console is not None:
            self.console.print(line)

    def _advance(self, progress: Progress, task: TaskID) -> Callable[[int, int, int], None]:
        def advance(done: int, total: int, rows: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0.0
            rate = rows / elapsed if elapsed else 0.0
            progress.update(task, completed=done, total=total, rows=rows, rate=rate)

        return advance

    def _is_loaded(self, dataset: Dataset, path: Path) -> bool:
        if self.force:
            return False
        stat = path.stat()
        return LoadedDatasetFile.objects.filter(
            name=dataset.name, size=stat.st_size, modified_ns=stat.st_mtime_ns
        ).exists()

    def _load_file(
        self, dataset: Dataset, path: Path, advance: Callable[[int, int, int], None]
    ) -> None:
        label = str(path)
        read = 0

        def on_bad(number: int, error: BadRow) -> None:
            nonlocal read
            read += 1
            self._skip(label, number, error)

        def on_progress(done: int, total: int) -> None:
            advance(done, total, read)

        refresh = self._is_refresh(dataset)
        complete = True
        with transaction.atomic():
            with StageWriter(STAGED[dataset.name]) as writer:
                lines = read_lines(path, dataset.header, on_bad=on_bad, on_progress=on_progress)
                try:
                    for line in lines:
                        read += 1
                        try:
                            _stage_rows(dataset, line, writer)
                        except BadRow as error:
                            self._skip(label, line.number, error)
                except TruncatedFile as error:
                    complete = False
                    self.report.skip(
                        label,
                        f"line {error.line + 1}",
                        f"{error}; rows before it loaded, nothing removed",
                    )
                except BadRow as error:
                    self.report.skip(label, "line 1", str(error))
                    return
            self.report.read[dataset.name] += read
            self._say(f"{dataset.name}: {read:,} rows read, merging into the catalogue…")
            with indexes_deferred(LOADED[dataset.name], enabled=not refresh):
                result = self._merge(dataset, refresh=refresh)
            if refresh and complete:
                result = self._remove_vanished(dataset, result)
            for table in STAGED[dataset.name]:
                drop_stage(table)
            if complete:
                stat = path.stat()
                LoadedDatasetFile.objects.update_or_create(
                    name=dataset.name,
                    defaults={
                        "size": stat.st_size,
                        "modified_ns": stat.st_mtime_ns,
                        "rows": read,
                        "loaded_at": timezone.now(),
                    },
                )
        self._record(dataset, label, result)

    def _skip(self, label: str, number: int, error: BadRow) -> None:
        self.report.skip_counted(
            label, f"line {number:,}", error.kind, str(error), keep=SHOWN_PER_KIND
        )

    def _is_refresh(self, dataset: Dataset) -> bool:
        """Return whether the dataset's rows may already be in the catalogue.

        A first import skips every anti-join that only a refresh needs (which
        rows changed, which vanished) and builds the indexes after the load;
        with none of this file's rows from the datasets yet, there is nothing
        to compare with. Each file asks about its own rows: the titles a first
        run has just loaded do not make its AKAs a refresh.
        """
        stated: dict[str, QuerySet[Any]] = {
            "title.basics": Title.objects.all(),
            "name.basics": Person.objects.all(),
            "title.episode": Title.objects.filter(parent__isnull=False),
            "title.ratings": Title.objects.filter(num_votes__isnull=False),
            "title.akas": Aka.objects.all(),
            "title.principals": Credit.objects.filter(ordering__lt=CREW_ORDERING),
            "title.crew": Credit.objects.filter(ordering__gte=CREW_ORDERING),
        }
        return stated[dataset.name].filter(source=self.source).exists()

    def _merge(self, dataset: Dataset, *, refresh: bool) -> MergeResult:
        source, now = self.source, self.now
        if refresh:
            for table, columns in {
                "stage_title": ("tconst",),
                "stage_person": ("nconst",),
                "stage_known_for": ("nconst",),
                "stage_rating": ("tconst",),
                "stage_aka": ("tconst",),
                "stage_credit": ("tconst",),
            }.items():
                if table in STAGED[dataset.name]:
                    index_stage(table, *columns)
        if dataset.name == "title.basics":
            return merge.merge_titles(source=source, now=now, refresh=refresh)
        if dataset.name == "name.basics":
            result = merge.merge_people(source=source, now=now, refresh=refresh)
            known_for = merge.merge_known_for(source=source, refresh=refresh)
            self.report.loaded["knownForTitles"] += known_for.loaded
            self.report.changed["knownForTitles"] += known_for.changed
            self._record_dangling("name.basics (knownForTitles)", known_for)
            return result
        if dataset.name == "title.episode":
            return merge.merge_episodes(source=source, now=now)
        if dataset.name == "title.ratings":
            return merge.merge_ratings(source=source, now=now, refresh=refresh)
        if dataset.name == "title.akas":
            return merge.merge_akas(source=source, refresh=refresh)
        return merge.merge_credits(
            source=source, refresh=refresh, crew=dataset.name == "title.crew"
        )

    def _remove_vanished(self, dataset: Dataset, result: MergeResult) -> MergeResult:
        if dataset.name not in ("title.basics", "name.basics"):
            return result
        model: type[Title | Person] = Title if dataset.name == "title.basics" else Person
        table, key = ("stage_title", "tconst") if model is Title else ("stage_person", "nconst")
        removed = removal.remove_vanished(
            model=model,
            table=table,
            key=key,
            source=self.source,
            relations=removal.keeping_relations(model),
        )
        result.removed = removed.removed
        result.kept = removed.kept
        return result

    def _record_dangling(self, label: str, result: MergeResult) -> None:
        for number, public_id in result.dangling_examples or []:
            self.report.skip_counted(
                label,
                f"line {number:,}",
                "dangling id",
                f"dangling id: {public_id} is not in the catalogue",
                keep=SHOWN_PER_KIND,
            )
        hidden = result.dangling - len(result.dangling_examples or [])
        if hidden > 0:
            self.report.count_skipped(label, "dangling id", hidden)

    def _record(self, dataset: Dataset, label: str, result: MergeResult) -> None:
        self.report.loaded[dataset.name] += result.loaded
        self.report.changed[dataset.name] += result.changed
        if result.removed:
            self.report.removed[dataset.name] += result.removed
        if result.kept:
            self.report.kept[dataset.name] += len(result.kept)
            shown = ", ".join(result.kept[:SHOWN_PER_KIND])
            self.report.notes.append(
                f"{dataset.name}: kept {len(result.kept):,} gone from the dump that other "
                f"sources or apps still use: {shown}"
            )
        self._record_dangling(label, result)


def import_datasets(
    folder: Path, *, console: Console | None = None, force: bool = False
) -> ImportReport:
    """Import the IMDb dataset files in ``folder``; see ``DatasetImport``."""
    return DatasetImport(folder, console=console, force=force).run()
