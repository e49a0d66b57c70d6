"""Reads for a person's page: known-for titles and the filmography."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reeldb.catalog.models import (
    Credit,
    CreditCategory,
    KnownFor,
    Person,
    Title,
)
from reeldb.catalog.selectors.common import by_precedence

KNOWN_FOR_SHOWN = 4


@dataclass(frozen=True)
class FilmographyEntry:
    """One title in a filmography; a series gathers its episode credits."""

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
class FilmographyGroup:
    label: str
    entries: list[FilmographyEntry]


@dataclass(frozen=True)
class PersonPage:
    person: Person
    known_for: list[Title]
    filmography: list[FilmographyGroup]


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


def get_person_page(person: Person) -> PersonPage:
    """Return ``person``'s known-for titles and filmography grouped by category.

    Categories with most credits come first, as on IMDb; within one, newest
    first. Three queries whatever the filmography's size.
    """
    credits = by_precedence(
        Credit.objects.filter(person=person).select_related("source", "title", "title__parent")
    )
    by_category: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_category[credit.category].append(credit)
    declared = list(CreditCategory.values)
    ordered = sorted(by_category, key=lambda c: (-len(by_category[c]), declared.index(c)))
    filmography = [
        FilmographyGroup(
            FILMOGRAPHY_LABELS.get(CreditCategory(category), CreditCategory(category).label),
            _filmography_group(by_category[category]),
        )
        for category in ordered
    ]
    known_for = [
        row.title
        for row in by_precedence(
            KnownFor.objects.filter(person=person).select_related("source", "title")
        )
    ][:KNOWN_FOR_SHOWN]
    if not known_for:
        known_for = _most_voted_titles(credits)
    return PersonPage(person=person, known_for=known_for, filmography=filmography)


def _most_voted_titles(credits: Iterable[Credit]) -> list[Title]:
    """Return the best-known titles among ``credits`` when no source says what they are."""
    titles = {credit.title.pk: credit.title for credit in credits if not credit.title.is_episode}
    ranked = sorted(titles.values(), key=lambda title: -(title.num_votes or 0))
    return ranked[:KNOWN_FOR_SHOWN]
