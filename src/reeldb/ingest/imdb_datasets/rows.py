"""Parse and validate the rows of each dataset file into the tuples the loader stages.

Each ``parse_…`` takes one line's fields (IMDb's column order, ``\\N`` for
null) and returns the staged tuple in the order of its ``Dataset.stage``
columns, or raises ``BadRow`` naming what is wrong. Limits come from the
catalogue's own fields, so a row that passes here cannot fail the load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from reeldb.catalog.folding import fold
from reeldb.catalog.models import Aka, CreditCategory, Person, Title, TitleType
from reeldb.ingest.imdb_datasets.reading import NULL, BadRow

# Crew rows from title.crew are billed after the principals: their ordering
# starts here, which also tells the two files' credits apart on a refresh.
CREW_ORDERING = 1000
TITLE_TYPES = frozenset(TitleType.values)
CATEGORIES = frozenset(CreditCategory.values)
# PositiveSmallIntegerField's range on every backend.
MAX_SMALL = 32767
MAX_INT = 2147483647

StagedRow = tuple[Any, ...]


def _max_length(model: type[Title | Person | Aka], name: str) -> int:
    field = model._meta.get_field(name)
    return int(getattr(field, "max_length", 0) or 0)


TITLE_LENGTH = _max_length(Title, "primary_title")
GENRES_LENGTH = _max_length(Title, "genres")
NAME_LENGTH = _max_length(Person, "primary_name")
PROFESSION_LENGTH = _max_length(Person, "primary_profession")
AKA_LENGTHS = {
    name: _max_length(Aka, name)
    for name in ("aka_title", "region", "language", "types", "attributes")
}
JOB_LENGTH = 300


def _text(value: str, column: str, limit: int) -> str:
    if value == NULL:
        return ""
    if len(value) > limit:
        raise BadRow(f"{column} too long", f"{len(value)} characters, at most {limit}")
    return value


def _required(value: str, column: str, limit: int) -> str:
    text = _text(value, column, limit)
    if not text:
        raise BadRow(f"empty {column}")
    return text


def _number(value: str, column: str, limit: int = MAX_INT) -> int | None:
    if value == NULL:
        return None
    if not value.isdigit() or not value.isascii():
        raise BadRow(f"non-numeric {column}", repr(value[:40]))
    number = int(value)
    if number > limit:
        raise BadRow(f"{column} out of range", value)
    return number


IDS = {"tt": re.compile(r"tt[0-9]{7,10}"), "nm": re.compile(r"nm[0-9]{7,10}")}


def _id(value: str, prefix: str, column: str) -> str:
    if IDS[prefix].fullmatch(value) is None:
        raise BadRow(f"bad {column}", repr(value[:40]))
    return value


def _ids(value: str, prefix: str, column: str) -> list[str]:
    if value == NULL or not value:
        return []
    return [_id(item, prefix, column) for item in value.split(",")]


def _flag(value: str, column: str) -> bool:
    if value in ("0", NULL):
        return False
    if value == "1":
        return True
    raise BadRow(f"bad {column}", repr(value[:40]))


def parse_title_basics(fields: list[str]) -> StagedRow:
    """Return ``(tconst, title_type, primary_title, folded_title, original_title, is_adult,
    start_year, end_year, runtime_minutes, genres)``."""
    tconst, title_type, primary, original, adult, start, end, runtime, genres = fields
    if title_type not in TITLE_TYPES:
        raise BadRow("unknown title type", repr(title_type[:40]))
    primary_title = _required(primary, "primaryTitle", TITLE_LENGTH)
    start_year = _number(start, "startYear", MAX_SMALL)
    end_year = _number(end, "endYear", MAX_SMALL)
    if start_year is not None and end_year is not None and end_year < start_year:
        raise BadRow("endYear before startYear", f"{start_year}-{end_year}")
    return (
        _id(tconst, "tt", "tconst"),
        title_type,
        primary_title,
        fold(primary_title),
        _text(original, "originalTitle", TITLE_LENGTH),
        _flag(adult, "isAdult"),
        start_year,
        end_year,
        _number(runtime, "runtimeMinutes"),
        _text(genres, "genres", GENRES_LENGTH),
    )


def parse_name_basics(fields: list[str]) -> StagedRow:
    """Return ``(nconst, primary_name, folded_name, birth_year, death_year,
    primary_profession, known_for_titles)``."""
    nconst, name, birth, death, professions, known_for = fields
    primary_name = _required(name, "primaryName", NAME_LENGTH)
    return (
        _id(nconst, "nm", "nconst"),
        primary_name,
        fold(primary_name),
        _number(birth, "birthYear", MAX_SMALL),
        _number(death, "deathYear", MAX_SMALL),
        _text(professions, "primaryProfession", PROFESSION_LENGTH),
        ",".join(_ids(known_for, "tt", "knownForTitles")),
    )


def parse_title_episode(fields: list[str]) -> StagedRow:
    """Return ``(tconst, parent_tconst, season_number, episode_number)``."""
    tconst, parent, season, episode = fields
    return (
        _id(tconst, "tt", "tconst"),
        _id(parent, "tt", "parentTconst"),
        _number(season, "seasonNumber"),
        _number(episode, "episodeNumber"),
    )


def parse_title_ratings(fields: list[str]) -> StagedRow:
    """Return ``(tconst, average_rating, num_votes)``; the rating stays text, exact."""
    tconst, rating, votes = fields
    try:
        average = float(rating)
    except ValueError:
        raise BadRow("non-numeric averageRating", repr(rating[:40])) from None
    if not 1 <= average <= 10 or len(rating) > 4:
        raise BadRow("averageRating out of range", rating)
    num_votes = _number(votes, "numVotes")
    if num_votes is None:
        raise BadRow("empty numVotes")
    return (_id(tconst, "tt", "tconst"), rating, num_votes)


def parse_title_akas(fields: list[str]) -> StagedRow:
    """Return ``(tconst, ordering, aka_title, region, language, types, attributes,
    is_original_title)``; IMDb separates types and attributes with \\x02."""
    tconst, ordering, title, region, language, types, attributes, original = fields
    return (
        _id(tconst, "tt", "titleId"),
        _number(ordering, "ordering") or 0,
        _required(title, "title", AKA_LENGTHS["aka_title"]),
        _text(region, "region", AKA_LENGTHS["region"]),
        _text(language, "language", AKA_LENGTHS["language"]),
        _text(types.replace("\x02", ","), "types", AKA_LENGTHS["types"]),
        _text(attributes.replace("\x02", ","), "attributes", AKA_LENGTHS["attributes"]),
        _flag(original, "isOriginalTitle"),
    )


def parse_title_principals(fields: list[str]) -> StagedRow:
    """Return ``(tconst, nconst, category, job, characters, ordering)``.

    ``characters`` stays the JSON text IMDb writes (``["Mariachi"]``), checked
    to be a list of strings, or ``[]``.
    """
    tconst, ordering, nconst, category, job, characters = fields
    if category not in CATEGORIES:
        raise BadRow("unknown category", repr(category[:40]))
    if characters == NULL:
        characters = "[]"
    else:
        try:
            parsed = json.loads(characters)
        except ValueError:
            raise BadRow("characters not JSON", repr(characters[:40])) from None
        if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
            raise BadRow("characters not a list of names", repr(characters[:40]))
    order = _number(ordering, "ordering")
    if order is None or order >= CREW_ORDERING:
        raise BadRow("ordering out of range", repr(ordering[:40]))
    return (
        _id(tconst, "tt", "tconst"),
        _id(nconst, "nm", "nconst"),
        category,
        _text(job, "job", JOB_LENGTH),
        characters,
        order,
    )


def parse_title_crew(fields: list[str]) -> StagedRow:
    """Return ``(tconst, directors, writers)`` with each list checked, comma-separated."""
    tconst, directors, writers = fields
    return (
        _id(tconst, "tt", "tconst"),
        ",".join(_ids(directors, "nm", "directors")),
        ",".join(_ids(writers, "nm", "writers")),
    )


def expand_crew(row: StagedRow) -> Iterator[StagedRow]:
    """Yield one principals-shaped credit per director and writer of a parsed crew row."""
    tconst, directors, writers = row
    position = CREW_ORDERING
    for category, people in (
        (CreditCategory.DIRECTOR, directors),
        (CreditCategory.WRITER, writers),
    ):
        for nconst in people.split(",") if people else []:
            yield (tconst, nconst, category.value, "", "[]", position)
            position += 1


def expand_known_for(row: StagedRow) -> Iterator[tuple[str, str, int]]:
    """Yield ``(nconst, tconst, ordering)`` for each known-for title of a parsed name row."""
    nconst, known_for = row[0], row[6]
    for position, tconst in enumerate(known_for.split(",") if known_for else []):
        yield (nconst, tconst, position)


@dataclass(frozen=True)
class Dataset:
    """One of IMDb's seven files: its header and how its rows are parsed."""

    name: str
    header: tuple[str, ...]
    parse: Callable[[list[str]], StagedRow]


DATASETS: tuple[Dataset, ...] = (
    # Dependency order: titles and people first, then what links them; principals
    # before crew, so a director both name keeps the principal's billing.
    Dataset(
        "title.basics",
        (
            "tconst",
            "titleType",
            "primaryTitle",
            "originalTitle",
            "isAdult",
            "startYear",
            "endYear",
            "runtimeMinutes",
            "genres",
        ),
        parse_title_basics,
    ),
    Dataset(
        "name.basics",
        (
            "nconst",
            "primaryName",
            "birthYear",
            "deathYear",
            "primaryProfession",
            "knownForTitles",
        ),
        parse_name_basics,
    ),
    Dataset(
        "title.episode",
        ("tconst", "parentTconst", "seasonNumber", "episodeNumber"),
        parse_title_episode,
    ),
    Dataset("title.ratings", ("tconst", "averageRating", "numVotes"), parse_title_ratings),
    Dataset(
        "title.akas",
        (
            "titleId",
            "ordering",
            "title",
            "region",
            "language",
            "types",
            "attributes",
            "isOriginalTitle",
        ),
        parse_title_akas,
    ),
    Dataset(
        "title.principals",
        ("tconst", "ordering", "nconst", "category", "job", "characters"),
        parse_title_principals,
    ),
    Dataset("title.crew", ("tconst", "directors", "writers"), parse_title_crew),
)
DATASET_NAMES: tuple[str, ...] = tuple(dataset.name for dataset in DATASETS)
