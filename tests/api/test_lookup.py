"""Finding titles: by IMDb id, by words, as one types, and by media file name or title and year."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.catalog.models import Aka, ExternalSite, SourceKind, Title
from reeldb.catalog.services import replace_external_ids
from reeldb.search.matching import Wanted, comparable, match_titles, parse_filename
from reeldb.search.services import rebuild_index
from tests.api.conftest import get_json
from tests.catalog.factories import SourceFactory, TitleFactory


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_index")
class TestOnTheDemo:
    def test_a_file_name_matches_its_film_surely(self, api: Client) -> None:
        body = get_json(api, "/api/v1/match?filename=desperado.1995.mkv")

        best = body["results"][0]
        assert best["title"]["imdb_id"] == "tt0112851"
        assert best["confidence"] >= 0.9
        assert body["query"] == {
            "title": "desperado",
            "year": 1995,
            "type": "movie",
            "season": None,
            "episode": None,
        }

    def test_find_by_imdb_id(self, api: Client) -> None:
        body = get_json(api, "/api/v1/find?imdb_id=tt0112851")

        assert [title["title"] for title in body["titles"]] == ["Desperado"]
        assert body["people"] == []

    def test_find_a_person_by_imdb_id(self, api: Client) -> None:
        body = get_json(api, "/api/v1/find?imdb_id=nm0000104")

        assert [person["name"] for person in body["people"]] == ["Antonio Banderas"]

    def test_search_forgives_a_typo(self, api: Client) -> None:
        body = get_json(api, "/api/v1/search?q=desperdo")

        assert body["titles"][0]["id"] == "tt0112851"
        assert body["corrected"] is True
        assert "<" not in body["titles"][0]["detail"]

    def test_suggest_completes_a_prefix(self, api: Client) -> None:
        body = get_json(api, "/api/v1/suggest?q=despe")

        assert body[0]["id"] == "tt0112851"


@pytest.mark.django_db
def test_find_by_the_tmdb_or_wikidata_id_a_source_gives(api: Client) -> None:
    desperado = TitleFactory(primary_title="Desperado", tconst="tt9112851")
    replace_external_ids(
        source=SourceFactory(kind=SourceKind.MOVIELENS, name="ml-latest"),
        ids=[(desperado.pk, ExternalSite.TMDB, "8068")],
    )
    replace_external_ids(
        source=SourceFactory(kind=SourceKind.WIKIPEDIA, name="Wikipedia"),
        ids=[(desperado.pk, ExternalSite.WIKIDATA, "Q1140578")],
    )

    by_tmdb = get_json(api, "/api/v1/find?tmdb_id=8068")
    by_wikidata = get_json(api, "/api/v1/find?wikidata_id=Q1140578")
    unknown = get_json(api, "/api/v1/find?tmdb_id=8069")
    both = get_json(api, "/api/v1/find?imdb_id=tt9112851&tmdb_id=8068&wikidata_id=Q7")
    nothing = get_json(api, "/api/v1/find")

    assert [title["id"] for title in by_tmdb["titles"]] == ["tt9112851"]
    assert [title["id"] for title in by_wikidata["titles"]] == ["tt9112851"]
    assert unknown == nothing == {"titles": [], "people": []}
    assert [title["id"] for title in both["titles"]] == ["tt9112851"]


@pytest.fixture
def library(db: None) -> dict[str, Title]:
    """Titles media servers famously mismatch, each beside the title that wins wrongly."""
    source = SourceFactory()

    def film(name: str, year: int, votes: int, **fields: Any) -> Title:
        title: Title = TitleFactory(
            primary_title=name, start_year=year, num_votes=votes, source=source, **fields
        )
        return title

    titles = {
        "fury road": film("Mad Max: Fury Road", 2015, 1_000_000),
        "max": film("Max", 2015, 30_000),
        "robocop 1987": film("RoboCop", 1987, 280_000),
        "robocop 2014": film("RoboCop", 2014, 260_000),
        "alien": film("Alien", 1979, 950_000),
        "alien warfare": film("Alien Warfare", 2019, 3_000),
        "wall-e": film("WALL·E", 2008, 1_200_000),
        "cats": film("Cats & Dogs", 2001, 90_000),
        "matrix": film("The Matrix", 1999, 2_000_000),
        "mother": film("Mother", 2009, 110_000, original_title="Madeo"),
        "mother!": film("Mother!", 2017, 250_000),
        "series": film("The Office", 2005, 700_000, title_type="tvSeries"),
    }
    Aka.objects.create(title=titles["mother"], aka_title="Madeo", region="KR", source=source)
    titles["episode"] = TitleFactory(
        primary_title="The Dundies",
        title_type="tvEpisode",
        parent=titles["series"],
        season_number=2,
        episode_number=1,
        start_year=2005,
        source=source,
    )
    rebuild_index()
    return titles


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (Wanted("Max", 2015), "max"),
        (Wanted("Robocop", 2014), "robocop 2014"),
        (Wanted("Robocop", 1987), "robocop 1987"),
        (Wanted("Alien", 1979), "alien"),
        (Wanted("Alien"), "alien"),
        (Wanted("Wall-E", 2008), "wall-e"),
        (Wanted("WALLE", 2008), "wall-e"),
        (Wanted("Cats and Dogs", 2001), "cats"),
        (Wanted("Matrix, The", 1999), "matrix"),
        (Wanted("matrix", 2000), "matrix"),  # a premiere a year before the release
        (Wanted("Madeo", 2009), "mother"),
        (Wanted("Mother", 2009), "mother"),
        (Wanted("The Office", kind="series"), "series"),
    ],
)
def test_the_exact_title_and_year_beat_the_popular_title(
    library: dict[str, Title], wanted: Wanted, expected: str
) -> None:
    best = match_titles(wanted)[0]

    assert best.title == library[expected]


def test_an_exact_name_and_year_is_sure_and_a_near_miss_is_not(library: dict[str, Title]) -> None:
    sure = match_titles(Wanted("Alien", 1979))
    unsure = match_titles(Wanted("Alien Warfare Returns", 1990))

    assert sure[0].confidence >= 0.95
    assert unsure[0].confidence < 0.8


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("Mad.Max.Fury.Road.2015.1080p.BluRay.x264-GRP.mkv", "fury road"),
        ("Max (2015)/Max (2015).mkv", "max"),
        ("movies/robocop.2014.720p.web-dl.mkv", "robocop 2014"),
        ("The Matrix (1999) [1080p].mp4", "matrix"),
        ("The.Office.S02E01.720p.HDTV.x264.mkv", "episode"),
    ],
)
def test_a_file_name_is_read_and_matched(
    library: dict[str, Title], filename: str, expected: str
) -> None:
    best = match_titles(parse_filename(filename))[0]

    assert best.title == library[expected]


def test_a_file_name_names_an_episode() -> None:
    wanted = parse_filename("The.Office.S02E01.720p.HDTV.x264.mkv")

    assert (wanted.name, wanted.kind, wanted.season, wanted.episode) == (
        "The Office",
        "episode",
        2,
        1,
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [("The Matrix", "Matrix, The"), ("WALL·E", "Wall-E"), ("Cats & Dogs", "cats and dogs")],
)
def test_names_compare_equal_across_articles_punctuation_and_ampersands(
    one: str, other: str
) -> None:
    assert comparable(one) == comparable(other)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/api/v1/match", "missing_title"),
        ("/api/v1/match?filename=.mkv", "no_title_in_filename"),
        ("/api/v1/match?title=x&limit=0", "invalid_parameters"),
        ("/api/v1/match?title=x&year=abc", "invalid_parameters"),
        ("/api/v1/match?title=x&type=book", "invalid_parameters"),
        ("/api/v1/find?imdb_id=12345", "invalid_parameters"),
        ("/api/v1/find?tmdb_id=0", "invalid_parameters"),
        ("/api/v1/find?wikidata_id=P31", "invalid_parameters"),
        (f"/api/v1/search?q={'x' * 300}", "invalid_parameters"),
        ("/api/v1/search?q=x&limit=99", "invalid_parameters"),
    ],
)
def test_bad_lookups_are_400s_that_say_why(api: Client, url: str, code: str) -> None:
    body = get_json(api, url, status=400)

    assert body["error"]["code"] == code
