"""Turn saved files into documents: bytes to text in the right charset, and the form it is in.

People save pages in many ways: a browser's "Save as", ``curl -i`` (HTTP
headers in front of the HTML), a text dump, a Wikipedia article's wikitext,
or a ``Special:Export`` XML file of one or many pages (the full
``pages-articles.xml.bz2`` dump is one of those, compressed). ``iter_documents``
reads any of them and yields one ``Document`` per page, streaming exports so
that memory stays bounded whatever their size.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedElementTree

from reeldb.ingest.pages.schema import DocumentForm

# The infoboxes that make a Wikipedia article a film or television article.
FILM_OR_TV_INFOBOX = re.compile(r"\{\{\s*infobox[ _](film|television)\b", re.IGNORECASE)
HTTP_STATUS_LINE = re.compile(rb"^HTTP/\d(?:\.\d)? \d{3}")
DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)""")
HTML_MARKERS = re.compile(r"<(?:!doctype html|html|head|body|div|table|p|span)\b", re.IGNORECASE)
WIKITEXT_MARKERS = re.compile(r"\{\{|\[\[|^'''|^==[^=]", re.MULTILINE)
BINARY_SAMPLE = 8192
ProgressCallback = Callable[[int, int], None]


class PageError(Exception):
    """A document that cannot be imported; the message says which and why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One page's text, where it came from and its form.

    ``page_title`` is the wiki page's title when the document came out of an
    export; ``name`` names the document in messages (a path, or
    ``path#Page title`` for an exported page).
    """

    name: str
    text: str
    form: DocumentForm
    page_title: str = ""


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Return the text of a saved page and its HTTP-less body's declared charset.

    Strips ``curl -i`` headers (a redirect saves several blocks), then decodes
    by the charset the headers, a byte-order mark, an XML declaration or a
    ``<meta>`` tag declare; undeclared bytes are UTF-8 if they decode as such,
    else Windows-1252, the web's de-facto default.
    """
    header_charset = None
    while HTTP_STATUS_LINE.match(raw):
        parts = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)
        if len(parts) < 2:
            raise PageError(name, "HTTP headers with no body after them (truncated download?)")
        head, raw = parts
        match = DECLARED_CHARSET.search(head)
        header_charset = match.group(1).decode("ascii") if match else header_charset
    if not raw.strip():
        raise PageError(name, "empty document")
    sample = raw[:BINARY_SAMPLE]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageError(name, "binary file, not a page (it holds NUL bytes)")
    charset = header_charset or _declared_charset(raw)
    for candidate in (charset, "utf-8"):
        if candidate and _known_codec(candidate):
            try:
                return raw.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    return raw.decode("cp1252", errors="replace"), "cp1252"


def _declared_charset(raw: bytes) -> str | None:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return codec
    xml = XML_DECLARED_ENCODING.match(raw)
    if xml:
        return xml.group(1).decode("ascii")
    head = raw[:4096]
    meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", head, re.IGNORECASE)
    return meta.group(1).decode("ascii") if meta else None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def detect_form(text: str) -> DocumentForm:
    """Return whether ``text`` is HTML, wikitext or plain text."""
    head = text[:20_000]
    if HTML_MARKERS.search(head) and head.count("<") > 3:
        return DocumentForm.HTML
    if WIKITEXT_MARKERS.search(head) and ("'''" in head or "{{" in head or "[[" in head):
        return DocumentForm.WIKITEXT
    return DocumentForm.TEXT


def document_from_bytes(raw: bytes, name: str) -> Document:
    text, _charset = decode(raw, name)
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise PageError(name, "not text in any charset (binary file?)")
    return Document(name=name, text=text, form=detect_form(text))


def _looks_like_export(head: bytes) -> bool:
    return b"<mediawiki" in head[:2000]


def iter_export(
    stream: IO[bytes], name: str, *, on_progress: Callable[[], None] | None = None
) -> Iterator[Document | PageError]:
    """Yield each film or TV article of a MediaWiki XML export, streaming.

    Pages outside the article namespace, redirects and articles without a
    film or television infobox are passed over. Each page's element is
    cleared once read, so memory holds one page at a time however large the
    export. A malformed or truncated export yields a ``PageError`` saying
    where it stopped, after every page read before that point.
    """
    pages = 0
    try:
        context = DefusedElementTree.iterparse(stream, events=("start", "end"))
        root = None
        for event, element in context:
            if root is None and event == "start":
                root = element
            if event != "end" or _local(element.tag) != "page":
                continue
            pages += 1
            document = _export_page(element, name)
            element.clear()
            if root is not None:
                root.clear()
            if on_progress is not None:
                on_progress()
            if document is not None:
                yield document
    except (ElementTree.ParseError, DefusedXmlException, EOFError, OSError) as error:
        yield PageError(name, f"export is malformed or truncated after {pages} page(s): {error}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _export_page(page: ElementTree.Element, name: str) -> Document | None:
    title = namespace = text = ""
    redirect = False
    for child in page.iter():
        tag = _local(child.tag)
        if tag == "title" and not title:
            title = child.text or ""
        elif tag == "ns":
            namespace = (child.text or "").strip()
        elif tag == "redirect":
            redirect = True
        elif tag == "text":
            text = child.text or ""
    if redirect or namespace not in ("", "0") or not FILM_OR_TV_INFOBOX.search(text):
        return None
    return Document(name=f"{name}#{title}", text=text, form=DocumentForm.WIKITEXT, page_title=title)


def _decompressed(path: Path, raw_file: IO[bytes]) -> IO[bytes]:
    if path.suffix == ".bz2":
        return bz2.open(raw_file, "rb")
    if path.suffix == ".gz":
        return gzip.open(raw_file, "rb")
    return raw_file


def iter_paths(paths: list[str]) -> Iterator[Path | str]:
    """Expand folders into the files under them, in name order; ``-`` is standard input."""
    for given in paths:
        if given == "-":
            yield "-"
            continue
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and not child.name.startswith(".")
            )
        else:
            yield path


def iter_documents(
    paths: list[str],
    *,
    on_export: Callable[[Path, IO[bytes]], Callable[[], None] | None] | None = None,
) -> Iterator[Document | PageError]:
    """Yield every document in ``paths``, or a ``PageError`` for each that cannot be read.

    ``on_export`` is called when a file turns out to be a MediaWiki export,
    with the file and its raw (compressed) stream, and may return a callback
    run after each page: the command line uses it for a progress bar.
    """
    for path in iter_paths(paths):
        if path == "-":
            yield from _documents_in(sys.stdin.buffer, "<stdin>", None)
            continue
        assert isinstance(path, Path)  # noqa: S101 - iter_paths yields "-" or a Path
        try:
            with path.open("rb") as raw_file, _decompressed(path, raw_file) as stream:
                head = stream.peek(2000)[:2000]  # type: ignore[attr-defined]
                if _looks_like_export(head):
                    progress = on_export(path, raw_file) if on_export else None
                    yield from iter_export(stream, str(path), on_progress=progress)
                else:
                    yield document_from_bytes(stream.read(), str(path))
        except PageError as error:
            yield error
        except (OSError, EOFError, ValueError) as error:
            yield PageError(str(path), f"cannot read: {error}")


def _documents_in(
    stream: IO[bytes], name: str, progress: Callable[[], None] | None
) -> Iterator[Document | PageError]:
    raw = stream.read()
    if _looks_like_export(raw[:2000]):
        yield from iter_export(io.BytesIO(raw), name, on_progress=progress)
        return
    try:
        yield document_from_bytes(raw, name)
    except PageError as error:
        yield error
