"""Turn a document's extraction into what the catalogue's writer takes, and hand it over.

Each document is its own source ("IMDb page: imdb_title desperado (1995)"),
so re-importing it replaces exactly its own facts and importing it twice
changes nothing. How titles, people and companies are found again is the
catalogue's rule (``catalog.services.writer``); what is decided here is what
the page states: its source's name, the keys of the titles it points at, and
the capitals of a lower-cased dump's text, which also marks its source as
lower-cased, so a source that kept the capitals spells the merged names.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from reeldb.catalog.folding import fold
from reeldb.catalog.models import ExternalSite, SourceKind
from reeldb.catalog.regions import country_code
from reeldb.catalog.services import (
    CreditRecord,
    ImageRecord,
    Outcome,
    PersonRecord,
    RelatedRecord,
    SourceRecord,
    TitleDocument,
    TitleRecord,
    Written,
    write_document,
    write_documents,
)
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CreditLine,
    DocumentKind,
    PageExtraction,
    RelatedTitle,
    TitleRef,
)
from reeldb.ingest.pages.text import recase_name, recase_sentences, recase_title

# Documents written together: a batch's lookups and inserts are one statement a table.
BATCH_SIZE = 200
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


def source_record(extraction: PageExtraction) -> SourceRecord:
    """Return the source that names this document, cut to the columns' lengths."""
    if extraction.kind in IMDB_KINDS:
        kind = SourceKind.IMDB_PAGE
        url = f"https://www.imdb.com/title/{extraction.imdb_id}/" if extraction.imdb_id else ""
    else:
        kind = SourceKind.WIKIPEDIA
        page = extraction.wikipedia_page.replace(" ", "_")
        url = f"https://en.wikipedia.org/wiki/{page}" if page else ""
    return SourceRecord(
        kind=kind,
        name=source_identity(extraction)[:500],
        url=url[:1000],
        lowercased=extraction.lowercased,
    )


def to_document(extraction: PageExtraction) -> TitleDocument:
    """Return what ``extraction`` states, as the catalogue's writer takes it."""
    casing = Casing(extraction.lowercased, extraction)
    series = None
    if extraction.series:
        ref = extraction.series
        series = _title_record(
            "series", TitleRef(casing.title(ref.title), ref.year, ref.imdb_id, "tvSeries")
        )
    title = TitleRecord(
        key=source_identity(extraction),
        values=title_values(extraction, casing),
        tconst=extraction.imdb_id,
        stated_type=extraction.title_type,
    )
    return TitleDocument(
        source=source_record(extraction),
        title=title,
        series=series,
        credits=[credit_record(line, casing) for line in extraction.credits] or None,
        facts=_facts(extraction, casing),
        images=image_records(extraction),
    )


def image_records(extraction: PageExtraction) -> list[ImageRecord]:
    """Return the poster and the credited people's portraits the page shows, each once."""
    images = []
    if extraction.poster_url:
        images.append(
            ImageRecord(url=extraction.poster_url, attribution=extraction.poster_attribution)
        )
    portrayed = set()
    for line in extraction.credits:
        person = line.person
        if person.image_url and person.imdb_id and person.imdb_id not in portrayed:
            portrayed.add(person.imdb_id)
            images.append(ImageRecord(url=person.image_url, person=person.imdb_id))
    return images


def import_extraction(extraction: PageExtraction) -> Written:
    """Write ``extraction`` into the catalogue in one transaction; return the title it describes."""
    return write_document(document=to_document(extraction))


def import_extractions(
    documents: Iterable[tuple[str, PageExtraction]],
) -> Iterator[tuple[str, PageExtraction, Outcome]]:
    """Import each named extraction; yield it with what became of it, in order, batch by batch."""
    items = iter(documents)
    while batch := list(itertools.islice(items, BATCH_SIZE)):
        outcomes = write_documents(
            documents=[to_document(extraction) for _name, extraction in batch]
        )
        for (name, extraction), outcome in zip(batch, outcomes, strict=True):
            yield name, extraction, outcome


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
        "stated_seasons": extraction.seasons,
        "stated_episodes": extraction.episodes,
        "average_rating": extraction.rating,
        "num_votes": extraction.votes,
        "metascore": extraction.metascore,
        "popularity_rank": extraction.popularity_rank,
        "popularity_change": extraction.popularity_change,
        "user_review_count": extraction.user_reviews,
        "critic_review_count": extraction.critic_reviews,
        # "1 win & 4 nominations." on one page, without the stop on another.
        "awards_summary": casing.prose(extraction.awards).rstrip(". "),
        "countries": ",".join(casing.term(country) for country in extraction.countries),
        "languages": ",".join(casing.term(language) for language in extraction.languages),
    }
    if extraction.kind is not DocumentKind.IMDB_TITLE and extraction.kind in IMDB_KINDS:
        # A plot-summary or credits page names the title, nothing more about it.
        values = {name: values[name] for name in ("title_type", "primary_title", "start_year")}
    return {name: value for name, value in values.items() if value not in (None, "")}


def _title_record(extraction_key: str, ref: TitleRef) -> TitleRecord:
    """Return a title the page points at, under a key of its own, made of what the page says."""
    values: dict[str, Any] = {"primary_title": ref.title, "title_type": ref.title_type or "movie"}
    if ref.year:
        values["start_year"] = ref.year
    return TitleRecord(
        key=f"{extraction_key} {ref.imdb_id or fold(ref.title)} ({ref.year or '?'})",
        values=values,
        tconst=ref.imdb_id,
        stated_type=ref.title_type,
    )


def credit_record(line: CreditLine, casing: Casing) -> CreditRecord:
    """Return a credit line with its person's name cased and its columns cut to their lengths."""
    name = casing.name(line.person.name)
    person = PersonRecord(
        key=line.person.imdb_id or fold(name),
        values={"primary_name": name},
        nconst=line.person.imdb_id,
    )
    return CreditRecord(
        person=person,
        category=line.category,
        job=line.job[:300],
        characters=[casing.title(character) for character in line.characters],
        credited_as=casing.name(line.credited_as)[:300],
    )


def _facts(extraction: PageExtraction, casing: Casing) -> dict[str, list[dict[str, Any]]]:
    """Return the fact lists the document speaks for: a credits page none, a plot summary plots."""
    if extraction.kind is DocumentKind.IMDB_FULL_CREDITS:
        return {}
    facts = {"plot": plot_values(extraction, casing)}
    if extraction.kind is DocumentKind.IMDB_PLOT_SUMMARY:
        return facts
    return facts | fact_rows(extraction, casing) | _linked_rows(extraction, casing)


def plot_values(extraction: PageExtraction, casing: Casing) -> list[dict[str, Any]]:
    return [
        {
            "kind": plot.kind,
            "text": casing.prose(plot.text),
            "author": casing.name(plot.author)[:300],
        }
        for plot in extraction.plots
    ]


def _aka_row(aka: AlsoKnownAs, casing: Casing) -> dict[str, Any]:
    """Return an AKA as IMDb's datasets keep one: its region as a code ("DE" for Germany).

    A region with no code ("World-wide") joins the page's note in ``attributes``.
    """
    code = country_code(aka.region) if aka.region else ""
    notes = [part for part in (aka.region if not code else "", aka.note) if part]
    return {
        "aka_title": casing.title(aka.title)[:500],
        "region": code,
        "attributes": casing.term(", ".join(notes))[:500],
        "is_original_title": aka.is_original,
    }


def fact_rows(extraction: PageExtraction, casing: Casing) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of each plain fact list, cut to their columns' lengths."""
    prose, term = casing.prose, casing.term
    return {
        "keyword": [{"keyword": keyword[:200]} for keyword in extraction.keywords],
        "tagline": [{"text": prose(text)[:1000]} for text in extraction.taglines],
        "certification": [
            {
                "country": term(rated.country)[:100],
                "rating": casing.code(rated.rating)[:50],
                "reason": prose(rated.reason)[:500],
            }
            for rated in extraction.certifications
        ],
        "releasedate": [
            {
                "country": term(dated.country)[:100],
                "release_date": dated.date,
                "precision": dated.precision,
                "note": dated.note[:300],
            }
            for dated in extraction.release_dates
        ],
        "aka": [_aka_row(aka, casing) for aka in extraction.akas],
        "filminglocation": [{"place": term(place)[:500]} for place in extraction.filming_locations],
        "boxoffice": [
            {
                "kind": money.kind,
                "amount": money.amount,
                "currency": money.currency[:3],
                "region": term(money.region)[:32],
                "is_estimated": money.is_estimated,
            }
            for money in extraction.box_office
        ],
        "technicalspec": [
            {"kind": spec.kind, "value": term(spec.value)[:300], "note": term(spec.note)[:300]}
            for spec in extraction.technical_specs
        ],
        "trivia": [{"text": prose(text)} for text in extraction.trivia],
        "goof": [{"text": prose(text)} for text in extraction.goofs],
        "quote": [
            {"lines": [_quote_line(line, casing) for line in lines]} for lines in extraction.quotes
        ],
        "soundtrack": [
            {"song_title": casing.title(song.title)[:500], "credits": prose(song.credits)}
            for song in extraction.soundtracks
        ],
        "faqentry": [{"question": prose(question)[:1000]} for question in extraction.faq],
        "productionnote": [{"text": text} for text in extraction.production_notes],
        "externalid": (
            [{"site": ExternalSite.WIKIDATA, "value": extraction.wikidata_id}]
            if extraction.wikidata_id
            else []
        ),
        "sourcereview": _reviews(extraction, casing),
    }


def _linked_rows(extraction: PageExtraction, casing: Casing) -> dict[str, list[dict[str, Any]]]:
    """Return the fact lists that point at other rows: companies, titles, series of films."""
    return {
        "companycredit": [
            {"company": casing.title(line.name), "role": line.role} for line in extraction.companies
        ],
        "connection": [
            {
                "kind": link.kind,
                "target": _title_record(
                    "connection",
                    TitleRef(
                        casing.title(link.target.title), link.target.year, link.target.imdb_id
                    ),
                ),
            }
            for link in extraction.connections
            if link.target.title
        ],
        "collectionentry": [
            {"collection": member.name, "position": member.position}
            for member in extraction.collections
        ],
        "recommendation": [{"target": _related(card, casing)} for card in extraction.related],
    }


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


def _related(related: RelatedTitle, casing: Casing) -> RelatedRecord:
    """Return a "people who liked this also liked" card as this source's word on that title.

    Its year, genres, rating, outline, director and stars become this
    source's claims and facts about that title, under a key of their own.
    """
    name = casing.title(related.title)
    values: dict[str, Any] = {
        "primary_title": name,
        "title_type": related.title_type or "movie",
        "start_year": related.year,
        "genres": ",".join(casing.term(genre) for genre in related.genres),
        "average_rating": related.rating,
    }
    title = TitleRecord(
        key=f"related {related.imdb_id or fold(name)} ({related.year or '?'})",
        values={k: v for k, v in values.items() if v not in (None, "")},
        tconst=related.imdb_id,
        stated_type=related.title_type,
    )
    lines = [CreditLine(category="director", person=p) for p in related.directors]
    lines += [CreditLine(category="actor", person=p) for p in related.stars]
    return RelatedRecord(
        title=title,
        outline=casing.prose(related.outline),
        credits=[credit_record(line, casing) for line in lines],
    )
