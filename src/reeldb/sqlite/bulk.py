"""A connection and an interpreter tuned for a bulk load: the importers' session."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def bulk_session() -> Iterator[None]:
    """Tune the connection and the interpreter for a bulk load, and undo it afterwards.

    Cyclic GC finds nothing to collect among millions of short-lived tuples
    and strings but scans them again and again; turning it off is the single
    biggest win in pure-Python bulk loads. SQLite keeps temporary tables on
    disk (reeldb's default keeps them in memory, which a staged 95-million-row
    file would exhaust) with a larger page cache for the merges, and does not
    check foreign keys or CHECK constraints row by row: a caller resolves
    every id and checks every value before writing it (the IMDb importer's
    ``ids.py`` and ``rows.py``, ``community.services.load_rating_columns``;
    search's rebuild copies columns the catalogue has already checked), and
    those checks were a third of the time of a bulk insert. On
    PostgreSQL only the GC changes.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()
    # SQLite refuses to change temp_store inside a transaction; a caller that
    # already holds one (a test) keeps the connection's settings.
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store=FILE")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA ignore_check_constraints=ON")
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA ignore_check_constraints=OFF")
                cursor.execute("PRAGMA temp_store=MEMORY")
                cursor.execute("PRAGMA cache_size=-65536")
        if gc_was_enabled:
            gc.enable()
