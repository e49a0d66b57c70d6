from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """The film catalogue: titles, people, credits and every fact about them."""

    name = "reeldb.catalog"
    label = "catalog"
    verbose_name = "Catalogue"
