"""``/api/v1/titles``: a title with the sections asked for, each section alone, and lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reeldb.api.sections import SECTIONS
from tests.api.conftest import get_json
from tests.catalog.factories import TitleFactory, make_rich_title

pytestmark = pytest.mark.django_db


def test_a_title_comes_with_the_sections_include_names(api: Client) -> None:
    make_rich_title()

    body = get_json(api, "/api/v1/titles/tt0112851?include=credits,keywords")

    assert body["title"] == "Desperado"
    assert body["year"] == 1995
    assert body["rating"] == "7.2"
    assert body["genres"] == ["Action", "Thriller"]
    cast = {credit["person"]["name"]: credit["characters"] for credit in body["credits"]["cast"]}
    assert cast["Antonio Banderas"] == ["El Mariachi"]
    departments = [department["category"] for department in body["credits"]["crew"]]
    assert departments[0] == "director"
    assert body["credits"]["crew"][0]["label"] == "Directed by"
    assert [row["keyword"] for row in body["keywords"]] == ["guitar case"]
    assert body["keywords"][0]["source"]
    # Sections not asked for are left out as null.
    assert body["trivia"] is None


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_section_is_its_own_endpoint_and_an_include(api: Client, section: str) -> None:
    make_rich_title()

    alone = get_json(api, f"/api/v1/titles/tt0112851/{section}")
    included = get_json(api, f"/api/v1/titles/tt0112851?include={section}")

    assert included[section] == alone


def test_the_rich_titles_facts_all_come_through(api: Client) -> None:
    make_rich_title()

    body = get_json(
        api, "/api/v1/titles/tt0112851?include=plots,box_office,akas,companies,collections"
    )

    assert body["plots"]["outline"]["text"] == "A gunslinger seeks revenge."
    assert body["plots"]["summaries"][0]["author"] == "Film Fan"
    assert {row["kind"] for row in body["box_office"]} == {"budget", "gross"}
    assert body["akas"][0]["aka_title"] == "La balada del pistolero"
    assert body["companies"][0]["company"] == "Los Hooligans Productions"
    assert body["collections"][0]["collection"] == "Mexico Trilogy"


def test_every_section_at_once_takes_a_bounded_number_of_queries(api: Client) -> None:
    make_rich_title()

    with CaptureQueriesContext(connection) as queries:
        get_json(api, f"/api/v1/titles/tt0112851?include={','.join(SECTIONS)}")

    assert len(queries) <= 40


def test_a_title_without_an_imdb_id_is_found_by_its_reeldb_id(api: Client) -> None:
    title = TitleFactory(tconst=None, primary_title="Home Movie")

    body = get_json(api, f"/api/v1/titles/rt{title.pk}")

    assert body["title"] == "Home Movie"
    assert body["imdb_id"] is None
    assert body["id"] == f"rt{title.pk}"


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/titles/tt9999999", 404, "not_found"),
        ("/api/v1/titles/not-an-id", 404, "not_found"),
        ("/api/v1/titles/tt0112851?include=credits,bogus", 400, "invalid_parameters"),
        ("/api/v1/titles/tt9999999/credits", 404, "not_found"),
        ("/api/v1/titles?year_from=nineteen", 400, "invalid_filters"),
        ("/api/v1/titles?genres=Action&cursor=%%%", 400, "invalid_cursor"),
        ("/api/v1/no-such-endpoint", 404, "not_found"),
    ],
)
def test_a_bad_request_gets_the_one_error_format(
    api: Client, url: str, status: int, code: str
) -> None:
    make_rich_title()

    body = get_json(api, url, status=status)

    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)


def test_a_title_list_filters_sorts_and_pages_by_cursor(api: Client) -> None:
    for year in range(1990, 2000):
        TitleFactory(primary_title=f"Action {year}", start_year=year, genres="Action")
    TitleFactory(primary_title="A comedy", start_year=1995, genres="Comedy")

    first = get_json(api, "/api/v1/titles?genres=Action&sort=year&order=asc")

    assert first["count"] == 10
    assert [title["year"] for title in first["results"]] == list(range(1990, 2000))
    assert first["next_cursor"] is None


def test_a_cursor_gives_the_next_page(api: Client) -> None:
    for number in range(60):
        TitleFactory(primary_title=f"Film {number:02}", start_year=2000, genres="Drama")

    first = get_json(api, "/api/v1/titles?genres=Drama&sort=title&order=asc")
    second = get_json(
        api, f"/api/v1/titles?genres=Drama&sort=title&order=asc&cursor={first['next_cursor']}"
    )

    assert len(first["results"]) == 50
    assert len(second["results"]) == 10
    assert second["next_cursor"] is None
    names = [t["title"] for t in first["results"] + second["results"]]
    assert names == sorted(names) and len(set(names)) == 60
