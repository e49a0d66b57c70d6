from __future__ import annotations

from django.apps import AppConfig


class RecommendConfig(AppConfig):
    """Related titles and per-user recommendations, trained offline from ratings and credits."""

    name = "reeldb.recommend"
    label = "recommend"
    verbose_name = "Recommendations"
