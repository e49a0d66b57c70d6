"""Template context every page gets: the visitor's watchlist, read only if a page shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from reeldb.community.selectors import list_watchlist_title_ids


def community(request: HttpRequest) -> dict[str, Any]:
    """Return ``watchlist_ids``: one query, run only when a title card asks for it."""
    user = getattr(request, "user", None)

    def load() -> set[int]:
        if user is None or not user.is_authenticated:
            return set()
        return list_watchlist_title_ids(user)

    return {"watchlist_ids": SimpleLazyObject(load)}
