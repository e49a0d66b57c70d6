"""Reads for a person's page: known-for titles and the filmography, a page at a time.

A person's credits run from one to tens of thousands (presenters of daily
shows, composers, archive footage). The page therefore reads counts per
category from the ``credit_person_category_idx`` index alone and the first
rows of each category through the same index, never the whole filmography:
its cost depends on the rows shown, not on the credits a person has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from reeldb.catalog.models import (
    Credit,
    CreditCategory,
    KnownFor,
    Person,
    Title,
)
from reeldb.catalog.selectors.common import PagedRows, by_precedence
from reeldb.errors import NotFound

KNOWN_FOR_SHOWN = 4
# Rows of each category on the person page; a category's own page shows more.
FILMOGRAPHY_SHOWN = 25
FILMOGRAPHY_PAGE_SIZE = 100
# The header names the first few sections, as IMDb does.
PROFESSIONS_SHOWN = 3


@dataclass(frozen=True)
class FilmographyEntry:
    """One title in a filmography; a series gathers its episode credits among those read."""

    title: Title
    credits: list[Credit]
    episode_count: int = 0
    years: str = ""

    @property
    def characters(self) -> str:
        names = dict.fromkeys(c for credit in self.credits for c in credit.characters)
        return " / ".join(str(name) for name in names)

    @property
    def jobs(self) -> str:
        return ", ".join(dict.fromkeys(credit.job for credit in self.credits if credit.job))

    @property
    def credited_as(self) -> str:
        return next((credit.credited_as for credit in self.credits if credit.credited_as), "")


@dataclass(frozen=True)
class CategoryCount:
    """How many titles credit a person in one category: ``rows`` counts each source's credit."""

    titles: int
    rows: int


@dataclass(frozen=True)
class FilmographyTab:
    """One category of a person's credits, as the tabs and the header name it."""

    category: str
    label: str
    count: int

    @property
    def anchor(self) -> str:
        return f"filmography-{self.category}"


@dataclass(frozen=True)
class FilmographyGroup(FilmographyTab, PagedRows):
    """One category's credits: how many there are, and one page of them.

    ``count`` is the number of credited titles (a series' episodes count one
    each); ``entries`` fold the episodes read into their series.
    """

    entries: list[FilmographyEntry]
    rows: int
    page: int = 1
    page_size: int = FILMOGRAPHY_SHOWN

    @property
    def page_count(self) -> int:
        return max(1, -(-self.rows // self.page_size))

    @property
    def is_partial(self) -> bool:
        """Whether credits of this category lie beyond the rows shown."""
        return self.page_count > 1


@dataclass(frozen=True)
class PersonPage:
    person: Person
    known_for: list[Title]
    tabs: list[FilmographyTab]
    filmography: list[FilmographyGroup]
    # Set when the page shows one category, page by page.
    category: str = ""

    @property
    def professions(self) -> list[FilmographyTab]:
        """Return the sections the header names, the largest first."""
        return self.tabs[:PROFESSIONS_SHOWN]


FILMOGRAPHY_LABELS = {
    CreditCategory.ACTOR: "Actor",
    CreditCategory.ACTRESS: "Actress",
    CreditCategory.SELF: "Self",
    CreditCategory.DIRECTOR: "Director",
    CreditCategory.WRITER: "Writer",
    CreditCategory.PRODUCER: "Producer",
    CreditCategory.COMPOSER: "Composer",
    CreditCategory.CINEMATOGRAPHER: "Cinematographer",
    CreditCategory.EDITOR: "Editor",
}


def filmography_label(category: str) -> str:
    """Return the name of a filmography section: "Actor", "Music department"."""
    choice = CreditCategory(category)
    return FILMOGRAPHY_LABELS.get(choice, choice.label)


def _sort_year(title: Title) -> int:
    return title.start_year or 0


def _filmography_group(credits: list[Credit]) -> list[FilmographyEntry]:
    """Return one entry per title, newest first; episode credits fold into their series."""
    by_title: dict[int, list[Credit]] = defaultdict(list)
    shown: dict[int, Title] = {}
    episodes: dict[int, set[int]] = defaultdict(set)
    episode_years: dict[int, list[int]] = defaultdict(list)
    for credit in credits:
        title = credit.title
        shown_title = title.parent if title.parent_id and title.parent else title
        by_title[shown_title.pk].append(credit)
        shown[shown_title.pk] = shown_title
        if shown_title is not title:
            episodes[shown_title.pk].add(title.pk)
            if title.start_year:
                episode_years[shown_title.pk].append(title.start_year)
    entries = []
    for pk, title in shown.items():
        years = episode_years.get(pk, [])
        span = ""
        if years:
            low, high = min(years), max(years)
            span = str(low) if low == high else f"{low}–{high}"
        entries.append(
            FilmographyEntry(
                title=title, credits=by_title[pk], episode_count=len(episodes[pk]), years=span
            )
        )
    return sorted(entries, key=lambda entry: (-_sort_year(entry.title), entry.title.primary_title))


def count_credits_by_category(person: Person) -> dict[str, CategoryCount]:
    """Return how many titles credit ``person`` in each category, largest first.

    One query that reads ``credit_person_category_idx`` alone; categories
    tie in ``CreditCategory``'s order, and unknown ones are left out.
    """
    rows = (
        Credit.objects.filter(person=person)
        .values_list("category")
        .annotate(titles=Count("title_id", distinct=True), rows=Count("*"))
        .order_by()
    )
    declared = list(CreditCategory.values)
    counts = {category: CategoryCount(titles, n) for category, titles, n in rows}
    ordered = sorted(
        (c for c in counts if c in declared), key=lambda c: (-counts[c].titles, declared.index(c))
    )
    return {category: counts[category] for category in ordered}


def _window_titles(person: Person, windows: dict[str, tuple[int, int]]) -> dict[str, list[int]]:
    """Return the titles in each category's ``(offset, limit)`` window of ``person``'s credits.

    One query of one ``UNION ALL`` branch per category, each walking
    ``credit_person_category_idx`` from the newest-catalogued title down
    (title ids grow as titles are added) and reading the index alone. The
    branches are written out because Django refuses LIMIT inside a compound
    query on SQLite; each is wrapped in a sub-select, which SQLite requires.
    """
    table = Credit._meta.db_table
    branch = (
        f"SELECT * FROM (SELECT category, title_id FROM {table} "  # noqa: S608 - the model's table
        "WHERE person_id = %s AND category = %s ORDER BY title_id DESC LIMIT %s OFFSET %s) AS w{n}"
    )
    sql = " UNION ALL ".join(branch.format(n=n) for n in range(len(windows)))
    params: list[int | str] = []
    for category, (offset, limit) in windows.items():
        params += [person.pk, category, limit, offset]
    titles: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for category, title_id in cursor.fetchall():
            titles[category].append(title_id)
    return titles


def _credit_window(person: Person, windows: dict[str, tuple[int, int]]) -> list[Credit]:
    """Return ``person``'s credits in each category's ``(offset, limit)`` window, in two queries.

    The credits are then read by person, category and title: exact lookups in
    the same index, on PostgreSQL too, where credits have no index on ``id``
    alone. A title two sources credit gives two credits of one window row.
    """
    if not windows:
        return []
    chosen = Q()
    for category, title_ids in _window_titles(person, windows).items():
        chosen |= Q(person=person, category=category, title_id__in=title_ids)
    if not chosen:
        return []
    # Each branch names person, category and titles, and nothing is ordered
    # (the page sorts by year itself): both databases then look each credit up
    # in the index (SQLite's MULTI-INDEX OR, PostgreSQL's BitmapOr). With the
    # person outside the OR or an ORDER BY, SQLite scanned all the person's credits.
    return list(
        Credit.objects.filter(chosen).select_related("source", "title", "title__parent").order_by()
    )


def get_person_page(person: Person, *, category: str = "", page: int = 1) -> PersonPage:
    """Return ``person``'s known-for titles and filmography grouped by category.

    Without ``category``, every category with its count and first
    ``FILMOGRAPHY_SHOWN`` credits; with one, that category alone,
    ``FILMOGRAPHY_PAGE_SIZE`` credits a page. Categories with most credits
    come first, as on IMDb; within the rows read, newest first. Four queries
    whatever the filmography's size. Raises ``NotFound`` for a category the
    person has no credit in or a page past the last.
    """
    counts = count_credits_by_category(person)
    if category:
        if category not in counts:
            raise NotFound("No credits in that category.")
        size = FILMOGRAPHY_PAGE_SIZE
        if page < 1 or (page - 1) * size >= counts[category].rows:
            raise NotFound("No such page.")
        windows = {category: ((page - 1) * size, size)}
    else:
        size, page = FILMOGRAPHY_SHOWN, 1
        windows = dict.fromkeys(counts, (0, size))
    credits = by_precedence(_credit_window(person, windows))
    by_category: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_category[credit.category].append(credit)
    tabs = [
        FilmographyTab(name, filmography_label(name), count.titles)
        for name, count in counts.items()
    ]
    filmography = [
        FilmographyGroup(
            category=tab.category,
            label=tab.label,
            count=tab.count,
            entries=_filmography_group(by_category[tab.category]),
            rows=counts[tab.category].rows,
            page=page,
            page_size=size,
        )
        for tab in tabs
        if tab.category in windows
    ]
    known_for = [
        row.title
        for row in by_precedence(
            KnownFor.objects.filter(person=person).select_related("source", "title")
        )
    ][:KNOWN_FOR_SHOWN]
    if not known_for:
        known_for = _most_voted_titles(credits)
    return PersonPage(
        person=person, known_for=known_for, tabs=tabs, filmography=filmography, category=category
    )


def _most_voted_titles(credits: Iterable[Credit]) -> list[Title]:
    """Return the best-known titles among the credits read, when no source names them."""
    titles = {credit.title.pk: credit.title for credit in credits if not credit.title.is_episode}
    ranked = sorted(titles.values(), key=lambda title: -(title.num_votes or 0))
    return ranked[:KNOWN_FOR_SHOWN]
