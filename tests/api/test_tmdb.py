"""``/tmdb/3/``: TMDB's v3 API as its clients use it, over reeldb's catalogue."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import tmdbsimple
from django.test import Client

from reeldb.catalog.models import ExternalSite, SourceKind, Title
from reeldb.catalog.services import replace_external_ids
from reeldb.search.services import rebuild_index
from tests.api.conftest import get_json
from tests.catalog.factories import (
    CreditFactory,
    PersonFactory,
    SourceFactory,
    TitleFactory,
    make_rich_title,
)

pytestmark = pytest.mark.django_db


def _pointed_at(client: Any, url: str) -> Any:
    """Return a tmdbsimple object that talks to ``url`` instead of api.themoviedb.org."""
    client.base_uri = f"{url}/tmdb/3"
    return client


def test_tmdbsimple_unchanged_searches_fetches_credits_and_finds(served_demo: str) -> None:
    tmdbsimple.API_KEY = "any-key"

    search = _pointed_at(tmdbsimple.Search(), served_demo)
    found = search.movie(query="Desperado", year=1995)
    movie_id = found["results"][0]["id"]
    movie = _pointed_at(tmdbsimple.Movies(movie_id), served_demo)
    info = movie.info(append_to_response="credits,external_ids,keywords,release_dates")
    by_imdb = _pointed_at(tmdbsimple.Find("tt0112851"), served_demo)
    found_by_imdb = by_imdb.info(external_source="imdb_id")

    assert found["results"][0]["title"] == "Desperado"
    assert info["imdb_id"] == "tt0112851"
    assert info["release_date"].startswith("1995")
    cast = {member["name"]: member["character"] for member in info["credits"]["cast"]}
    assert cast["Antonio Banderas"] == "El Mariachi"
    assert "Robert Rodriguez" in {member["name"] for member in info["credits"]["crew"]}
    assert info["external_ids"]["imdb_id"] == "tt0112851"
    assert [movie["id"] for movie in found_by_imdb["movie_results"]] == [movie_id]


def test_a_missing_movie_is_tmdbs_error_body(served_demo: str) -> None:
    answer = requests.get(f"{served_demo}/tmdb/3/movie/999999999?api_key=x", timeout=10)

    assert answer.status_code == 404
    assert answer.json() == {
        "success": False,
        "status_code": 34,
        "status_message": "No such page.",
    }


def test_kodis_older_append_names_are_answered(api: Client) -> None:
    title = make_rich_title()

    body = get_json(api, f"/tmdb/3/movie/{title.pk}?append_to_response=casts,releases,trailers")

    assert body["casts"]["cast"][0]["name"] == "Antonio Banderas"
    assert body["releases"]["countries"][0]["iso_3166_1"] == "US"
    assert body["releases"]["countries"][0]["certification"] == "R"
    assert body["trailers"] == {"id": title.pk, "quicktime": [], "youtube": []}


def test_a_movie_has_tmdbs_fields_from_the_catalogue(api: Client) -> None:
    title = make_rich_title()

    body = get_json(api, f"/tmdb/3/movie/{title.pk}?append_to_response=release_dates,keywords")

    assert body["overview"] == "A gunslinger seeks revenge."
    assert body["tagline"] == "He came back to settle the score."
    assert body["budget"] == 7_000_000
    assert body["runtime"] == 104
    assert {genre["name"] for genre in body["genres"]} == {"Action", "Thriller"}
    assert body["original_language"] == "en"
    assert body["keywords"]["keywords"][0]["name"] == "guitar case"
    us = body["release_dates"]["results"][0]
    assert us["iso_3166_1"] == "US"
    assert us["release_dates"][0]["release_date"].startswith("1995-08-25")


def test_a_series_and_a_season_with_its_episodes(api: Client) -> None:
    series = TitleFactory(title_type="tvSeries", primary_title="The Office", start_year=2005)
    for number in (2, 1):
        TitleFactory(
            title_type="tvEpisode",
            parent=series,
            season_number=1,
            episode_number=number,
            primary_title=f"Episode {number}",
        )

    show = get_json(api, f"/tmdb/3/tv/{series.pk}")
    season = get_json(api, f"/tmdb/3/tv/{series.pk}/season/1")

    assert show["name"] == "The Office"
    assert show["number_of_seasons"] == 1
    assert show["number_of_episodes"] == 2
    assert [e["episode_number"] for e in season["episodes"]] == [1, 2]
    assert season["episodes"][0]["name"] == "Episode 1"


def test_a_movie_is_not_a_series_and_the_reverse(api: Client) -> None:
    film = TitleFactory(title_type="movie")
    series = TitleFactory(title_type="tvSeries")

    assert api.get(f"/tmdb/3/tv/{film.pk}").status_code == 404
    assert api.get(f"/tmdb/3/movie/{series.pk}").status_code == 404


def test_a_person_and_finding_one_by_imdb_id(api: Client) -> None:
    person = PersonFactory(nconst="nm0000104", primary_name="Antonio Banderas")
    CreditFactory(person=person, title=TitleFactory())

    detail = get_json(api, f"/tmdb/3/person/{person.pk}")
    found = get_json(api, "/tmdb/3/find/nm0000104?external_source=imdb_id")

    assert detail["name"] == "Antonio Banderas"
    assert detail["imdb_id"] == "nm0000104"
    assert [p["id"] for p in found["person_results"]] == [person.pk]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/tmdb/3/movie/abc", 400),
        ("/tmdb/3/find/tt0112851", 400),
        ("/tmdb/3/search/movie", 400),
        ("/tmdb/3/no/such/path", 404),
    ],
)
def test_bad_requests_get_tmdbs_error_body(api: Client, url: str, status: int) -> None:
    body = get_json(api, url, status=status)

    assert body["success"] is False
    assert isinstance(body["status_code"], int)
    assert body["status_message"]


def test_search_ranks_the_exact_title_and_year_first(api: Client) -> None:
    TitleFactory(primary_title="Mad Max: Fury Road", start_year=2015, num_votes=1_000_000)
    wanted: Title = TitleFactory(primary_title="Max", start_year=2015, num_votes=30_000)
    rebuild_index()

    body = get_json(api, "/tmdb/3/search/movie?query=Max&year=2015")

    assert body["results"][0]["id"] == wanted.pk
    assert body["page"] == 1 and body["total_pages"] == 1


def test_a_wikidata_id_is_an_external_id_and_finds_its_title(api: Client) -> None:
    film = TitleFactory(title_type="movie", tconst="tt9112851")
    replace_external_ids(
        source=SourceFactory(kind=SourceKind.WIKIPEDIA, name="Wikipedia"),
        ids=[(film.pk, ExternalSite.WIKIDATA, "Q1140578")],
    )

    ids = get_json(api, f"/tmdb/3/movie/{film.pk}?append_to_response=external_ids")["external_ids"]
    found = get_json(api, "/tmdb/3/find/Q1140578?external_source=wikidata_id")

    assert (ids["imdb_id"], ids["wikidata_id"]) == ("tt9112851", "Q1140578")
    assert [movie["id"] for movie in found["movie_results"]] == [film.pk]
