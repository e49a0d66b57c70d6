"""``/tmdb/3/``: the part of TMDB's v3 API that media servers and scripts use, over reeldb.

Point a TMDB client's base URL here (tmdbsimple's ``BASE_URI``, Kodi's TMDB
scraper) and it searches, fetches movies with credits and finds by IMDb id
unchanged. The ``api_key`` every client sends is accepted and not checked:
reads are public here as on ``/api/v1/``. Failures answer in TMDB's body,
``{"success": false, "status_code", "status_message"}``. Searching uses the
same ranking as ``/api/v1/match``: the exact title and year first.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import NinjaAPI, P, QueryEx

from reeldb.api.app import answer_errors_in
from reeldb.api.errors import tmdb_body
from reeldb.api.tmdb_shapes import (
    movie_brief,
    movie_detail,
    person_brief,
    person_detail,
    tv_brief,
    tv_detail,
)
from reeldb.catalog.models import LOCAL_PERSON_PREFIX, LOCAL_TITLE_PREFIX, ExternalSite, Title
from reeldb.catalog.selectors import (
    find_by_external_id,
    find_by_imdb_id,
    get_episode_guide_page,
    get_person_or_404,
    get_title_or_404,
)
from reeldb.errors import NotFound
from reeldb.search.index.finding import PersonHit, find
from reeldb.search.matching import Wanted, match_titles
from reeldb.search.models import EntryKind

tmdb = NinjaAPI(
    title="reeldb's TMDB-compatible subset",
    version="3",
    urls_namespace="tmdb",
    openapi_url=None,
    docs_url=None,
)
answer_errors_in(tmdb, tmdb_body)
RESULTS = 20
Query = QueryEx[str, P(max_length=200)]
ApiKey = QueryEx[str, P(max_length=200, description="Accepted, not checked.")]


def _page(results: list[dict[str, Any]], page: int) -> dict[str, Any]:
    """Return TMDB's paged list: reeldb answers its best matches as one page."""
    return {
        "page": page,
        "results": results if page == 1 else [],
        "total_pages": 1,
        "total_results": len(results),
    }


def _title(tmdb_id: int, kinds: frozenset[str]) -> Title:
    title = get_title_or_404(f"{LOCAL_TITLE_PREFIX}{tmdb_id}")
    if title.title_type not in kinds:
        raise NotFound("The resource you requested could not be found.")
    return title


def _appended(append_to_response: str) -> list[str]:
    return [name.strip() for name in append_to_response.split(",") if name.strip()][:20]


MOVIES = frozenset({"movie", "tvMovie", "video", "short", "tvSpecial"})
SERIES = frozenset({"tvSeries", "tvMiniSeries"})


@tmdb.get("/search/movie")
def search_movie(
    request: HttpRequest,
    *,
    query: Query,
    year: int | None = None,
    primary_release_year: int | None = None,
    page: QueryEx[int, P(ge=1, le=500)] = 1,
    api_key: ApiKey = "",
) -> dict[str, Any]:
    wanted = Wanted(query, year or primary_release_year, "movie")
    found = match_titles(wanted, limit=RESULTS) if query.strip() else []
    return _page([movie_brief(match.title) for match in found], page)


@tmdb.get("/search/tv")
def search_tv(
    request: HttpRequest,
    *,
    query: Query,
    first_air_date_year: int | None = None,
    year: int | None = None,
    page: QueryEx[int, P(ge=1, le=500)] = 1,
    api_key: ApiKey = "",
) -> dict[str, Any]:
    wanted = Wanted(query, first_air_date_year or year, "series")
    found = match_titles(wanted, limit=RESULTS) if query.strip() else []
    return _page([tv_brief(match.title) for match in found], page)


@tmdb.get("/search/person")
def search_person(
    request: HttpRequest,
    query: Query,
    page: QueryEx[int, P(ge=1, le=500)] = 1,
    api_key: ApiKey = "",
) -> dict[str, Any]:
    groups = find(query, kinds=(EntryKind.NAME,), limit=RESULTS).groups
    people = [
        hit.summary.person for group in groups for hit in group.hits if isinstance(hit, PersonHit)
    ]
    return _page([person_brief(person) for person in people], page)


@tmdb.get("/movie/{movie_id}")
def movie(
    request: HttpRequest, movie_id: int, append_to_response: str = "", api_key: ApiKey = ""
) -> dict[str, Any]:
    return movie_detail(_title(movie_id, MOVIES), _appended(append_to_response))


@tmdb.get("/tv/{tv_id}")
def tv(
    request: HttpRequest, tv_id: int, append_to_response: str = "", api_key: ApiKey = ""
) -> dict[str, Any]:
    return tv_detail(_title(tv_id, SERIES), _appended(append_to_response))


@tmdb.get("/tv/{tv_id}/season/{season_number}")
def tv_season(
    request: HttpRequest, tv_id: int, season_number: int, api_key: ApiKey = ""
) -> dict[str, Any]:
    """Return a season with every episode: its number, name, outline, air date and rating."""
    series = _title(tv_id, SERIES)
    first = get_episode_guide_page(series, season=season_number)
    pages = [first] + [
        get_episode_guide_page(series, season=season_number, page=number)
        for number in range(2, first.page_count + 1)
    ]
    episodes = []
    for guide in pages:
        for episode in guide.episodes:
            outline = guide.outlines.get(episode.pk)
            aired = guide.air_dates.get(episode.pk)
            episodes.append(
                {
                    "id": episode.pk,
                    "name": episode.primary_title,
                    "episode_number": episode.episode_number,
                    "season_number": season_number,
                    "overview": outline.text if outline else "",
                    "air_date": aired.release_date.isoformat() if aired else None,
                    "runtime": episode.runtime_minutes,
                    "vote_average": float(episode.average_rating or 0),
                    "vote_count": episode.num_votes or 0,
                    "still_path": None,
                    "crew": [],
                    "guest_stars": [],
                }
            )
    return {
        "id": series.pk * 1000 + season_number,
        "_id": str(series.pk * 1000 + season_number),
        "name": f"Season {season_number}",
        "season_number": season_number,
        "air_date": next((e["air_date"] for e in episodes if e["air_date"]), None),
        "overview": "",
        "poster_path": None,
        "episodes": episodes,
    }


@tmdb.get("/person/{person_id}")
def person(request: HttpRequest, person_id: int, api_key: ApiKey = "") -> dict[str, Any]:
    return person_detail(get_person_or_404(f"{LOCAL_PERSON_PREFIX}{person_id}"))


@tmdb.get("/find/{external_id}")
def find_external(
    request: HttpRequest,
    external_id: str,
    external_source: Literal["imdb_id", "wikidata_id"],
    api_key: ApiKey = "",
) -> dict[str, Any]:
    """Return what has this IMDb or Wikidata id, sorted into TMDB's result lists."""
    if external_source == "imdb_id":
        titles, people = find_by_imdb_id(external_id)
    else:
        titles, people = find_by_external_id(ExternalSite.WIKIDATA, external_id), []
    return {
        "movie_results": [movie_brief(t) for t in titles if t.title_type in MOVIES],
        "tv_results": [tv_brief(t) for t in titles if t.title_type in SERIES],
        "tv_episode_results": [
            {**movie_brief(t), "name": t.primary_title, "show_id": t.parent_id}
            for t in titles
            if t.title_type == "tvEpisode"
        ],
        "tv_season_results": [],
        "person_results": [person_brief(p) for p in people],
    }
