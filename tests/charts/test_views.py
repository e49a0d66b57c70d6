"""The chart pages read stored charts and say how they were computed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.test import Client
from selectolax.lexbor import LexborHTMLParser

from reeldb.charts.models import WEIGHTED_RATING_FORMULA, Chart, ChartKind
from reeldb.charts.services import refresh_charts, weighted_rating
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
    assert "Ranked by the popularity rank the sources publish" in text
    assert "Desperado" in text
    assert "popularity 2,415" in text


@pytest.mark.parametrize("path", ["/chart/toptv", "/chart/boxoffice", "/chart/moviemeter"])
def test_every_chart_page_answers(client: Client, charted: None, path: str) -> None:
    assert client.get(path).status_code == 200


def _method(client: Client, path: str) -> str:
    """Return the visible text of a chart page's explanation of its ranking."""
    node = LexborHTMLParser(client.get(path).content.decode()).css_first(
        '[data-testid="chart-method"]'
    )
    assert node is not None, f"{path} does not explain its ranking"
    return " ".join(node.text(separator=" ").split())


def test_the_printed_formula_is_the_one_the_charts_compute() -> None:
    expression = WEIGHTED_RATING_FORMULA.removeprefix("WR = ")
    python = expression.replace("÷", "/").replace("×", "*")
    assert set(python) <= set("vRmC()+*/ "), python
    for v, r, m, c in [(2, 8.5, 2, 7.0), (1000, 6.1, 50, 7.3), (3, 10.0, 25000, 6.9)]:
        # Only the four names and arithmetic, checked above: safe to evaluate.
        printed = eval(python, {"__builtins__": {}}, {"v": v, "R": r, "m": m, "C": c})  # noqa: S307
        computed = weighted_rating(
            votes=np.array([v]), mean=np.array([r]), min_votes=m, overall_mean=c
        )
        assert printed == pytest.approx(float(computed[0]))


@pytest.mark.parametrize("min_votes", [2, 3])
def test_a_rating_chart_explains_its_weighting_with_the_constants_it_used(
    client: Client, settings: Any, min_votes: int
) -> None:
    settings.REELDB_CHART_MIN_VOTES = min_votes
    title = TitleFactory(primary_title="Desperado", genres="Action")
    for value in (8, 9, 7):
        RatingFactory(title=title, value=value)
    refresh_charts()
    chart = Chart.objects.get(kind=ChartKind.TOP)
    text = _method(client, "/chart/top")
    assert "weighted rating that pulls titles with few votes towards the average" in text
    assert f"at least {min_votes} votes are listed" in text
    assert "How is this ranked?" in text
    assert WEIGHTED_RATING_FORMULA in text
    assert f"m = {min_votes}:" in text
    assert f"C = {chart.mean_rating:.2f}:" in text
    assert "reeldb users' ratings" in text


@pytest.mark.parametrize(
    "path",
    [
        "/chart/top",
        "/chart/toptv",
        "/chart/moviemeter",
        "/chart/boxoffice",
        "/chart/genre",
        "/chart/genre?genres=Action",
    ],
)
def test_every_chart_page_explains_its_ranking_with_the_rule_folded(
    client: Client, charted: None, path: str
) -> None:
    markup = client.get(path).content.decode()
    method = LexborHTMLParser(markup).css_first('[data-testid="chart-method"]')
    assert method is not None
    folded = method.css_first("details summary")
    assert folded is not None
    assert folded.text().strip() == "How is this ranked?"
    assert method.css_first("p") is not None


def test_most_popular_states_the_activity_window_it_counted(
    client: Client, charted: None, settings: Any
) -> None:
    settings.REELDB_POPULARITY_DAYS = 3
    refresh_charts()
    text = _method(client, "/chart/moviemeter")
    assert "Ranked by how many reeldb users were active on each title in the 3 days from" in text
    assert "Each user counts once per title" in text


def test_box_office_explains_which_gross_it_ranks(client: Client, charted: None) -> None:
    text = _method(client, "/chart/boxoffice")
    assert "Ranked by gross in US dollars" in text
    assert "worldwide gross where a source states one" in text
