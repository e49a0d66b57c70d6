"""Reads for lists of titles outside a title's own pages: the home page's."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from reeldb.catalog.models import (
    Collection,
    CollectionEntry,
    Title,
    TitleType,
)


def list_featured_titles(*, limit: int) -> list[Title]:
    """Return the most-voted films and series for the home page."""
    return list(
        Title.objects.exclude(title_type=TitleType.TV_EPISODE)
        .filter(num_votes__isnull=False)
        .order_by("-num_votes", "primary_title")[:limit]
    )


def list_collections(*, limit: int) -> list[tuple[Collection, list[Title]]]:
    """Return the largest film series with their titles in order (two queries)."""
    collections = (
        Collection.objects.annotate(size=Count("entries__title", distinct=True))
        .order_by("-size", "name")[:limit]
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=CollectionEntry.objects.select_related("title").order_by(
                    "position", "title__start_year"
                ),
            )
        )
    )
    return [
        (collection, list({e.title_id: e.title for e in collection.entries.all()}.values()))
        for collection in collections
    ]
