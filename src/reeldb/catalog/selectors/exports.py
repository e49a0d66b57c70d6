"""The catalogue as IMDb's seven dataset files lay it out, streamed a block of rows at a time.

Each ``iter_…`` reads one file's rows in one statement through a chunked
cursor (server-side on PostgreSQL), so memory stays one block whatever the
catalogue's size. Only titles and people with IMDb ids can be written in
IMDb's format; ``count_local`` says how many are left out. Values come as the
catalogue stores them; ``reeldb.ingest.exports.imdb`` writes them in IMDb's
text conventions.
"""

# ruff: noqa: S608 - the statements name the models' own tables; no value is put in them.
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


# One statement a stream; ``bench/export_scale.py`` runs them bare as the export's floor.
STATEMENTS = {
    "title.basics": "SELECT tconst, title_type, primary_title, original_title, is_adult, "
    f"start_year, end_year, runtime_minutes, genres FROM {TITLE} WHERE tconst IS NOT NULL "
    "ORDER BY id",
    "name.basics": "SELECT id, nconst, primary_name, birth_year, death_year, "
    f"primary_profession FROM {PERSON} WHERE nconst IS NOT NULL ORDER BY id",
    "known for": f"SELECT k.person_id, k.ordering, t.tconst FROM {KNOWN_FOR} k "
    f"JOIN {TITLE} t ON t.id = k.title_id WHERE t.tconst IS NOT NULL "
    "ORDER BY k.person_id, k.ordering, k.id",
    "title.episode": "SELECT t.tconst, p.tconst, t.season_number, t.episode_number "
    f"FROM {TITLE} t JOIN {TITLE} p ON p.id = t.parent_id "
    "WHERE t.tconst IS NOT NULL AND p.tconst IS NOT NULL ORDER BY t.id",
    "title.ratings": f"SELECT tconst, average_rating, num_votes FROM {TITLE} "
    "WHERE tconst IS NOT NULL AND average_rating IS NOT NULL AND num_votes IS NOT NULL "
    "ORDER BY id",
    "title.akas": "SELECT a.title_id, t.tconst, a.ordering, a.aka_title, a.region, "
    f"a.language, a.types, a.attributes, a.is_original_title FROM {AKA} a JOIN {TITLE} t "
    "ON t.id = a.title_id WHERE t.tconst IS NOT NULL ORDER BY a.title_id, a.ordering, a.id",
    "credits": "SELECT c.title_id, t.tconst, c.ordering, p.nconst, c.category, c.job, "
    f"c.characters FROM {CREDIT} c JOIN {TITLE} t ON t.id = c.title_id "
    f"JOIN {PERSON} p ON p.id = c.person_id "
    "WHERE t.tconst IS NOT NULL AND p.nconst IS NOT NULL "
    "ORDER BY c.title_id, c.ordering, c.id",
}


def _rows(sql: str) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
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
    return _rows(STATEMENTS["title.basics"])


def iter_name_basics() -> Iterator[tuple[Any, ...]]:
    """Yield ``(nconst, name, birth, death, professions, known for)``, the last a list of
    ``(ordering, tconst)``.

    Known-for titles come from a second ordered stream merged by person, so
    no person's list is held longer than its row.
    """
    known = _rows(STATEMENTS["known for"])
    pending = next(known, None)
    people = _rows(STATEMENTS["name.basics"])
    for pk, *columns in people:
        titles: list[tuple[int, str]] = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                titles.append((pending[1], pending[2]))
            pending = next(known, None)
        yield (*columns, titles)


def iter_title_episodes() -> Iterator[tuple[Any, ...]]:
    """Yield ``(tconst, parent tconst, season, episode)`` of every episode with a series."""
    return _rows(STATEMENTS["title.episode"])


def iter_title_ratings() -> Iterator[tuple[Any, ...]]:
    """Yield ``(tconst, average rating, votes)`` of every title with both."""
    return _rows(STATEMENTS["title.ratings"])


def iter_title_akas() -> Iterator[tuple[Any, ...]]:
    """Yield ``(title id, tconst, ordering, title, region, language, types, attributes,
    is original)``, by title and ordering."""
    return _rows(STATEMENTS["title.akas"])


def iter_title_credits() -> Iterator[tuple[Any, ...]]:
    """Yield ``(title id, tconst, ordering, nconst, category, job, characters)`` by title and
    billing: title.principals' credits below ``CREW_ORDERING``, title.crew's from it on.

    Characters come as the list of names they are stored as (JSON text).
    """
    for row in _rows(STATEMENTS["credits"]):
        characters = row[6]
        yield (*row[:6], json.loads(characters) if characters else [])
