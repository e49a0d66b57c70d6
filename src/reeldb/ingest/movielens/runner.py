"""Load a MovieLens release: read → parse → validate → batch → load.

Movies are matched to the catalogue (IMDb id from ``links.csv``, else folded
title and year) or created through the catalogue's services with a MovieLens
source; users become accounts that cannot log in; ratings are upserted in
batches, one transaction each, so an interrupted run resumes by running it
again and a finished one changes nothing when re-run.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from reeldb.catalog.models import SourceKind, TitleType
from reeldb.catalog.selectors import find_title_by_name, get_source_key_titles
from reeldb.catalog.services import get_source, upsert_title, write_title_facts
from reeldb.community.services import ImportedRating, ensure_imported_users, upsert_ratings
from reeldb.ingest.movielens.readers import (
    Advance,
    Layout,
    Row,
    find_layout,
    read_links,
    read_movies,
    read_ratings,
    read_tags,
    read_users,
)
from reeldb.ingest.movielens.records import BadRecord, Movie, MovieRating
from reeldb.ingest.report import ImportReport

MOVIELENS_URL = "https://grouplens.org/datasets/movielens/"
TAGS_PER_MOVIE = 20
ItemT = TypeVar("ItemT")


def chunks(items: Iterator[ItemT], size: int) -> Iterator[list[ItemT]]:
    """Yield lists of ``size`` items (the last may be shorter) without reading ahead."""
    while batch := list(itertools.islice(items, size)):
        yield batch


def _valid(
    rows: Iterator[Row[ItemT]], report: ImportReport, kind: str
) -> Iterator[tuple[int, ItemT]]:
    """Yield ``(line, record)``, reporting each bad line as ``file:line: reason``."""
    for row in rows:
        report.read[kind] += 1
        if isinstance(row.value, BadRecord):
            report.skip(row.path.name, str(row.line), str(row.value))
        else:
            yield row.line, row.value


@contextmanager
def _progress(console: Console | None, layout: Layout) -> Iterator[Advance | None]:
    """Yield a function advancing a bar by bytes read, so it is right before rows are counted."""
    if console is None:
        yield None
        return
    total = sum(path.stat().st_size for path in layout.files())
    columns = (
        TextColumn(f"MovieLens {layout.dataset}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("read", total=total)
        yield lambda size: progress.advance(task, size)


class MovieLensRun:
    """One import of one release into the catalogue and the community tables."""

    def __init__(self, layout: Layout, *, batch_size: int, advance: Advance | None) -> None:
        self.layout = layout
        self.batch_size = batch_size
        self.advance = advance
        self.report = ImportReport()
        self.source = get_source(kind=SourceKind.MOVIELENS, name=layout.dataset, url=MOVIELENS_URL)
        self.titles: dict[str, int] = {}
        self.matches: Counter[str] = Counter()

    def run(self) -> ImportReport:
        self.load_movies(self.read_links())
        users = [
            user for _, user in _valid(read_users(self.layout, self.advance), self.report, "users")
        ]
        self.report.loaded["users"] += len(
            ensure_imported_users(source=self.layout.dataset, keys=users)
        )
        self.load_ratings()
        self.load_tags()
        self.report.notes.append(self.match_summary())
        return self.report

    def read_links(self) -> dict[str, str]:
        if self.layout.links is None:
            return {}
        rows = _valid(read_links(self.layout.links, self.advance), self.report, "links")
        return dict(link for _, link in rows)

    def load_movies(self, links: dict[str, str]) -> None:
        """Match or create each movie, each in its own savepoint, the run in one transaction."""
        known = get_source_key_titles(self.source)
        movies = _valid(read_movies(self.layout, links, self.advance), self.report, "movies")
        with transaction.atomic():
            for _, movie in movies:
                self._load_movie(movie, known)

    def _load_movie(self, movie: Movie, known: dict[str, int]) -> None:
        how = "already imported" if movie.key in known else ""
        match = None
        if not how and movie.tconst:
            how = "matched by IMDb id"  # upsert_title finds the title by tconst
        if not how:
            match = find_title_by_name(
                [movie.primary_title, movie.original_title], movie.start_year
            )
            how = "matched by title and year" if match else "created"
        values = {
            "title_type": TitleType.MOVIE,
            "primary_title": movie.primary_title,
            "original_title": movie.original_title,
            "start_year": movie.start_year,
            "genres": ",".join(movie.genres),
        }
        try:
            with transaction.atomic():
                title, changed = upsert_title(
                    source=self.source,
                    key=movie.key,
                    values=values,
                    tconst=movie.tconst,
                    match=match,
                )
        except (ValidationError, DatabaseError) as error:
            self.report.skip(self.layout.movies.name, f"movie {movie.key}", _reason(error))
            return
        if how == "matched by IMDb id" and title.source_id == self.source.pk:
            how = "created"  # no catalogue title had that IMDb id
        self.titles[movie.key] = title.pk
        self.matches[how] += 1
        self.report.loaded["movies"] += 1
        self.report.changed["movies"] += int(changed)

    def load_ratings(self) -> None:
        """Upsert ratings in batches; an unknown movie or a bad line is reported and skipped."""
        ratings = _valid(read_ratings(self.layout, self.advance), self.report, "ratings")
        path = self.layout.ratings.name
        for batch in chunks(ratings, self.batch_size):
            users = ensure_imported_users(
                source=self.layout.dataset, keys={rating.user_key for _, rating in batch}
            )
            rows = [
                ImportedRating(
                    users[rating.user_key],
                    self.titles[rating.movie_key],
                    rating.value,
                    rating.rated_at,
                )
                for line, rating in batch
                if rating.movie_key in self.titles or self._unknown(rating, path, line)
            ]
            self.report.loaded["ratings"] += upsert_ratings(rows)

    def _unknown(self, rating: MovieRating, path: str, line: int) -> bool:
        """Report a rating of a movie that was not loaded; return False to drop it."""
        self.report.skip(path, str(line), f"rating of unknown movie {rating.movie_key}")
        return False

    def load_tags(self) -> None:
        """Store each movie's most used tags as MovieLens keywords on its title."""
        if self.layout.tags is None:
            return
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for _, tag in _valid(read_tags(self.layout, self.advance), self.report, "tags"):
            if tag.movie_key in self.titles:
                counts[tag.movie_key][tag.tag] += 1
        with transaction.atomic():
            for movie_key, tags in counts.items():
                rows = [{"keyword": tag} for tag, _ in tags.most_common(TAGS_PER_MOVIE)]
                result = write_title_facts(
                    source=self.source, title=self.titles[movie_key], kind="keyword", rows=rows
                )
                self.report.loaded["keywords"] += len(rows)
                self.report.changed["keywords"] += result.created + result.updated + result.deleted

    def match_summary(self) -> str:
        """Return how movies found their titles, and the match rate of the movies new this run."""
        matched = self.matches["matched by IMDb id"] + self.matches["matched by title and year"]
        new = matched + self.matches["created"]
        rate = f"{100 * matched / new:.1f}%" if new else "n/a"
        parts = ", ".join(f"{self.matches[how]:,} {how}" for how in MATCH_KINDS)
        return f"titles: {parts}; match rate {rate}"


MATCH_KINDS = ("matched by IMDb id", "matched by title and year", "created", "already imported")


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def import_movielens(
    path: str | Path, *, batch_size: int = 5000, console: Console | None = None
) -> ImportReport:
    """Import the MovieLens release at ``path``; raise ``LayoutError`` if there is none."""
    layout = find_layout(Path(path))
    with _progress(console, layout) as advance:
        return MovieLensRun(layout, batch_size=batch_size, advance=advance).run()
