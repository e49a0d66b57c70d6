"""Sources: the origin every row and claim of the catalogue names."""

from __future__ import annotations

from reeldb.catalog.models import Source, SourceKind


def get_source(*, kind: SourceKind, name: str, url: str = "", lowercased: bool = False) -> Source:
    """Return the source of this kind and name, creating it on first use.

    ``url`` and ``lowercased`` describe a new source; an existing one keeps its own.
    """
    source, _ = Source.objects.get_or_create(
        kind=kind, name=name, defaults={"url": url, "lowercased": lowercased}
    )
    return source
