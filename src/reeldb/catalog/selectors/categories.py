"""Reads for search's other categories: companies, keywords, characters, quotes, plots, bios.

Search indexes what the ``iter_…`` functions yield and shows what the
``get_…`` functions return for its hits; like ``names``, this is search's
only window on these tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, F, Max, Min, Model, QuerySet

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    Company,
    CompanyCredit,
    Credit,
    CreditCategory,
    Keyword,
    Person,
    Plot,
    Quote,
    Title,
    TitleType,
)
from reeldb.catalog.selectors.common import in_pages

# Ids per page when a whole table is read: one query a page.
PAGE = 5_000
# Credits are read by title id ranges of this width, through the (title,
# ordering) index: about a dozen credits a title.
TITLE_IDS_PER_PAGE = 2_000
COMPANY_TITLES_SHOWN = 3
ModelT = TypeVar("ModelT", bound=Model)
# Only actors' and actresses' roles are characters: self credits and archive
# footage name the person ("Self", "Himself"), not a character.
ROLE_CATEGORIES = (CreditCategory.ACTOR, CreditCategory.ACTRESS)


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company and its best-known title's votes."""

    id: int
    name: str
    popularity: int


@dataclass(frozen=True, slots=True)
class KeywordCount:
    """A keyword as written, how many titles have it, and its first row's id (a stable key)."""

    keyword: str
    first_id: int
    titles: int


@dataclass(frozen=True, slots=True)
class CharacterCredit:
    """One cast credit's characters, with what ranks them: its title's type, year and votes."""

    title_id: int
    characters: list[str]
    title_type: str
    start_year: int | None
    num_votes: int


@dataclass(frozen=True, slots=True)
class TitleText:
    """A quote (its lines as "Character: words") or a plot of a title, and the title's votes.

    ``kind`` is ``"quote"`` or a ``PlotKind``; ``author`` is a plot's.
    """

    title_id: int
    row_id: int
    kind: str
    text: str
    author: str
    popularity: int


@dataclass(frozen=True, slots=True)
class PersonBio:
    person_id: int
    bio: str
    popularity: int


@dataclass
class CompanySummary:
    """What a search hit shows of a company: its roles and countries, its best-known titles."""

    company: Company
    roles: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)


@dataclass(frozen=True)
class CharacterSummary:
    """What a search hit shows of a character: the credit's title and person."""

    title: Title
    person: Person


def iter_company_names() -> Iterator[CompanyName]:
    """Yield every company with the votes of its most voted title (one query)."""
    rows = Company.objects.annotate(votes=Max("credits__title__num_votes")).order_by("pk")
    for pk, name, votes in rows.values_list("pk", "name", "votes").iterator(chunk_size=PAGE):
        yield CompanyName(pk, name, votes or 0)


def iter_keyword_counts() -> Iterator[KeywordCount]:
    """Yield every distinct keyword and how many titles have it (one query)."""
    rows = (
        Keyword.objects.values("keyword")
        .annotate(titles=Count("title_id", distinct=True), first_id=Min("pk"))
        .order_by("keyword")
        .values_list("keyword", "first_id", "titles")
    )
    for keyword, first_id, titles in rows.iterator(chunk_size=PAGE):
        yield KeywordCount(keyword, first_id, titles)


def iter_character_credits(*, with_episodes: bool) -> Iterator[CharacterCredit]:
    """Yield every actor's and actress's credit that names characters: most voted titles first.

    Titles are read in ``title_votes_idx`` order, a page at a time, and
    their credits through the (title, ordering) index, billing first;
    ``with_episodes=False`` skips episodes.
    """
    titles = Title.objects.order_by(F("num_votes").desc(nulls_last=True), "pk")
    if not with_episodes:
        titles = titles.exclude(title_type=TitleType.TV_EPISODE)
    rows = titles.values_list("pk", "title_type", "start_year", "num_votes")
    for page in in_pages(rows.iterator(chunk_size=TITLE_IDS_PER_PAGE), TITLE_IDS_PER_PAGE):
        roles: dict[int, list[list[object]]] = defaultdict(list)
        for title_id, characters in (
            Credit.objects.filter(title_id__in=[row[0] for row in page])
            .filter(category__in=ROLE_CATEGORIES)
            .order_by("title_id", "ordering", "pk")
            .values_list("title_id", "characters")
        ):
            if characters:
                roles[title_id].append(characters)
        for title_id, title_type, year, votes in page:
            for characters in roles.get(title_id, []):
                yield CharacterCredit(
                    title_id, [str(c) for c in characters], title_type, year, votes or 0
                )


def get_character_summaries(
    roles: Iterable[tuple[int, str]],
) -> dict[tuple[int, str], CharacterSummary]:
    """Return, for each (title id, folded role), the title and its first-billed actor in it.

    One query: the titles' cast credits, read through the (title, ordering)
    index, their roles folded here as search folds them.
    """
    wanted = set(roles)
    credits = (
        Credit.objects.filter(
            title_id__in={title_id for title_id, _ in wanted}, category__in=ROLE_CATEGORIES
        )
        .select_related("title__parent", "person")
        .order_by("title_id", "ordering", "pk")
    )
    summaries: dict[tuple[int, str], CharacterSummary] = {}
    for credit in credits:
        for character in credit.characters:
            key = (credit.title_id, fold(str(character)))
            if key in wanted and key not in summaries:
                summaries[key] = CharacterSummary(credit.title, credit.person)
    return summaries


def get_company_summaries(company_ids: Iterable[int]) -> dict[int, CompanySummary]:
    """Return these companies with their roles, countries and most voted titles (two queries)."""
    summaries = {
        company.pk: CompanySummary(company)
        for company in Company.objects.filter(pk__in=list(company_ids))
    }
    if not summaries:
        return summaries
    credits = (
        CompanyCredit.objects.filter(company_id__in=list(summaries))
        .select_related("title")
        .order_by("company_id", "-title__num_votes", "title_id")
    )
    for credit in credits:
        summary = summaries[credit.company_id]
        role = credit.get_role_display()
        if role not in summary.roles:
            summary.roles.append(role)
        if credit.country and credit.country not in summary.countries:
            summary.countries.append(credit.country)
        if credit.title not in summary.titles and len(summary.titles) < COMPANY_TITLES_SHOWN:
            summary.titles.append(credit.title)
    return summaries


def _quote_text(lines: object) -> str:
    """Return a quote's lines one a line, each "Character: words" when the speaker is known."""
    if not isinstance(lines, list):
        return ""
    said = []
    for line in lines:
        if not isinstance(line, dict):
            continue
        speaker, words = str(line.get("character") or ""), str(line.get("text") or "")
        said.append(f"{speaker}: {words}" if speaker else words)
    return "\n".join(said)


def _keyset_pages(rows: QuerySet[ModelT]) -> Iterator[list[ModelT]]:
    """Yield ``rows`` in id order, ``PAGE`` at a time, each page read after the last one's id."""
    last = 0
    while page := list(rows.filter(pk__gt=last).order_by("pk")[:PAGE]):
        yield page
        last = page[-1].pk


def _title_texts(title_id: int | None) -> Iterator[TitleText]:
    """Yield the quotes and plots of one title, or of every title a page at a time."""
    quotes = Quote.objects.select_related("title")
    plots = Plot.objects.select_related("title")
    if title_id is not None:
        quotes, plots = quotes.filter(title_id=title_id), plots.filter(title_id=title_id)
    for quote_page in _keyset_pages(quotes):
        for quote in quote_page:
            if text := _quote_text(quote.lines):
                yield TitleText(
                    quote.title_id, quote.pk, "quote", text, "", quote.title.num_votes or 0
                )
    for plot_page in _keyset_pages(plots):
        for plot in plot_page:
            if plot.text.strip():
                yield TitleText(
                    plot.title_id,
                    plot.pk,
                    plot.kind,
                    plot.text,
                    plot.author,
                    plot.title.num_votes or 0,
                )


def iter_title_texts() -> Iterator[TitleText]:
    """Yield every quote and plot, with its title's votes."""
    return _title_texts(None)


def get_title_texts(title_id: int) -> list[TitleText]:
    """Return one title's quotes and plots (none if it was deleted)."""
    return list(_title_texts(title_id))


def _bios(person_id: int | None) -> Iterator[PersonBio]:
    last = 0
    people = Person.objects.exclude(bio="").annotate(votes=Max("known_for__title__num_votes"))
    if person_id is not None:
        people = people.filter(pk=person_id)
    while page := list(
        people.filter(pk__gt=last).order_by("pk").values_list("pk", "bio", "votes")[:PAGE]
    ):
        for pk, bio, votes in page:
            yield PersonBio(pk, bio, votes or 0)
        last = page[-1][0]


def iter_person_bios() -> Iterator[PersonBio]:
    """Yield every person who has a bio, with their best-known title's votes."""
    return _bios(None)


def get_person_bio(person_id: int) -> PersonBio | None:
    """Return one person's bio, or ``None`` if they have none or no longer exist."""
    return next(_bios(person_id), None)
