"""The sources page: each source named once, its values formatted as on the title page."""

from __future__ import annotations

import pytest
from django.test import Client
from selectolax.lexbor import LexborHTMLParser

from reeldb.catalog.models import SourceKind, Title, TitleClaim
from reeldb.catalog.services import upsert_title
from tests.catalog.factories import SourceFactory, TitleFactory, make_rich_title

pytestmark = pytest.mark.django_db

SOURCES = "/title/tt0112851/sources"


def _two_sources() -> Title:
    """Return Desperado as the demo data states it, with a saved IMDb page disagreeing."""
    make_rich_title()
    page = SourceFactory(kind=SourceKind.IMDB_PAGE, name="title page of Desperado")
    title, _ = upsert_title(
        source=page,
        key="tt0112851",
        tconst="tt0112851",
        values={
            "num_votes": 150000,
            "popularity_change": -12,
            "awards_summary": "1 win",
            "is_adult": False,
        },
    )
    return title


def _cards(client: Client, path: str = SOURCES) -> dict[str, str]:
    """Return each source card's visible text by its heading, in page order."""
    tree = LexborHTMLParser(client.get(path).content.decode())
    cards = {}
    for card in tree.css('[data-testid="source"]'):
        heading = card.css_first("h2")
        assert heading is not None
        cards[heading.text().strip()] = " ".join(card.text(separator=" ").split())
    return cards


def test_each_source_is_named_once_best_first(client: Client) -> None:
    _two_sources()
    assert list(_cards(client)) == ["IMDb page", "reeldb demo data"]


@pytest.mark.parametrize(
    "expected",
    [
        "Votes 144,553",
        "Rating 7.2/10",
        "Runtime 1h 44m (104 min)",
        "Year 1995 ",
        "Adult no",
        "Type Movie",
        "Metascore 55",
        "Budget $7,000,000 (estimated)",
        "Gross (US) $25,625,110",
        "Credits 5",
        "AKAs 1",
    ],
)
def test_values_read_as_on_the_title_page(client: Client, expected: str) -> None:
    _two_sources()
    assert expected in " ".join(_cards(client).values()) + " "


def test_lists_are_lists_not_comma_joined_text(client: Client) -> None:
    _two_sources()
    markup = client.get(SOURCES).content.decode()
    assert "<li>United States</li><li>Mexico</li>" in markup
    assert "United States,Mexico" not in markup


def test_a_value_the_page_does_not_show_says_which_source_wins(client: Client) -> None:
    _two_sources()
    cards = _cards(client)
    assert "Votes 150,000 shown" in cards["IMDb page"]
    assert "Popularity movement down 12" in cards["IMDb page"]
    assert "Votes 144,553 (not shown: IMDb page ranks higher)" in cards["reeldb demo data"]
    # A field only one source states needs no "shown" mark.
    assert "Metascore 55 shown" not in cards["reeldb demo data"]


def test_a_claim_of_the_wrong_type_is_shown_as_text_not_an_error(client: Client) -> None:
    title = make_rich_title()
    TitleClaim.objects.filter(title=title, field="num_votes").update(value="lots")
    TitleClaim.objects.filter(title=title, field="genres").update(value=["Action", "Drama"])
    response = client.get(SOURCES)
    assert response.status_code == 200
    cards = _cards(client)
    assert "Votes lots" in cards["reeldb demo data"]
    assert "<li>Action</li><li>Drama</li>" in response.content.decode()


def test_a_title_only_a_dataset_describes_shows_its_columns_as_the_datasets(
    client: Client,
) -> None:
    dataset = SourceFactory(kind=SourceKind.IMDB_DATASET, name="title.basics.tsv.gz")
    TitleFactory(
        tconst="tt0000042", source=dataset, primary_title="Bare", num_votes=1234, genres="Drama"
    )
    cards = _cards(client, "/title/tt0000042/sources")
    assert list(cards) == ["IMDb dataset"]
    text = cards["IMDb dataset"]
    assert "Title Bare" in text
    assert "Votes 1,234" in text
    assert "Genres Drama" in text
