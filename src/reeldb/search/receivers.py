"""Keep the index current when the catalogue saves or deletes one title or person.

The catalogue's writer saves rows one by one for page imports, demo loads
and users' edits; these receivers re-index each such row. Bulk loads write
without signals and rebuild the whole index afterwards (``reeldb`` does).
"""

from __future__ import annotations

from typing import Any

from reeldb.catalog.models import Person, Title
from reeldb.search.services import reindex_person, reindex_title


def title_changed(sender: type[Title], instance: Title, **kwargs: Any) -> None:
    reindex_title(instance.pk)


def person_changed(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    reindex_person(instance.pk)
