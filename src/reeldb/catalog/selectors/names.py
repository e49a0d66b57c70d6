"""Reads for search: every name a title or person goes by, and short summaries of hits.

Search indexes these names and shows these summaries; it reads the catalogue
only through here, so the catalogue's tables can change without search knowing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Max

from reeldb.catalog.models import (
    CAST_CATEGORIES,
    Aka,
    Credit,
    CreditCategory,
    KnownFor,
    Person,
    Title,
)

# Rows per page when the whole catalogue is read: two queries per page, each
# far below SQLite's variable limit.
NAMES_PAGE = 5_000
DIRECTORS_SHOWN = 2
STARS_SHOWN = 3
KNOWN_FOR_SHOWN = 2


@dataclass(frozen=True, slots=True)
class TitleNames:
    """A title's names, primary first, then the original title and its AKAs."""

    id: int
    title_type: str
    start_year: int | None
    num_votes: int
    names: list[str]


@dataclass(frozen=True, slots=True)
class PersonNames:
    """A person's name and how well known they are: their best-known title's votes.

    The votes of one title, not a sum, so that a person and a film rank on
    one scale in the search box: the film itself comes before its cast.
    """

    id: int
    primary_name: str
    birth_year: int | None
    popularity: int


def count_titles_and_people() -> int:
    """Return how many titles and people ``iter_title_names`` and ``iter_person_names`` yield."""
    return Title.objects.count() + Person.objects.count()


def _title_page(low: int, high: int) -> list[TitleNames]:
    """Return the names of the titles with ids in ``[low, high]`` (two queries)."""
    akas: dict[int, list[str]] = defaultdict(list)
    for title_id, aka_title in (
        Aka.objects.filter(title_id__gte=low, title_id__lte=high)
        .order_by()
        .values_list("title_id", "aka_title")
    ):
        akas[title_id].append(aka_title)
    rows = (
        Title.objects.filter(pk__gte=low, pk__lte=high)
        .order_by("pk")
        .values_list(
            "pk", "title_type", "start_year", "num_votes", "primary_title", "original_title"
        )
    )
    return [
        TitleNames(pk, kind, year, votes or 0, [primary, original, *akas.get(pk, [])])
        for pk, kind, year, votes, primary, original in rows
    ]


def _id_pages(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Yield ``(low, high)`` id ranges of ``NAMES_PAGE`` ids each, from the ids in order."""
    page: list[int] = []
    for pk in ids:
        page.append(pk)
        if len(page) == NAMES_PAGE:
            yield page[0], page[-1]
            page = []
    if page:
        yield page[0], page[-1]


def iter_title_names() -> Iterator[TitleNames]:
    """Yield every title's names, in id order, a page of ids at a time."""
    ids = Title.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=NAMES_PAGE)
    for low, high in _id_pages(ids):
        yield from _title_page(low, high)


def get_title_names(title_id: int) -> TitleNames | None:
    """Return one title's names, or ``None`` if it no longer exists."""
    found = _title_page(title_id, title_id)
    return found[0] if found else None


def _person_page(low: int, high: int) -> list[PersonNames]:
    """Return the names of the people with ids in ``[low, high]`` (two queries)."""
    popularity = dict(
        KnownFor.objects.filter(person_id__gte=low, person_id__lte=high)
        .order_by()
        .values("person_id")
        .annotate(votes=Max("title__num_votes"))
        .values_list("person_id", "votes")
    )
    rows = (
        Person.objects.filter(pk__gte=low, pk__lte=high)
        .order_by("pk")
        .values_list("pk", "primary_name", "birth_year")
    )
    return [PersonNames(pk, name, born, popularity.get(pk) or 0) for pk, name, born in rows]


def iter_person_names() -> Iterator[PersonNames]:
    """Yield every person's name, in id order, a page of ids at a time."""
    ids = Person.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=NAMES_PAGE)
    for low, high in _id_pages(ids):
        yield from _person_page(low, high)


def get_person_names(person_id: int) -> PersonNames | None:
    """Return one person's name, or ``None`` if they no longer exist."""
    found = _person_page(person_id, person_id)
    return found[0] if found else None


@dataclass
class TitleSummary:
    """What a search hit shows of a title: the title, its directors and first-billed stars."""

    title: Title
    directors: list[str] = field(default_factory=list)
    stars: list[str] = field(default_factory=list)


@dataclass
class PersonSummary:
    """What a search hit shows of a person: the person and the titles they are known for."""

    person: Person
    known_for: list[Title] = field(default_factory=list)


def get_title_summaries(title_ids: Iterable[int], *, with_credits: bool) -> dict[int, TitleSummary]:
    """Return the titles with these ids, with their main credits if asked (one or two queries).

    Credits are read by the (title, ordering) index; a person credited by two
    sources is named once.
    """
    ids = list(dict.fromkeys(title_ids))
    summaries = {
        title.pk: TitleSummary(title)
        for title in Title.objects.filter(pk__in=ids).select_related("parent")
    }
    if not with_credits or not summaries:
        return summaries
    credits = (
        Credit.objects.filter(
            title_id__in=list(summaries),
            category__in=[CreditCategory.DIRECTOR, *CAST_CATEGORIES],
        )
        .order_by("title_id", "ordering", "pk")
        .values_list("title_id", "category", "person__primary_name")
    )
    for title_id, category, name in credits:
        summary = summaries[title_id]
        if category == CreditCategory.DIRECTOR:
            names, limit = summary.directors, DIRECTORS_SHOWN
        else:
            names, limit = summary.stars, STARS_SHOWN
        if name not in names and len(names) < limit:
            names.append(name)
    return summaries


def get_person_summaries(person_ids: Iterable[int]) -> dict[int, PersonSummary]:
    """Return the people with these ids and their first known-for titles (two queries)."""
    ids = list(dict.fromkeys(person_ids))
    summaries = {person.pk: PersonSummary(person) for person in Person.objects.filter(pk__in=ids)}
    if not summaries:
        return summaries
    rows = (
        KnownFor.objects.filter(person_id__in=list(summaries))
        .select_related("title")
        .order_by("person_id", "ordering", "pk")
    )
    for row in rows:
        known_for = summaries[row.person_id].known_for
        if row.title not in known_for and len(known_for) < KNOWN_FOR_SHOWN:
            known_for.append(row.title)
    return summaries
