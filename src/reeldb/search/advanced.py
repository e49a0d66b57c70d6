"""Advanced title search (``/search/title``): the titles that pass a set of filters, sorted.

``TitleFilters`` is a validated query (``search.forms.TitleSearchForm`` builds
one from a request). ``search_titles`` turns it into one queryset, so every
filter is a condition the database evaluates and nothing is filtered in
Python; ``get_title_search_page`` cuts one page of it.

At IMDb's size (12 million titles) what matters is where a query starts. A
sort by popularity, votes, rating or year walks its own index (catalog migrations
0010 and 0014) and stops once the page is full, however broad the filters; type and
year narrow through ``title_type_year_idx``; keywords and people start from
their indexes (``keyword_idx``; the IMDb id or ``person_folded_name_idx``, then
``credit_person_category_idx``) and reach titles by id; a certificate or a company is
looked for in its own, far smaller, table first.

Genres are a comma-separated column ("Action,Crime"), and a genre inside it is
no prefix a B-tree can seek. But titles share a few thousand combinations of
genres, so a genre filter becomes the list of combinations that pass it,
looked up in ``title_genres_idx``: the count reads only matching index
entries, and a page of a rare genre (or of three genres at once) sorts its few
titles. When more titles match than the pages reach, the page instead walks
the sort's index and tests each title's combination, which stops after fifty.
Languages and countries, set on far fewer titles, are matched inside the
text on the titles the rest leaves. Counting stops at ``MAX_RESULTS``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple, cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ExpressionWrapper, F, Lookup, OrderBy, Q, QuerySet, Value
from django.db.models.functions import Concat

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    LOCAL_PERSON_PREFIX,
    Certification,
    CompanyCredit,
    Credit,
    Keyword,
    Person,
    Title,
)
from reeldb.catalog.selectors import PERSON_ID, list_genre_combinations

# IMDb's genres as its datasets spell them; every importer maps its source's onto these.
GENRES = (
    "Action", "Adult", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
    "Drama", "Family", "Fantasy", "Film-Noir", "Game-Show", "History", "Horror", "Music",
    "Musical", "Mystery", "News", "Reality-TV", "Romance", "Sci-Fi", "Short", "Sport",
    "Talk-Show", "Thriller", "War", "Western",
)  # fmt: skip

PAGE_SIZE = 50
# IMDb's own advanced search pages through its first 10,000 results too: past
# them a count, or an OFFSET, costs a scan of everything that matches.
MAX_RESULTS = 10_000
MAX_PAGE = MAX_RESULTS // PAGE_SIZE
# From this many matches a page walks the sort's index (``_search``'s ``broad``)
# rather than gathering the matches and sorting their ids. Gathering costs about
# 2 µs a match on SQLite (31 ms for the 16,847 titles of 1960), walking about
# PAGE_SIZE × titles / matches steps of the index (100 ms for the same among 12
# million titles): at IMDb's size the two meet near 30,000 matches.
BROAD_AT = 30_000
# What a regular expression must escape to match a text as written.
NOT_WORD = re.compile(r"\W")


class TitleSort(models.TextChoices):
    POPULARITY = "popularity", "Popularity"
    RATING = "rating", "Rating"
    VOTES = "votes", "Number of votes"
    YEAR = "year", "Year"
    TITLE = "title", "Title"
    RUNTIME = "runtime", "Runtime"


class GenreMatch(models.TextChoices):
    ALL = "all", "All of them"
    ANY = "any", "Any of them"


class SortColumn(NamedTuple):
    name: str
    high_first: bool
    nulls_last: bool = True


# The columns each sort orders by, and whether each runs high to low when the
# sort is descending (most popular, best rated, newest, Z to A first). The
# popularity rank a source publishes counts up from 1, the most popular; titles
# without one follow, by votes.
SORT_COLUMNS: dict[str, tuple[SortColumn, ...]] = {
    TitleSort.POPULARITY: (SortColumn("popularity_rank", False), SortColumn("num_votes", True)),
    TitleSort.RATING: (SortColumn("average_rating", True), SortColumn("num_votes", True)),
    TitleSort.VOTES: (SortColumn("num_votes", True),),
    TitleSort.YEAR: (SortColumn("start_year", True),),
    # Folded: "the Godfather" sorts with "The Godfather", "Édith" with "Edith". Titles
    # of one name go by year in the database's own order of NULL (undated ones first
    # on SQLite, last on PostgreSQL): SQLite walks title_folded_year_idx only then.
    TitleSort.TITLE: (
        SortColumn("folded_title", True),
        SortColumn("start_year", True, nulls_last=False),
    ),
    TitleSort.RUNTIME: (SortColumn("runtime_minutes", True),),
}
# The direction a sort takes when none is asked for.
DESCENDING_BY_DEFAULT = frozenset(SORT_COLUMNS) - {TitleSort.TITLE}


@dataclass(frozen=True)
class TitleFilters:
    """One advanced search: every filter is optional, and a title must pass all that are set.

    Genres are spelt as in ``GENRES``; text filters are stripped and hold no
    control character (the form sees to both).
    """

    title_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    genres: tuple[str, ...] = ()
    genre_match: str = GenreMatch.ALL
    rating_min: Decimal | None = None
    rating_max: Decimal | None = None
    votes_min: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    language: str = ""
    country: str = ""
    certificate: str = ""
    keywords: tuple[str, ...] = ()
    company: str = ""
    person: str = ""
    sort: str = TitleSort.POPULARITY
    descending: bool = True


def _ranges(filters: TitleFilters, *, year: str = "start_year") -> Q:
    """Match the ranges ``filters`` sets, reading years from ``year`` (a column or an alias)."""
    bounds = {
        f"{year}__gte": filters.year_from,
        f"{year}__lte": filters.year_to,
        "average_rating__gte": filters.rating_min,
        "average_rating__lte": filters.rating_max,
        "num_votes__gte": filters.votes_min,
        "runtime_minutes__gte": filters.runtime_min,
        "runtime_minutes__lte": filters.runtime_max,
    }
    return Q(**{lookup: bound for lookup, bound in bounds.items() if bound is not None})


class ListsItem(Lookup[str]):
    """Whether a comma-separated column lists the item whole, in any case: "Music" is not "Musical".

    PostgreSQL gets one case-blind regular expression on the plain column,
    ``(^|,)item(,|$)``, which its planner estimates from the column's
    statistics. Django's ``icontains`` compares ``UPPER(column)``, which has
    none: the planner then guessed a handful of matches and scanned every
    title rather than walk the sort's index (0.29 s against 0.9 ms for
    "Action" over 600,000 titles); four ``ILIKE`` patterns cost twice the
    expression. SQLite's ``LIKE`` is case-blind already (for ASCII letters):
    four patterns match the item as the only, first, last or a middle entry.
    """

    def __init__(self, column: str, item: str) -> None:
        super().__init__(F(column), Value(item))
        self.item = item

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        column, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            item = NOT_WORD.sub(lambda match: "\\" + match.group(0), self.item)
            return f"{column} ~* %s", (*params, f"(^|,){item}(,|$)")
        escaped = connection.ops.prep_for_like_query(self.item)
        patterns = (escaped, f"{escaped},%", f"%,{escaped}", f"%,{escaped},%")
        matches = " OR ".join(f"{column} LIKE %s ESCAPE '\\'" for _ in patterns)
        return f"({matches})", tuple(value for pattern in patterns for value in (*params, pattern))


def _listing(column: str, items: Sequence[str], *, match_all: bool) -> Q:
    """Match titles whose comma-separated ``column`` lists all (or any) of ``items``."""
    conditions = [Q(ListsItem(column, item)) for item in items]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined & condition if match_all else combined | condition
    return combined


def _people(person: str) -> QuerySet[Person]:
    """Return the people ``person`` names: an IMDb or local id, else everyone of that name.

    A name is matched folded (case, accents and punctuation aside) through
    ``person_folded_name_idx``; two people who share a name are both meant, and
    a name of punctuation alone names no one.
    """
    if PERSON_ID.fullmatch(person):
        if person.startswith(LOCAL_PERSON_PREFIX):
            return Person.objects.filter(pk=int(person.removeprefix(LOCAL_PERSON_PREFIX)))
        return Person.objects.filter(nconst=person)
    folded = fold(person)
    return Person.objects.filter(folded_name=folded) if folded else Person.objects.none()


def _certified(certificate: str) -> QuerySet[Certification]:
    """Return the certifications ``certificate`` names: "R", or "United States:R"."""
    country, _, rating = certificate.rpartition(":")
    rows = Certification.objects.filter(rating__iexact=rating.strip())
    if country.strip():
        rows = rows.filter(country__iexact=country.strip())
    return rows


def _facts(filters: TitleFilters) -> Q:
    """Match titles by their facts and credits: each a list of title ids from its own index."""
    condition = Q()
    for keyword in filters.keywords:
        # Keywords are stored as IMDb writes them, in lower case; an exact match
        # keeps to keyword_idx, which a case-insensitive comparison would not use.
        wanted = {keyword, keyword.lower()}
        condition &= Q(pk__in=Keyword.objects.filter(keyword__in=wanted).values("title_id"))
    if filters.certificate:
        condition &= Q(pk__in=_certified(filters.certificate).values("title_id"))
    if filters.company:
        produced = CompanyCredit.objects.filter(company__name__icontains=filters.company)
        condition &= Q(pk__in=produced.values("title_id"))
    if filters.person:
        credited = Credit.objects.filter(person__in=_people(filters.person))
        condition &= Q(pk__in=credited.values("title_id"))
    return condition


def _ordering(sort: str, *, descending: bool, by_index: bool) -> list[OrderBy]:
    """Return the ORDER BY of ``sort``: titles without the figure last either way, then by id.

    Without ``by_index`` each column is an expression no index serves
    (``num_votes + 0``), so the database gathers the matches through the
    filters' indexes and sorts them. Left to choose, PostgreSQL walked the
    popularity index for the 2,391 titles of 1925, expecting them sooner, and
    read 234,392 titles (0.83 s).
    """
    columns = []
    for column in SORT_COLUMNS[sort]:
        nulls_last = True if column.nulls_last else None
        high_to_low = column.high_first == descending
        field: Any = F(column.name)
        if not by_index and column.name == "folded_title":
            field = Concat(field, Value(""), output_field=models.CharField())
        elif not by_index:
            field = ExpressionWrapper(field + 0, output_field=models.FloatField())
        columns.append(
            field.desc(nulls_last=nulls_last) if high_to_low else field.asc(nulls_last=nulls_last)
        )
    return [*columns, F("pk").asc()]


def _genre_combinations(filters: TitleFilters) -> list[str]:
    """Return the stored combinations of genres that pass the filter, in any case.

    "Music" is not "Musical": a combination passes by its whole items.
    """
    wanted = {genre.casefold() for genre in filters.genres}
    match_all = filters.genre_match == GenreMatch.ALL
    passing = []
    for combination in list_genre_combinations():
        listed = {genre.casefold() for genre in combination.split(",")}
        if wanted <= listed if match_all else not wanted.isdisjoint(listed):
            passing.append(combination)
    return passing


def search_titles(filters: TitleFilters) -> QuerySet[Title]:
    """Return the titles that pass every filter of ``filters``, in its order, unevaluated."""
    combinations = _genre_combinations(filters) if filters.genres else None
    return _search(filters, combinations, broad=False)


def _search(
    filters: TitleFilters, combinations: list[str] | None, *, broad: bool
) -> QuerySet[Title]:
    """Return the titles ``filters`` finds, their genres among ``combinations`` (if not None).

    ``broad`` (``BROAD_AT`` titles or more match) makes the page walk the
    sort's index and test each title it yields; otherwise the matches are
    gathered through the filters' indexes and sorted (``_ordering``). Broad,
    the type, year and genres are compared as expressions (``genres || ''``),
    which no index serves. Shown an index for them, a database gathers every
    title of a common genre, or of a recent year, then sorts them all: 174 ms
    for Drama over 1.2 million titles against 1.9 ms walking the index, 0.9 s
    for 2015's titles over 12 million. A sort by year keeps its own index for
    the years.
    """
    titles = Title.objects.all()
    year, title_type, genres = "start_year", "title_type", "genres"
    if broad:
        text = models.CharField()
        titles = titles.alias(
            tested_type=Concat(F("title_type"), Value(""), output_field=text),
            tested_genres=Concat(F("genres"), Value(""), output_field=text),
        )
        title_type, genres = "tested_type", "tested_genres"
        if filters.sort != TitleSort.YEAR:
            tested = ExpressionWrapper(F("start_year") + 0, output_field=models.IntegerField())
            titles = titles.alias(tested_year=tested)
            year = "tested_year"
    titles = titles.filter(_ranges(filters, year=year), _facts(filters))
    if filters.title_types:
        titles = titles.filter(**{f"{title_type}__in": filters.title_types})
    if combinations is not None:
        titles = titles.filter(**{f"{genres}__in": combinations})
    if filters.language:
        titles = titles.filter(_listing("languages", [filters.language], match_all=True))
    if filters.country:
        titles = titles.filter(_listing("countries", [filters.country], match_all=True))
    return titles.select_related("parent").order_by(
        *_ordering(filters.sort, descending=filters.descending, by_index=broad)
    )


# Paginator is generic in its stubs only: it cannot be subscripted at run time.
class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator that counts at most ``MAX_RESULTS`` titles.

    Counting every match of a broad search means reading every matching row;
    counting stops at the cap, and pages stop there too.
    """

    def __init__(self, titles: QuerySet[Title], per_page: int) -> None:
        super().__init__(titles, per_page)
        self.titles = titles

    @cached_property
    def count(self) -> int:
        return self.titles.order_by()[:MAX_RESULTS].count()

    def page(self, number: int | str) -> Page[Title]:
        """Read the page's ids first, then those titles: the sort carries ids, not whole rows.

        A search whose matches are gathered and sorted (one year's 16,847 titles)
        sorts every match; with whole rows, and their series, that took 75 ms
        against 31 ms with ids alone.
        """
        page: Page[Title] = super().page(number)
        titles = cast(QuerySet[Title], page.object_list)
        ids = list(titles.values_list("pk", flat=True))
        found = Title.objects.select_related("parent").in_bulk(ids)
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page


@dataclass(frozen=True)
class TitleSearchPage:
    """One page of an advanced search's results."""

    page: Page[Title]
    # The page asked for, when it lay past the last one (``page`` is then the last).
    past_end: int | None

    @property
    def is_capped(self) -> bool:
        """Return whether more titles match than the pages reach."""
        return bool(self.page.paginator.count >= MAX_RESULTS)


def _matches_at_least(titles: QuerySet[Title], enough: int) -> bool:
    return titles.order_by()[:enough].count() == enough


def get_title_search_page(filters: TitleFilters, *, page: int = 1) -> TitleSearchPage:
    """Return page ``page`` of the titles ``filters`` finds, or the last page if it has fewer.

    Three queries: the (capped) count, the page's ids, then those titles with
    their series; one more for a genre filter (its combinations), and one when
    the count reaches its cap, counting on to ``BROAD_AT`` to choose whether the
    page walks the sort's index (``broad``).
    """
    combinations = _genre_combinations(filters) if filters.genres else None
    paginator = CappedPaginator(_search(filters, combinations, broad=False), PAGE_SIZE)
    if paginator.count >= MAX_RESULTS and _matches_at_least(paginator.titles, BROAD_AT):
        paginator.object_list = _search(filters, combinations, broad=True)
    number = min(page, paginator.num_pages)
    return TitleSearchPage(page=paginator.page(number), past_end=page if page > number else None)
