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

import polars as pl
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from reeldb.catalog.models import ExternalSite, SourceKind, Title, TitleType
from reeldb.catalog.selectors import (
    find_title_by_name,
    find_titles_by_names,
    get_source_key_titles,
    get_titles_by_tconst,
)
from reeldb.catalog.services import (
    NewTitle,
    create_titles,
    get_source,
    replace_external_ids,
    upsert_title,
    write_title_facts,
)
from reeldb.community.services import (
    bulk_rating_load,
    ensure_imported_users,
    load_rating_columns,
)
from reeldb.ingest.movielens.rating_blocks import RatingBlock, read_rating_blocks
from reeldb.ingest.movielens.readers import (
    Advance,
    Layout,
    Row,
    find_layout,
    read_links,
    read_movies,
    read_tags,
    read_users,
)
from reeldb.ingest.movielens.records import BadRecord, Movie
from reeldb.ingest.prefetch import prefetched
from reeldb.ingest.report import ImportReport

MOVIELENS_URL = "https://grouplens.org/datasets/movielens/"
# A ratings file this large (about two million ratings) loads with the rating
# table's secondary indexes built once, after (``community.services.bulk_rating_load``).
BULK_BYTES = 64 * 1024 * 1024
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

    def __init__(self, layout: Layout, *, advance: Advance | None) -> None:
        self.layout = layout
        self.advance = advance
        self.report = ImportReport()
        self.source = get_source(kind=SourceKind.MOVIELENS, name=layout.dataset, url=MOVIELENS_URL)
        self.titles: dict[str, int] = {}
        self.matches: Counter[str] = Counter()
        self.tmdb_ids: dict[str, str] = {}

    def run(self) -> ImportReport:
        self.load_movies(self.read_links())
        self.load_external_ids()
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
        """Return each movie's IMDb id digits; keep its TMDB id for ``load_external_ids``."""
        if self.layout.links is None:
            return {}
        rows = _valid(read_links(self.layout.links, self.advance), self.report, "links")
        links = [link for _, link in rows]
        # Movie keys are stripped (``make_movie``), as the movies' lookup of their IMDb id is.
        self.tmdb_ids = {link.movie.strip(): link.tmdb for link in links if link.tmdb}
        return {link.movie: link.imdb for link in links}

    def load_external_ids(self) -> None:
        """Store the TMDB id ``links.csv`` gives each loaded movie, replacing the release's last."""
        ids = (
            (self.titles[movie], ExternalSite.TMDB, tmdb)
            for movie, tmdb in self.tmdb_ids.items()
            if movie in self.titles
        )
        self.report.loaded["TMDB ids"] += replace_external_ids(source=self.source, ids=ids)

    def load_movies(self, links: dict[str, str]) -> None:
        """Match each movie to the catalogue or create it; the run in one transaction.

        Movies no title matches (by this source's key, IMDb id, or name and
        year) are created in bulk; the others are matched one at a time, each
        in its own savepoint, so a bad one is reported and the rest go on.
        """
        known = get_source_key_titles(self.source)
        movies = [
            movie
            for _, movie in _valid(
                read_movies(self.layout, links, self.advance), self.report, "movies"
            )
        ]
        fresh = [movie for movie in movies if movie.key not in known]
        by_tconst = get_titles_by_tconst(movie.tconst for movie in fresh if movie.tconst)
        by_name = find_titles_by_names(
            (name, movie.start_year)
            for movie in fresh
            if not (movie.tconst and movie.tconst in by_tconst)
            for name in (movie.primary_title, movie.original_title)
        )
        # A key or IMDb id listed twice is created once, then matched like any other.
        new: list[Movie] = []
        taken: set[str | None] = {None}
        for movie in fresh:
            if movie.tconst in by_tconst or self._named(movie, by_name):
                continue
            if movie.key in taken or (movie.tconst and movie.tconst in taken):
                continue
            new.append(movie)
            taken |= {movie.key, movie.tconst}
        with transaction.atomic():
            self._create_movies(new)
            created = {movie.key for movie in new}
            for movie in movies:
                if movie.key not in created:
                    self._load_movie(movie, known)

    @staticmethod
    def _named(movie: Movie, by_name: dict[tuple[str, int], Title]) -> bool:
        if movie.start_year is None:
            return False
        return any(
            (name, movie.start_year) in by_name
            for name in (movie.primary_title, movie.original_title)
        )

    def _create_movies(self, movies: list[Movie]) -> None:
        """Create the movies no catalogue title matches, in bulk.

        If the bulk insert fails (a bad value), each movie is tried on its own
        and the bad ones are reported.
        """
        titles = [
            NewTitle(key=movie.key, values=_values(movie), tconst=movie.tconst) for movie in movies
        ]
        try:
            with transaction.atomic():
                created = create_titles(source=self.source, titles=titles)
        except (ValidationError, DatabaseError):
            for movie in movies:
                self._load_movie(movie, {})
            return
        self.titles.update(created)
        self.matches["created"] += len(created)
        self.report.loaded["movies"] += len(created)
        self.report.changed["movies"] += len(created)

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
        values = _values(movie)
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
        """Load the ratings a block at a time; a bad line or an unknown movie is reported."""
        path = self.layout.ratings.name
        titles = pl.DataFrame(
            {"movie": list(self.titles), "title_id": list(self.titles.values())},
            schema={"movie": pl.String, "title_id": pl.Int64},
        )
        users = UserIds(self.layout.dataset)
        large = self.layout.ratings.stat().st_size >= BULK_BYTES
        with bulk_rating_load(defer_indexes=large):
            blocks = read_rating_blocks(self.layout, self.advance)
            for block in prefetched(blocks, name="read ratings"):
                self._load_block(block, titles, users, path)

    def _load_block(
        self, block: RatingBlock, titles: pl.DataFrame, users: UserIds, path: str
    ) -> None:
        """Load one block's ratings, reporting its bad lines and ratings of unknown movies."""
        self.report.read["ratings"] += block.read
        for line, reason in block.bad:
            self.report.skip(path, str(line), reason)
        rows = block.ratings.join(titles, on="movie", how="left", maintain_order="left")
        for line, movie in (
            rows.filter(pl.col("title_id").is_null()).select("line", "movie").iter_rows()
        ):
            self.report.skip(path, str(line), f"rating of unknown movie {movie}")
        rows = users.resolve(rows.filter(pl.col("title_id").is_not_null()))
        self.report.loaded["ratings"] += load_rating_columns(
            user_ids=rows["user_id"].to_numpy(),
            title_ids=rows["title_id"].to_numpy(),
            values=rows["value"].to_numpy(),
            seconds=rows["seconds"].to_numpy(),
        )

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


class UserIds:
    """The account id of each of a release's users, created the first time a block names them."""

    CHUNK = 5_000

    def __init__(self, source: str) -> None:
        self.source = source
        self.known = pl.DataFrame(schema={"user": pl.String, "user_id": pl.Int64})
        self.seen: set[str] = set()

    def resolve(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Return ``rows`` with a ``user_id`` column for their ``user`` keys."""
        keys = rows["user"].unique(maintain_order=True).to_list()
        new = [key for key in keys if key not in self.seen]
        found: dict[str, int] = {}
        for start in range(0, len(new), self.CHUNK):
            found.update(
                ensure_imported_users(source=self.source, keys=new[start : start + self.CHUNK])
            )
        if found:
            added = pl.DataFrame(
                {"user": list(found), "user_id": list(found.values())},
                schema={"user": pl.String, "user_id": pl.Int64},
            )
            self.known = pl.concat([self.known, added])
            self.seen.update(found)
        return rows.join(self.known, on="user", how="left", maintain_order="left")


MATCH_KINDS = ("matched by IMDb id", "matched by title and year", "created", "already imported")


def _values(movie: Movie) -> dict[str, object]:
    """Return what MovieLens states of a movie, as the catalogue's title columns."""
    return {
        "title_type": TitleType.MOVIE,
        "primary_title": movie.primary_title,
        "original_title": movie.original_title,
        "start_year": movie.start_year,
        "genres": ",".join(movie.genres),
    }


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def import_movielens(path: str | Path, *, console: Console | None = None) -> ImportReport:
    """Import the MovieLens release at ``path``; raise ``LayoutError`` if there is none."""
    layout = find_layout(Path(path))
    with _progress(console, layout) as advance:
        return MovieLensRun(layout, advance=advance).run()
