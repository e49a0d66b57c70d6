"""Reading saved files into documents: charsets, forms, exports, and what cannot be read.

Each bad input must become a ``PageError`` that names the file and says why,
with the documents around it still read.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

import pytest

from reeldb.ingest.pages.documents import (
    Document,
    PageError,
    document_from_bytes,
    iter_documents,
)
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm

DATA = Path(__file__).resolve().parents[2] / "data" / "pages"
EXPORT = DATA / "wikipedia" / "harbour_export.xml"
REELDB = Path(sys.executable).with_name("reeldb")


def _read(*paths: Path) -> list[Document | PageError]:
    return list(iter_documents([str(path) for path in paths]))


def _titles(items: list[Document | PageError]) -> list[str]:
    return [item.page_title if isinstance(item, Document) else f"error: {item}" for item in items]


# Charsets ------------------------------------------------------------------------------------


def test_a_utf16_file_with_a_byte_order_mark_is_decoded() -> None:
    [document] = _read(DATA / "forms" / "kitchen_island.utf16.txt")
    assert isinstance(document, Document)
    assert document.form is DocumentForm.TEXT
    assert document.text.startswith("Kitchen Island\r\nFrom Wikipedia")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_byte_order_mark_is_decoded(codec: str) -> None:
    text = "Tin Crown is a 1961 Italian adventure film directed by Aldo Benedetti."
    document = document_from_bytes(text.encode(codec), "tin.txt")
    assert document.text == text


def test_curl_headers_are_stripped_and_their_charset_decodes_the_body() -> None:
    [document] = _read(DATA / "wikipedia" / "l_ete_des_cerises.curl-i.html")
    assert isinstance(document, Document)
    assert document.form is DocumentForm.HTML
    assert document.text.startswith("<!DOCTYPE html>")
    assert "<title>L'Été des cerises - Wikipedia</title>" in document.text
    assert "HTTP/1.1" not in document.text


def test_a_meta_charset_decodes_an_html_page() -> None:
    raw = '<html><head><meta charset="windows-1252"><title>Caf\xe9 – Wikipedia</title>'.encode(
        "cp1252"
    )
    document = document_from_bytes(raw + b"</head><body><p>x</p></body></html>", "cafe.html")
    assert "Café – Wikipedia" in document.text


def test_undeclared_bytes_are_utf8_when_they_decode_and_windows_1252_otherwise() -> None:
    assert document_from_bytes("Amélie".encode(), "a.txt").text == "Amélie"
    assert document_from_bytes("Amélie – “x”".encode("cp1252"), "b.txt").text == "Amélie – “x”"


# Forms ---------------------------------------------------------------------------------------


def test_wikitext_with_ref_and_div_tags_is_wikitext_not_html() -> None:
    text = (
        "{{Infobox film\n| name = Ember\n}}\n'''Ember''' is a 2012 film.<ref>a</ref>"
        "<ref>b</ref>\n<div>c</div> <span>d</span>\n== Plot ==\nA fire."
    )
    assert document_from_bytes(text.encode(), "ember").form is DocumentForm.WIKITEXT


def test_an_html_document_is_html_even_when_it_quotes_wikitext() -> None:
    text = "<!DOCTYPE html><html><head><title>x</title></head><body><pre>{{Infobox film}}</pre>"
    assert document_from_bytes(text.encode(), "page").form is DocumentForm.HTML


# Exports -------------------------------------------------------------------------------------


def test_an_export_yields_its_articles_named_after_file_and_page() -> None:
    items = _read(EXPORT)
    assert [item.name for item in items] == [
        f"{EXPORT}#Harbour Lights (TV series)",
        f"{EXPORT}#Salt Road",
    ]
    assert all(isinstance(i, Document) and i.form is DocumentForm.WIKITEXT for i in items)


@pytest.mark.parametrize("compress", [bz2.compress, gzip.compress])
def test_a_compressed_export_is_known_by_its_bytes_not_its_name(
    tmp_path: Path, compress: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "pages-articles.dump"
    path.write_bytes(compress(EXPORT.read_bytes()))
    assert _titles(_read(path)) == ["Harbour Lights (TV series)", "Salt Road"]


def test_a_truncated_export_yields_its_whole_pages_then_an_error() -> None:
    path = DATA / "forms" / "truncated_export.xml"
    items = _read(path)
    assert _titles(items[:1]) == ["Harbour Lights (TV series)"]
    [error] = items[1:]
    assert isinstance(error, PageError)
    assert error.name == str(path)
    # Four pages were read: the series, a redirect, a village and a talk page.
    assert "export is malformed or truncated after 4 page(s)" in error.reason


def test_a_truncated_bz2_export_is_an_error_after_its_whole_pages(tmp_path: Path) -> None:
    compressed = bz2.compress(EXPORT.read_bytes())
    path = tmp_path / "cut.xml.bz2"
    path.write_bytes(compressed[: len(compressed) * 3 // 4])
    items = _read(path)
    assert isinstance(items[-1], PageError)
    assert items[-1].name == str(path)
    assert all(isinstance(item, Document) for item in items[:-1])


def test_an_export_is_streamed_page_by_page(tmp_path: Path) -> None:
    """The first article comes out before the reader has gone far into a large export."""
    head, page, tail = _split_export(EXPORT.read_text(encoding="utf-8"))
    path = tmp_path / "big.xml"
    path.write_text(head + page * 2000 + tail, encoding="utf-8")
    opened: list[IO[bytes]] = []

    def on_export(_path: Path, raw: IO[bytes]) -> None:
        opened.append(raw)

    items = iter_documents([str(path)], on_export=on_export)
    first = next(items)
    assert isinstance(first, Document)
    assert opened[0].tell() < path.stat().st_size // 10


def _split_export(export: str) -> tuple[str, str, str]:
    start, end = export.index("  <page>"), export.index("  </page>") + len("  </page>\n")
    return export[:start], export[start:end], "</mediawiki>\n"


def test_the_export_callback_is_told_of_every_page_read(tmp_path: Path) -> None:
    pages: list[str] = []

    def on_export(path: Path, _raw: IO[bytes]) -> Callable[[], None]:
        return lambda: pages.append(path.name)

    assert len(list(iter_documents([str(EXPORT)], on_export=on_export))) == 2
    assert pages == ["harbour_export.xml"] * 5  # every page, the skipped ones too


def test_standard_input_is_read_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(bz2.compress(EXPORT.read_bytes()))))
    monkeypatch.setattr(sys, "stdin", stdin)
    items = list(iter_documents(["-"]))
    assert [item.name for item in items] == [
        "<stdin>#Harbour Lights (TV series)",
        "<stdin>#Salt Road",
    ]


# What cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty document"),
        (b" \n\r\n\t", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary file"),
        (bytes(range(1, 32)) * 40, "not text in any charset"),
        (b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n", "HTTP headers with no body"),
    ],
)
def test_a_file_that_is_not_a_page_is_an_error_naming_it(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, PageError)
    assert error.name == str(path)
    assert reason in error.reason
    assert str(error).startswith(f"{path}: ")


def test_a_missing_file_is_an_error_and_the_next_one_is_still_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    items = _read(missing, EXPORT)
    assert isinstance(items[0], PageError)
    assert items[0].name == str(missing) and "cannot read" in items[0].reason
    assert len(items) == 3


def test_a_folder_is_read_in_name_order_and_its_bad_files_do_not_stop_the_run(
    tmp_path: Path,
) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_export.xml").write_bytes(EXPORT.read_bytes())
    (tmp_path / "c_binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / ".hidden").write_bytes(b"ignored")
    items = list(iter_documents([str(tmp_path)]))
    assert [(type(item).__name__, Path(item.name.split("#")[0]).name) for item in items] == [
        ("PageError", "a_empty.txt"),
        ("Document", "b_export.xml"),
        ("Document", "b_export.xml"),
        ("PageError", "c_binary.bin"),
    ]


def test_a_truncated_html_article_is_an_error_naming_it() -> None:
    path = DATA / "forms" / "broken_article.html"
    [document] = _read(path)
    assert isinstance(document, Document)
    with pytest.raises(PageError, match="truncated HTML") as caught:
        extract_document(document)
    assert caught.value.name == str(path)


def test_text_about_something_else_is_an_unknown_kind() -> None:
    document = document_from_bytes(
        b"Preheat the oven to 180 degrees.\n\nBeat the eggs.", "cake.txt"
    )
    with pytest.raises(PageError, match=r"^cake\.txt: unknown kind"):
        extract_document(document)


# End to end ----------------------------------------------------------------------------------


def test_reeldb_extract_prints_each_article_of_a_bz2_export_as_json(tmp_path: Path) -> None:
    export = tmp_path / "enwiki-pages-articles.xml.bz2"
    export.write_bytes(bz2.compress(EXPORT.read_bytes()))
    result = subprocess.run(
        [str(REELDB), "extract", "--json", str(export)],
        capture_output=True,
        text=True,
        env={**os.environ, "REELDB_HOME": str(tmp_path / "home")},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["title"], r["kind"], r.get("year")) for r in records] == [
        ("Harbour Lights", "wikipedia_series", 2011),
        ("Salt Road", "wikipedia_film", 2019),
    ]
    assert records[0]["document"] == f"{export}#Harbour Lights (TV series)"


@pytest.mark.parametrize("padding", ["", " "])
@pytest.mark.parametrize("charset", ["rot13", "hex", "no-such-charset", "utf-16", "UTF-32"])
def test_a_charset_that_cannot_be_the_bytes_falls_back_to_utf8(charset: str, padding: str) -> None:
    raw = f'<html><head><meta charset="{charset}"><title>Amélie</title></head><body>x</body>'
    document = document_from_bytes((raw + padding + "</html>").encode(), "odd.html")
    assert "<title>Amélie</title>" in document.text


@pytest.mark.parametrize(
    ("infobox", "is_kept"),
    [
        ("{{Infobox film\n| name = X\n}}", True),
        ("{{infobox_movie|name=X}}", True),
        ("{{Infobox television <!-- see talk -->\n| creator = Y\n}}", True),
        ("{{Infobox TV series}}", True),
        ("{{Infobox film festival\n| name = Berlinale\n}}", False),
        ("{{Infobox television episode\n| series = Harbour Lights\n}}", False),
        ("{{Infobox television season\n| season_number = 2\n}}", False),
        ("{{Infobox film awards\n| award = x\n}}", False),
    ],
)
def test_an_export_keeps_a_page_only_for_a_film_or_series_infobox(
    tmp_path: Path, infobox: str, is_kept: bool
) -> None:
    head, page, tail = _split_export(EXPORT.read_text(encoding="utf-8"))
    text_start = page.index('xml:space="preserve">') + len('xml:space="preserve">')
    text_end = page.index("</text>")
    article = f"{infobox}\n'''X''' is a 2001 film."
    path = tmp_path / "one.xml"
    text = escape(article)
    path.write_text(head + page[:text_start] + text + page[text_end:] + tail, encoding="utf-8")
    assert len(_read(path)) == int(is_kept)


# A single <page> kept out of an export -------------------------------------------------------

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"
FILM_WIKITEXT = (
    "{{Infobox film\n| director = Ana Ruiz\n| runtime = {{Runtime|98}}\n}}\n"
    "'''Ember''' is a 2012 Chilean drama film directed by Ana Ruiz. &lt;div&gt;x&lt;/div&gt;"
)


@pytest.mark.parametrize(
    ("before", "open_tag", "close_tag"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n', f'<page xmlns="{EXPORT_NS}">', "</page>"),
        ("", "<page>", "</page>"),
        ("\ufeff  <!-- kept from an export -->\n<!-- twice -->\n", "<page>", "</page>"),
        ('<?xml version="1.0"?>', f'<mw:page xmlns:mw="{EXPORT_NS}">', "</mw:page>"),
    ],
)  # fmt: skip
def test_a_single_export_page_is_read_as_its_article_wikitext(
    before: str, open_tag: str, close_tag: str
) -> None:
    prefix = open_tag[1:].split("page", maxsplit=1)[0]
    inner = (
        f"<{prefix}title>Ember (2012 film)</{prefix}title><{prefix}ns>0</{prefix}ns>"
        f'<{prefix}revision><{prefix}text xml:space="preserve">{FILM_WIKITEXT}'
        f"</{prefix}text></{prefix}revision>"
    )
    raw = f"{before}{open_tag}{inner}{close_tag}\n".encode()
    document = document_from_bytes(raw, "ember.xml")
    assert document.form is DocumentForm.WIKITEXT
    assert (document.name, document.page_title) == (
        "ember.xml#Ember (2012 film)",
        "Ember (2012 film)",
    )
    assert document.text.startswith("{{Infobox film") and "<div>x</div>" in document.text
    extraction = extract_document(document)
    assert (extraction.title, extraction.year, extraction.runtime_minutes) == ("Ember", 2012, 98)
    assert extraction.wikipedia_page == "Ember (2012 film)"


def test_a_single_page_is_not_taken_for_html_by_its_tags() -> None:
    raw = (
        b"<page><title>Ember</title><ns>0</ns><revision><text>"
        b"'''Ember''' is a 2012 film.&lt;div&gt;&lt;p&gt;&lt;span&gt;&lt;table&gt;"
        b"</text></revision></page>"
    )
    document = document_from_bytes(raw, "ember.xml")
    assert document.form is DocumentForm.WIKITEXT
    assert extract_document(document).title == "Ember"


def test_a_single_page_about_something_else_is_an_unknown_kind() -> None:
    raw = (
        b"<page><title>Mevagissey</title><ns>0</ns><revision><text>"
        b"'''Mevagissey''' is a village and fishing port in [[Cornwall]].</text></revision></page>"
    )
    document = document_from_bytes(raw, "village.xml")
    with pytest.raises(PageError, match=r"village\.xml#Mevagissey: unknown kind"):
        extract_document(document)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"<page><title>Talk:Ember</title><ns>1</ns><revision><text>Hi</text></revision></page>",
         "unknown kind: an export page in namespace 1, not an article"),
        (b"<page><title>Ember</title><ns>0</ns><revision><text>'''Ember''' is",
         "export page is malformed or truncated"),
        (b"<page><title>Ember</title><ns>0</ns></page>", "export page without wikitext"),
    ],
)  # fmt: skip
def test_a_single_page_that_cannot_be_an_article_is_an_error_saying_why(
    raw: bytes, reason: str
) -> None:
    with pytest.raises(PageError, match=reason):
        document_from_bytes(raw, "page.xml")


def test_a_single_page_file_is_one_document_of_iter_documents(tmp_path: Path) -> None:
    page = tmp_path / "ember.xml"
    page.write_text(
        f"<page><title>Ember</title><ns>0</ns><revision><text>{FILM_WIKITEXT}</text>"
        "</revision></page>",
        encoding="utf-8",
    )
    [document] = _read(page)
    assert isinstance(document, Document)
    assert (document.name, document.page_title) == (f"{page}#Ember", "Ember")
