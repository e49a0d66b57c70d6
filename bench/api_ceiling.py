"""The ceiling ``bench/api_load.py`` measures the API against: a minimal Starlette endpoint.

    granian --interface asgi --workers 2 bench.api_ceiling:app   (REELDB_HOME or DATABASE_URL set)

``GET /titles/{tconst}`` reads what reeldb's ``/api/v1/titles/{id}`` reads, the title and its
series, in one statement (reeldb reads an episode's series as a second row; the benchmark's
titles are movies, which have none) and answers the same JSON, built by hand: no framework but
Starlette's routing, no middleware, one database connection per worker process. Whatever
reeldb spends beyond this is its own (Django, django-ninja, its middleware).
"""

from __future__ import annotations

import json
import os
import sqlite3
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COLUMNS = (
    "id", "tconst", "title_type", "primary_title", "original_title", "start_year", "end_year",
    "runtime_minutes", "genres", "countries", "languages", "is_adult", "average_rating",
    "num_votes", "metascore", "popularity_rank", "season_number", "episode_number",
)  # fmt: skip
PARENT = ("id", "tconst", "title_type", "primary_title", "start_year")
SELECT = (
    "SELECT "  # noqa: S608 - our own column names; the value is a bound parameter
    + ", ".join(f"t.{name}" for name in COLUMNS)
    + ", "
    + ", ".join(f"p.{name}" for name in PARENT)
    + " FROM catalog_title t LEFT OUTER JOIN catalog_title p ON p.id = t.parent_id"
    " WHERE t.tconst = {} LIMIT 21"
)
# Every section ``include`` can add is null when not asked for.
SECTIONS = (
    "credits", "plots", "keywords", "taglines", "certifications", "release_dates", "akas",
    "filming_locations", "companies", "box_office", "technical_specs", "trivia", "goofs",
    "quotes", "connections", "soundtracks", "faq", "production_notes", "critic_reviews",
    "source_recommendations", "collections", "external_ids", "ratings", "related", "seasons",
    "sources",
)  # fmt: skip


@cache
def _connect() -> tuple[Any, str]:
    """Return this process's connection to reeldb's database and the statement in its style."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        return psycopg.connect(url, autocommit=True), SELECT.format("%s")
    home = Path(os.environ.get("REELDB_HOME", Path.home() / ".local/share/reeldb"))
    connection = sqlite3.connect(home / "reeldb.sqlite3", check_same_thread=False)
    return connection, SELECT.format("?")


def _ref(pk: int, tconst: str | None, kind: str, name: str, year: int | None) -> dict[str, Any]:
    public_id = tconst or f"rt{pk}"
    return {
        "id": public_id,
        "imdb_id": tconst,
        "type": kind,
        "title": name,
        "year": year,
        "url": f"/title/{public_id}/",
    }


def _split(value: str) -> list[str]:
    return [item for item in value.split(",") if item]


def title_body(row: tuple[Any, ...]) -> dict[str, Any]:
    own = dict(zip(COLUMNS, row[: len(COLUMNS)], strict=True))
    parent = row[len(COLUMNS) :]
    rating = own["average_rating"]
    return {
        **_ref(
            own["id"], own["tconst"], own["title_type"], own["primary_title"], own["start_year"]
        ),
        "original_title": own["original_title"] or own["primary_title"],
        "end_year": own["end_year"],
        "runtime_minutes": own["runtime_minutes"],
        "genres": _split(own["genres"]),
        "countries": _split(own["countries"]),
        "languages": _split(own["languages"]),
        "is_adult": bool(own["is_adult"]),
        "rating": None if rating is None else str(Decimal(str(rating)).quantize(Decimal("0.1"))),
        "votes": own["num_votes"],
        "metascore": own["metascore"],
        "popularity_rank": own["popularity_rank"],
        "series": _ref(*parent) if parent[0] is not None else None,
        "season": own["season_number"],
        "episode": own["episode_number"],
        **dict.fromkeys(SECTIONS),
    }


async def title(request: Request) -> Response:
    connection, statement = _connect()
    cursor = connection.cursor()
    cursor.execute(statement, (request.path_params["tconst"],))
    row = cursor.fetchone()
    if row is None:
        return Response('{"error": {"code": "not_found"}}', status_code=404)
    return Response(json.dumps(title_body(row)), media_type="application/json")


app = Starlette(routes=[Route("/titles/{tconst}", title)])
