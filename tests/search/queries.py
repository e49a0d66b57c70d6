"""What a word-index read costs in statements, for the tests that count a page's queries."""

from __future__ import annotations

from django.db import connection


def word_index_reads(reads: int) -> int:
    """Return the statements ``reads`` word-index reads run inside a test's transaction.

    On PostgreSQL each read is bounded by a timeout (``backends.read_entries``):
    a savepoint, ``SET LOCAL``, the read, the savepoint's release.
    """
    return reads * (4 if connection.vendor == "postgresql" else 1)
