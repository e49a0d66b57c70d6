"""``reeldb export imdb DIR``: the catalogue as IMDb's seven dataset files, for the importer.

The files are IMDb's: ``NAME.tsv.gz``, UTF-8, tab-separated, IMDb's header
(the importer's own ``rows.DATASETS``, so the two cannot drift apart), ``\\N``
for nothing, ``\\x02`` between an AKA's types and attributes. Each is written
to ``NAME.tsv.gz.part`` and renamed when whole. Titles and people without an
IMDb id cannot be written in this format and are counted as left out. A tab or
line break inside a value (which no IMDb value holds) becomes a space, counted.

Credits are split as IMDb splits them: billing below ``CREW_ORDERING`` is
title.principals; the directors and writers billed from it on are
title.crew, whose billing the importer derives from each name's place in the
list. A place the import left empty (a crew member the principals already
list, whom the import keeps only there) is filled with such a principal
again, so importing the files gives each credit its billing back.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from reeldb.catalog.selectors.exports import (
    CREW_CATEGORIES,
    CREW_ORDERING,
    count_local,
    iter_name_basics,
    iter_title_akas,
    iter_title_basics,
    iter_title_credits,
    iter_title_episodes,
    iter_title_ratings,
)
from reeldb.ingest.imdb_datasets.rows import DATASETS

NULL = "\\N"
LIST_SEPARATOR = "\x02"
HEADERS = {dataset.name: dataset.header for dataset in DATASETS}
# gzip's fastest level: about three times as fast as its default, files a fifth larger.
GZIP_LEVEL = 1
Progress = Callable[[str, int], None]


@dataclass
class ExportSummary:
    """What an export wrote, file by file, and what it could not write as it was."""

    rows: Counter[str] = field(default_factory=Counter)
    local_titles: int = 0
    local_people: int = 0
    cleaned_values: int = 0
    crew_billing_changed: int = 0
    known_for_changed: int = 0
    renumbered: Counter[str] = field(default_factory=Counter)

    def summary_lines(self) -> list[str]:
        lines = [f"{name}: {count:,} rows" for name, count in self.rows.items()]
        if self.local_titles or self.local_people:
            lines.append(
                f"left out, having no IMDb id: {self.local_titles:,} titles, "
                f"{self.local_people:,} people (reeldb export jsonl writes them)"
            )
        if self.cleaned_values:
            lines.append(f"tabs or line breaks made spaces: {self.cleaned_values:,} values")
        for name, count in self.renumbered.items():
            lines.append(f"{name}: {count:,} orderings held twice for a title, renumbered")
        if self.known_for_changed:
            lines.append(
                f"name.basics: {self.known_for_changed:,} people whose known-for order "
                "an import will not give back exactly"
            )
        if self.crew_billing_changed:
            lines.append(
                f"title.crew: {self.crew_billing_changed:,} titles whose crew billing "
                "an import will not give back exactly"
            )
        return lines


class _Writer:
    """One dataset file being written: its rows as IMDb text, counted."""

    def __init__(self, folder: Path, name: str, summary: ExportSummary) -> None:
        self.name, self.summary = name, summary
        self.final = folder / f"{name}.tsv.gz"
        self.partial = folder / f"{name}.tsv.gz.part"
        self.file: IO[str] = gzip.open(  # noqa: SIM115 - closed by close()
            self.partial, "wt", encoding="utf-8", compresslevel=GZIP_LEVEL, newline="\n"
        )
        self.file.write("\t".join(HEADERS[name]) + "\n")

    def write(self, values: Iterable[Any]) -> None:
        self.file.write("\t".join(self._field(value) for value in values) + "\n")
        self.summary.rows[self.name] += 1

    def _field(self, value: Any) -> str:
        if value is None or value == "":
            return NULL
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, (float, Decimal)):
            return f"{Decimal(str(value)):.1f}"
        text = str(value)
        if "\t" in text or "\n" in text or "\r" in text:
            self.summary.cleaned_values += 1
            text = " ".join(text.replace("\t", " ").splitlines())
        return text

    def close(self) -> None:
        self.file.close()
        self.partial.replace(self.final)


def export_imdb(folder: Path, *, progress: Progress | None = None) -> ExportSummary:
    """Write the catalogue into ``folder`` as IMDb's seven files; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    summary.local_titles, summary.local_people = count_local()
    tell = progress or (lambda _name, _rows: None)
    simple: list[tuple[str, Callable[[], Iterator[tuple[Any, ...]]]]] = [
        ("title.basics", iter_title_basics),
        ("name.basics", lambda: _name_rows(summary)),
        ("title.episode", iter_title_episodes),
        ("title.ratings", iter_title_ratings),
    ]
    for name, rows in simple:
        writer = _Writer(folder, name, summary)
        for row in rows():
            writer.write(row)
            _tick(tell, name, summary)
        writer.close()
    _write_akas(folder, summary, tell)
    _write_credits(folder, summary, tell)
    return summary


def _tick(tell: Progress, name: str, summary: ExportSummary) -> None:
    if summary.rows[name] % 50_000 == 0:
        tell(name, summary.rows[name])


def _name_rows(summary: ExportSummary) -> Iterator[tuple[Any, ...]]:
    for *columns, known_for in iter_name_basics():
        titles, kept = known_for_list(known_for)
        summary.known_for_changed += not kept
        yield (*columns, ",".join(titles))


def known_for_list(known_for: list[tuple[int, str]]) -> tuple[list[str], bool]:
    """Return knownForTitles for a person's ``(ordering, tconst)`` list, and whether an import
    gives each its ordering back.

    The importer numbers the list from 0 and keeps the first appearance of a
    title listed twice; a place it left empty (a title not in the catalogue,
    or listed twice) is filled with the title before it again.
    """
    titles: list[str] = []
    kept = True
    for ordering, tconst in sorted(known_for):
        if tconst in titles:
            continue
        while len(titles) < ordering and titles:
            titles.append(titles[-1])
        kept = kept and len(titles) == ordering
        titles.append(tconst)
    return titles, kept


def _write_akas(folder: Path, summary: ExportSummary, tell: Progress) -> None:
    """Write title.akas; an ordering a title holds twice (two sources) takes the next free one."""
    writer = _Writer(folder, "title.akas", summary)
    for _title_id, rows in groupby(iter_title_akas(), key=lambda row: row[0]):
        taken: set[int] = set()
        for _pk, tconst, ordering, name, region, language, types, attributes, original in rows:
            writer.write(
                (
                    tconst,
                    _free(ordering, taken, summary, "title.akas"),
                    name,
                    region,
                    language,
                    types.replace(",", LIST_SEPARATOR),
                    attributes.replace(",", LIST_SEPARATOR),
                    bool(original),
                )
            )
            _tick(tell, "title.akas", summary)
    writer.close()


def _free(ordering: int, taken: set[int], summary: ExportSummary, name: str) -> int:
    """Return ``ordering``, or the next free one if the title holds it already (two sources)."""
    if ordering in taken:
        ordering = max(taken) + 1
        summary.renumbered[name] += 1
    taken.add(ordering)
    return ordering


@dataclass(frozen=True)
class _Credit:
    ordering: int
    nconst: str
    category: str
    job: str
    characters: list[str]


def _write_credits(folder: Path, summary: ExportSummary, tell: Progress) -> None:
    """Write title.principals and title.crew from one pass over the credits, title by title."""
    principals = _Writer(folder, "title.principals", summary)
    crew = _Writer(folder, "title.crew", summary)
    for _title_id, rows in groupby(iter_title_credits(), key=lambda row: row[0]):
        listed = list(rows)
        tconst = listed[0][1]
        credits = [_Credit(*row[2:]) for row in listed]
        taken: set[int] = set()
        for credit in credits:
            if credit.ordering >= CREW_ORDERING:
                continue
            characters = json.dumps(credit.characters, ensure_ascii=False, separators=(",", ":"))
            principals.write(
                (tconst, _free(credit.ordering, taken, summary, "title.principals"),
                 credit.nconst, credit.category, credit.job,
                 characters if credit.characters else None)
            )  # fmt: skip
            _tick(tell, "title.principals", summary)
        directors, writers, kept = crew_lists(credits)
        if directors or writers:
            crew.write((tconst, ",".join(directors), ",".join(writers)))
            summary.crew_billing_changed += not kept
    principals.close()
    crew.close()


def crew_lists(credits: list[_Credit]) -> tuple[list[str], list[str], bool]:
    """Return title.crew's directors and writers for a title's credits, and whether every
    crew credit keeps its billing when imported again.

    A crew credit billed ``CREW_ORDERING + i`` is the i-th name of directors
    then writers. Places before the last one that hold no credit are filled
    with a principal director or writer without a job (the import drops them
    again, as it did the first time); the boundary between the two lists is
    put where those fillers allow.
    """
    places = {
        credit.ordering - CREW_ORDERING: credit
        for credit in credits
        if credit.ordering >= CREW_ORDERING and credit.category in CREW_CATEGORIES
    }
    if not places:
        return [], [], True
    fillers = {
        category: next(
            (c.nconst for c in credits if c.ordering < CREW_ORDERING
             and c.category == category and not c.job),
            None,
        )
        for category in CREW_CATEGORIES
    }  # fmt: skip
    director, writer = CREW_CATEGORIES
    size = max(places) + 1
    last_director = max((i for i, c in places.items() if c.category == director), default=-1)
    first_writer = min((i for i, c in places.items() if c.category == writer), default=size)
    if last_director > first_writer:
        # Directors after writers cannot be written as two lists.
        ordered = [places[i] for i in sorted(places)]
        return (
            [c.nconst for c in ordered if c.category == director],
            [c.nconst for c in ordered if c.category == writer],
            False,
        )
    boundary = first_writer if fillers[director] else last_director + 1
    lists: dict[str, list[str]] = {director: [], writer: []}
    kept = True
    for place in range(size):
        category = director if place < boundary else writer
        name = places[place].nconst if place in places else fillers[category]
        if name is None:
            kept = False
            continue
        lists[category].append(name)
    return lists[director], lists[writer], kept
