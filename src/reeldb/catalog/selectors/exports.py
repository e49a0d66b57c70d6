"""The catalogue as IMDb's seven dataset files lay it out, streamed a block of rows at a time.

Each ``iter_…`` reads one file's rows in one statement through a chunked
cursor (server-side on PostgreSQL), so memory stays one block whatever the
catalogue's size. Only titles and people with IMDb ids can be written in
IMDb's format; ``count_local`` says how many are left out. Values come as the
catalogue stores them; ``reeldb.ingest.exports.imdb`` writes them in IMDb's
text conventions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection

from reeldb.catalog.models import Aka, Credit, KnownFor, Person, Title

BLOCK = 5_000
# title.crew's credits are billed from here on (the importer's ``rows.CREW_ORDERING``).
CREW_ORDERING = 1000
CREW_CATEGORIES = ("director", "writer")

TITLE = Title._meta.db_table
PERSON = Person._meta.db_table
CREDIT = Credit._meta.db_table
AKA = Aka._meta.db_table
KNOWN_FOR = KnownFor._meta.db_table


def _rows(sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, parameters)
        while block := cursor.fetchmany(BLOCK):
            yield from block


def count_local() -> tuple[int, int]:
    """Return how many titles and people have no IMDb id (and so no row in IMDb's files)."""
    return (
        Title.objects.filter(tconst__isnull=True).count(),
        Person.objects.filter(nconst__isnull=True).count(),
    )


def iter_title_basics() -> Iterator[tuple[Any, ...]]:
    """Yield ``(tconst, type, primary, original, is_adult, start, end, runtime, genres)``."""
    return _rows(
        "SELECT tconst, title_type, primary_title, original_title, is_adult, start_year, "  # noqa: S608 - our own tables
        f"end_year, runtime_minutes, genres FROM {TITLE} WHERE tconst IS NOT NULL ORDER BY id"
    )


def iter_name_basics() -> Iterator[tuple[Any, ...]]:
    """Yield ``(nconst, name, birth, death, professions, known for)``, the last a list of
    ``(ordering, tconst)``.

    Known-for titles come from a second ordered stream merged by person, so
    no person's list is held longer than its row.
    """
    known = _rows(
        f"SELECT k.person_id, k.ordering, t.tconst FROM {KNOWN_FOR} k "  # noqa: S608 - our own tables
        f"JOIN {TITLE} t ON t.id = k.title_id WHERE t.tconst IS NOT NULL "
        "ORDER BY k.person_id, k.ordering, k.id"
    )
    pending = next(known, None)
    people = _rows(
        "SELECT id, nconst, primary_name, birth_year, death_year, primary_profession "  # noqa: S608 - our own tables
        f"FROM {PERSON} WHERE nconst IS NOT NULL ORDER BY id"
    )
    for pk, *columns in people:
        titles: list[tuple[int, str]] = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                titles.append((pending[1], pending[2]))
            pending = next(known, None)
        yield (*columns, titles)


def iter_title_episodes() -> Iterator[tuple[Any, ...]]:
    """Yield ``(tconst, parent tconst, season, episode)`` of every episode with a series."""
    return _rows(
        f"SELECT t.tconst, p.tconst, t.season_number, t.episode_number FROM {TITLE} t "  # noqa: S608 - our own tables
        f"JOIN {TITLE} p ON p.id = t.parent_id "
        "WHERE t.tconst IS NOT NULL AND p.tconst IS NOT NULL ORDER BY t.id"
    )


def iter_title_ratings() -> Iterator[tuple[Any, ...]]:
    """Yield ``(tconst, average rating, votes)`` of every title with both."""
    return _rows(
        f"SELECT tconst, average_rating, num_votes FROM {TITLE} "  # noqa: S608 - our own tables
        "WHERE tconst IS NOT NULL AND average_rating IS NOT NULL AND num_votes IS NOT NULL "
        "ORDER BY id"
    )


def iter_title_akas() -> Iterator[tuple[Any, ...]]:
    """Yield ``(title id, tconst, ordering, title, region, language, types, attributes,
    is original)``, by title and ordering."""
    return _rows(
        "SELECT a.title_id, t.tconst, a.ordering, a.aka_title, a.region, a.language, a.types, "  # noqa: S608 - our own tables
        f"a.attributes, a.is_original_title FROM {AKA} a JOIN {TITLE} t ON t.id = a.title_id "
        "WHERE t.tconst IS NOT NULL ORDER BY a.title_id, a.ordering, a.id"
    )


def iter_title_credits() -> Iterator[tuple[Any, ...]]:
    """Yield ``(title id, tconst, ordering, nconst, category, job, characters)`` by title and
    billing: title.principals' credits below ``CREW_ORDERING``, title.crew's from it on.

    Characters come as the list of names they are stored as (JSON text).
    """
    for row in _rows(
        "SELECT c.title_id, t.tconst, c.ordering, p.nconst, c.category, c.job, c.characters "  # noqa: S608 - our own tables
        f"FROM {CREDIT} c JOIN {TITLE} t ON t.id = c.title_id "
        f"JOIN {PERSON} p ON p.id = c.person_id "
        "WHERE t.tconst IS NOT NULL AND p.nconst IS NOT NULL "
        "ORDER BY c.title_id, c.ordering, c.id"
    ):
        characters = row[6]
        yield (*row[:6], json.loads(characters) if characters else [])
