"""Keep the plot embeddings honest when the catalogue saves or deletes one plot or review.

Embedding needs the model, which takes seconds to load: no request that
saves a plot waits for it. A saved text whose vector was made from other
words is marked stale (its old vector serves until the next
``reeldb search embed`` or import embeds it); a deleted text's vector goes.
The catalogue's bulk writes send no signals: the run after every import
finds those texts by their hashes.
"""

from __future__ import annotations

from typing import Any

from reeldb.catalog.models import Plot, SourceReview
from reeldb.catalog.selectors import plot_text_of
from reeldb.search.meaning.services import forget, mark_stale


def plot_text_saved(
    sender: type[Plot | SourceReview], instance: Plot | SourceReview, **kwargs: Any
) -> None:
    mark_stale(plot_text_of(instance))


def plot_text_deleted(
    sender: type[Plot | SourceReview], instance: Plot | SourceReview, **kwargs: Any
) -> None:
    forget(plot_text_of(instance))
