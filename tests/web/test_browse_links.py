"""Genres, keywords, countries, languages, companies, certificates and years link to titles."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from reeldb.charts.services import refresh_charts
from tests.catalog.factories import TitleFactory, make_rich_title
from tests.community.factories import RatingFactory

pytestmark = pytest.mark.django_db

BROWSE_LINK = re.compile(r'<a(?: class="[^"]*")? href="(/search/title\?[^"]+)">([^<]+)</a>')
RESULT_NAME = re.compile(r'class="title-row__name" href="[^"]*">([^<]+)</a>')


def _browse_links(page: str) -> dict[str, str]:
    """Return each browse link's text and its address, as a browser reads them."""
    return {html.unescape(text): html.unescape(href) for href, text in BROWSE_LINK.findall(page)}


def test_every_fact_on_the_title_page_links_to_a_search_that_finds_the_title(
    client: Client,
) -> None:
    make_rich_title()
    TitleFactory(primary_title="Other", genres="Comedy", start_year=1990)
    links = _browse_links(client.get("/title/tt0112851/").content.decode())
    expected = {
        "Action": "/search/title?genres=Action",
        "Thriller": "/search/title?genres=Thriller",
        "1995": "/search/title?year_from=1995&year_to=1995",
        "guitar case": "/search/title?keywords=guitar+case",
        "United States: R": "/search/title?certificate=United+States%3AR",
        "Mexico": "/search/title?country=Mexico",
        "Spanish": "/search/title?language=Spanish",
        "Los Hooligans Productions": "/search/title?company=Los+Hooligans+Productions",
    }
    assert expected.items() <= links.items()
    for text, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, text
        assert "Desperado" in RESULT_NAME.findall(response.content.decode()), text
        assert "Other" not in RESULT_NAME.findall(response.content.decode()), text


def test_a_search_results_genres_and_year_are_links(client: Client) -> None:
    TitleFactory(primary_title="Heat", genres="Crime,Drama", start_year=1995)
    page = client.get("/search/title?genres=crime").content.decode()
    links = _browse_links(page)
    assert links["Crime"] == "/search/title?genres=Crime"
    assert links["Drama"] == "/search/title?genres=Drama"
    assert links["1995"] == "/search/title?year_from=1995&year_to=1995"


def test_a_charts_years_are_links(client: Client, settings: object) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1  # type: ignore[attr-defined]
    RatingFactory(title=TitleFactory(primary_title="Heat", start_year=1995), value=9)
    refresh_charts()
    links = _browse_links(client.get("/chart/top").content.decode())
    assert links["1995"] == "/search/title?year_from=1995&year_to=1995"


def test_a_genre_is_matched_in_any_case_and_two_genres_mean_both(client: Client) -> None:
    TitleFactory(primary_title="Both", genres="Action,Crime")
    TitleFactory(primary_title="Action only", genres="Action")
    page = client.get("/search/title?genres=action").content.decode()
    assert set(RESULT_NAME.findall(page)) == {"Both", "Action only"}
    page = client.get("/search/title?genres=Action,Crime").content.decode()
    assert RESULT_NAME.findall(page) == ["Both"]
