"""Search by meaning on ``/find``: its own page (``s=pl&mode=meaning``) and its share of "All".

Kept apart from ``search.views`` so that the categories beside it can
change freely. Offered only when the ``semantic`` extra is installed.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from reeldb.search.index.text import clean_query
from reeldb.search.meaning import is_available
from reeldb.search.meaning.embedding import is_loaded, start_loading
from reeldb.search.meaning.finding import MeaningHit, get_meaning_hits, reads_like_description

MEANING_CATEGORY = "pl"
MEANING_MODE = "meaning"
MEANING_RESULTS = 50
# "All" shows this many, like each of its other groups.
BLENDED_RESULTS = 8


def wants_meaning(params: QueryDict) -> bool:
    """Return whether the request asks for plots by meaning and the extra is installed."""
    return (
        params.get("s") == MEANING_CATEGORY
        and params.get("mode") == MEANING_MODE
        and is_available()
    )


def meaning_page_context(params: QueryDict) -> dict[str, Any]:
    """Return the template's context for the plots-by-meaning page."""
    query = clean_query(params.get("q", ""))
    return {
        "query": query,
        "is_meaning": True,
        "meaning_offered": True,
        "meaning_hits": get_meaning_hits(query, limit=MEANING_RESULTS) if query else [],
    }


def blended_meaning_hits(query: str) -> list[MeaningHit]:
    """Return the plots by meaning that "All" shows for ``query``: none unless it is a description.

    The model is loaded in the background on a process's first description:
    "All" never waits seconds for it, and the link to search by meaning does.
    """
    if not is_available() or not reads_like_description(query):
        return []
    if not is_loaded():
        start_loading()
        return []
    return get_meaning_hits(query, limit=BLENDED_RESULTS)


def meaning_context(query: str, category: str) -> dict[str, Any]:
    """Return what ``/find``'s other pages add for search by meaning: its tab, its blend."""
    if not is_available():
        return {"meaning_offered": False}
    blended = blended_meaning_hits(query) if category == "all" else []
    return {"meaning_offered": True, "meaning_hits": blended}
