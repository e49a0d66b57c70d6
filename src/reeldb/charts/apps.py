from __future__ import annotations

from django.apps import AppConfig


class ChartsConfig(AppConfig):
    """Stored charts (Top 250, most popular, top TV, box office, top by genre)."""

    name = "reeldb.charts"
    label = "charts"
    verbose_name = "Charts"
