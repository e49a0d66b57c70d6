"""Finding things: by external id (``find``), by file name or title and year (``match``),
by words (``search``) and as one types (``suggest``)."""

from __future__ import annotations

import html
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Field, P, Query, QueryEx, Router, Schema

from reeldb.api.schemas import (
    ErrorOut,
    PersonOut,
    TitleOut,
    person_out,
    title_out,
)
from reeldb.catalog.models import ExternalSite, Person, Title
from reeldb.catalog.selectors import find_by_external_id, find_by_imdb_id
from reeldb.errors import InvalidInput
from reeldb.search.index.finding import PersonHit, TitleHit, find, suggest
from reeldb.search.matching import Wanted, match_titles, parse_filename
from reeldb.search.models import EntryKind

router = Router(tags=["lookup"])
ERRORS: dict[int, Any] = {400: ErrorOut, 429: ErrorOut}
MAX_QUERY = 200


class FindOut(Schema):
    titles: list[TitleOut]
    people: list[PersonOut]


@router.get("/find", response={200: FindOut, **ERRORS}, summary="Find by IMDb, TMDB or Wikidata id")
def find_by_id(
    request: HttpRequest,
    imdb_id: QueryEx[str | None, P(pattern=r"^(?:tt|nm)\d{7,10}$")] = None,
    tmdb_id: QueryEx[int | None, P(ge=1, le=2**31 - 1)] = None,
    wikidata_id: QueryEx[str | None, P(pattern=r"^Q\d{1,12}$")] = None,
) -> dict[str, Any]:
    """Return the title (``tt…``) or person (``nm…``) with this IMDb id, and the titles a
    source gives this TMDB id or Wikidata item: what any id given names, each once."""
    titles, people = find_by_imdb_id(imdb_id) if imdb_id is not None else ([], [])
    if tmdb_id is not None:
        titles += find_by_external_id(ExternalSite.TMDB, str(tmdb_id))
    if wikidata_id is not None:
        titles += find_by_external_id(ExternalSite.WIKIDATA, wikidata_id)
    unique = list({title.pk: title for title in titles}.values())
    return {"titles": [title_out(t) for t in unique], "people": [person_out(p) for p in people]}


class MatchOut(Schema):
    title: TitleOut
    confidence: float
    matched_name: str


class MatchesOut(Schema):
    """What was read from the request, and the catalogue's best matches, most likely first."""

    query: dict[str, Any]
    results: list[MatchOut]


class MatchParams(Schema):
    title: str = ""
    year: int | None = None
    type: Literal["movie", "series", "episode"] | None = None
    season: int | None = None
    episode: int | None = None
    filename: str = ""
    limit: int = Field(5, ge=1, le=20)


@router.get("/match", response={200: MatchesOut, **ERRORS}, summary="Match a file or a title")
def match(request: HttpRequest, params: Query[MatchParams]) -> dict[str, Any]:
    """Return the titles a media file or a title (and year) most likely is, with a confidence.

    Give ``filename`` ("Desperado.1995.1080p.BluRay.x264.mkv", folders allowed)
    or ``title`` with ``year``, ``type`` and, for an episode, ``season`` and
    ``episode``. A confidence of 0.9 or more is an exact name with the year.
    """
    if params.filename:
        wanted = parse_filename(params.filename)
    elif params.title.strip():
        if len(params.title) > MAX_QUERY:
            raise InvalidInput(f"A title is at most {MAX_QUERY} characters.", code="too_long")
        wanted = Wanted(params.title, params.year, params.type, params.season, params.episode)
    else:
        raise InvalidInput("Give a title or a filename to match.", code="missing_title")
    found = match_titles(wanted, limit=params.limit)
    return {
        "query": {
            "title": wanted.name,
            "year": wanted.year,
            "type": wanted.kind,
            "season": wanted.season,
            "episode": wanted.episode,
        },
        "results": [
            {
                "title": title_out(found_match.title),
                "confidence": round(found_match.confidence, 3),
                "matched_name": found_match.matched_name,
            }
            for found_match in found
        ],
    }


class SearchHitOut(Schema):
    id: str
    name: str
    url: str
    detail: str


class SearchOut(Schema):
    query: str
    corrected: bool
    titles: list[SearchHitOut]
    people: list[SearchHitOut]


# What to look for; a query with no word in it finds nothing.
SearchText = QueryEx[str, P(max_length=MAX_QUERY)]


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="Search titles and people")
def search(
    request: HttpRequest, q: SearchText, limit: QueryEx[int, P(ge=1, le=50)] = 10
) -> dict[str, Any]:
    """Return titles and people found by name, forgiving typos and accents, as ``/find`` does."""
    results = find(q, kinds=(EntryKind.TITLE, EntryKind.NAME), limit=limit)
    hits: dict[str, list[dict[str, Any]]] = {"titles": [], "people": []}
    for group in results.groups:
        for hit in group.hits:
            record: Title | Person
            if isinstance(hit, TitleHit):
                record, name = hit.summary.title, hit.summary.title.primary_title
            elif isinstance(hit, PersonHit):
                record, name = hit.summary.person, hit.summary.person.primary_name
            else:
                continue
            hits["titles" if isinstance(record, Title) else "people"].append(
                {
                    "id": record.public_id,
                    "name": name,
                    "url": record.get_absolute_url(),
                    "detail": html.unescape(strip_tags(hit.detail)),
                }
            )
    return {"query": results.query, "corrected": results.corrected, **hits}


class SuggestionOut(Schema):
    id: str
    kind: str
    name: str
    year: int | None
    url: str
    subtitle: str


@router.get("/suggest", response={200: list[SuggestionOut], **ERRORS}, summary="Autocomplete")
def autocomplete(request: HttpRequest, q: SearchText) -> list[Any]:
    """Return the search box's suggestions for what has been typed so far."""
    return list(suggest(q))
