"""What recommendations compare titles by: genres, people, keywords, series, and sources' picks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reeldb.catalog.models import (
    CollectionEntry,
    Credit,
    CreditCategory,
    Keyword,
    Recommendation,
    Title,
    split_list,
)
from reeldb.catalog.selectors.lists import ID_CHUNK

# The billed cast a title is known by: later names say little about it.
BILLED_CAST = 10
CAST = (CreditCategory.ACTOR, CreditCategory.ACTRESS, CreditCategory.SELF)


@dataclass
class TitleTraits:
    """One title's comparable facts; people and series map their id to the name shown."""

    genres: tuple[str, ...] = ()
    directors: dict[int, str] = field(default_factory=dict)
    writers: dict[int, str] = field(default_factory=dict)
    cast: dict[int, tuple[str, int]] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    series: dict[int, str] = field(default_factory=dict)
    recommended: tuple[int, ...] = ()


def get_title_traits(title_ids: Iterable[int]) -> dict[int, TitleTraits]:
    """Return the traits of each title in ``title_ids``: five queries per 5,000 titles.

    Cast are the first ``BILLED_CAST`` billed, with their billing position.
    """
    ids = list(title_ids)
    traits: dict[int, TitleTraits] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        for pk, genres in Title.objects.filter(pk__in=chunk).values_list("pk", "genres"):
            traits[pk] = TitleTraits(genres=tuple(split_list(genres)))
        credits = Credit.objects.filter(
            title_id__in=chunk,
            category__in=[CreditCategory.DIRECTOR, CreditCategory.WRITER, *CAST],
        ).values_list("title_id", "person_id", "person__primary_name", "category", "ordering")
        for title_id, person_id, name, category, ordering in credits.order_by():
            found = traits[title_id]
            if category == CreditCategory.DIRECTOR:
                found.directors[person_id] = name
            elif category == CreditCategory.WRITER:
                found.writers[person_id] = name
            elif ordering <= BILLED_CAST:
                billing = min(ordering, found.cast.get(person_id, (name, ordering))[1])
                found.cast[person_id] = (name, billing)
        keywords: dict[int, list[str]] = {}
        rows = Keyword.objects.filter(title_id__in=chunk).values_list("title_id", "keyword")
        for title_id, keyword in rows.order_by("title_id", "ordering", "pk"):
            keywords.setdefault(title_id, []).append(keyword.casefold())
        for title_id, words in keywords.items():
            traits[title_id].keywords = tuple(dict.fromkeys(words))
        entries = CollectionEntry.objects.filter(title_id__in=chunk).values_list(
            "title_id", "collection_id", "collection__name"
        )
        for title_id, collection_id, name in entries.order_by():
            traits[title_id].series[collection_id] = name
        picks: dict[int, list[int]] = {}
        targets = Recommendation.objects.filter(title_id__in=chunk).values_list(
            "title_id", "target_id"
        )
        for title_id, target_id in targets.order_by("title_id", "ordering", "pk"):
            picks.setdefault(title_id, []).append(target_id)
        for title_id, targets_of in picks.items():
            traits[title_id].recommended = tuple(dict.fromkeys(targets_of))
    return traits
