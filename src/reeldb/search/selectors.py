"""Title and name look-up for ``/find``.

A plain case-insensitive substring match, best-known first. A full-text
search can replace its insides without changing its interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from reeldb.catalog.models import Person, Title

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class FindResults:
    query: str
    titles: list[Title]
    people: list[Person]

    @property
    def is_empty(self) -> bool:
        return not (self.titles or self.people)


def normalise_query(query: str) -> str:
    """Return ``query`` with runs of spaces collapsed and control characters dropped.

    PostgreSQL refuses text containing NUL, and no title contains a control
    character, so they can only make a query fail.
    """
    printable = "".join(char if char.isprintable() else " " for char in query)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def find(query: str, *, limit: int) -> FindResults:
    """Return titles and people whose name contains ``query``, most-voted titles first."""
    query = normalise_query(query)
    if not query:
        return FindResults(query="", titles=[], people=[])
    titles = (
        Title.objects.filter(primary_title__icontains=query)
        .select_related("parent")
        .order_by(F("num_votes").desc(nulls_last=True), "primary_title")[:limit]
    )
    people = Person.objects.filter(primary_name__icontains=query).order_by("primary_name")[:limit]
    return FindResults(query=query, titles=list(titles), people=list(people))
