"""Hypothesis: no document, however mangled, makes the readers raise anything but ``PageError``.

Random bytes and text test the edges; mutations of the fixtures (cut, spliced,
bytes flipped, markup deleted) reach deep into each parser the way a damaged
download or a half-edited article would.
"""

from __future__ import annotations

import bz2
import contextlib
import encodings.aliases
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reeldb.ingest.pages.documents import (
    Document,
    PageError,
    document_from_bytes,
    iter_documents,
    single_page_document,
)
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm, PageExtraction
from reeldb.ingest.pages.wikipedia.dates import read_dates
from reeldb.ingest.pages.wikipedia.money import is_conversion, money_region, read_money
from reeldb.ingest.pages.wikipedia.runtime import read_runtime
from reeldb.ingest.pages.wikipedia.templates import RENDERED_TEMPLATES, render

DATA = Path(__file__).resolve().parents[2] / "data" / "pages"
FIXTURES = [
    DATA / "wikipedia" / "la_noche_del_faro.wikitext",
    DATA / "wikipedia" / "harbour_export.xml",
    DATA / "wikipedia" / "the_quiet_orchard.html",
    DATA / "wikipedia" / "l_ete_des_cerises.curl-i.html",
    DATA / "forms" / "kitchen_island.utf16.txt",
    DATA / "forms" / "copper_valley.copied.txt",
    DATA / "wikipedia" / "tidewater_crossing.page.xml",
    DATA / "wikipedia" / "the_lantern_keepers.page.xml",
    DATA / "wikipedia" / "the_salt_marsh_files.wikitext",
    DATA / "wikipedia" / "dhoop_ki_chaadar.wikitext",
    DATA / "wikipedia" / "o_farol_das_almas.html",
    DATA / "wikipedia" / "hollow_bay.copied.txt",
]
SAMPLES = [path.read_bytes() for path in FIXTURES]
# Every codec name Python knows, text encodings and bytes codecs ("hex", "rot13") alike.
CODEC_NAMES = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()))
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """Return a fixture damaged by a few cuts, splices, flips and deletions."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["cut", "splice", "flip", "delete", "duplicate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if operation == "cut":
            data = data[:at]
        elif operation == "splice":
            data[at:at] = draw(
                st.sampled_from([b"{{", b"}}", b"[[", b"]]", b"<", b"</table>", b"==", b"'''",
                                 b"(", b"\x00", b"\xff\xfe", b"|", b"<ref>", b"&amp;", b"\n\n"])
            )  # fmt: skip
        elif operation == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 400))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 400))]
    return bytes(data)


def _extract_all(paths: list[str]) -> list[PageExtraction | PageError]:
    """Read and extract as ``reeldb extract`` does; only ``PageError`` may come out."""
    results: list[PageExtraction | PageError] = []
    for item in iter_documents(paths):
        if isinstance(item, PageError):
            results.append(item)
            continue
        try:
            results.append(extract_document(item))
        except PageError as error:
            results.append(error)
    return results


@FUZZ
@given(mutated())
def test_a_damaged_fixture_is_read_or_refused_with_a_page_error(raw: bytes) -> None:
    for item in (raw, bz2.compress(raw)):
        try:
            document = document_from_bytes(item, "fuzz")
        except PageError:
            continue
        try:
            extraction = extract_document(document)
        except PageError:
            continue
        assert extraction.title.strip()


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_are_read_or_refused_with_a_page_error(raw: bytes) -> None:
    try:
        document = document_from_bytes(raw, "fuzz")
    except PageError as error:
        assert error.name == "fuzz"
        return
    try:
        extract_document(document)
    except PageError as error:
        assert error.name == "fuzz"


@FUZZ
@given(
    st.text(
        alphabet=st.sampled_from(list("{}[]|=*'<>/() \n\t.,:;-aeAE0123456789")) | st.characters(),
        max_size=2000,
    ),
    st.sampled_from(list(DocumentForm)),
)
def test_random_markup_in_every_form_is_read_or_refused(text: str, form: DocumentForm) -> None:
    document = Document(name="fuzz", text=text, form=form, page_title="Fuzz (film)")
    try:
        extract_document(document)
    except PageError as error:
        assert error.name == "fuzz"


@FUZZ
@given(mutated())
def test_a_damaged_file_on_disk_is_read_or_refused(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "damaged.xml"
    path.write_bytes(raw)
    for result in _extract_all([str(path)]):
        assert isinstance(result, PageExtraction | PageError)


@FUZZ
@given(
    st.sampled_from(CODEC_NAMES),
    st.sampled_from(["header", "meta", "xml"]),
    st.binary(max_size=400) | st.sampled_from(SAMPLES[:1]),
)
def test_any_declared_charset_is_read_or_refused(charset: str, where: str, body: bytes) -> None:
    name = charset.encode()
    if where == "header":
        raw = b"HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=" + name + b"\r\n\r\n" + body
    elif where == "meta":
        raw = b'<html><head><meta charset="' + name + b'"></head><body>' + body
    else:
        raw = b'<?xml version="1.0" encoding="' + name + b'"?>' + body
    try:
        document = document_from_bytes(raw, "fuzz")
    except PageError as error:
        assert error.name == "fuzz"
        return
    assert isinstance(document.text, str)


# The infobox value parsers, on any text: a value or None, never an exception. ----------------

VALUE_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 -–—()[].,$₹¥£€:hmincrolakestAJMUS\n"))
    | st.characters(),
    max_size=200,
)
TEMPLATE_NAMES = sorted(RENDERED_TEMPLATES)
TEMPLATE_VALUE = st.text(alphabet=st.sampled_from(list("0123456789 -|.cl")), max_size=8) | st.text(
    max_size=20
)


@FUZZ
@given(
    st.sampled_from(TEMPLATE_NAMES),
    st.lists(TEMPLATE_VALUE, max_size=12),
    st.dictionaries(st.sampled_from(["h", "m", "s", "df", "mf"]), TEMPLATE_VALUE, max_size=3),
)
def test_a_value_template_with_any_parameters_renders_text_or_none(
    name: str, positional: list[str], named: dict[str, str]
) -> None:
    rendered = render(name, positional, named)
    assert rendered is None or isinstance(rendered, str)


@FUZZ
@given(VALUE_TEXT)
def test_any_release_item_gives_valid_dates_or_none(item: str) -> None:
    for stated in read_dates(item):
        dated = stated.dated(home="")
        assert dated.precision in ("day", "month", "year")
        assert 1870 <= dated.date.year <= 2100


@FUZZ
@given(VALUE_TEXT)
def test_any_running_time_gives_plausible_minutes_or_none(item: str) -> None:
    minutes = read_runtime(item)
    assert minutes is None or 0 < minutes < 6000


@FUZZ
@given(VALUE_TEXT)
def test_any_money_item_gives_an_amount_or_none(item: str) -> None:
    money = read_money(item)
    assert money is None or (money[0] >= 0 and len(money[1]) >= 1)
    assert isinstance(money_region(item), str)
    assert isinstance(is_conversion(item), bool)


@st.composite
def single_pages(draw: st.DrawFn) -> str:
    """Return a ``<page>`` element: well formed around any wikitext, or cut and spliced."""
    title = escape(draw(st.text(max_size=40)))
    namespace = draw(st.sampled_from(["0", "1", "10", "", "x"]))
    text = escape(draw(st.text(max_size=300) | st.sampled_from(SAMPLES[:1]).map(bytes.decode)))
    page = (
        f"<page><title>{title}</title><ns>{namespace}</ns>"
        f"<revision><text>{text}</text></revision></page>"
    )
    cut = draw(st.integers(0, len(page)))
    return page if draw(st.booleans()) else page[:cut] + draw(st.text(max_size=20))


@FUZZ
@given(single_pages())
def test_any_single_page_is_read_or_refused_with_a_page_error(page: str) -> None:
    try:
        document = single_page_document(page, "fuzz.xml")
    except PageError as error:
        assert error.name == "fuzz.xml"
        return
    assert document.form is DocumentForm.WIKITEXT
    with contextlib.suppress(PageError):
        extract_document(document)
