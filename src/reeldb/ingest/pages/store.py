"""Write one document's extraction into the catalogue, merged with what is there.

Each document is its own ``Source`` ("IMDb page: imdb_title desperado (1995)"),
so re-importing it replaces exactly its own facts and importing it twice
changes nothing. A title is found by its IMDb id, then by this source's key,
then by its folded title and year; a person by IMDb id, then among the
title's credited people, then by a folded name only one person has. Text
from a lower-cased dump is given capitals by rule and marks its source as
lower-cased, so a source that kept the capitals spells the merged names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q

from reeldb.catalog import services
from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    SERIES_TYPES,
    Aka,
    BoxOffice,
    Certification,
    Collection,
    CollectionEntry,
    Company,
    CompanyCredit,
    Connection,
    Credit,
    FaqEntry,
    FilmingLocation,
    Goof,
    Keyword,
    Person,
    Plot,
    ProductionNote,
    Quote,
    Recommendation,
    ReleaseDate,
    Soundtrack,
    Source,
    SourceKind,
    SourceReview,
    Tagline,
    TechnicalSpec,
    Title,
    Trivia,
)
from reeldb.ingest.pages.schema import (
    CreditLine,
    DocumentKind,
    PageExtraction,
    PersonRef,
    RelatedTitle,
    TitleRef,
)
from reeldb.ingest.pages.text import recase_name, recase_sentences, recase_title

IMDB_KINDS = frozenset(
    {DocumentKind.IMDB_TITLE, DocumentKind.IMDB_PLOT_SUMMARY, DocumentKind.IMDB_FULL_CREDITS}
)
UPPER_CASE_WORDS = {
    "usa": "USA",
    "uk": "UK",
    "ussr": "USSR",
    "uae": "UAE",
    "sdds": "SDDS",
    "dts": "DTS",
    "imax": "IMAX",
    "dolby": "Dolby",
    "thx": "THX",
}


@dataclass(frozen=True)
class Imported:
    """What importing one document did: the title it describes and whether anything changed."""

    title: Title
    changed: bool


class Casing:
    """Capitals for a lower-cased document's text; the identity for any other.

    Prose gets sentence capitals and, beyond them, the capitals of the names
    the same page states elsewhere: its people ("robert rodriguez") and its
    titles of more than one word ("once upon a time in mexico"). Single-word
    titles and character names are left alone, since they are often common
    words ("machete", "buddy", "right hand").
    """

    def __init__(self, lowercased: bool, extraction: PageExtraction | None = None) -> None:
        self.lowercased = lowercased
        self._names: re.Pattern[str] | None = None
        self._cased: dict[str, str] = {}
        if lowercased and extraction is not None:
            self._cased = _cased_names(extraction)
            if self._cased:
                alternatives = "|".join(map(re.escape, sorted(self._cased, key=len, reverse=True)))
                self._names = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)

    def name(self, text: str) -> str:
        return recase_name(text) if self.lowercased else text

    def title(self, text: str) -> str:
        return recase_title(text) if self.lowercased else text

    def prose(self, text: str) -> str:
        if not self.lowercased:
            return text
        text = recase_sentences(text)
        if self._names is None:
            return text
        return self._names.sub(lambda match: self._cased[match.group(0).lower()], text)

    def term(self, text: str) -> str:
        """A genre, country, language or format: "usa" -> "USA", "technicolor" -> "Technicolor"."""
        if not self.lowercased:
            return text
        return " ".join(UPPER_CASE_WORDS.get(word, recase_title(word)) for word in text.split())

    def code(self, text: str) -> str:
        """A certificate: "r" -> "R", "pg-13" -> "PG-13"."""
        return text.upper() if self.lowercased else text


def _cased_names(extraction: PageExtraction) -> dict[str, str]:
    """Return the page's people and multi-word titles, lower-cased, mapped to their capitals."""
    cased = {credit.person.name: recase_name(credit.person.name) for credit in extraction.credits}
    titles = [extraction.title] + [link.target.title for link in extraction.connections]
    titles += [related.title for related in extraction.related]
    cased.update({title: recase_title(title) for title in titles})
    return {
        name.lower(): capitals
        for name, capitals in cased.items()
        if len(name.split()) > 1 or (name == extraction.title and name.strip())
    }


# How a source's name reads on the sources page ("IMDb page: plot summary of …").
DOCUMENT_LABELS = {
    DocumentKind.IMDB_TITLE: "title page of",
    DocumentKind.IMDB_PLOT_SUMMARY: "plot summary of",
    DocumentKind.IMDB_FULL_CREDITS: "full credits of",
    DocumentKind.WIKIPEDIA_FILM: "article",
    DocumentKind.WIKIPEDIA_SERIES: "article",
}


def source_identity(extraction: PageExtraction) -> str:
    """Return what names this document's source: its kind and the title's id or name and year.

    The name must come out the same for the same page saved in any form or
    case, since importing a page again finds its source by it: hence the
    folded title when the page gives no id.
    """
    label = DOCUMENT_LABELS[extraction.kind]
    if extraction.wikipedia_page:
        return f"{label} {extraction.wikipedia_page}"
    if extraction.imdb_id:
        return f"{label} {extraction.imdb_id}"
    series = f"{fold(extraction.series.title)} " if extraction.series else ""
    return f"{label} {series}{fold(extraction.title)} ({extraction.year or '?'})"


def unsaved_source(extraction: PageExtraction) -> Source:
    """Return the ``Source`` row that names this document, not yet saved."""
    if extraction.kind in IMDB_KINDS:
        kind = SourceKind.IMDB_PAGE
        url = f"https://www.imdb.com/title/{extraction.imdb_id}/" if extraction.imdb_id else ""
    else:
        kind = SourceKind.WIKIPEDIA
        page = extraction.wikipedia_page.replace(" ", "_")
        url = f"https://en.wikipedia.org/wiki/{page}" if page else ""
    return Source(
        kind=kind,
        name=source_identity(extraction)[:500],
        url=url[:1000],
        lowercased=extraction.lowercased,
    )


def _source(extraction: PageExtraction) -> Source:
    wanted = unsaved_source(extraction)
    source, _ = Source.objects.get_or_create(
        kind=wanted.kind,
        name=wanted.name,
        defaults={"url": wanted.url, "lowercased": wanted.lowercased},
    )
    return source


def find_title(ref: TitleRef, *, within: Title | None = None) -> Title | None:
    """Return the title ``ref`` names: by IMDb id, else by folded title and year (and series)."""
    if ref.imdb_id:
        found = Title.objects.filter(tconst=ref.imdb_id).first()
        if found is not None:
            return found
    key = fold(ref.title)
    if key and ref.year is None and within is None and ref.title_type in SERIES_TYPES:
        # An episode page names its series without a year: the one series of
        # that name is the one it means; of two, neither can be told.
        series = list(Title.objects.filter(folded_title=key, title_type__in=SERIES_TYPES)[:2])
        return series[0] if len(series) == 1 else None
    if not key or (ref.year is None and within is None):
        return None
    candidates = Title.objects.filter(folded_title=key)
    if within is not None:
        candidates = candidates.filter(parent=within)
    if ref.year is not None and ref.title_type in SERIES_TYPES:
        # A series first met on an episode page has no year yet.
        year = Q(start_year=ref.year) | Q(start_year__isnull=True, title_type__in=SERIES_TYPES)
        candidates = candidates.filter(year)
    elif ref.year is not None:
        candidates = candidates.filter(start_year=ref.year)
    ordered = candidates.order_by(F("start_year").asc(nulls_last=True), "pk")
    return choose_title(list(ordered[:5]), ref)


def choose_title(candidates: Sequence[Title], ref: TitleRef) -> Title | None:
    """Pick the title ``ref`` means among titles of its folded name and year, oldest first.

    A reference that says its type matches only a title of the same family
    (series or not): a film and the series made from it share name and year.
    """
    if not ref.title_type:
        return candidates[0] if candidates else None
    series_wanted = ref.title_type in SERIES_TYPES
    return next(
        (title for title in candidates if (title.title_type in SERIES_TYPES) == series_wanted),
        None,
    )


@transaction.atomic
def import_extraction(extraction: PageExtraction) -> Imported:
    """Write ``extraction`` into the catalogue in one transaction; return the title it describes."""
    casing = Casing(extraction.lowercased, extraction)
    source = _source(extraction)
    key = source_identity(extraction)
    parent = _series(extraction, source, casing) if extraction.series else None
    ref = TitleRef(
        title=casing.title(extraction.title),
        year=extraction.year,
        imdb_id=extraction.imdb_id,
        title_type=extraction.title_type,
    )
    match = None
    if not _has_key(source, key) and not (ref.imdb_id and _tconst_exists(ref.imdb_id)):
        match = find_title(ref, within=parent)
    title, changed = services.upsert_title(
        source=source,
        key=key,
        values=title_values(extraction, casing),
        tconst=extraction.imdb_id or None,
        parent=parent,
        match=match,
    )
    changed |= _sync_credits(title, source, extraction.credits, casing)
    changed |= _sync_facts(title, source, extraction, casing)
    return Imported(title=title, changed=changed)


def _has_key(source: Source, key: str) -> bool:
    return source.title_keys.filter(key=key).exists()


def _tconst_exists(tconst: str) -> bool:
    return Title.objects.filter(tconst=tconst).exists()


def title_values(extraction: PageExtraction, casing: Casing) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title_type": extraction.title_type or "movie",
        "primary_title": casing.title(extraction.title),
        "original_title": casing.title(extraction.original_title),
        "start_year": extraction.year,
        "end_year": extraction.end_year,
        "runtime_minutes": extraction.runtime_minutes,
        "genres": ",".join(casing.term(genre) for genre in extraction.genres),
        "season_number": extraction.season,
        "episode_number": extraction.episode,
        "average_rating": extraction.rating,
        "num_votes": extraction.votes,
        "metascore": extraction.metascore,
        "popularity_rank": extraction.popularity_rank,
        "popularity_change": extraction.popularity_change,
        "user_review_count": extraction.user_reviews,
        "critic_review_count": extraction.critic_reviews,
        "awards_summary": casing.prose(extraction.awards),
        "countries": ",".join(casing.term(country) for country in extraction.countries),
        "languages": ",".join(casing.term(language) for language in extraction.languages),
    }
    if extraction.kind is not DocumentKind.IMDB_TITLE and extraction.kind in IMDB_KINDS:
        # A plot-summary or credits page names the title, nothing more about it.
        values = {name: values[name] for name in ("title_type", "primary_title", "start_year")}
    return {name: value for name, value in values.items() if value not in (None, "")}


def _series(extraction: PageExtraction, source: Source, casing: Casing) -> Title:
    assert extraction.series is not None  # noqa: S101 - the caller checked
    ref = TitleRef(
        title=casing.title(extraction.series.title),
        year=extraction.series.year,
        imdb_id=extraction.series.imdb_id,
        title_type="tvSeries",
    )
    return _referenced_title(ref, source, extraction_key="series")


def _referenced_title(ref: TitleRef, source: Source, *, extraction_key: str) -> Title:
    """Return the title a page points at, creating it from what the page says if it is new."""
    key = f"{extraction_key} {ref.imdb_id or fold(ref.title)} ({ref.year or '?'})"
    values: dict[str, Any] = {"primary_title": ref.title, "title_type": ref.title_type or "movie"}
    if ref.year:
        values["start_year"] = ref.year
    title, _changed = services.upsert_title(
        source=source,
        key=key,
        values=values,
        tconst=ref.imdb_id or None,
        match=find_title(ref),
    )
    return title


def _person(
    ref: PersonRef, source: Source, casing: Casing, credited: Mapping[str, Person]
) -> Person:
    name = casing.name(ref.name)
    key = fold(name)
    match = None
    if not ref.imdb_id or not Person.objects.filter(nconst=ref.imdb_id).exists():
        match = credited.get(key) or _only_person_named(key)
    person, _changed = services.upsert_person(
        source=source,
        key=ref.imdb_id or key,
        values={"primary_name": name},
        nconst=ref.imdb_id or None,
        match=match,
    )
    return person


def _only_person_named(folded: str) -> Person | None:
    """Return the one person with this folded name; none when two share it (ambiguous)."""
    people = list(Person.objects.filter(folded_name=folded)[:2])
    return people[0] if len(people) == 1 else None


def _sync_credits(
    title: Title, source: Source, lines: Sequence[CreditLine], casing: Casing
) -> bool:
    if not lines:
        return False
    credited = {
        credit.person.folded_name: credit.person
        for credit in Credit.objects.filter(title=title).select_related("person")
    }
    rows = []
    for line in lines:
        person = _person(line.person, source, casing, credited)
        credited.setdefault(person.folded_name, person)
        rows.append({"person": person, **credit_values(line, casing)})
    return services.sync_facts(owner=title, source=source, model=Credit, rows=rows).changed


def credit_values(line: CreditLine, casing: Casing) -> dict[str, Any]:
    """Return a credit line's columns but its person, cut to their lengths."""
    return {
        "category": line.category,
        "job": line.job[:300],
        "characters": [casing.title(character) for character in line.characters],
        "credited_as": casing.name(line.credited_as)[:300],
    }


def _sync(
    title: Title, source: Source, model: type[Model], rows: Iterable[Mapping[str, Any]]
) -> bool:
    return services.sync_facts(owner=title, source=source, model=model, rows=list(rows)).changed


def _sync_facts(title: Title, source: Source, extraction: PageExtraction, casing: Casing) -> bool:
    """Replace this source's list facts about ``title`` with what the document states."""
    if extraction.kind is DocumentKind.IMDB_FULL_CREDITS:
        return False
    changed = _sync(title, source, Plot, plot_values(extraction, casing))
    if extraction.kind is DocumentKind.IMDB_PLOT_SUMMARY:
        return changed
    for model, rows in fact_rows(extraction, casing):
        changed |= _sync(title, source, model, rows)
    for model, rows in _linked_rows(extraction, source, casing):
        changed |= _sync(title, source, model, rows)
    return changed


def plot_values(extraction: PageExtraction, casing: Casing) -> list[dict[str, Any]]:
    return [
        {
            "kind": plot.kind,
            "text": casing.prose(plot.text),
            "author": casing.name(plot.author)[:300],
        }
        for plot in extraction.plots
    ]


def fact_rows(
    extraction: PageExtraction, casing: Casing
) -> list[tuple[type[Model], list[dict[str, Any]]]]:
    """Return the rows of each plain fact list, cut to their columns' lengths."""
    prose, term = casing.prose, casing.term
    return [
        (Keyword, [{"keyword": keyword[:200]} for keyword in extraction.keywords]),
        (Tagline, [{"text": prose(text)[:1000]} for text in extraction.taglines]),
        (
            Certification,
            [
                {
                    "country": term(rated.country)[:100],
                    "rating": casing.code(rated.rating)[:50],
                    "reason": prose(rated.reason)[:500],
                }
                for rated in extraction.certifications
            ],
        ),
        (
            ReleaseDate,
            [
                {
                    "country": term(dated.country)[:100],
                    "release_date": dated.date,
                    "note": dated.note[:300],
                }
                for dated in extraction.release_dates
            ],
        ),
        (
            Aka,
            [
                {"aka_title": casing.title(aka.title)[:500], "region": aka.region[:8]}
                for aka in extraction.akas
            ],
        ),
        (FilmingLocation, [{"place": term(place)[:500]} for place in extraction.filming_locations]),
        (
            BoxOffice,
            [
                {
                    "kind": money.kind,
                    "amount": money.amount,
                    "currency": money.currency[:3],
                    "region": term(money.region)[:32],
                    "is_estimated": money.is_estimated,
                }
                for money in extraction.box_office
            ],
        ),
        (
            TechnicalSpec,
            [
                {"kind": spec.kind, "value": term(spec.value)[:300], "note": term(spec.note)[:300]}
                for spec in extraction.technical_specs
            ],
        ),
        (Trivia, [{"text": prose(text)} for text in extraction.trivia]),
        (Goof, [{"text": prose(text)} for text in extraction.goofs]),
        (
            Quote,
            [
                {"lines": [_quote_line(line, casing) for line in lines]}
                for lines in extraction.quotes
            ],
        ),
        (
            Soundtrack,
            [
                {"song_title": casing.title(song.title)[:500], "credits": prose(song.credits)}
                for song in extraction.soundtracks
            ],
        ),
        (FaqEntry, [{"question": prose(question)[:1000]} for question in extraction.faq]),
        (ProductionNote, [{"text": text} for text in extraction.production_notes]),
        (SourceReview, _reviews(extraction, casing)),
    ]


def _linked_rows(
    extraction: PageExtraction, source: Source, casing: Casing
) -> list[tuple[type[Model], list[dict[str, Any]]]]:
    """Return the rows of the fact lists that point at other rows: companies, titles, series."""
    companies = [
        {"company": _company(casing.title(line.name)), "role": line.role}
        for line in extraction.companies
    ]
    connections = [
        {
            "kind": link.kind,
            "target": _referenced_title(
                TitleRef(casing.title(link.target.title), link.target.year, link.target.imdb_id),
                source,
                extraction_key="connection",
            ),
        }
        for link in extraction.connections
        if link.target.title
    ]
    collections = [
        {
            "collection": Collection.objects.get_or_create(name=member.name[:300])[0],
            "position": member.position,
        }
        for member in extraction.collections
    ]
    related = [{"target": _related_title(card, source, casing)} for card in extraction.related]
    return [
        (CompanyCredit, companies),
        (Connection, connections),
        (CollectionEntry, collections),
        (Recommendation, related),
    ]


def _company(name: str) -> Company:
    """Return the company of this name, whatever the case a page spelled it in."""
    name = name[:300]
    found = Company.objects.filter(name__iexact=name).first()
    return found or Company.objects.create(name=name)


def _quote_line(line: str, casing: Casing) -> dict[str, str]:
    """Split "Buscemi: [at the bar] Now, I wasn't…" into the speaker and the words."""
    speaker, separator, words = line.partition(": ")
    if separator and 0 < len(speaker) <= 40 and "[" not in speaker:
        return {"character": casing.title(speaker.strip()), "text": casing.prose(words.strip())}
    return {"character": "", "text": casing.prose(line)}


def _reviews(extraction: PageExtraction, casing: Casing) -> list[dict[str, Any]]:
    review = extraction.review
    if review is None:
        return []
    return [
        {
            "headline": casing.prose(review.headline)[:500],
            "text": casing.prose(review.text),
            "author": review.author[:300],
            "review_date": review.date,
            "rating": review.rating if review.rating and 1 <= review.rating <= 10 else None,
            "helpful_yes": review.helpful_yes,
            "helpful_total": review.helpful_total,
        }
    ]


def _related_title(related: RelatedTitle, source: Source, casing: Casing) -> Title:
    """Create or update a "people who liked this also liked" title from what its card shows.

    The card is this source's word about another title: its year, genres,
    rating, outline, director and stars are stored as this source's claims and
    facts about that title, under a key of their own.
    """
    name = casing.title(related.title)
    ref = TitleRef(
        title=name, year=related.year, imdb_id=related.imdb_id, title_type=related.title_type
    )
    key = f"related {related.imdb_id or fold(name)} ({related.year or '?'})"
    values: dict[str, Any] = {
        "primary_title": name,
        "title_type": related.title_type or "movie",
        "start_year": related.year,
        "genres": ",".join(casing.term(genre) for genre in related.genres),
        "average_rating": related.rating,
    }
    title, _changed = services.upsert_title(
        source=source,
        key=key,
        values={k: v for k, v in values.items() if v not in (None, "")},
        tconst=related.imdb_id or None,
        match=None if _has_key(source, key) else find_title(ref),
    )
    if related.outline:
        _sync(title, source, Plot, [{"kind": "outline", "text": casing.prose(related.outline)}])
    lines = [CreditLine(category="director", person=p) for p in related.directors]
    lines += [CreditLine(category="actor", person=p) for p in related.stars]
    _sync_credits(title, source, lines, casing)
    return title
