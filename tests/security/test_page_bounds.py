"""`reeldb import pages` reads wikitext in time linear in its length.

mwparserfromhell reads on to the end of the text for each opening nothing
closes, and every replacement or removal in its tree searched the whole
tree: an article of many unclosed brackets, templates or headings cost the
square of its length. Each test makes the quadratic step fail at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import mwparserfromhell
import pytest
from mwparserfromhell.wikicode import Wikicode

from reeldb.ingest.pages.documents import Document
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm

INFOBOX = (
    "{{Infobox film\n| name = Desperado\n| director = Robert Rodriguez\n}}\n"
    "'''Desperado''' is a 1995 American action film.\n\n"
)


@pytest.mark.parametrize("opening", ["{{nowrap|", "[[Link|", "<span>", "{|\n", "[http://x "])
def test_wikitext_openings_nothing_closes_reach_the_parser_as_text(
    monkeypatch: pytest.MonkeyPatch, opening: str
) -> None:
    """mwparserfromhell reads on to the end of the text for each opening nothing closes."""
    seen: list[str] = []
    parse = mwparserfromhell.parse

    def spy(text: str) -> Wikicode:
        seen.append(text)
        if text.count(opening) > 1_000:
            raise AssertionError("the parser was given 30,000 openings nothing closes")
        return parse(text)

    monkeypatch.setattr(mwparserfromhell, "parse", spy)
    text = INFOBOX + (opening + "words\n") * 30_000
    document = Document(name="open.wiki", text=text, form=DocumentForm.WIKITEXT)

    extraction = extract_document(document)

    assert extraction.title == "Desperado"
    # Written as entities, the openings still read as they were.
    assert parse(seen[0]).strip_code().count(opening.strip()) == 30_000


def test_a_template_nest_100000_deep_half_closed_is_read_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The closed half stays templates, nested past the parser's depth; the rest is text."""
    seen: list[str] = []
    parse = mwparserfromhell.parse

    def spy(text: str) -> Wikicode:
        seen.append(text)
        if text.count("{{") - text.count("}}") > 1_000:
            raise AssertionError("the parser was given 50,000 templates nothing closes")
        return parse(text)

    monkeypatch.setattr(mwparserfromhell, "parse", spy)
    text = INFOBOX + "{{a|" * 100_000 + "x" + "}}" * 50_000
    document = Document(name="nested.wiki", text=text, form=DocumentForm.WIKITEXT)

    assert extract_document(document).title == "Desperado"
    assert seen[0].count("{{") == seen[0].count("}}") == 50_001


@pytest.fixture
def counted_tree_searches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count mwparserfromhell's searches of a whole tree for one node, failing past 100."""
    searches: list[int] = []
    search = Wikicode._do_strong_search

    def counted(self: Wikicode, *args: Any, **kwargs: Any) -> Any:
        searches.append(1)
        if len(searches) > 100:
            raise AssertionError("the tree was searched once per template")
        return search(self, *args, **kwargs)

    monkeypatch.setattr(Wikicode, "_do_strong_search", counted)
    yield searches


@pytest.mark.parametrize(
    "markup_",
    [
        "{{nowrap|$2 million}} ",
        "{{lang-es|Desperado}} ",
        "<br>",
        "<gallery>x</gallery> ",
        "== H ==\nx\n",
    ],
)
def test_an_article_of_20000_templates_tags_or_headings_is_read_in_one_pass(
    counted_tree_searches: list[int], markup_: str
) -> None:
    """Each replacement or removal searching the whole tree made such articles quadratic."""
    starring = "| starring = " + "Antonio Banderas<br>" * 20_000 + "\n"
    text = INFOBOX.replace("}}\n", starring + "}}\n", 1) + markup_ * 20_000
    document = Document(name="many.wiki", text=text, form=DocumentForm.WIKITEXT)

    extraction = extract_document(document)

    assert extraction.title == "Desperado"
    assert len(counted_tree_searches) <= 100
