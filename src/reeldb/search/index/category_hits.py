"""What ``/find`` shows of a company, keyword, character, quote, plot or bio it found.

Each builder takes what the index matched, best first, reads what the hits
show in one or two queries, and drops what the catalogue no longer has
(deleted since the last rebuild).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from reeldb.catalog.models import Title
from reeldb.catalog.selectors import (
    CharacterSummary,
    CompanySummary,
    PersonSummary,
    TitleSummary,
    get_character_summaries,
    get_company_summaries,
    get_person_summaries,
    get_title_summaries,
)
from reeldb.search.index.highlight import highlight, snippet
from reeldb.search.index.passages import Passage
from reeldb.search.models import SearchEntry, TextKind


def _title_search_url(**filters: str) -> str:
    """Return the advanced title search's link for ``filters``: a company's or keyword's titles."""
    return f"{reverse('search:title')}?{urlencode(filters)}"


def _title_label(title: Title) -> str:
    return (
        f"{title.primary_title} ({title.start_year})" if title.start_year else title.primary_title
    )


@dataclass(frozen=True)
class CompanyHit:
    summary: CompanySummary
    name: SafeString

    @property
    def url(self) -> str:
        return _title_search_url(company=self.summary.company.name)

    @property
    def detail(self) -> str:
        """Return its roles and countries: "Production companies, Distributors · United States"."""
        parts = [", ".join(self.summary.roles), ", ".join(self.summary.countries)]
        return " · ".join(part for part in parts if part)

    @property
    def known_for(self) -> str:
        return ", ".join(_title_label(title) for title in self.summary.titles)


@dataclass(frozen=True)
class KeywordHit:
    keyword: str
    name: SafeString
    titles: int

    @property
    def url(self) -> str:
        return _title_search_url(keywords=self.keyword)

    @property
    def detail(self) -> str:
        return f"{intcomma(self.titles)} title{'' if self.titles == 1 else 's'}"


@dataclass(frozen=True)
class CharacterHit:
    """A character: its name, the title it is in and who plays it."""

    summary: CharacterSummary
    name: SafeString

    @property
    def detail(self) -> SafeString:
        """Return "Joaquim de Almeida in Desperado (1995)", the person and the title linked."""
        person, title = self.summary.person, self.summary.title
        year = f" ({title.start_year})" if title.start_year else ""
        return format_html(
            '<a href="{}">{}</a> in <a href="{}">{}</a>{}',
            person.get_absolute_url(),
            person.primary_name,
            title.get_absolute_url(),
            title.primary_title,
            year,
        )


@dataclass(frozen=True)
class PassageHit:
    """A quote, plot or bio: the title or person it is about, and its matched words."""

    passage: Passage
    snippet: SafeString
    title: TitleSummary | None = None
    person: PersonSummary | None = None


def company_hits(entries: list[SearchEntry], words: list[str]) -> list[CompanyHit]:
    summaries = get_company_summaries(entry.target_id for entry in entries)
    return [
        CompanyHit(summary, highlight(summary.company.name, words))
        for entry in entries
        if (summary := summaries.get(entry.target_id))
    ]


def keyword_hits(entries: list[SearchEntry], words: list[str]) -> list[KeywordHit]:
    """Return the keywords as the index holds them: a keyword has no row of its own to read."""
    return [
        KeywordHit(entry.name, highlight(entry.name, words), entry.popularity) for entry in entries
    ]


def character_hits(entries: list[SearchEntry], words: list[str]) -> list[CharacterHit]:
    summaries = get_character_summaries((entry.target_id, entry.folded) for entry in entries)
    return [
        CharacterHit(summary, highlight(entry.name, words))
        for entry in entries
        if (summary := summaries.get((entry.target_id, entry.folded)))
    ]


def passage_hits(passages: list[Passage], words: list[str]) -> list[PassageHit]:
    """Return each passage with its title (quotes, plots) or person (bios) and a snippet."""
    bios = [p.target_id for p in passages if p.kind == TextKind.BIO]
    people = get_person_summaries(bios) if bios else {}
    title_ids = [p.target_id for p in passages if p.kind != TextKind.BIO]
    titles = get_title_summaries(title_ids, with_credits=False) if title_ids else {}
    hits = []
    for passage in passages:
        shown = snippet(passage.text, words)
        if passage.kind == TextKind.BIO and (person := people.get(passage.target_id)):
            hits.append(PassageHit(passage, shown, person=person))
        elif passage.kind != TextKind.BIO and (title := titles.get(passage.target_id)):
            hits.append(PassageHit(passage, shown, title=title))
    return hits
