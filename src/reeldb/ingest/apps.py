from __future__ import annotations

from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Importers: the demo data now; IMDb datasets, pages and MovieLens next."""

    name = "reeldb.ingest"
    label = "ingest"
