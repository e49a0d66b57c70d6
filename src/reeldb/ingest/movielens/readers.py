"""Find a MovieLens release's files and read them line by line into records.

Three layouts: ml-100k (``u.item``, ``u.data``, ``u.user``; ``|`` and tab
separated, Latin-1), ml-latest and ml-latest-small (``movies.csv``,
``ratings.csv``, ``links.csv``, ``tags.csv``; UTF-8 CSV with a header), and
RecBole's atomic files (``NAME.item``, ``NAME.inter``, ``NAME.user``; tab
separated with a ``field:type`` header). Each reader is a generator: files are
streamed, never read whole, and a bad line becomes a ``BadRecord`` in place of
its record so the run goes on. Ratings, the bulk of a release, are read a block
at a time into columns instead (``rating_blocks``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from reeldb.errors import ImportProblem
from reeldb.ingest.movielens.records import (
    ML100K_GENRES,
    BadRecord,
    Movie,
    MovieTag,
    make_movie,
)

RecordT = TypeVar("RecordT")
Advance = Callable[[int], None]


class LayoutError(ImportProblem):
    """The path holds no MovieLens release reeldb can read; the message says what to give."""

    default_code = "unknown_layout"


@dataclass(frozen=True)
class Row(Generic[RecordT]):
    """One line's outcome: the record, or why the line was skipped."""

    path: Path
    line: int
    value: RecordT | BadRecord


@dataclass(frozen=True)
class Layout:
    """Where one release keeps each kind of record, and how to read it."""

    kind: str
    dataset: str
    movies: Path
    ratings: Path
    users: Path | None = None
    links: Path | None = None
    tags: Path | None = None

    def files(self) -> list[Path]:
        candidates = [self.movies, self.ratings, self.users, self.links, self.tags]
        return [path for path in candidates if path is not None]


def find_layout(path: Path) -> Layout:
    """Return the layout of the release at ``path`` (a folder, or a RecBole ``.inter`` file)."""
    if path.is_file() and path.suffix == ".inter":
        return _recbole_layout(path)
    if not path.is_dir():
        raise LayoutError(f"{path} is not a folder: give the folder of a MovieLens release.")
    dataset = path.resolve().name
    if (path / "u.data").is_file() and (path / "u.item").is_file():
        return Layout("ml-100k", dataset, path / "u.item", path / "u.data", path / "u.user")
    if (path / "ratings.csv").is_file() and (path / "movies.csv").is_file():
        return Layout(
            "ml-latest",
            dataset,
            path / "movies.csv",
            path / "ratings.csv",
            links=_optional(path / "links.csv"),
            tags=_optional(path / "tags.csv"),
        )
    atomic = sorted(path.glob("*.inter"))
    if len(atomic) == 1:
        return _recbole_layout(atomic[0])
    raise LayoutError(
        f"{path} holds no MovieLens files: expected u.data and u.item (ml-100k), "
        "ratings.csv and movies.csv (ml-latest), or one NAME.inter with NAME.item (RecBole)."
    )


def _optional(path: Path) -> Path | None:
    return path if path.is_file() else None


def _recbole_layout(inter: Path) -> Layout:
    movies = inter.with_suffix(".item")
    if not movies.is_file():
        raise LayoutError(f"{inter} has no {movies.name} beside it: RecBole needs both.")
    return Layout("recbole", inter.stem, movies, inter, users=_optional(inter.with_suffix(".user")))


def read_lines(path: Path, advance: Advance | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)`` without the line end, advancing a progress bar by bytes.

    UTF-8 where it decodes, else Latin-1: ml-100k is Latin-1, later releases UTF-8.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if advance:
                advance(len(raw))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            text = text.rstrip("\r\n")
            if text.strip():
                yield number, text


def _rows(
    path: Path,
    lines: Iterator[tuple[int, str]],
    parse: Callable[[list[str]], RecordT],
    split: Callable[[str], list[str]],
) -> Iterator[Row[RecordT]]:
    for number, text in lines:
        try:
            yield Row(path, number, parse(split(text)))
        except BadRecord as error:
            yield Row(path, number, error)
        except (IndexError, KeyError):
            yield Row(path, number, BadRecord(f"too few fields: {text[:60]!r}"))
        except csv.Error as error:
            yield Row(path, number, BadRecord(f"not CSV: {error}"))


def _csv_split(text: str) -> list[str]:
    return next(csv.reader([text]))


def _with_header(
    path: Path, expected: set[str], advance: Advance | None, split: Callable[[str], list[str]]
) -> tuple[list[str], Iterator[tuple[int, str]]]:
    """Return the header's field names (RecBole's ``:type`` removed) and the remaining lines."""
    lines = read_lines(path, advance)
    first = next(lines, None)
    try:
        names = [name.split(":", 1)[0].strip() for name in split(first[1])] if first else []
    except csv.Error as error:
        raise LayoutError(f"{path}: the header is not CSV ({error}).") from None
    missing = expected - set(names)
    if missing:
        raise LayoutError(f"{path}: the header lacks {', '.join(sorted(missing))}.")
    return names, lines


def _field(names: list[str], fields: list[str], *candidates: str) -> str:
    for name in candidates:
        if name in names:
            index = names.index(name)
            return fields[index] if index < len(fields) else ""
    return ""


# ml-100k


def _ml100k_movie(fields: list[str]) -> Movie:
    if len(fields) < 5 + len(ML100K_GENRES):
        raise BadRecord(f"expected {5 + len(ML100K_GENRES)} fields, found {len(fields)}")
    release = fields[2].strip()
    flags = fields[5 : 5 + len(ML100K_GENRES)]
    return make_movie(
        key=fields[0],
        title=fields[1],
        year=release[-4:],
        genres=[name for name, flag in zip(ML100K_GENRES, flags, strict=True) if flag == "1"],
    )


def _first_field(fields: list[str]) -> str:
    key = fields[0].strip()
    if not key:
        raise BadRecord("no user id")
    return key


# ml-latest


@dataclass(frozen=True)
class Link:
    """One line of ``links.csv``: a movie's IMDb id digits and TMDB id, each possibly empty."""

    movie: str
    imdb: str
    tmdb: str


def _link(names: list[str], fields: list[str]) -> Link:
    tmdb = _field(names, fields, "tmdbId").strip()
    if tmdb and not tmdb.isdigit():
        raise BadRecord(f"tmdbId is not a number: {tmdb[:30]!r}")
    return Link(_field(names, fields, "movieId"), _field(names, fields, "imdbId"), tmdb)


def read_links(path: Path, advance: Advance | None = None) -> Iterator[Row[Link]]:
    """Yield each movie's ``Link`` from ``links.csv`` (``tmdbId`` may be missing or empty)."""
    names, lines = _with_header(path, {"movieId", "imdbId"}, advance, _csv_split)
    yield from _rows(path, lines, lambda fields: _link(names, fields), _csv_split)


def _latest_movie(names: list[str], links: dict[str, str]) -> Callable[[list[str]], Movie]:
    def parse(fields: list[str]) -> Movie:
        key = _field(names, fields, "movieId")
        return make_movie(
            key=key,
            title=_field(names, fields, "title"),
            year="",
            genres=_field(names, fields, "genres").split("|"),
            imdb_id=links.get(key.strip(), ""),
        )

    return parse


def _tag(names: list[str]) -> Callable[[list[str]], MovieTag]:
    def parse(fields: list[str]) -> MovieTag:
        tag = " ".join(_field(names, fields, "tag").split()).lower()
        movie = _field(names, fields, "movieId").strip()
        if not tag or not movie:
            raise BadRecord("tag without text or movie id")
        return MovieTag(movie, tag[:200])

    return parse


# RecBole atomic files


def _tab_split(text: str) -> list[str]:
    return text.split("\t")


def _recbole_movie(names: list[str]) -> Callable[[list[str]], Movie]:
    def parse(fields: list[str]) -> Movie:
        return make_movie(
            key=_field(names, fields, "item_id"),
            title=_field(names, fields, "movie_title", "title"),
            year=_field(names, fields, "release_year", "year"),
            genres=_field(names, fields, "class", "genre").split(),
            imdb_id=_field(names, fields, "imdb_id"),
        )

    return parse


# What the runner calls


def read_movies(
    layout: Layout, links: dict[str, str], advance: Advance | None = None
) -> Iterator[Row[Movie]]:
    """Yield the release's movies, each with its IMDb id where ``links`` names one."""
    if layout.kind == "ml-100k":
        yield from _rows(layout.movies, read_lines(layout.movies, advance), _ml100k_movie, _pipe)
        return
    if layout.kind == "ml-latest":
        names, lines = _with_header(layout.movies, {"movieId", "title"}, advance, _csv_split)
        yield from _rows(layout.movies, lines, _latest_movie(names, links), _csv_split)
        return
    names, lines = _with_header(layout.movies, {"item_id"}, advance, _tab_split)
    yield from _rows(layout.movies, lines, _recbole_movie(names), _tab_split)


def read_users(layout: Layout, advance: Advance | None = None) -> Iterator[Row[str]]:
    """Yield the user ids of the release's user file (ml-latest has none)."""
    if layout.users is None:
        return
    if layout.kind == "ml-100k":
        yield from _rows(layout.users, read_lines(layout.users, advance), _first_field, _pipe)
        return
    names, lines = _with_header(layout.users, {"user_id"}, advance, _tab_split)
    yield from _rows(
        layout.users, lines, lambda f: _first_field([_field(names, f, "user_id")]), _tab_split
    )


def read_tags(layout: Layout, advance: Advance | None = None) -> Iterator[Row[MovieTag]]:
    if layout.tags is None:
        return
    names, lines = _with_header(layout.tags, {"movieId", "tag"}, advance, _csv_split)
    yield from _rows(layout.tags, lines, _tag(names), _csv_split)


def _pipe(text: str) -> list[str]:
    return text.split("|")
