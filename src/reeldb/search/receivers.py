"""Keep the indexes current when the catalogue saves or deletes one row.

The catalogue's writer saves rows one by one for page imports, demo loads
and users' edits; these receivers re-index each such row. Bulk loads write
without signals and rebuild the whole index afterwards (``reeldb`` does).
"""

from __future__ import annotations

from typing import Any

from reeldb.catalog.models import Person, Plot, Quote, Title
from reeldb.search.models import TextKind
from reeldb.search.services import reindex_person, reindex_title
from reeldb.search.texts import forget_text, reindex_person_texts, reindex_title_texts


def title_changed(sender: type[Title], instance: Title, **kwargs: Any) -> None:
    reindex_title(instance.pk)


def person_changed(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    reindex_person(instance.pk)
    reindex_person_texts(instance.pk)


def title_text_saved(sender: type[Quote | Plot], instance: Quote | Plot, **kwargs: Any) -> None:
    reindex_title_texts(instance.title_id)


def quote_deleted(sender: type[Quote], instance: Quote, **kwargs: Any) -> None:
    forget_text(TextKind.QUOTE, instance.title_id, instance.pk)


def plot_deleted(sender: type[Plot], instance: Plot, **kwargs: Any) -> None:
    forget_text(TextKind.PLOT, instance.title_id, instance.pk)
