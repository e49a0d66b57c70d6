"""What a word-index read costs in statements, for the tests that count a page's queries."""

from __future__ import annotations

from django.db import connection

from reeldb.catalog.folding import fold
from reeldb.search.index.prefixes import SHORTEST_COMPLETED


def word_index_reads(reads: int) -> int:
    """Return the statements ``reads`` word-index reads run inside a test's transaction.

    On PostgreSQL each read is bounded by a timeout (``backends.read_entries``):
    a savepoint, ``SET LOCAL``, the read, the savepoint's release.
    """
    return reads * (4 if connection.vendor == "postgresql" else 1)


def completion_reads(query: str) -> int:
    """Return the vocabulary reads completing ``query``'s last word (``index.prefixes``).

    One on SQLite when the word is longer than FTS5's prefix indexes; none on PostgreSQL.
    """
    last = fold(query).split()[-1]
    return int(connection.vendor == "sqlite" and len(last) >= SHORTEST_COMPLETED)
