"""``extract_document``: what every extraction promises whatever the extractor."""

from __future__ import annotations

import json

from reeldb.ingest.pages.documents import Document
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm, DocumentKind

ARTICLE = """{{Infobox film
| name = The Bell\x00 Tower
| director = [[Ana\x07 Ruiz]]
| released = 2004
}}
'''The Bell Tower''' is a 2004 Spanish drama film directed by Ana Ruiz.

== Plot ==
A bell\x00ringer climbs the tower every night.
"""


def test_an_extraction_holds_no_control_characters() -> None:
    extraction = extract_document(
        Document(name="bell.wiki", text=ARTICLE, form=DocumentForm.WIKITEXT)
    )
    assert extraction.kind is DocumentKind.WIKIPEDIA_FILM
    dumped = json.dumps(extraction.to_json(), ensure_ascii=True)
    assert "\\u0000" not in dumped
    assert "\\u0007" not in dumped
    assert extraction.title == "The Bell Tower"
