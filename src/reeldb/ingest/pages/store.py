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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

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
UPPER_CASE_WORDS = {"usa": "USA", "uk": "UK", "ussr": "USSR", "uae": "UAE", "sdds": "SDDS",
                    "dts": "DTS", "imax": "IMAX", "dolby": "Dolby", "thx": "THX"}  # fmt: skip


@dataclass(frozen=True)
class Imported:
    """What importing one document did: the title it describes and whether anything changed."""

    title: Title
    changed: bool


class Casing:
    """Capitals for a lower-cased document's text; the identity for any other."""

    def __init__(self, lowercased: bool) -> None:
        self.lowercased = lowercased

    def name(self, text: str) -> str:
        return recase_name(text) if self.lowercased else text

    def title(self, text: str) -> str:
        return recase_title(text) if self.lowercased else text

    def prose(self, text: str) -> str:
        return recase_sentences(text) if self.lowercased else text

    def term(self, text: str) -> str:
        """A genre, country, language or format: "usa" -> "USA", "technicolor" -> "Technicolor"."""
        if not self.lowercased:
            return text
        return " ".join(UPPER_CASE_WORDS.get(word, recase_title(word)) for word in text.split())

    def code(self, text: str) -> str:
        """A certificate: "r" -> "R", "pg-13" -> "PG-13"."""
        return text.upper() if self.lowercased else text


def source_identity(extraction: PageExtraction) -> str:
    """Return what names this document's source: its kind and the title's id or name and year."""
    if extraction.wikipedia_page:
        return f"{extraction.kind} {extraction.wikipedia_page}"
    if extraction.imdb_id:
        return f"{extraction.kind} {extraction.imdb_id}"
    series = f"{fold(extraction.series.title)} " if extraction.series else ""
    return f"{extraction.kind} {series}{fold(extraction.title)} ({extraction.year or '?'})"


def _source(extraction: PageExtraction) -> Source:
    if extraction.kind in IMDB_KINDS:
        kind = SourceKind.IMDB_PAGE
        url = f"https://www.imdb.com/title/{extraction.imdb_id}/" if extraction.imdb_id else ""
    else:
        kind = SourceKind.WIKIPEDIA
        page = extraction.wikipedia_page.replace(" ", "_")
        url = f"https://en.wikipedia.org/wiki/{page}" if page else ""
    source, _ = Source.objects.get_or_create(
        kind=kind,
        name=source_identity(extraction)[:500],
        defaults={"url": url, "lowercased": extraction.lowercased},
    )
    return source


def find_title(ref: TitleRef, *, within: Title | None = None) -> Title | None:
    """Return the title ``ref`` names: by IMDb id, else by folded title and year (and series)."""
    if ref.imdb_id:
        found = Title.objects.filter(tconst=ref.imdb_id).first()
        if found is not None:
            return found
    key = fold(ref.title)
    if not key:
        return None
    candidates = Title.objects.filter(folded_title=key)
    if within is not None:
        candidates = candidates.filter(parent=within)
    if ref.year is not None:
        candidates = candidates.filter(start_year=ref.year)
    elif within is None:
        return None
    matches = list(candidates.order_by("pk")[:5])
    series_wanted = ref.title_type in SERIES_TYPES
    same_family = [m for m in matches if (m.title_type in SERIES_TYPES) == series_wanted]
    if ref.title_type:
        return (same_family or [None])[0]
    return matches[0] if matches else None


@transaction.atomic
def import_extraction(extraction: PageExtraction) -> Imported:
    """Write ``extraction`` into the catalogue in one transaction; return the title it describes."""
    casing = Casing(extraction.lowercased)
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
        values=_title_values(extraction, casing),
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


def _title_values(extraction: PageExtraction, casing: Casing) -> dict[str, Any]:
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
        rows.append(
            {
                "person": person,
                "category": line.category,
                "job": line.job[:300],
                "characters": [casing.title(character) for character in line.characters],
                "credited_as": casing.name(line.credited_as)[:300],
            }
        )
    return services.sync_facts(owner=title, source=source, model=Credit, rows=rows).changed


def _sync(
    title: Title, source: Source, model: type[Model], rows: Iterable[Mapping[str, Any]]
) -> bool:
    return services.sync_facts(owner=title, source=source, model=model, rows=list(rows)).changed


def _sync_facts(title: Title, source: Source, extraction: PageExtraction, casing: Casing) -> bool:
    """Replace this source's list facts about ``title`` with what the document states."""
    if extraction.kind is DocumentKind.IMDB_FULL_CREDITS:
        return False
    changed = _sync(title, source, Plot, (
        {"kind": plot.kind, "text": casing.prose(plot.text), "author": casing.name(plot.author)[:300]}
        for plot in extraction.plots
    ))  # fmt: skip
    if extraction.kind is DocumentKind.IMDB_PLOT_SUMMARY:
        return changed
    prose = casing.prose
    simple: list[tuple[type[Model], list[dict[str, Any]]]] = [
        (Keyword, [{"keyword": keyword[:200]} for keyword in extraction.keywords]),
        (Tagline, [{"text": prose(text)[:1000]} for text in extraction.taglines]),
        (Certification, [
            {"country": casing.term(c.country)[:100], "rating": casing.code(c.rating)[:50],
             "reason": prose(c.reason)[:500]} for c in extraction.certifications
        ]),
        (ReleaseDate, [
            {"country": casing.term(r.country)[:100], "release_date": r.date, "note": r.note[:300]}
            for r in extraction.release_dates
        ]),
        (Aka, [{"aka_title": casing.title(a.title)[:500], "region": a.region[:8]} for a in extraction.akas]),
        (FilmingLocation, [{"place": casing.term(place)[:500]} for place in extraction.filming_locations]),
        (BoxOffice, [
            {"kind": m.kind, "amount": m.amount, "currency": m.currency[:3],
             "region": casing.term(m.region)[:32], "is_estimated": m.is_estimated}
            for m in extraction.box_office
        ]),
        (TechnicalSpec, [
            {"kind": s.kind, "value": casing.term(s.value)[:300], "note": casing.term(s.note)[:300]}
            for s in extraction.technical_specs
        ]),
        (Trivia, [{"text": prose(text)} for text in extraction.trivia]),
        (Goof, [{"text": prose(text)} for text in extraction.goofs]),
        (Quote, [{"lines": [_quote_line(line, casing) for line in lines]} for lines in extraction.quotes]),
        (Soundtrack, [
            {"song_title": casing.title(s.title)[:500], "credits": prose(s.credits)}
            for s in extraction.soundtracks
        ]),
        (FaqEntry, [{"question": prose(q)[:1000]} for q in extraction.faq]),
        (ProductionNote, [{"text": text} for text in extraction.production_notes]),
        (SourceReview, _reviews(extraction, casing)),
    ]  # fmt: skip
    for model, rows in simple:
        changed |= _sync(title, source, model, rows)
    changed |= _sync(title, source, CompanyCredit, (
        {"company": Company.objects.get_or_create(name=casing.title(line.name)[:300])[0], "role": line.role}
        for line in extraction.companies
    ))  # fmt: skip
    changed |= _sync(title, source, Connection, (
        {"kind": link.kind, "target": _referenced_title(
            TitleRef(casing.title(link.target.title), link.target.year, link.target.imdb_id), source,
            extraction_key="connection")}
        for link in extraction.connections if link.target.title
    ))  # fmt: skip
    changed |= _sync(title, source, CollectionEntry, (
        {"collection": Collection.objects.get_or_create(name=member.name[:300])[0],
         "position": member.position}
        for member in extraction.collections
    ))  # fmt: skip
    changed |= _sync(title, source, Recommendation, (
        {"target": _related_title(related, source, casing)} for related in extraction.related
    ))  # fmt: skip
    return changed


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


