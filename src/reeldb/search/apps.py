from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Finding titles and people by name."""

    name = "reeldb.search"
    label = "search"
