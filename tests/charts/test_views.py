"""The chart pages read stored charts and say how they were computed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.charts.services import refresh_charts
from tests.catalog.factories import TitleFactory
from tests.community.factories import RatingFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def charted(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 2
    title = TitleFactory(primary_title="Desperado", genres="Action,Thriller")
    for value in (8, 9):
        RatingFactory(title=title, value=value)
    refresh_charts()


def test_the_top_250_lists_titles_with_their_mean_and_votes(client: Client, charted: None) -> None:
    text = visible_text(client.get("/chart/top"))
    assert "1 Desperado 1995" in text
    assert "★ 8.5 (2)" in text
    assert "WR = (v ÷ (v + m)) × R + (m ÷ (v + m)) × C" in text


def test_a_chart_page_costs_the_same_queries_however_long_the_chart(
    client: Client, charted: None, django_assert_num_queries: Any
) -> None:
    # the chart, its entries with their titles
    with django_assert_num_queries(2):
        client.get("/chart/top")


def test_a_genre_chart_lists_the_top_rated_movies_of_a_genre(client: Client, charted: None) -> None:
    text = visible_text(client.get("/chart/genre?genres=Thriller"))
    assert "Top rated Thriller movies" in text
    assert "Desperado" in text
    assert client.get("/chart/genre?genres=Nope").status_code == 404
    assert "Action" in visible_text(client.get("/chart/genre"))


def test_a_genre_chart_is_found_in_any_case(client: Client, charted: None) -> None:
    assert "Top rated Thriller movies" in visible_text(client.get("/chart/genre?genres=thriller"))


def test_the_genre_charts_are_linked_from_the_chart_pages(client: Client, charted: None) -> None:
    page = client.get("/chart/top").content.decode()
    assert 'href="/chart/genre"' in page
    assert 'href="/chart/genre?genres=Thriller"' in client.get("/chart/genre").content.decode()


def test_a_chart_never_refreshed_says_how_to_compute_it(client: Client) -> None:
    text = visible_text(client.get("/chart/moviemeter"))
    assert "This chart has not been computed yet" in text
    assert "reeldb charts refresh" in text


def test_most_popular_says_when_it_follows_the_sources_popularity(client: Client) -> None:
    TitleFactory(primary_title="Desperado", popularity_rank=2415)
    refresh_charts()
    text = visible_text(client.get("/chart/moviemeter"))
    assert "By the popularity rank the sources publish" in text
    assert "Desperado" in text
    assert "popularity 2,415" in text


@pytest.mark.parametrize("path", ["/chart/toptv", "/chart/boxoffice", "/chart/moviemeter"])
def test_every_chart_page_answers(client: Client, charted: None, path: str) -> None:
    assert client.get(path).status_code == 200
