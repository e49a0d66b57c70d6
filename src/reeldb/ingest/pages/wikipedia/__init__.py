"""Wikipedia articles about films and series, as plain text, HTML or wikitext.

Each form is first reduced to the same ``Article`` (``forms`` reads rendered
text and HTML, ``wikitext`` the source); ``facts`` then reads every article
the same way. This package's public names are the ones ``extract`` uses.
"""

from __future__ import annotations

from reeldb.ingest.pages.wikipedia.article import Article, detect_kind, first_sentence, lead_match
from reeldb.ingest.pages.wikipedia.facts import extract
from reeldb.ingest.pages.wikipedia.forms import article_from_html, article_from_text
from reeldb.ingest.pages.wikipedia.wikitext import article_from_wikitext

__all__ = [
    "Article",
    "article_from_html",
    "article_from_text",
    "article_from_wikitext",
    "detect_kind",
    "extract",
    "first_sentence",
    "lead_match",
]
