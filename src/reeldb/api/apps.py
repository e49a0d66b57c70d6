from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API at ``/api/v1/``: the catalogue, search, charts and recommendations as data."""

    name = "reeldb.api"
    label = "api"
    verbose_name = "API"
