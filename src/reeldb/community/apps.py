from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """reeldb's own users: accounts, ratings, reviews, watchlists, check-ins and lists."""

    name = "reeldb.community"
    label = "community"
    verbose_name = "Community"
