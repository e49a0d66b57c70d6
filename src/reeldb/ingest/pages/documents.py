"""Turn saved files into documents: bytes to text in the right charset, and the form it is in.

People save pages in many ways: a browser's "Save as", ``curl -i`` (HTTP
headers in front of the HTML), a text dump, a Wikipedia article's wikitext,
or a ``Special:Export`` XML file of one or many pages (the full
``pages-articles.xml.bz2`` dump is one of those, compressed), or one ``<page>``
of such a file kept without its ``<mediawiki>`` root. ``iter_documents``
reads any of them and yields one ``Document`` per page, streaming exports so
that memory stays bounded whatever their size.

Every file is read a chunk at a time under the caps of ``PageLimits``: a page
past ``max_bytes``, or a compressed file that unpacks to more than
``max_ratio`` times its size, is refused as soon as the bytes read show it,
so that a small ``.gz`` bomb costs a few megabytes, never its gigabytes.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml import ElementTree as DefusedElementTree
from django.conf import settings

from reeldb.errors import ImportProblem
from reeldb.ingest.pages.schema import DocumentForm
from reeldb.streams import CHUNK, CountedStream, Readable, exceeds_ratio, mib

# The infoboxes that make a Wikipedia article a film or television article, with their
# redirects; "Infobox film festival" and "Infobox television episode" are other boxes.
INFOBOX_KINDS = {
    "infobox film": "film", "infobox movie": "film",
    "infobox television": "television", "infobox tv": "television",
    "infobox television series": "television", "infobox tv series": "television",
    "infobox television program": "television", "infobox television show": "television",
    "infobox tv show": "television", "infobox television programme": "television",
}  # fmt: skip
FILM_OR_TV_INFOBOX = re.compile(
    r"\{\{\s*(?:"
    + "|".join(name.replace(" ", "[ _]+") for name in INFOBOX_KINDS)
    + r")\s*(?:\||\}\}|<!--)",
    re.IGNORECASE,
)
HTTP_STATUS_LINE = re.compile(rb"^HTTP/\d(?:\.\d)? \d{3}")
DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)""")
HTML_DOCUMENT = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)
HTML_MARKERS = re.compile(r"<(?:!doctype html|html|head|body|div|table|p|span)\b", re.IGNORECASE)
# C0 control characters no text file holds: many of them mean the bytes are not text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# One ``<page>`` of an export kept on its own, as tools, test suites and "export
# pages" snippets keep an article: an XML declaration, whitespace and comments may
# come first, and the element may carry the export's namespace or a prefix.
SINGLE_EXPORT_PAGE = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:[A-Za-z_][\w.-]*:)?page[\s>]", re.S
)
WIKITEXT_MARKERS = re.compile(r"\{\{|\[\[|^'''|^==[^=]", re.MULTILINE)
BINARY_SAMPLE = 8192
ProgressCallback = Callable[[int, int], None]


class PageError(ImportProblem):
    """A document that cannot be imported; the message says which and why."""

    default_code = "bad_document"

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}", details={"document": name})
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class PageLimits:
    """The caps every document is read under (README, configuration; docs/importers/pages.md)."""

    max_bytes: int
    max_ratio: int
    max_depth: int
    max_wikitext: int

    @classmethod
    def from_settings(cls) -> PageLimits:
        return cls(
            max_bytes=settings.REELDB_PAGE_MAX_BYTES,
            max_ratio=settings.REELDB_PAGE_MAX_RATIO,
            max_depth=settings.REELDB_PAGE_MAX_DEPTH,
            max_wikitext=settings.REELDB_PAGE_MAX_WIKITEXT,
        )


class PageBudget:
    """The bytes one file has given so far, checked against the caps as each chunk comes.

    ``page`` counts the page being read: the whole file, or one page of an
    export (``next_page`` starts the next). ``unpacked`` and ``compressed``
    count the whole file, for the ratio of a gzip or bzip2 file.
    """

    def __init__(self, name: str, limits: PageLimits) -> None:
        self.name = name
        self.limits = limits
        self.is_compressed = False
        self.compressed = 0
        self.unpacked = 0
        self.page = 0
        self.export_pages: int | None = None

    def count_compressed(self, size: int) -> None:
        self.compressed += size

    def count(self, size: int) -> None:
        """Count ``size`` more bytes of text; raise ``PageError`` past a cap."""
        self.unpacked += size
        self.page += size
        limits = self.limits
        if self.page > limits.max_bytes:
            where = "the page" if self.export_pages is None else f"page {self.export_pages + 1}"
            raise PageError(
                self.name,
                f"{where} is larger than {mib(limits.max_bytes)}"
                + (" unpacked" if self.is_compressed else "")
                + " (REELDB_PAGE_MAX_BYTES): not read"
                + ("" if self.export_pages is None else ", nor the rest of the export"),
            )
        if self.is_compressed and exceeds_ratio(self.unpacked, self.compressed, limits.max_ratio):
            raise PageError(
                self.name,
                "refused as a decompression bomb: it unpacks to more than "
                f"{limits.max_ratio} times its compressed size (REELDB_PAGE_MAX_RATIO)",
            )

    def next_page(self) -> None:
        """Start counting the next page of an export."""
        self.export_pages = (self.export_pages or 0) + 1
        self.page = 0


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
    utf16 = _utf16(sample)
    if utf16:
        # A byte-order mark or NULs in every other byte: UTF-16, which no other
        # declaration can override. A truncated last character is replaced.
        return raw.decode(utf16, errors="replace"), utf16
    if b"\x00" in sample:
        raise PageError(name, "binary file, not a page (it holds NUL bytes)")
    charset = header_charset or _declared_charset(raw)
    if charset and re.match(r"(?i)utf-?(?:16|32)", charset):
        # Bytes without NULs are not UTF-16 whatever they declare; browsers
        # read such a page as UTF-8 (WHATWG encoding standard, "get an encoding").
        charset = None
    for candidate in (charset, "utf-8"):
        if candidate and _known_codec(candidate):
            try:
                return raw.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    return raw.decode("cp1252", errors="replace"), "cp1252"


def _utf16(sample: bytes) -> str | None:
    """Return the UTF-16 codec ``sample`` is in, by its byte-order mark or its NULs, or None."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 16 and b"\x00" in sample:
        # Mostly-ASCII text in UTF-16 has a NUL in nearly every high byte.
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def _declared_charset(raw: bytes) -> str | None:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    xml = XML_DECLARED_ENCODING.match(raw)
    if xml:
        return xml.group(1).decode("ascii")
    head = raw[:4096]
    meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", head, re.IGNORECASE)
    return meta.group(1).decode("ascii") if meta else None


def _known_codec(name: str) -> bool:
    """Tell a text encoding Python knows from an unknown name or a bytes codec ("hex", "rot13")."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True) is not False


def detect_form(text: str) -> DocumentForm:
    """Return whether ``text`` is HTML, wikitext or plain text.

    A page that starts as an HTML document is HTML. Otherwise wikitext wins
    over stray tags, because an article's wikitext holds ``<ref>``, ``<span>``
    and ``<div>`` tags of its own; a fragment of HTML with no wiki markup is HTML.
    """
    head = text[:20_000]
    if HTML_DOCUMENT.match(head):
        return DocumentForm.HTML
    if WIKITEXT_MARKERS.search(head) and ("'''" in head or "{{" in head or "[[" in head):
        return DocumentForm.WIKITEXT
    if HTML_MARKERS.search(head) and head.count("<") > 3:
        return DocumentForm.HTML
    return DocumentForm.TEXT


def document_from_bytes(raw: bytes, name: str) -> Document:
    """Return the one page in ``raw``, or raise ``PageError`` when it is empty or not text.

    A single export ``<page>`` is known before the form is guessed: its XML
    is neither HTML nor wikitext, and its wikitext is inside it.
    """
    text, _charset = decode(raw, name)
    head = text[:100_000]
    if len(CONTROL_CHARACTERS.findall(head)) > max(10, len(head) // 100):
        raise PageError(name, "not text in any charset (binary file?)")
    if SINGLE_EXPORT_PAGE.match(head):
        return single_page_document(text, name)
    return Document(name=name, text=text, form=detect_form(text))


def single_page_document(text: str, name: str) -> Document:
    """Return the article of one export ``<page>`` saved without the ``<mediawiki>`` root.

    Unlike a page of a whole export, which is passed over in silence when it
    is not a film or series article, this page is the document the user
    gave: a page outside the articles' namespace is refused with a reason,
    and an article is handed on whatever its infobox, so that an article
    about something else is refused as of unknown kind by the extractor.
    """
    try:
        page = DefusedElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise PageError(name, f"export page is malformed or truncated: {error}") from error
    parts = _page_parts(page)
    if parts.namespace not in ("", "0"):
        raise PageError(
            name,
            f"unknown kind: an export page in namespace {parts.namespace}, not an article",
        )
    if not parts.text.strip():
        raise PageError(name, "export page without wikitext (an export of titles only?)")
    return Document(
        name=f"{name}#{parts.title}" if parts.title else name,
        text=parts.text,
        form=DocumentForm.WIKITEXT,
        page_title=parts.title,
    )


def _looks_like_export(head: bytes) -> bool:
    return b"<mediawiki" in head[:2000]


def iter_export(
    stream: IO[bytes],
    name: str,
    *,
    budget: PageBudget,
    on_progress: Callable[[], None] | None = None,
) -> Iterator[Document | PageError]:
    """Yield each film or TV article of a MediaWiki XML export, streaming.

    Pages outside the article namespace, redirects and articles without a
    film or television infobox are passed over. Each page's element is
    cleared once read, so memory holds one page at a time however large the
    export, and ``budget`` counts each page's bytes from the end of the one
    before. A malformed or truncated export yields a ``PageError`` saying
    where it stopped, after every page read before that point.
    """
    pages = 0
    budget.export_pages = 0
    try:
        context = DefusedElementTree.iterparse(stream, events=("start", "end"))
        root = None
        for event, element in context:
            if root is None and event == "start":
                root = element
            if event != "end" or _local(element.tag) != "page":
                continue
            pages += 1
            budget.next_page()
            document = _export_page(element, name)
            element.clear()
            if root is not None:
                root.clear()
            if on_progress is not None:
                on_progress()
            if document is not None:
                yield document
    except (ElementTree.ParseError, DefusedXmlException, EOFError, OSError, ValueError) as error:
        yield PageError(name, f"export is malformed or truncated after {pages} page(s): {error}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class _PageParts:
    """What an export's ``<page>`` element holds: its title, namespace and last revision's text."""

    title: str
    namespace: str
    text: str
    is_redirect: bool


def _page_parts(page: ElementTree.Element) -> _PageParts:
    title = namespace = text = ""
    is_redirect = False
    for child in page.iter():
        tag = _local(child.tag)
        if tag == "title" and not title:
            title = (child.text or "").strip()
        elif tag == "ns":
            namespace = (child.text or "").strip()
        elif tag == "redirect":
            is_redirect = True
        elif tag == "text":
            text = child.text or ""
    return _PageParts(title=title, namespace=namespace, text=text, is_redirect=is_redirect)


def _export_page(page: ElementTree.Element, name: str) -> Document | None:
    parts = _page_parts(page)
    if (
        parts.is_redirect
        or parts.namespace not in ("", "0")
        or not FILM_OR_TV_INFOBOX.search(parts.text)
    ):
        return None
    return Document(
        name=f"{name}#{parts.title}",
        text=parts.text,
        form=DocumentForm.WIKITEXT,
        page_title=parts.title,
    )


def _capped(raw_file: IO[bytes], budget: PageBudget, stack: ExitStack) -> io.BufferedReader:
    """Return the text bytes of ``raw_file``, unpacked when it is bzip2 or gzip, read under caps.

    A compressed file is known by its first bytes. The compressed bytes
    consumed and the bytes unpacked are both counted a chunk at a time, so a
    cap stops the read before more than a chunk past it is in memory.
    """
    magic = raw_file.peek(3)[:3]  # type: ignore[attr-defined]
    text: Readable = raw_file
    if magic == b"BZh" or magic[:2] == b"\x1f\x8b":
        budget.is_compressed = True
        compressed = CountedStream(raw_file, budget.count_compressed)
        if magic == b"BZh":
            text = stack.enter_context(bz2.BZ2File(compressed))
        else:
            text = stack.enter_context(gzip.GzipFile(fileobj=compressed))
    return io.BufferedReader(CountedStream(text, budget.count), buffer_size=CHUNK)


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

    Compressed files (bzip2, gzip) are known by their first bytes, whatever
    their names, and standard input is streamed like a file. Each file is
    read under the caps in the settings (``PageLimits``); a file past them is
    one ``PageError``, and the files after it are read as usual. ``on_export`` is
    called when a file turns out to be a MediaWiki export, with the file and
    its raw (compressed) stream, and may return a callback run after each
    page: the command line uses it for a progress bar.
    """
    limits = PageLimits.from_settings()
    for path in iter_paths(paths):
        if path == "-":
            yield from _documents_in(sys.stdin.buffer, "<stdin>", limits)
            continue
        assert isinstance(path, Path)  # noqa: S101 - iter_paths yields "-" or a Path
        try:
            with path.open("rb") as raw_file:
                yield from _documents_in(raw_file, str(path), limits, path, on_export)
        except OSError as error:
            yield PageError(str(path), f"cannot read: {error.strerror or error}")


def _documents_in(
    raw_file: IO[bytes],
    name: str,
    limits: PageLimits,
    path: Path | None = None,
    on_export: Callable[[Path, IO[bytes]], Callable[[], None] | None] | None = None,
) -> Iterator[Document | PageError]:
    """Yield the documents of one open file: an export's pages, streamed, or its one page."""
    budget = PageBudget(name, limits)
    try:
        with ExitStack() as stack:
            stream = _capped(raw_file, budget, stack)
            head = stream.peek(2000)[:2000]
            if _looks_like_export(head):
                progress = on_export(path, raw_file) if on_export and path else None
                yield from iter_export(stream, name, budget=budget, on_progress=progress)
            else:
                yield document_from_bytes(stream.read(), name)
    except PageError as error:
        yield error
    except (OSError, EOFError, ValueError, zlib.error) as error:
        yield PageError(name, f"cannot read: {error}")
