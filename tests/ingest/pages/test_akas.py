"""A page's "Also Known As" list reaches the title page whole: every title, its region, its note.

Pages list other titles one to a list item (the reference view), one to a
line (the 2008 page, whose lines run together in the text) or as one title
before "See more". Each becomes an AKA with its region, stored under the
region's code as IMDb's datasets store it and shown by the country's name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from reeldb.catalog.models import Aka, Title
from reeldb.cli import main
from reeldb.ingest.pages.documents import document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.imdb.fields import read_akas
from reeldb.ingest.pages.schema import AlsoKnownAs
from tests.html import visible_text

FIXTURE = (
    Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb" / "akas_reference_2019.html"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Die fabelhafte Welt der Amélie", [AlsoKnownAs("Die fabelhafte Welt der Amélie")]),
        (
            "Heat - Ein Mordsteam (Germany) | Fuego contra fuego (Spain, Argentina)",
            [
                AlsoKnownAs("Heat - Ein Mordsteam", "Germany"),
                AlsoKnownAs("Fuego contra fuego", "Spain"),
                AlsoKnownAs("Fuego contra fuego", "Argentina"),
            ],
        ),
        # The 2008 page's lines, run together once its <br>s are spaces.
        (
            "Y tu mamá también (Mexico) (original title) And Your Mother Too (USA) See more »",
            [
                AlsoKnownAs("Y tu mamá también", "Mexico", is_original=True),
                AlsoKnownAs("And Your Mother Too", "United States"),
            ],
        ),
        (
            "Heat (World-wide, English title)",
            [AlsoKnownAs("Heat", note="World-wide, English title")],
        ),
        (
            "Winter Nine (USA) (working title)",
            [AlsoKnownAs("Winter Nine", "United States", "working title")],
        ),
        ("See more »", []),
        ("(((( ))", []),
    ],
)
def test_an_aka_block_gives_every_title_with_its_regions_and_notes(
    value: str, expected: list[AlsoKnownAs]
) -> None:
    assert read_akas(value) == expected


@given(st.text(alphabet=st.sampled_from("ab (),|»USAGermany\n"), max_size=200) | st.text())
def test_reading_akas_never_fails_and_never_gives_an_empty_title(value: str) -> None:
    for aka in read_akas(value):
        assert aka.title.strip()


def test_the_reference_view_states_five_other_titles_and_the_original() -> None:
    extraction = extract_document(document_from_bytes(FIXTURE.read_bytes(), str(FIXTURE)))
    assert extraction.original_title == "Der neunte Winter"
    assert [(aka.title, aka.region, aka.note, aka.is_original) for aka in extraction.akas] == [
        ("Der neunte Winter", "", "", True),
        ("The Ninth Winter", "", "World-wide, English title", False),
        ("Le neuvième hiver", "France", "", False),
        ("Le neuvième hiver", "Belgium", "", False),
        ("El noveno invierno", "Spain", "", False),
        ("Winter Nine", "United States", "working title", False),
    ]


@pytest.mark.django_db
def test_the_title_page_shows_every_aka_the_page_states(client: Client) -> None:
    assert main(["import", "pages", str(FIXTURE)]) == 0
    title = Title.objects.get(tconst="tt9334018")
    # Stored as IMDb's datasets store them: the region as its code.
    assert set(Aka.objects.filter(title=title).values_list("aka_title", "region")) == {
        ("Der neunte Winter", ""),
        ("The Ninth Winter", ""),
        ("Le neuvième hiver", "FR"),
        ("Le neuvième hiver", "BE"),
        ("El noveno invierno", "ES"),
        ("Winter Nine", "US"),
    }
    text = visible_text(client.get(title.get_absolute_url()))
    for shown in (
        "Der neunte Winter original title",
        "The Ninth Winter (World-wide, English title)",
        "Le neuvième hiver (France)",
        "Le neuvième hiver (Belgium)",
        "El noveno invierno (Spain)",
        "Winter Nine (United States) (working title)",
    ):
        assert shown in text
    assert "Writers Lotte Brandauer (screenplay) , Emil Rask (story) ," in text
