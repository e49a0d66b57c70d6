"""Large sorts in files: for the work that orders a whole catalogue at once."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def sorts_on_disk() -> Iterator[None]:
    """Keep SQLite's temporary tables and sorts in files for the block, then in memory again.

    The site keeps them in memory (settings), which serves a page's small sorts
    best; building an index over 95 million credits or sorting every episode
    by votes would take gigabytes of memory there. SQLite changes this only
    outside a transaction; a caller inside one (a test) keeps the connection's
    setting. On PostgreSQL this does nothing.
    """
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store=FILE")
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA temp_store=MEMORY")
