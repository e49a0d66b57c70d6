"""Tell what a document is and hand it to the extractor for its kind and form."""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from typing import Any

from reeldb.ingest.pages import imdb, wikipedia
from reeldb.ingest.pages.documents import Document, PageError, PageLimits
from reeldb.ingest.pages.markup import HtmlPage, parse_html
from reeldb.ingest.pages.nesting import html_depth
from reeldb.ingest.pages.schema import DocumentForm, PageExtraction
from reeldb.ingest.pages.text import is_lowercased, squash

UNKNOWN_KIND = (
    "unknown kind: neither an IMDb title, plot-summary or full-credits page "
    "nor a Wikipedia article about a film or series"
)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def extract_document(document: Document) -> PageExtraction:
    """Return what ``document`` states about its title, or raise ``PageError`` saying why not.

    Parsers raise ``PageError`` for a page they cannot read; anything else they
    raise is a bug, which the hypothesis tests hunt for and the runner reports
    without stopping. HTML nested deeper than ``REELDB_PAGE_MAX_DEPTH`` is
    refused before it is parsed, because building its tree costs its size
    times its depth; nesting too deep for Python is turned into a
    ``PageError`` here too. Control characters are taken out of the text
    before it is read and out of what comes of it.
    """
    if CONTROL_CHARACTERS.search(document.text):
        # mwparserfromhell's tokenizer reads a NUL as the end of the text.
        document = dataclasses.replace(document, text=CONTROL_CHARACTERS.sub("", document.text))
    try:
        extraction = _extract(document)
    except RecursionError as error:
        raise PageError(document.name, "markup nested too deeply to read") from error
    if not extraction.title.strip():
        raise PageError(document.name, f"{extraction.kind} with no title (truncated page?)")
    scrub(extraction)
    return extraction


def _check_limits(document: Document) -> None:
    """Refuse, before parsing, a document whose parse would cost more than its length allows.

    HTML's tree builder costs the page's size times its nesting depth, and
    mwparserfromhell spends up to 25 microseconds on a character of dense
    wikitext.
    """
    limits = PageLimits.from_settings()
    if document.form is DocumentForm.HTML:
        limit = limits.max_depth
        if html_depth(document.text, limit=limit) > limit:
            raise PageError(
                document.name,
                f"HTML nested more than {limit} elements deep (REELDB_PAGE_MAX_DEPTH): not read",
            )
    elif document.form is DocumentForm.WIKITEXT and len(document.text) > limits.max_wikitext:
        raise PageError(
            document.name,
            f"wikitext longer than {limits.max_wikitext:,} characters "
            "(REELDB_PAGE_MAX_WIKITEXT), more than Wikipedia allows an article: not read",
        )


def scrub(value: Any) -> Any:
    """Return ``value`` with control characters taken out of every string in it, in place.

    No page means them, and databases refuse some: PostgreSQL rejects NUL in
    any text. Extractions leave here scrubbed, in the worker processes that
    extract, so the store never pays for the walk.
    """
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list):
        value[:] = [scrub(item) for item in value]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            setattr(value, field.name, scrub(getattr(value, field.name)))
    return value


def _extract(document: Document) -> PageExtraction:
    _check_limits(document)
    if document.form is DocumentForm.HTML:
        return _from_html(document, parse_html(document.text))
    if document.form is DocumentForm.WIKITEXT:
        article = wikipedia.article_from_wikitext(document.text, document.page_title)
        return _wikipedia(document, article, DocumentForm.WIKITEXT)
    text = squash(document.text)
    kind = imdb.detect_kind(text)
    if kind is not None:
        extraction = PageExtraction(kind=kind, form=DocumentForm.TEXT, title="")
        extraction.lowercased = is_lowercased(text[:20_000])
        imdb.extract(text, text, kind, extraction, raw=document.text)
        return extraction
    return _wikipedia(document, wikipedia.article_from_text(document.text), DocumentForm.TEXT)


def _from_html(document: Document, page: HtmlPage) -> PageExtraction:
    if not page.is_complete:
        raise PageError(document.name, "truncated HTML: the page ends before </body> or </html>")
    is_imdb = "imdb.com" in page.canonical_url or re.search(r"\bimdb\b", page.head_title, re.I)
    kind = imdb.detect_kind(page.head_title) if is_imdb else None
    if kind is not None:
        extraction = PageExtraction(kind=kind, form=DocumentForm.HTML, title="")
        extraction.lowercased = is_lowercased(page.text[:20_000])
        imdb.extract(page.text, page.head_title, kind, extraction, page)
        return extraction
    return _wikipedia(document, wikipedia.article_from_html(page), DocumentForm.HTML)


def _wikipedia(
    document: Document, article: wikipedia.Article, form: DocumentForm
) -> PageExtraction:
    kind = wikipedia.detect_kind(article)
    if kind is None:
        raise PageError(document.name, UNKNOWN_KIND)
    extraction = wikipedia.extract(article, kind, form)
    extraction.lowercased = is_lowercased(article.lead[:5000])
    return extraction
