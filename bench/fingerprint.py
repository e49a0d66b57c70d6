"""What the IMDb datasets put in the catalogue, as rows keyed by IMDb ids, to compare two imports.

Internal ids differ between two databases filled in different orders, so each
table is read back with its references turned into ``tconst``/``nconst``; two
catalogues that hold the same titles, people, episode links, ratings, AKAs,
credits and known-for titles have equal fingerprints. Used by the refresh test
(``tests/security/test_imdb_refresh.py``) and ``bench/abuse.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import connection

QUERIES = {
    "titles": (
        "SELECT t.tconst, t.title_type, t.primary_title, t.original_title, t.is_adult, "
        "t.start_year, t.end_year, t.runtime_minutes, t.genres, p.tconst, t.season_number, "
        "t.episode_number, t.average_rating, t.num_votes "
        "FROM catalog_title t LEFT JOIN catalog_title p ON p.id = t.parent_id"
    ),
    "people": (
        "SELECT nconst, primary_name, birth_year, death_year, primary_profession "
        "FROM catalog_person"
    ),
    "credits": (
        "SELECT t.tconst, p.nconst, k.category, k.job, k.characters, k.ordering "
        "FROM catalog_credit k JOIN catalog_title t ON t.id = k.title_id "
        "JOIN catalog_person p ON p.id = k.person_id"
    ),
    "akas": (
        "SELECT t.tconst, a.ordering, a.aka_title, a.region, a.language, a.types, a.attributes, "
        "a.is_original_title FROM catalog_aka a JOIN catalog_title t ON t.id = a.title_id"
    ),
    "known_for": (
        "SELECT p.nconst, t.tconst, k.ordering FROM catalog_knownfor k "
        "JOIN catalog_person p ON p.id = k.person_id JOIN catalog_title t ON t.id = k.title_id"
    ),
}

Fingerprint = dict[str, Counter[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    """One spelling per value whichever database read it: SQLite's 0/1, floats and JSON text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float | Decimal):
        return str(Decimal(str(value)).normalize())
    if isinstance(value, str) and value.startswith("["):
        try:
            return tuple(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return tuple(value)
    return value


def fingerprint() -> Fingerprint:
    """Return each catalogue table the datasets fill as a multiset of plain rows."""
    tables: Fingerprint = {}
    with connection.cursor() as cursor:
        for name, sql in QUERIES.items():
            cursor.execute(sql)
            tables[name] = Counter(tuple(_plain(value) for value in row) for row in cursor)
    return tables


def differences(left: Fingerprint, right: Fingerprint, shown: int = 3) -> dict[str, str]:
    """Describe, per table, the rows only one side holds: counts and the first few of each."""
    found = {}
    for name in QUERIES:
        only_left, only_right = left[name] - right[name], right[name] - left[name]
        if only_left or only_right:
            found[name] = (
                f"{sum(only_left.values())} rows only in the first, e.g. "
                f"{sorted(only_left, key=repr)[:shown]}; {sum(only_right.values())} only in "
                f"the second, e.g. {sorted(only_right, key=repr)[:shown]}"
            )
    return found
