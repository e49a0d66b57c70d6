"""Run an IMDb datasets import: each present file, in dependency order, in its own transaction.

For one file, in one transaction: read blocks of lines (``reading.py``),
parse and check them column by column (``frames.py``, ``rows.py``), resolve
IMDb ids to catalogue ids in memory (``ids.py``), then write. On a first
import, rows new to the catalogue go straight into its tables (``write_frame``)
with their secondary indexes dropped and rebuilt after; rows that meet what
other sources already described, and every row of a refresh, are staged and
merged with set-based SQL (``staging.py``, ``merge.py``). The file is then
recorded as loaded (``LoadedDatasetFile``). A kill or Ctrl-C during a file
rolls that file back whole and leaves the files before it loaded; running the
same command again skips the loaded files (same size and mtime) and goes on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
from django.db import connection, transaction
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

from reeldb.catalog.models import Person, Source, SourceKind, Title
from reeldb.catalog.services import get_source
from reeldb.ingest.imdb_datasets import merge, removal
from reeldb.ingest.imdb_datasets.ahead import READ_AHEAD, TitleExtras
from reeldb.ingest.imdb_datasets.frames import Parsed, parsed_blocks
from reeldb.ingest.imdb_datasets.loading import BULK_UPDATES, BlockLoader, Planned
from reeldb.ingest.imdb_datasets.merge import MergeResult
from reeldb.ingest.imdb_datasets.reading import BadRow, TruncatedFile, find_file
from reeldb.ingest.imdb_datasets.rows import DATASETS, Dataset
from reeldb.ingest.imdb_datasets.staging import create_stages, drop_stage, index_stage
from reeldb.ingest.imdb_datasets.targets import choose_target, indexes_deferred
from reeldb.ingest.models import LoadedDatasetFile
from reeldb.ingest.report import ImportReport
from reeldb.sqlite.bulk import bulk_session

SOURCE_NAME = "IMDb non-commercial datasets"
SOURCE_URL = "https://developer.imdb.com/non-commercial-datasets/"
# Rows of each index SQLite's ANALYZE samples, and the tables PostgreSQL's analyses.
ANALYSIS_ROWS = 1000
ANALYZED = ("catalog_title", "catalog_person", "catalog_knownfor", "catalog_aka", "catalog_credit")
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


# Which catalogue tables each file writes, whose indexes a first load defers.
# title.episode sets each episode's series, in no useful order for the episode
# index; title.crew adds credits in no useful order for the person index:
# rebuilding is faster than updating in both.
LOADED: dict[str, tuple[str, ...]] = {
    "title.basics": ("catalog_title",),
    "name.basics": ("catalog_person", "catalog_knownfor"),
    "title.episode": ("catalog_title",),
    "title.ratings": (),
    "title.akas": ("catalog_aka",),
    "title.crew": ("catalog_credit",),
    "title.principals": ("catalog_credit",),
}
# The columns a file only updates: it defers just the indexes (and foreign
# keys) that hold one of them; rebuilding the others would redo them unchanged.
UPDATED: dict[str, tuple[str, ...]] = {
    "title.episode": ("parent_id", "season_number", "episode_number"),
}


@dataclass
class _Outcome:
    """What reading one file came to: lines read, rows written directly, and whether whole."""

    read: int = 0
    written: int = 0
    known_for: int = 0
    complete: bool = True


def _ignore_progress(done: int, total: int, rows: int) -> None:
    """Progress of a file no bar shows."""


@dataclass
class _Part:
    """One file of a run: what it is, whether the datasets already hold its rows, its bar."""

    dataset: Dataset
    path: Path
    refresh: bool
    advance: Callable[[int, int, int], None] = _ignore_progress
    outcome: _Outcome | None = None


# Files whose bulk phases run as one when both are first loads: title.crew
# adds credits to title.principals' table, whose indexes are then built once.
SHARED_BULK = ("title.principals", "title.crew")


def _bulk_groups(parts: list[_Part]) -> list[list[_Part]]:
    """Return the parts in order, title.principals and title.crew together when both load first."""
    groups: list[list[_Part]] = []
    for part in parts:
        if (
            part.dataset.name == SHARED_BULK[1]
            and groups
            and groups[-1][-1].dataset.name == SHARED_BULK[0]
            and not part.refresh
            and not groups[-1][-1].refresh
        ):
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


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
        self.loader = BlockLoader(source=self.source, now=self.now, target=choose_target())
        with progress, closing(self.loader.target), bulk_session():
            parts = []
            for dataset, path in files:
                if self._is_loaded(dataset, path):
                    self._say(f"{dataset.name}: already loaded from this file, skipped")
                    continue
                parts.append(_Part(dataset, path, refresh=self._is_refresh(dataset)))
            self._read_ahead(parts)
            for group in _bulk_groups(parts):
                for part in group:
                    task = progress.add_task(
                        part.dataset.name, total=part.path.stat().st_size, rows=0, rate=0.0
                    )
                    part.advance = self._advance(progress, task)
                self._load_files(group)
                if self.loader.extras is not None and group[0].dataset.name == "title.basics":
                    self.loader.extras.forget_rows()
            if parts:
                self._analyze()
        return self.report

    def _read_ahead(self, parts: list[_Part]) -> None:
        """Read title.episode and title.ratings before title.basics' first load (``ahead.py``)."""
        first = {part.dataset.name: part for part in parts if not part.refresh}
        if "title.basics" not in first:
            return
        extras = TitleExtras()
        for name in READ_AHEAD:
            if name in first:
                started = time.perf_counter()
                self._say(f"{name}: reading ahead, to load with title.basics…")
                extras.read(first[name].dataset, first[name].path)
                self.report.timings["read ahead"] += time.perf_counter() - started
        if extras.holds_any():
            self.loader.extras = extras

    def _analyze(self) -> None:
        """Refresh the query planner's statistics of the tables the import filled.

        On PostgreSQL, vacuum them as well, so index-only scans need no table.

        SQLite samples each index (``analysis_limit``) rather than reading it
        whole, so this stays seconds on a full-size catalogue. It runs on
        Django's connection, Python's own SQLite, not on ADBC's: the SQLite
        ADBC bundles (3.53) counts every row of every table despite the limit,
        which took 23.6 s on a full-size file not in the page cache, where
        Debian's 3.40 estimates the counts from the B-trees in 0.02 s.
        """
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_ROWS}")
                cursor.execute("ANALYZE")
            elif connection.in_atomic_block:  # a caller's transaction (a test)
                cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")
            else:
                # VACUUM too: it marks the freshly written pages all-visible, without
                # which PostgreSQL reads the table beside every index it reads
                # (a capped count of one year's titles: 59 ms, 2 ms after; the
                # season list of a 250,000-episode series: 0.8 s, 26 ms). It
                # cannot run inside a transaction.
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(ANALYZED)}")
        self.report.timings["analyze"] += time.perf_counter() - started

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

    def _load_files(self, parts: list[_Part]) -> None:
        """Load files that share one bulk phase, then merge and record each.

        The bulk rows of the parts commit together and their tables' indexes
        are rebuilt once, after the last part (``_bulk_groups``).
        """
        target = self.loader.target
        tables = tuple(dict.fromkeys(t for part in parts for t in LOADED[part.dataset.name]))
        updated = [UPDATED.get(part.dataset.name) for part in parts]
        columns = None if None in updated else [c for found in updated if found for c in found]
        with target.whole_file():
            for part in parts:
                create_stages(STAGED[part.dataset.name])
            with target.file():
                first_load = not any(part.refresh for part in parts)
                extras = self.loader.extras
                mostly_written = extras is not None and all(
                    extras.mostly_written(part.dataset.name) for part in parts
                )
                with indexes_deferred(
                    target,
                    tables,
                    enabled=first_load and not mostly_written,
                    columns=columns,
                    timings=self.report.timings,
                ):
                    for part in parts:
                        started = time.perf_counter()
                        self._read(part)
                        self.report.timings["parse+load"] += time.perf_counter() - started
                for part in parts:
                    if part.outcome is not None:
                        self._mark_written(part.dataset)
            started = time.perf_counter()
            for part in parts:
                if part.outcome is not None:
                    self._merge_file(part, part.outcome)
            self.report.timings["merge"] += time.perf_counter() - started
            for table in {table for part in parts for table in STAGED[part.dataset.name]}:
                drop_stage(table)

    def _merge_file(self, part: _Part, outcome: _Outcome) -> None:
        """Merge what one file staged, remove what a refresh no longer lists, record the file."""
        dataset, label = part.dataset, str(part.path)
        with transaction.atomic():
            self._say(f"{dataset.name}: {outcome.read:,} rows read, merging into the catalogue…")
            # Before the merge, which may insert rows with the sequences' keys.
            self.loader.finish_file(dataset.name)
            result = self._merge(
                dataset, refresh=part.refresh, prune=part.refresh and outcome.complete
            )
            result.loaded += outcome.written
            result.changed += outcome.written
            if part.refresh and outcome.complete:
                result = self._remove_vanished(dataset, result)
            if part.refresh:
                # The merge inserted rows the id maps and keys do not know.
                self.loader.forget_ids()
            if outcome.complete:
                stat = part.path.stat()
                LoadedDatasetFile.objects.update_or_create(
                    name=dataset.name,
                    defaults={
                        "size": stat.st_size,
                        "modified_ns": stat.st_mtime_ns,
                        "rows": outcome.read,
                        "loaded_at": timezone.now(),
                    },
                )
        self.report.read[dataset.name] += outcome.read
        self.report.loaded["knownForTitles"] += outcome.known_for
        self.report.changed["knownForTitles"] += outcome.known_for
        self._record(dataset, label, result)

    def _read(self, part: _Part) -> None:
        """Read, check and write every block of a file into ``part.outcome``.

        ``part.outcome`` stays None when the file is not the dataset its name
        says (its header), and nothing of it is written.
        """
        dataset, label = part.dataset, str(part.path)
        outcome = _Outcome()
        self.loader.start_file(dataset.name, refresh=part.refresh)

        def on_progress(done: int, total: int) -> None:
            part.advance(done, total, outcome.read)

        def plan(parsed: Parsed) -> tuple[pl.DataFrame, pl.DataFrame, Planned]:
            planned = self.loader.plan(dataset.name, parsed.rows, refresh=part.refresh)
            return parsed.bad, parsed.cut, planned

        try:
            for block, (bad, cut, planned) in parsed_blocks(
                dataset, part.path, plan, on_progress=on_progress
            ):
                outcome.read += block.line_count
                self._report_bad(label, bad)
                self._report_cut(label, cut)
                self.loader.apply(planned)
                outcome.written += planned.loaded
                outcome.known_for += planned.known_for
                for dangling in planned.dangling:
                    self._report_bad(self._dangling_label(dataset, label), dangling)
        except TruncatedFile as error:
            outcome.complete = False
            self.report.skip(
                label,
                f"line {error.line + 1}",
                f"{error}; rows before it loaded, nothing removed",
            )
        except BadRow as error:
            self.report.skip(label, "line 1", str(error))
            return
        if not part.refresh and dataset.name in BULK_UPDATES:
            self.loader.apply_updates(dataset.name)
        part.outcome = outcome

    @staticmethod
    def _dangling_label(dataset: Dataset, label: str) -> str:
        return f"{dataset.name} (knownForTitles)" if dataset.name == "name.basics" else label

    def _report_bad(self, label: str, bad: pl.DataFrame) -> None:
        """Count the skipped ``bad`` rows per kind, listing the first few of each kind."""
        report = self.report
        self._report_rows(
            label, bad, report.skipped_kinds, report.skip_counted, report.count_skipped
        )

    def _report_cut(self, label: str, cut: pl.DataFrame) -> None:
        """Count the rows loaded ``cut`` per kind, listing the first few of each kind."""
        report = self.report
        self._report_rows(label, cut, report.cut_kinds, report.cut_counted, report.count_cut)

    @staticmethod
    def _report_rows(
        label: str,
        rows: pl.DataFrame,
        seen: Counter[str],
        listed_one: Callable[..., None],
        counted: Callable[[str, str, int], None],
    ) -> None:
        """List the first ``SHOWN_PER_KIND`` of ``rows`` of each kind with their line; count all."""
        if rows.is_empty():
            return
        for (kind,), group in rows.group_by("kind", maintain_order=True):
            listed = max(0, SHOWN_PER_KIND - seen[f"{label}: {kind}"])
            for line, _, detail in group.head(listed).iter_rows():
                reason = f"{kind}: {detail}" if detail else str(kind)
                listed_one(label, f"line {line:,}", str(kind), reason, keep=SHOWN_PER_KIND)
            if group.height > listed:
                counted(label, str(kind), group.height - listed)

    def _is_refresh(self, dataset: Dataset) -> bool:
        """Return whether the dataset's rows of this file may already be in the catalogue.

        A first import skips every anti-join that only a refresh needs (which
        rows changed, which vanished) and builds the indexes after the load;
        with none of this file's rows from the datasets yet, there is nothing
        to compare with. Each file asks about its own rows: the titles a first
        run has just loaded do not make its AKAs a refresh. A file's rows are
        there once its bulk phase committed, which writes its record (see
        ``_mark_written``), so the record answers without scanning a table.
        """
        return LoadedDatasetFile.objects.filter(name=dataset.name).exists()

    def _mark_written(self, dataset: Dataset) -> None:
        """Record, with the bulk rows, that the file's rows are in but not yet merged.

        With ADBC the bulk rows commit before the merge's transaction; if the
        run stops between the two, this record (which matches no file on disk)
        makes the next run load the file again as a refresh.
        """
        self.loader.target.execute(
            "DELETE FROM ingest_loadeddatasetfile WHERE name = %s", [dataset.name]
        )
        self.loader.target.execute(
            "INSERT INTO ingest_loadeddatasetfile (name, size, modified_ns, rows, loaded_at) "
            "VALUES (%s, -1, -1, 0, %s)",
            [dataset.name, self.loader.stamp],
        )

    def _merge(self, dataset: Dataset, *, refresh: bool, prune: bool) -> MergeResult:
        source = self.source
        if refresh:
            for table, columns in {
                "stage_title": ("tconst",),
                "stage_person": ("nconst",),
                "stage_known_for": ("nconst",),
                "stage_episode": ("tconst",),
                "stage_rating": ("tconst",),
                "stage_aka": ("tconst",),
                "stage_credit": ("tconst",),
            }.items():
                if table in STAGED[dataset.name]:
                    index_stage(table, *columns)
        if dataset.name == "title.basics":
            return merge.merge_titles(source=source, refresh=refresh)
        if dataset.name == "name.basics":
            result = merge.merge_people(source=source, refresh=refresh)
            known_for = merge.merge_known_for(source=source, refresh=refresh, prune=prune)
            self.report.loaded["knownForTitles"] += known_for.loaded
            self.report.changed["knownForTitles"] += known_for.changed
            self._record_dangling("name.basics (knownForTitles)", known_for)
            return result
        if dataset.name == "title.episode":
            return merge.merge_episodes(source=source, prune=prune)
        if dataset.name == "title.ratings":
            return merge.merge_ratings(source=source, prune=prune)
        if dataset.name == "title.akas":
            return merge.merge_akas(source=source, refresh=refresh, prune=prune)
        return merge.merge_credits(
            source=source, refresh=refresh, prune=prune, crew=dataset.name == "title.crew"
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
