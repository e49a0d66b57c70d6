"""`reeldb import pages` does bounded work per document: no bomb, nesting or bracket costs more.

Each hostile document is refused (or read) without the work that made it
hostile: a compressed file is refused within its first megabytes, HTML nested
past the limit never reaches the tree builder, wikitext never makes the
parser search to the end of the text once per bracket. The run goes on, and
the summary counts the refused document.
"""

from __future__ import annotations

import bz2
import gzip
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest
from mwparserfromhell.wikicode import Wikicode
from selectolax.lexbor import LexborHTMLParser

from reeldb.cli import main
from reeldb.ingest.pages import markup
from reeldb.ingest.pages.documents import Document, PageError, iter_documents
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.nesting import builder, html_depth
from reeldb.ingest.pages.nesting.tokens import TAG
from reeldb.ingest.pages.schema import DocumentForm

MIB = 1024 * 1024
PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
GOOD_PAGE = PAGES / "wikipedia" / "the_quiet_orchard.html"
# What reading a refused bomb may allocate at its peak: a few chunks and the page that
# says no. Reading it whole, as before, takes its unpacked size.
PEAK_BUDGET = 16 * MIB
INFOBOX = (
    "{{Infobox film\n| name = Desperado\n| director = Robert Rodriguez\n}}\n"
    "'''Desperado''' is a 1995 American action film.\n\n"
)

pytestmark = pytest.mark.django_db


def _import(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str]:
    """Run `reeldb import pages` in this process; return its exit status and what it printed."""
    status = main(["import", "pages", "--jobs", "0", *map(str, paths)])
    return status, " ".join(capsys.readouterr().err.split())


def _film_html(body: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Desperado - Wikipedia</title></head><body>"
        '<div class="mw-parser-output"><p><b>Desperado</b> is a 1995 American action film '
        f"directed by Robert Rodriguez.</p>{body}</div></body></html>"
    )


@pytest.fixture
def no_tree_for_deep_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building a tree of a page nested past 10,000 elements fail at once.

    Building it takes lexbor minutes (its scope searches walk the whole stack at
    every tag); the limit must refuse such a page before any tree is built.
    """

    def parser(html: str, *args: Any, **kwargs: Any) -> LexborHTMLParser:
        if html.count("<div") > 10_000:
            raise AssertionError("a tree was built of a page nested 100,000 elements deep")
        return LexborHTMLParser(html, *args, **kwargs)

    monkeypatch.setattr(markup, "LexborHTMLParser", parser)


@pytest.mark.usefixtures("no_tree_for_deep_pages")
def test_a_page_nested_100000_elements_deep_is_skipped_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text(_film_html('<div class="x">' * 100_000 + "text" + "</div>" * 100_000))
    assert deep.stat().st_size > 2_000_000

    status, out = _import(capsys, deep, GOOD_PAGE)

    assert f"skipped {deep}: HTML nested more than 512 elements deep" in out
    assert "(REELDB_PAGE_MAX_DEPTH)" in out
    assert "documents: 2 read, 1 loaded" in out
    assert "skipped: 1" in out
    assert status == 1


def test_the_depth_limit_is_a_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    settings.REELDB_PAGE_MAX_DEPTH = 20
    page = tmp_path / "twenty-one.html"
    page.write_text(_film_html("<div>" * 21 + "text" + "</div>" * 21))

    status, out = _import(capsys, page)

    assert "HTML nested more than 20 elements deep" in out
    assert status == 2


def test_the_depth_count_stops_one_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each tag is read once, and none after the page is known to be too deep."""
    calls = []

    class CountingTag:
        def match(self, text: str, position: int) -> Any:
            calls.append(position)
            return TAG.match(text, position)

    monkeypatch.setattr(builder, "TAG", CountingTag())

    depth = html_depth("<div>" * 100_000, limit=512)

    assert depth == 513
    assert len(calls) == 513


# Each pattern, repeated, nests as deep as the tree lexbor builds from it: the depth
# is counted with the tree builder's rules, not by counting tags that look open.
NESTING = {
    "divs": "<div class=x>",
    "unclosed paragraphs do not nest": "<p>text",
    "unclosed list items do not nest": "<li>item",
    "cells of unclosed rows do not nest": "<tr><td>cell",
    "formatting elements with distinct attributes": "<b class=c{}>",
    "formatting left open in a block opens again after it": "<div><font face=x>text</div>\n",
    "misnested formatting around a block": "<b><p>text</b></p>",
    "a link closes the open link": "<a href=/x>x",
    "a table in each cell": "<table><tr><td>",
    "svg elements": "<g>",
    "an open select holds its content": "<select><div>",
    "a frameset page": "<frameset>",
}


def _tree_depth(html: str) -> int:
    """Return the depth of the deepest node of lexbor's tree, counted without recursion."""
    root = LexborHTMLParser(html).root
    assert root is not None
    depths: dict[int, int] = {}
    deepest = 0
    for node in root.traverse(include_text=True):
        parent = node.parent
        depth = depths.get(parent.mem_id, 0) + 1 if parent is not None else 0
        depths[node.mem_id] = depth
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("pattern", NESTING.values(), ids=NESTING.keys())
def test_the_depth_counted_is_the_depth_of_the_tree_built(pattern: str) -> None:
    opening = "<svg>" if pattern == "<g>" else ""
    html = opening + "".join(pattern.format(count) for count in range(600))

    counted = html_depth(html, limit=10_000)
    # The tree also holds <html>, <body> and a text node.
    assert counted <= _tree_depth(html) <= counted + 3


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


def test_wikitext_longer_than_the_limit_is_skipped(settings: Any) -> None:
    settings.REELDB_PAGE_MAX_WIKITEXT = 100_000
    text = INFOBOX + "* a line of a list\n" * 10_000
    document = Document(name="long.wiki", text=text, form=DocumentForm.WIKITEXT)

    with pytest.raises(PageError, match=r"wikitext longer than 100,000 characters"):
        extract_document(document)


def _gzip_bomb(path: Path, size: int) -> None:
    """Write ``size`` bytes of one repeated letter, after a page's head, compressed with gzip."""
    block = b"A" * MIB
    with gzip.open(path, "wb", compresslevel=9) as bomb:
        bomb.write(b"<!DOCTYPE html><html><head><title>Bomb - IMDb</title></head><body><p>")
        for _ in range(size // MIB):
            bomb.write(block)


def _peak_reading(path: Path) -> tuple[list[Document | PageError], int]:
    tracemalloc.start()
    try:
        items = list(iter_documents([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


def test_a_gzip_bomb_is_refused_in_its_first_megabytes_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.html.gz"
    _gzip_bomb(bomb, 64 * MIB)

    status, out = _import(capsys, bomb, GOOD_PAGE)

    assert f"skipped {bomb}: refused as a decompression bomb" in out
    assert "more than 100 times its compressed size (REELDB_PAGE_MAX_RATIO)" in out
    assert "documents: 2 read, 1 loaded" in out
    assert "skipped: 1" in out
    assert status == 1


def test_reading_a_gzip_bomb_holds_a_few_megabytes_not_its_size(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    _gzip_bomb(bomb, 64 * MIB)

    items, peak = _peak_reading(bomb)

    assert [type(item) for item in items] == [PageError]
    assert peak < PEAK_BUDGET


def test_a_bzip2_export_bomb_is_refused_in_its_first_megabytes(tmp_path: Path) -> None:
    export = tmp_path / "enwiki.xml.bz2"
    with bz2.open(export, "wb") as bomb:
        bomb.write(b"<mediawiki><page><title>Bomb</title><ns>0</ns><revision><text>")
        for _ in range(64):
            bomb.write(b"A" * MIB)
        bomb.write(b"</text></revision></page></mediawiki>")

    items, peak = _peak_reading(export)

    assert len(items) == 1
    assert isinstance(items[0], PageError)
    assert "refused as a decompression bomb" in items[0].reason
    assert peak < PEAK_BUDGET


def test_a_file_larger_than_the_limit_is_skipped(tmp_path: Path, settings: Any) -> None:
    settings.REELDB_PAGE_MAX_BYTES = MIB
    page = tmp_path / "large.html"
    page.write_text(_film_html("<p>" + "words " * 400_000 + "</p>"))

    [item] = list(iter_documents([str(page)]))

    assert isinstance(item, PageError)
    assert item.reason == "the page is larger than 1 MiB (REELDB_PAGE_MAX_BYTES): not read"


def test_an_export_page_larger_than_the_limit_stops_the_export_after_the_pages_before(
    tmp_path: Path, settings: Any
) -> None:
    settings.REELDB_PAGE_MAX_BYTES = MIB

    def page(title: str, text: str) -> str:
        return (
            f"<page><title>{title}</title><ns>0</ns><revision><text>{text}</text></revision></page>"
        )

    export = tmp_path / "export.xml"
    export.write_text(
        "<mediawiki>"
        + page("Desperado", INFOBOX)
        + page("Huge", INFOBOX + "words " * 400_000)
        + page("After", INFOBOX)
        + "</mediawiki>"
    )

    items = list(iter_documents([str(export)]))

    assert [item.name for item in items] == [f"{export}#Desperado", str(export)]
    error = items[1]
    assert isinstance(error, PageError)
    assert error.reason == (
        "page 2 is larger than 1 MiB (REELDB_PAGE_MAX_BYTES): not read, nor the rest of the export"
    )
