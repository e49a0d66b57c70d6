"""Hostile IMDb pages: mutated fixtures and random text give an extraction or a PageError, fast.

The mutations are what saved pages suffer: a page cut short, spans lost or
repeated, case swapped, junk injected. Nothing but ``PageError`` may leave
``extract_document``, and no input may make a pattern backtrack for long.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from reeldb.ingest.pages.documents import Document, PageError, detect_form
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.imdb import textpage
from reeldb.ingest.pages.imdb.dom import labelled_blocks
from reeldb.ingest.pages.imdb.fields import apply_values, people
from reeldb.ingest.pages.schema import DocumentForm, DocumentKind, PageExtraction
from reeldb.ingest.pages.text import parse_partial_date

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"
PAGES = {
    path.name: path.read_bytes().decode("utf-8", errors="replace")
    for path in sorted(FIXTURES.iterdir())
}
SEED_TEXT = (
    "desperado (1995) - imdb 7.2/10 144,553 desperado (1995) r | 1h 44min | action | "
    "25 august 1995 (usa) director: robert rodriguez stars: antonio banderas "
    "people who liked this also liked... el mariachi (1992) action 6.9/10 x outline "
    "director: robert rodriguez stars: carlos gallardo 0 next » edit cast cast overview, "
    "first billed only: antonio banderas ... el mariachi salma hayek ... carolina see full "
    "cast » edit storyline a story. written by someone plot summary | "
    "user reviews a review 1 may 2000 | by somebody great film. 2 of 3 people found this "
    "review helpful. did you know? trivia a fact. see more » "
)
JUNK = st.sampled_from(
    [
        "(", ")", "|", "...", " ... ", ":", "»", "<", ">", "</div>", "<td class='char'>",
        "(1995)", "/10", "written by", "—", "storyline", "director:", "see more »",
        "people found this review helpful", "next »", "cast overview, first billed only:",
        "\x00", "\ufffd", "é", "  ", "<script>", "{", "}",
    ]
)  # fmt: skip


def _mutate(page: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        kind = data.draw(st.sampled_from(["cut", "delete", "repeat", "swapcase", "junk"]))
        start = data.draw(st.integers(min_value=0, max_value=max(0, len(page) - 1)))
        end = data.draw(st.integers(min_value=start, max_value=min(len(page), start + 2000)))
        if kind == "cut":
            page = page[:start]
        elif kind == "delete":
            page = page[:start] + page[end:]
        elif kind == "repeat":
            page = page[:end] + page[start:end] + page[end:]
        elif kind == "swapcase":
            page = page[:start] + page[start:end].swapcase() + page[end:]
        else:
            page = page[:start] + data.draw(JUNK) + page[start:]
    return page


def _extract_or_refuse(text: str, form: DocumentForm) -> None:
    try:
        extraction = extract_document(Document(name="fuzz", text=text, form=form))
    except PageError:
        return
    assert extraction.title.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(PAGES)), data=st.data())
def test_a_mutated_fixture_gives_an_extraction_or_a_page_error(
    name: str, data: st.DataObject
) -> None:
    page = _mutate(PAGES[name], data)
    _extract_or_refuse(page, detect_form(page))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_mutated_text_dump_gives_an_extraction_or_a_page_error(data: st.DataObject) -> None:
    _extract_or_refuse(_mutate(SEED_TEXT, data), DocumentForm.TEXT)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=400), form=st.sampled_from(list(DocumentForm)))
def test_random_text_gives_an_extraction_or_a_page_error(text: str, form: DocumentForm) -> None:
    _extract_or_refuse(text, form)


def _timed(text: str, form: DocumentForm) -> float:
    """Return the CPU seconds one extraction takes: other processes' load does not count."""
    started = time.process_time()
    _extract_or_refuse(text, form)
    return time.process_time() - started


def assert_linear(page_of: Callable[[int], str], form: DocumentForm, units: int) -> None:
    """Assert that a page of four times the ``units`` takes well under sixteen times as long.

    A pattern or a walk that costs the square of the page's length shows as
    sixteen times; a linear one as four, and a parser's own overheads up to
    about eight. A ratio, not a time, so a loaded machine does not fail the
    test; each page is timed twice, its faster run kept.
    """
    small, large = (min(_timed(page_of(n), form) for _ in range(2)) for n in (units, 4 * units))
    assert large < 10 * small + 0.05, f"{units} units: {small:.3f} s, four times: {large:.3f} s"


def test_a_page_of_repeated_labels_extracts_in_linear_time() -> None:
    # Every lazy pattern meets its start words again and again and never its end words.
    unit = (
        "storyline (1995) r | 1h 44min | action | 25 august 1995 (usa) written by "
        "1 of 2 people found trivia people who liked this also liked (2001) 7/10 "
        "user reviews frequently asked questions q: cast overview, first billed only: a ... b "
    )
    assert_linear(lambda units: "film (1995) - imdb " + unit * units, DocumentForm.TEXT, 250)


def test_a_mangled_html_page_extracts_in_linear_time() -> None:
    page = PAGES["title_2010s_nonenglish.html"]
    body_at = page.index('<div id="main_bottom"')
    footer_at = page.index('<div id="footer"')
    mangled = page[body_at:footer_at].replace("</", "<").replace("»", "")
    assert_linear(
        lambda units: page[:body_at] + mangled * units + page[footer_at:],
        DocumentForm.HTML,
        max(1, 50_000 // len(mangled)),
    )


def test_a_long_crew_section_without_jobs_extracts_in_linear_time() -> None:
    # A department whose names carry no "..." is split by the page's names;
    # a long one once cost the square of its length.
    def crew_page(units: int) -> str:
        names = " ".join(f"Person{number} Surname{number}" for number in range(units))
        return f"Heat (1995) - Full Cast & Crew - IMDb Directed by Michael Mann Produced by {names}"

    assert_linear(crew_page, DocumentForm.TEXT, 3000)


def test_pages_of_unclosed_nested_blocks_extract_in_linear_time() -> None:
    # Each unclosed block holds all the ones after it: reading each block
    # whole would cost the square of the page's size.
    rows = '<table><tr><td class="ipl-zebra-list__label">Country</td><td><a>France</a> <div>'
    assert_linear(
        lambda units: (
            "<html><head><title>Heat (1995) - IMDb</title></head>"
            f"<body>{rows * units}</body></html>"
        ),
        DocumentForm.HTML,
        400,
    )
    summary = (
        '<div id="plot-summaries-content"><li class="ipl-zebra-list__item"><div>'
        "<p>A summary of the film here. <em>—<a>Someone</a></em><ul>"
    )
    assert_linear(
        lambda units: (
            "<html><head><title>Heat (1995) - Plot Summary - IMDb</title></head>"
            f"<body>{summary * units}</body></html>"
        ),
        DocumentForm.HTML,
        400,
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["text", "edges", "node", "id", "total"]), children)
    ),
    max_leaves=6,
)
EMBEDDED = re.compile(
    r'(<script (?:id="__NEXT_DATA__" type="application/json"|type="application/ld\+json")>)'
    r"(.*?)(</script>)",
    re.DOTALL,
)


def _replace_values(value: Any, data: st.DataObject) -> Any:
    if isinstance(value, dict):
        return {key: _replace_values(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_values(item, data) for item in value]
    if data.draw(st.integers(min_value=0, max_value=9)) == 0:
        return data.draw(JSON_VALUES)
    return value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["react_film_nonenglish.html", "react_series.html"]), data=st.data())
def test_embedded_data_of_any_shape_gives_an_extraction_or_a_page_error(
    name: str, data: st.DataObject
) -> None:
    def mangle(match: re.Match[str]) -> str:
        mangled = _replace_values(json.loads(match.group(2)), data)
        return match.group(1) + json.dumps(mangled) + match.group(3)

    page = EMBEDDED.sub(mangle, PAGES[name])
    try:
        extraction = extract_document(Document(name=name, text=page, form=DocumentForm.HTML))
    except PageError:
        return
    assert isinstance(extraction.title, str)
    assert all(isinstance(genre, str) for genre in extraction.genres)
    json.dumps(extraction.to_json())


# --- the parsers of the 2010-2014 page, its episodes and the reference view ---

WRITER_WORDS = st.sampled_from(
    [
        "(", ")", "|", ",", " and ", " & ", "·", "(screenplay)", "(story and screenplay)",
        "2 more credits", "and 1 more credit", "»", " ", "Ann Lee", "é", "...", ":",
        "September 1998", "1998", "(India)", " - ", "min", "45", "episode aired",
    ]
)  # fmt: skip
WRITER_TEXT = st.lists(WRITER_WORDS | st.text(max_size=6), max_size=40).map("".join)
PEOPLE_MARKUP = st.lists(
    st.sampled_from(
        [
            '<div class="txt-block">', '<h4 class="inline">Writers:</h4>',
            "<h4>Writing Credits</h4>",
            '<td class="ipl-zebra-list__label">Writers</td>', "<table>", "<tr>", "<td>", "</td>",
            "</tr>", "</table>", "</div>", '<a href="/name/nm0000001/">', "</a>", "<br>", "<li>",
            '<td class="credit">', "Ann Lee", "Ann", " (story)", ", ", " | ", "2 more credits",
            '<h4 class="inline">Sound Editing Studio:</h4>', "(", ")",
        ]
    )
    | st.text(max_size=6),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(text=WRITER_TEXT)
def test_the_people_and_date_parsers_read_any_text_without_raising(text: str) -> None:
    extraction = PageExtraction(kind=DocumentKind.IMDB_TITLE, form=DocumentForm.TEXT, title="x")
    for person, job in people(text, {}):
        assert person.name.strip()
        assert isinstance(job, str)
    if (found := parse_partial_date(text)) is not None:
        assert found[1] in ("day", "month", "year")
    apply_values(
        {"writers": [text], "runtime": [text], "release_date": [text], "seasons": [text]},
        extraction,
        {},
        has_cast=False,
    )
    textpage.infobar(text, extraction)
    textpage.episode_count(text, extraction)
    json.dumps(extraction.to_json())


@settings(max_examples=150, deadline=None)
@given(markup=PEOPLE_MARKUP)
def test_people_blocks_and_credits_tables_read_any_markup_without_raising(markup: str) -> None:
    blocks = labelled_blocks(LexborHTMLParser(markup))
    for values in blocks.values.values():
        assert all(isinstance(value, str) and value for value in values)
    assert all(label and value for label, value in blocks.unmapped)


@settings(max_examples=60, deadline=None)
@given(markup=PEOPLE_MARKUP)
def test_a_page_of_people_blocks_gives_an_extraction_or_a_page_error(markup: str) -> None:
    _extract_or_refuse(
        f"<html><head><title>Film (2012) - IMDb</title></head><body>{markup}</body></html>",
        DocumentForm.HTML,
    )


def test_pages_of_unclosed_writers_blocks_extract_in_linear_time() -> None:
    # Each unclosed block holds every link after it: reading every block's
    # links whole would cost the square of the page's size.
    block = (
        '<div class="txt-block"><h4 class="inline">Writers:</h4> '
        '<a href="/name/nm0000001/">Ann Lee</a> (story and screenplay), <div>'
    )
    assert_linear(
        lambda units: (
            "<html><head><title>Heat (1995) - IMDb</title></head>"
            f"<body>{block * units}</body></html>"
        ),
        DocumentForm.HTML,
        400,
    )


def test_a_long_list_of_writers_in_brackets_extracts_in_linear_time() -> None:
    def page(units: int) -> str:
        writers = ", ".join(f"Person{n} Surname{n} (story, and (screenplay)" for n in range(units))
        return f"heat (1995) - imdb writers: {writers} stars: ann lee"

    assert_linear(page, DocumentForm.TEXT, 300)
