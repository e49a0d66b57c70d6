"""The JSON-LD newer IMDb pages embed (since 2017), and accessors for any embedded data.

Where a page embeds its data, that data is exact where the page's text is
not (ids, full names, unabbreviated lists), so it overrides what the text
gave. IMDb changes these shapes often and a saved page may be mangled, so
every value is read through an accessor that checks its type: a missing or
odd value reads as absent, never as an error.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from typing import Any

from reeldb.ingest.pages.schema import (
    CreditLine,
    Dated,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    UserReview,
)
from reeldb.ingest.pages.text import parse_date, parse_float, parse_int, parse_runtime

# schema.org's types, by their lower-cased names: a lower-cased text dump
# lower-cases the JSON in it too.
LD_TYPES = {
    "movie": "movie",
    "tvseries": "tvSeries",
    "tvepisode": "tvEpisode",
    "videogame": "videoGame",
    "creativework": "",
}
# Where a text dump keeps a script's JSON: IMDb's page data or a JSON-LD object.
JSON_START = re.compile(r'\{\s*"(?:props|@context)"\s*:', re.IGNORECASE)
MAX_JSON_TRIES = 8


def dig(data: Any, *path: str | int) -> Any:
    """Return ``data[path[0]][path[1]]…``, or None where any step is missing.

    A key is also looked up lower-cased, as a lower-cased text dump has it.
    """
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and -len(data) <= step < len(data) else None
        elif isinstance(data, dict):
            found = data.get(step)
            data = found if found is not None else data.get(step.lower())
        else:
            data = None
        if data is None:
            return None
    return data


def text_at(data: Any, *path: str | int) -> str:
    """Return the string at ``path``, stripped, or "" when there is none."""
    value = dig(data, *path)
    return value.strip() if isinstance(value, str) else ""


def int_at(data: Any, *path: str | int) -> int | None:
    """Return the whole number at ``path`` (a number or digits), or None."""
    value = dig(data, *path)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return parse_int(value) if isinstance(value, str) else None


def float_at(data: Any, *path: str | int) -> float | None:
    """Return the finite number at ``path``, or None."""
    value = dig(data, *path)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    return parse_float(value) if isinstance(value, str) else None


def list_at(data: Any, *path: str | int) -> list[Any]:
    """Return the list at ``path``; a single object counts as a list of one."""
    value = dig(data, *path)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def edges(data: Any, *path: str) -> Iterator[dict[str, Any]]:
    """Yield the nodes of a GraphQL connection: ``{"edges": [{"node": …}, …]}``."""
    for edge in list_at(data, *path, "edges"):
        node = dig(edge, "node")
        if isinstance(node, dict):
            yield node


def texts(items: list[Any], *path: str) -> list[str]:
    """Return the non-empty string at ``path`` in each item."""
    return [value for item in items if (value := text_at(item, *path))]


def imdb_id(url: Any, prefix: str) -> str:
    """Return the ``tt…``/``nm…`` id in a link, or ""."""
    match = re.search(rf"{prefix}\d{{7,10}}", url) if isinstance(url, str) else None
    return match.group(0) if match else ""


def json_in_text(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return the JSON-LD objects and the page data a text dump kept from the page's scripts.

    A dump that strips tags keeps what was inside ``<script>``: today's page's
    ``__NEXT_DATA__`` and its JSON-LD, the most exact account of the title.
    """
    decoder = json.JSONDecoder()
    json_ld: list[dict[str, Any]] = []
    next_data: dict[str, Any] = {}
    for match in itertools.islice(JSON_START.finditer(text), MAX_JSON_TRIES):
        try:
            value, _end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if not isinstance(value, dict):
            continue
        if dig(value, "props") is not None:
            next_data = next_data or value
        else:
            graph = dig(value, "@graph")
            items = graph if isinstance(graph, list) else [value]
            json_ld.extend(item for item in items if isinstance(item, dict))
    return json_ld, next_data


def read_json_ld(items: list[dict[str, Any]], extraction: PageExtraction) -> None:
    """Override ``extraction`` with what the page's JSON-LD about a title states."""
    for item in items:
        if text_at(item, "@type").lower() in LD_TYPES:
            _json_ld(item, extraction)


def _json_ld(item: dict[str, Any], extraction: PageExtraction) -> None:
    extraction.imdb_id = imdb_id(dig(item, "url"), "tt") or extraction.imdb_id
    # JSON-LD names a title by its original name and gives the English one as
    # "alternateName": "Le fabuleux destin d'Amélie Poulain" / "Amélie".
    extraction.title = text_at(item, "name") or extraction.title
    if alternate := text_at(item, "alternateName"):
        extraction.original_title = extraction.title
        extraction.title = alternate
    kind = LD_TYPES[text_at(item, "@type").lower()]
    if kind and not (kind == "movie" and extraction.title_type not in ("", "movie")):
        extraction.title_type = kind
    if genres := [g for g in list_at(item, "genre") if isinstance(g, str)]:
        extraction.genres = genres
    if keywords := text_at(item, "keywords"):
        extraction.keywords = [k.strip() for k in keywords.split(",") if k.strip()]
    if (rating := text_at(item, "contentRating")) and not extraction.certifications:
        extraction.certifications = [Rated(country="", rating=rating)]
    extraction.runtime_minutes = (
        parse_runtime(text_at(item, "duration")) or extraction.runtime_minutes
    )
    if date := parse_date(text_at(item, "datePublished")):
        extraction.year = extraction.year or date.year
        # The first release, without its country: only when the page names no other.
        if not extraction.release_dates:
            extraction.release_dates.append(Dated(country="", date=date))
    extraction.rating = float_at(item, "aggregateRating", "ratingValue") or extraction.rating
    extraction.votes = int_at(item, "aggregateRating", "ratingCount") or extraction.votes
    description = text_at(item, "description")
    if description and not any(plot.kind == "outline" for plot in extraction.plots):
        extraction.plots.insert(0, PlotText(kind="outline", text=description))
    _ld_people(item, extraction)
    body = text_at(item, "review", "reviewBody")
    if body and extraction.review is None:
        extraction.review = UserReview(
            headline=text_at(item, "review", "name"),
            text=body,
            author=text_at(item, "review", "author", "name"),
            date=parse_date(text_at(item, "review", "dateCreated")),
            rating=int_at(item, "review", "reviewRating", "ratingValue"),
        )


def _ld_people(item: dict[str, Any], extraction: PageExtraction) -> None:
    """Give the text's credits the ids JSON-LD links, and add people the text missed."""
    by_name = {credit.person.name.casefold(): credit for credit in extraction.credits}
    for key, category in (("director", "director"), ("creator", "writer"), ("actor", "actor")):
        for person in list_at(item, key):
            is_person = text_at(person, "@type").lower() == "person"
            if not is_person or not (name := text_at(person, "name")):
                continue
            nconst = imdb_id(dig(person, "url"), "nm")
            existing = by_name.get(name.casefold())
            if existing is not None:
                existing.person.imdb_id = existing.person.imdb_id or nconst
            else:
                credit = CreditLine(category=category, person=PersonRef(name=name, imdb_id=nconst))
                extraction.credits.append(credit)
                by_name[name.casefold()] = credit
