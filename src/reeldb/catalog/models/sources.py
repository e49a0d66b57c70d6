"""Where a fact came from.

Every row in the catalogue points at the ``Source`` that stated it, so an
importer can add a second source's view of a title without erasing the first,
and a page can say where each fact came from.
"""

from __future__ import annotations

from django.db import models


class SourceKind(models.TextChoices):
    IMDB_DATASET = "imdb_dataset", "IMDb dataset"
    IMDB_PAGE = "imdb_page", "IMDb page"
    WIKIPEDIA = "wikipedia", "Wikipedia"
    MOVIELENS = "movielens", "MovieLens"
    USER = "user", "reeldb user"
    DEMO = "demo", "reeldb demo data"


# When two sources state different values for one field, the earlier kind in
# this list wins (see docs/architecture.md, "Merging sources"): a person's own
# correction beats everything; IMDb's datasets are maintained and structured;
# a saved IMDb page is the same data frozen at some date; Wikipedia is curated
# prose; MovieLens knows little beyond title and year; the demo data is a
# stand-in that any real source should replace.
SOURCE_PRECEDENCE: tuple[str, ...] = (
    SourceKind.USER,
    SourceKind.IMDB_DATASET,
    SourceKind.IMDB_PAGE,
    SourceKind.WIKIPEDIA,
    SourceKind.MOVIELENS,
    SourceKind.DEMO,
)


def source_rank(kind: str) -> int:
    """Return the rank of a source kind in ``SOURCE_PRECEDENCE``; lower wins."""
    return SOURCE_PRECEDENCE.index(kind)


class Source(models.Model):
    """One origin of facts: a dataset release, a saved page, the demo set."""

    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    name = models.CharField(
        max_length=500, help_text="What within the kind: a file, a URL, a dataset date."
    )
    url = models.URLField(max_length=1000, blank=True)
    lowercased = models.BooleanField(
        default=False,
        help_text="Its text was lower-cased (a text dump): its capitals are guesses, "
        "and a source that kept them supplies the spelling.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="source_kind_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def precedence(self) -> int:
        """Return this source's rank in ``SOURCE_PRECEDENCE``; lower wins."""
        return source_rank(self.kind)
