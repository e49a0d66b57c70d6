"""Search by meaning: sentence embeddings of plots and reviews, searched through a vector index.

Optional: it needs the ``semantic`` extra (``pip install 'reeldb[semantic]'``).
Without it, or with ``REELDB_SEARCH_BY_MEANING`` off, ``is_available()`` is
false, nothing here imports torch, and the rest of search works as before
(docs/search.md, "Search by meaning").
"""

from __future__ import annotations

from reeldb.search.meaning.embedding import is_available, is_installed

__all__ = ["is_available", "is_installed"]
