"""Reads for lists of titles outside a title's own pages: the home page's and the charts'."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, FloatField, Min, Prefetch, QuerySet
from django.db.models.functions import Cast

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    BoxOffice,
    BoxOfficeKind,
    Collection,
    CollectionEntry,
    Credit,
    CreditCategory,
    KnownFor,
    ReleaseDate,
    Source,
    Title,
    TitleSourceKey,
    TitleType,
    source_rank,
    split_list,
)


def list_featured_titles(*, limit: int) -> list[Title]:
    """Return the most-voted films and series for the home page.

    The order is ``title_votes_idx``'s exactly (votes high to low, then id), so
    the query walks that index and stops after ``limit`` titles instead of
    sorting every title (1-2 s over 12 million).
    """
    return list(
        Title.objects.exclude(title_type=TitleType.TV_EPISODE)
        .filter(num_votes__isnull=False)
        .order_by(F("num_votes").desc(nulls_last=True), "id")[:limit]
    )


def list_collections(*, limit: int) -> list[tuple[Collection, list[Title]]]:
    """Return the largest film series with their titles in order (two queries)."""
    collections = (
        Collection.objects.annotate(size=Count("entries__title", distinct=True))
        .order_by("-size", "name")[:limit]
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=CollectionEntry.objects.select_related("title").order_by(
                    "position", "title__start_year"
                ),
            )
        )
    )
    return [
        (collection, list({e.title_id: e.title for e in collection.entries.all()}.values()))
        for collection in collections
    ]


@dataclass(frozen=True)
class TitleKind:
    """What a chart needs to know to place a title: its type and genres."""

    title_type: str
    genres: tuple[str, ...]


# Ids per query: far below SQLite's variable limit (32,766 since 3.32).
ID_CHUNK = 5_000


def get_title_kinds(title_ids: Iterable[int]) -> dict[int, TitleKind]:
    """Return the type and genres of each title in ``title_ids`` (one query per 5,000)."""
    ids = list(title_ids)
    kinds: dict[int, TitleKind] = {}
    for start in range(0, len(ids), ID_CHUNK):
        rows = Title.objects.filter(pk__in=ids[start : start + ID_CHUNK]).values_list(
            "pk", "title_type", "genres"
        )
        kinds.update((pk, TitleKind(kind, tuple(split_list(genres)))) for pk, kind, genres in rows)
    return kinds


def iter_published_ratings() -> Iterator[tuple[int, int, float]]:
    """Yield ``(title_id, num_votes, average_rating)`` of every title a source rates.

    The database casts the average to a float: a ``Decimal`` built per row was
    most of the time the charts took to rank an IMDb import's 1.6 million
    rated titles, which are scored as floats anyway.
    """
    rows = Title.objects.filter(num_votes__gt=0, average_rating__isnull=False).values_list(
        "pk", "num_votes", Cast("average_rating", FloatField())
    )
    for pk, votes, average in rows.order_by().iterator(chunk_size=5_000):
        if votes is not None and average is not None:  # the filter's promise, for the types
            yield pk, votes, average


def list_published_popularity(*, limit: int) -> list[int]:
    """Return the ids of the titles a source ranks by popularity, most popular first."""
    rows = Title.objects.filter(popularity_rank__isnull=False).order_by("popularity_rank", "pk")
    return list(rows.values_list("pk", flat=True)[:limit])


def list_box_office_grosses() -> dict[int, BoxOffice]:
    """Return each title's best-stated gross in US dollars: worldwide where a source states it.

    Sources state grosses per region; a worldwide figure includes the others,
    so it wins, then the largest regional one. Lower-precedence sources' rows
    are kept only where no better source states a gross.
    """
    best: dict[int, BoxOffice] = {}
    rows = BoxOffice.objects.filter(kind=BoxOfficeKind.GROSS, currency="USD").select_related(
        "source"
    )
    for row in rows.order_by():
        current = best.get(row.title_id)
        if current is None or _gross_rank(row) < _gross_rank(current):
            best[row.title_id] = row
    return best


def _gross_rank(row: BoxOffice) -> tuple[int, bool, int]:
    return (source_rank(row.source.kind), row.region.lower() != "worldwide", -row.amount)


def get_source_key_titles(source: Source) -> dict[str, int]:
    """Return the id of each title ``source`` has already named, by the source's own key."""
    return dict(TitleSourceKey.objects.filter(source=source).values_list("key", "title_id"))


def _named_titles(keys: Iterable[str], years: Iterable[int]) -> QuerySet[Title]:
    """Return the non-episode titles whose folded name is one of ``keys``, released in ``years``."""
    return (
        Title.objects.filter(folded_title__in=keys, start_year__in=years)
        .exclude(title_type=TitleType.TV_EPISODE)
        .order_by("pk")
    )


def find_title_by_name(names: Iterable[str], year: int | None) -> Title | None:
    """Return the non-episode title one of ``names`` folds to, released in ``year``.

    Without a year a name is too weak a match (remakes share names), so none is returned.
    """
    if year is None:
        return None
    keys = [key for key in dict.fromkeys(fold(name) for name in names) if key]
    if not keys:
        return None
    return _named_titles(keys, [year]).first()


def find_titles_by_names(pairs: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], Title]:
    """Return the title each ``(name, year)`` names, as ``find_title_by_name`` would find it.

    Set-based, for imports: one query per 5,000 distinct names, however many
    pairs. Pairs without a year or a foldable name are left out of the answer.
    """
    wanted: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for name, year in pairs:
        key = fold(name)
        if year is not None and key:
            wanted.setdefault((key, year), []).append((name, year))
    found: dict[tuple[str, int], Title] = {}
    keys = list(wanted)
    for start in range(0, len(keys), ID_CHUNK):
        chunk = keys[start : start + ID_CHUNK]
        names = {name for name, _ in chunk}
        years = {year for _, year in chunk}
        for title in _named_titles(names, years):
            if title.start_year is None:
                continue
            for pair in wanted.get((title.folded_title, title.start_year), []):
                found.setdefault(pair, title)
    return found


def find_titles_a_year_off(
    pairs: Iterable[tuple[str, int | None]],
) -> dict[tuple[str, int], Title]:
    """Return the title each ``(name, year)`` names exactly, released a year before or after.

    For the pairs ``find_titles_by_names`` found nothing for: sources disagree
    on a year by one (a festival premiere against the release). Only a sure
    match counts: the name equals the title's primary or original title, in
    any case, and exactly one title so named was released in ``year - 1`` or
    ``year + 1``. One query per 5,000 distinct names.
    """
    wanted: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for name, year in pairs:
        folded = fold(name)
        if year is not None and folded:
            wanted.setdefault((folded, year), []).append((name, year))
    candidates: dict[tuple[str, int], list[Title]] = {}
    keys = list(wanted)
    for start in range(0, len(keys), ID_CHUNK):
        chunk = keys[start : start + ID_CHUNK]
        names = {name for name, _ in chunk}
        years = {near for _, year in chunk for near in (year - 1, year + 1)}
        for title in _named_titles(names, years):
            for offset in (-1, 1):
                if (
                    title.start_year is not None
                    and (near := (title.folded_title, title.start_year - offset)) in wanted
                ):
                    candidates.setdefault(near, []).append(title)
    found: dict[tuple[str, int], Title] = {}
    for near, titles in candidates.items():
        for name, year in wanted[near]:
            exact = [
                title
                for title in titles
                if name.casefold()
                in {title.primary_title.casefold(), title.original_title.casefold()}
            ]
            if len(exact) == 1:
                found[(name, year)] = exact[0]
    return found


def get_titles_by_tconst(tconsts: Iterable[str]) -> dict[str, Title]:
    """Return the titles with these IMDb ids, by id (one query per 5,000)."""
    ids = list(dict.fromkeys(tconsts))
    found: dict[str, Title] = {}
    for start in range(0, len(ids), ID_CHUNK):
        for title in Title.objects.filter(tconst__in=ids[start : start + ID_CHUNK]):
            if title.tconst:
                found[title.tconst] = title
    return found


def list_most_voted_titles(*, limit: int) -> list[tuple[int, int]]:
    """Return ``(title id, votes)`` of the ``limit`` most-voted titles, through title_votes_idx."""
    rows = Title.objects.filter(num_votes__gt=0).order_by("-num_votes", "pk")
    return [(pk, votes) for pk, votes in rows.values_list("pk", "num_votes")[:limit] if votes]


def list_known_for_people(title_ids: Iterable[int]) -> list[tuple[int, int]]:
    """Return ``(person id, title id)`` for everyone known for one of ``title_ids``.

    One query per 5,000 titles, each through the known-for table's title index.
    """
    ids = list(title_ids)
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(ids), ID_CHUNK):
        rows = KnownFor.objects.filter(title_id__in=ids[start : start + ID_CHUNK])
        pairs.extend(rows.order_by().distinct().values_list("person_id", "title_id"))
    return pairs


@dataclass
class ExportFacts:
    """What a history export states about a title beyond its own columns."""

    directors: list[str] = field(default_factory=list)
    release_date: datetime.date | None = None


def get_export_facts(title_ids: Iterable[int]) -> dict[int, ExportFacts]:
    """Return each title's directors (in billing order) and first release date.

    For IMDb's export columns "Directors" and "Release Date". Two queries per
    5,000 titles; a title with neither is left out.
    """
    ids = list(dict.fromkeys(title_ids))
    facts: dict[int, ExportFacts] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        directed = (
            Credit.objects.filter(title_id__in=chunk, category=CreditCategory.DIRECTOR)
            .order_by("title_id", "ordering", "pk")
            .values_list("title_id", "person__primary_name")
        )
        for title_id, name in directed:
            names = facts.setdefault(title_id, ExportFacts()).directors
            if name not in names:
                names.append(name)
        released = (
            ReleaseDate.objects.filter(title_id__in=chunk)
            .values_list("title_id")
            .annotate(first=Min("release_date"))
            .order_by()
        )
        for title_id, first in released:
            facts.setdefault(title_id, ExportFacts()).release_date = first
    return facts


# The distinct values of ``Title.genres``, read by hopping through title_genres_idx
# from one value to the next: one index probe per value, never a scan of the titles.
_GENRE_COMBINATIONS_SQL = f"""
WITH RECURSIVE combination(genres) AS (
    SELECT MIN(genres) FROM {Title._meta.db_table}
    UNION ALL
    SELECT (SELECT MIN(genres) FROM {Title._meta.db_table} WHERE genres > combination.genres)
    FROM combination WHERE combination.genres IS NOT NULL
)
SELECT genres FROM combination WHERE genres IS NOT NULL
"""  # noqa: S608 - the table's own name


def list_genre_combinations() -> list[str]:
    """Return every combination of genres a title has, as stored ("Action,Crime"), sorted.

    A title lists one to three of IMDb's 28 genres, so there are a few thousand
    combinations however many titles there are (3,683 at any scale of the
    generated dumps). Matching them against a genre is how a browse page finds
    its titles through an index, rare genres included: a genre inside a
    comma-separated column is not a prefix any B-tree can seek. Read fresh
    each time (15 ms at 3,683 combinations on SQLite), so a title's new
    combination is found at once.
    """
    with connection.cursor() as cursor:
        cursor.execute(_GENRE_COMBINATIONS_SQL)
        return [genres for (genres,) in cursor.fetchall()]
