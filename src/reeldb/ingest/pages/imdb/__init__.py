"""IMDb title, plot-summary and full-credits pages, in every layout since 2008.

Every generation of IMDb's title page, from the 2008 classic page through the
2010s layout and the "reference view" to today's React page, prints the same
facts after the same labels: "Director:", "Stars:", "Budget:", "Sound Mix:".
A text dump (tags stripped, perhaps lower-cased) is split at those labels
(``fields``, ``textpage``, ``cards``); saved HTML is read by its structure
(``dom``), each field from its own block, with the text readers filling in
what the blocks leave out. Newer pages embed JSON-LD (``embedded``) and the
page's own data (``next_data``), which are exact and override both.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.cast import names_starting_lines, split_cast
from reeldb.ingest.pages.credits_page import read_full_credits, read_full_credits_html
from reeldb.ingest.pages.imdb import cards, dom, pictures, textpage
from reeldb.ingest.pages.imdb.embedded import dig, json_in_text, read_json_ld
from reeldb.ingest.pages.imdb.fields import (
    CAST_CATEGORIES,
    SPEC_KINDS,
    TEXT_BLOCK_LABELS,
    add_stars_beyond_cast,
    apply_values,
    labelled_values,
    people,
)
from reeldb.ingest.pages.imdb.head import detect_kind, head_fields
from reeldb.ingest.pages.imdb.next_data import read_next_data
from reeldb.ingest.pages.imdb.plots import author_name, read_plot_page
from reeldb.ingest.pages.markup import HtmlPage
from reeldb.ingest.pages.schema import DocumentKind, PageExtraction, PlotText

__all__ = ["detect_kind", "extract"]

CAST_START = re.compile(
    r"(?:cast overview, first billed only|cast \(in credits order\)[^:]{0,60}?|series cast summary|"
    r"complete credited cast|credited cast|cast overview)\s*:"
    r"|\(cast overview, first billed only\)"
    # React's heading, with no colon in a dump that lost its line breaks.
    r"|\btop cast\b\s*:?",
    re.IGNORECASE,
)
CAST_END = re.compile(
    r"\s(?:see full cast|rest of cast listed alphabetically|produced by|create a character page|"
    r"edit\s+storyline|storyline|directors?\s*:|writers?\s*:|all cast (?:&|and) crew|"
    r"more\s+(?=mpaa\s*:|runtime\s*:)|(?:edit\s+)?details\s+(?=\w[\w ]{0,30}:))",
    re.IGNORECASE,
)
CREW_FIELDS = ("directors", "writers", "creators")
MONEY_FIELDS = ("budget", "opening_weekend", "gross_us", "gross_world")
EPISODE_NUMBERS = re.compile(
    r"\bseason\s+(?P<season>\d{1,3})\s*[|,]\s*episode\s+(?P<episode>\d{1,4})\b"
    r"|\bS(?P<s>\d{1,3})\.?E(?P<e>\d{1,4})\b",
    re.IGNORECASE,
)
ORIGINAL_TITLE = re.compile(
    r"\(\d{4}\)\s+(?P<title>[^()|]{1,200}?)\s*\(original title\)"
    r"|original title:\s*(?P<label>[^|]{1,200}?)(?=\s+(?:\d{4}\b|tv\b|\d+h\b))",
    re.IGNORECASE,
)


def extract(
    text: str,
    head: str,
    kind: DocumentKind,
    extraction: PageExtraction,
    html: HtmlPage | None = None,
    *,
    raw: str = "",
) -> None:
    """Fill ``extraction`` from an IMDb page's ``text`` and, when it is HTML, its ``html``.

    ``raw`` is a text dump as its file has it: where its lines survive, the
    cast lines' first words name the people, as an HTML page's links do.
    """
    head_fields(head, extraction)
    known = dict(html.people) if html else names_starting_lines(raw)
    tree = dom.parse(html.markup) if html is not None and html.markup else None
    if kind is DocumentKind.IMDB_PLOT_SUMMARY:
        read_plot_page(text, extraction, tree)
    elif kind is DocumentKind.IMDB_FULL_CREDITS:
        credits = read_full_credits_html(tree) if tree is not None else []
        extraction.credits.extend(credits or read_full_credits(text, known))
    else:
        _title_page(text, extraction, known, html.titles if html else {})
        if tree is not None:
            _title_structure(tree, extraction, known)
    json_ld, next_data = (html.json_ld, html.next_data) if html else json_in_text(text)
    read_json_ld(json_ld, extraction)
    if isinstance(page_props := dig(next_data, "props", "pageProps"), dict):
        read_next_data(page_props, extraction)
    if html is not None:
        _attach_ids(extraction, html)
    # A text dump states a picture only in the JSON-LD it kept.
    pictures.read_poster(extraction, json_ld, html.og_image if html else "", tree)
    if tree is not None:
        pictures.read_portraits(extraction, tree)


def _title_page(
    text: str, extraction: PageExtraction, known: dict[str, str], titles: dict[str, str]
) -> None:
    """Read a title page's text; HTML's structure then corrects and completes it."""
    related = textpage.find_zone(text, cards.RELATED_START, cards.RELATED_END)
    if related is not None:
        extraction.related = cards.read_related(text[related.start : related.end], titles)
    review_zone = cards.review_zone(text)
    if review_zone is not None:
        extraction.review = cards.read_review(text[review_zone.start : review_zone.end])
    cast_zone = textpage.find_zone(text, CAST_START, CAST_END)
    main = textpage.without(text, [related, review_zone, cast_zone])
    textpage.score_fields(main, extraction)
    textpage.info_line(main, extraction)
    textpage.details_release(text, extraction)
    textpage.episode_count(main, extraction)
    values = labelled_values(main)
    # The names the page prints elsewhere ("Stars: Audrey Tautou, Rufus") tell
    # where a one-word name ends in the cast's run of words.
    named = {
        fold(person.name): person.imdb_id
        for field in ("stars", "directors", "writers", "creators")
        for value in values.get(field, [])[:1]
        for person, _job in people(value, {})
    }
    zone = text[cast_zone.start : cast_zone.end] if cast_zone else ""
    cast = split_cast(zone, {**named, **known}) if zone else []
    apply_values(values, extraction, known, has_cast=bool(cast))
    extraction.credits.extend(cast)
    if cast:
        add_stars_beyond_cast(values, extraction, known)
    textpage.storyline(main, extraction)
    if any(name in values for name in TEXT_BLOCK_LABELS):
        _block_facts(values, extraction)
    else:
        textpage.did_you_know(main, extraction)
        textpage.faq(main, extraction)
    if numbers := EPISODE_NUMBERS.search(main[:20_000]):
        extraction.season = int(numbers.group("season") or numbers.group("s"))
        extraction.episode = int(numbers.group("episode") or numbers.group("e"))
    if (original := ORIGINAL_TITLE.search(main[:20_000])) and not extraction.original_title:
        extraction.original_title = (original.group("title") or original.group("label")).strip()


def _title_structure(
    tree: LexborHTMLParser, extraction: PageExtraction, known: dict[str, str]
) -> None:
    """Replace what the text gave with what the page's blocks, cast table and cards state."""
    blocks = dom.labelled_blocks(tree)
    values = blocks.values
    for label, value in blocks.unmapped:
        extraction.note_unmapped("details", label, value)
    cast = dom.cast(tree)
    if values:
        # A field the blocks state replaces what the text gave for it.
        text_cast = [c for c in extraction.credits if c.category in CAST_CATEGORIES]
        text_crew = [c for c in extraction.credits if c.category not in CAST_CATEGORIES]
        extraction.credits = [] if any(f in values for f in CREW_FIELDS) else text_crew
        for name in ("trivia", "goofs", "quotes", "connections", "soundtracks", "faq"):
            if name in values:
                setattr(extraction, name, [])
        if any(f in values for f in SPEC_KINDS):
            extraction.technical_specs = []
        if any(f in values for f in MONEY_FIELDS):
            extraction.box_office = []
        apply_values(values, extraction, known, has_cast=bool(cast or text_cast))
        extraction.credits.extend(cast or text_cast)
        if cast or text_cast:
            add_stars_beyond_cast(values, extraction, known)
        _block_facts(values, extraction)
    elif cast:
        extraction.credits = [c for c in extraction.credits if c.category not in CAST_CATEGORIES]
        extraction.credits.extend(cast)
    if companies := dom.reference_companies(tree):
        extraction.companies = companies
    dom.reference_episodes(tree, extraction)
    if review := dom.featured_review(tree):
        extraction.review = review
    if related := dom.related(tree):
        extraction.related = related
    dom.overview(tree, extraction)


def _block_facts(values: dict[str, list[str]], extraction: PageExtraction) -> None:
    """Add the "Did you know?" items, FAQ and storyline that HTML marks as labelled blocks."""
    for label in ("trivia", "goofs", "quotes", "connections", "soundtracks"):
        for value in values.get(label, []):
            textpage.add_teaser(label, value, extraction)
    for value in values.get("faq", []):
        questions = re.split(r"\s*\|\s*|\bQ:\s*|(?<=\?)\s+", value, flags=re.IGNORECASE)
        extraction.faq.extend(q.strip() for q in questions if q.strip())
    if values.get("summary"):
        extraction.plots = [p for p in extraction.plots if p.kind != "summary"]
    for value in values.get("summary", [])[:1]:
        parts = re.split(r"\s*(?:—|\bwritten by\b)\s*", value, maxsplit=1, flags=re.I)
        summary = parts[0].strip()
        author = author_name(parts[1]) if len(parts) > 1 else ""
        if len(summary) > 20 and not any(p.kind == "summary" for p in extraction.plots):
            extraction.plots.append(PlotText(kind="summary", text=summary, author=author))


def _attach_ids(extraction: PageExtraction, html: HtmlPage) -> None:
    if not extraction.imdb_id and (match := re.search(r"tt\d{7,10}", html.canonical_url)):
        extraction.imdb_id = match.group(0)
    for credit in extraction.credits:
        if not credit.person.imdb_id:
            credit.person.imdb_id = html.people.get(fold(credit.person.name), "")
    for card in extraction.related:
        if not card.imdb_id:
            card.imdb_id = html.titles.get(fold(card.title), "")
    if extraction.series is not None and not extraction.series.imdb_id:
        extraction.series.imdb_id = html.titles.get(fold(extraction.series.title), "")
