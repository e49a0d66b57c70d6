"""Many ratings at once, as columns: the importers' write path, one statement per database batch.

``services.load_rating_columns`` checks and calls this. PostgreSQL takes the
rows as one ``COPY`` into a temporary table, then one upsert from it. SQLite
does the same through a second connection, ADBC's SQLite driver, inside
``separate_writer`` (an importer's whole load): Arrow columns ingested into a
temporary table in C, then one ``INSERT … SELECT … ON CONFLICT``, with no
Python per row. Elsewhere (a caller inside a transaction: a test, a history
import) it takes one prepared ``executemany`` upsert on Django's connection.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import adbc_driver_sqlite.dbapi as adbc
import numpy as np
import polars as pl
from adbc_driver_manager import Error as AdbcError
from django.db import DatabaseError, connection
from psycopg.errors import UniqueViolation

from reeldb.community.models import Rating
from reeldb.sqlite.sorting import sorts_on_disk

TABLE = Rating._meta.db_table
LOADING = "community_rating_load"
UPSERT = (
    "INSERT INTO {table} (user_id, title_id, value, rated_at) {rows} "
    "ON CONFLICT (user_id, title_id) DO UPDATE "
    "SET value = excluded.value, rated_at = excluded.rated_at"
)


def _texts(seconds: np.ndarray, *, suffix: str) -> list[str]:
    """Return each Unix time as the text the database stores: "2024-01-31 12:00:00[.ffffff]"."""
    whole = bool(np.all(seconds == np.floor(seconds)))
    micro = pl.Series((seconds * 1_000_000).round().astype(np.int64))
    pattern = "%Y-%m-%d %H:%M:%S" + ("" if whole else ".%6f") + suffix
    return pl.from_epoch(micro, time_unit="us").dt.strftime(pattern).to_list()


# The ADBC cursor ``separate_writer`` opened, while it is open.
_separate: ContextVar[Any | None] = ContextVar("separate_rating_writer", default=None)
# A second connection's pragmas: wait for the site's writers as long as an
# import's block may take; values were checked before (``load_rating_columns``).
SEPARATE_PRAGMAS = (
    "PRAGMA busy_timeout=60000",
    "PRAGMA ignore_check_constraints=ON",
    "PRAGMA temp_store=FILE",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA journal_size_limit=67108864",
    "PRAGMA cache_size=-65536",
)


@contextmanager
def separate_writer() -> Iterator[None]:
    """Write ratings through ADBC's SQLite connection inside the block, where it can.

    Only on an SQLite file, with Django's connection outside any transaction
    (ADBC's holds the write lock while it writes a block). On leaving, Django's
    connection is closed too: ADBC's SQLite does not see Django's locks, takes
    itself for the file's last connection, and removes the WAL as it closes; a
    Django connection kept open would write on into a WAL no one else reads.
    The next query opens the file afresh.
    """
    if (
        connection.vendor != "sqlite" or connection.in_atomic_block or connection.is_in_memory_db()  # type: ignore[attr-defined]
    ):
        yield
        return
    database = adbc.connect(str(connection.settings_dict["NAME"]), autocommit=True)
    cursor = database.cursor()
    for pragma in SEPARATE_PRAGMAS:
        cursor.execute(pragma)
    token = _separate.set(cursor)
    try:
        yield
    finally:
        _separate.reset(token)
        cursor.close()
        database.close()
        connection.close()


def writes_apart() -> bool:
    """Return whether ratings are written on their own connection (``separate_writer``)."""
    return _separate.get() is not None


def _upsert_apart(
    cursor: Any, user_ids: np.ndarray, title_ids: np.ndarray, values: np.ndarray, texts: list[str]
) -> None:
    """Upsert one block through ADBC: ingest it as a temporary table, then one statement."""
    block = pl.DataFrame(
        {
            "user_id": user_ids.astype(np.int64),
            "title_id": title_ids.astype(np.int64),
            "value": values.astype(np.int64),
            "rated_at": texts,
        }
    ).to_arrow()
    try:
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.adbc_ingest(LOADING, block, mode="replace", temporary=True)
            rows = f"SELECT user_id, title_id, value, rated_at FROM temp.{LOADING} WHERE true"  # noqa: S608 - constants
            cursor.execute(UPSERT.format(table=TABLE, rows=rows))
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
    except AdbcError as error:
        raise DatabaseError(str(error)) from error


def upsert_columns(
    user_ids: np.ndarray, title_ids: np.ndarray, values: np.ndarray, seconds: np.ndarray
) -> None:
    """Insert or replace these ratings; each (user, title) pair must appear once."""
    if (separate := _separate.get()) is not None:
        _upsert_apart(separate, user_ids, title_ids, values, _texts(seconds, suffix=""))
        return
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor != "postgresql":
        columns = (user_ids.tolist(), title_ids.tolist(), values.tolist())
        raw.executemany(
            UPSERT.format(table=TABLE, rows="VALUES (?, ?, ?, ?)"),
            zip(*columns, _texts(seconds, suffix=""), strict=True),
        )
        return
    rows = _copy_rows(user_ids, title_ids, values, _texts(seconds, suffix="+00"))
    with raw.cursor() as cursor:
        if _copied_straight(cursor, rows):
            return
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {LOADING} "
            "(user_id bigint, title_id bigint, value smallint, rated_at timestamptz) "
            "ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY {LOADING} (user_id, title_id, value, rated_at) FROM STDIN") as copy:
            copy.write(rows)
        loaded = f"SELECT user_id, title_id, value, rated_at FROM {LOADING}"  # noqa: S608 - constants
        cursor.execute(UPSERT.format(table=TABLE, rows=loaded))
        cursor.execute(f"TRUNCATE {LOADING}")


def _copy_rows(
    user_ids: np.ndarray, title_ids: np.ndarray, values: np.ndarray, texts: list[str]
) -> bytes:
    """Return the ratings as ``COPY … FROM STDIN`` reads them (tab-separated text)."""
    buffer = io.BytesIO()
    pl.DataFrame(
        {"user": user_ids, "title": title_ids, "value": values.astype(np.int64), "at": texts}
    ).write_csv(buffer, include_header=False, separator="\t", quote_style="never")
    return buffer.getvalue()


def _copied_straight(cursor: Any, rows: bytes) -> bool:
    """COPY the block straight into the rating table; return False if a pair was there already.

    A first import meets no rating it already holds, and COPY skips the
    upsert's work a row; a block that does meet one is rolled back to the
    savepoint and goes again as an upsert.
    """
    cursor.execute("SAVEPOINT rating_copy")
    try:
        with cursor.copy(f"COPY {TABLE} (user_id, title_id, value, rated_at) FROM STDIN") as copy:
            copy.write(rows)
    except UniqueViolation:
        cursor.execute("ROLLBACK TO SAVEPOINT rating_copy")
        return False
    cursor.execute("RELEASE SAVEPOINT rating_copy")
    return True


def _secondary_indexes() -> list[tuple[str, str]]:
    """Return the rating table's indexes an upsert does not need: ``(name, CREATE statement)``."""
    with connection.schema_editor() as editor:
        return [
            (
                index.name,
                str(index.create_sql(Rating, editor)).replace(
                    "CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1
                ),
            )
            for index in Rating._meta.indexes
        ]


def _foreign_keys() -> list[tuple[str, str]]:
    """Return the rating table's foreign keys on PostgreSQL: ``(name, definition)``."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        return [(name, definition.removesuffix(" NOT VALID")) for name, definition in cursor]


@contextmanager
def secondary_indexes_deferred() -> Iterator[None]:
    """Drop the rating table's secondary indexes for a bulk load, and build them after.

    Each index costs a random B-tree write per row inserted (two thirds of a
    large load's time); built once from the finished table, it is a sort.
    The unique (user, title) index stays: the upsert needs it. On PostgreSQL
    the foreign keys go too (a trigger a row each) and come back checked in
    one pass: added ``NOT VALID``, then validated, so a rating that lost its
    user or title meanwhile fails the load but leaves the key in force. They
    are built again however the load ends, and ``IF NOT EXISTS`` makes a
    build after a crash harmless.
    """
    indexes = _secondary_indexes()
    foreign = _foreign_keys()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, _create in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        for name, _definition in foreign:
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {quote(name)}")
    try:
        yield
    finally:
        # Sorting tens of millions of keys in memory would take gigabytes.
        with sorts_on_disk(), connection.cursor() as cursor:
            for _name, create in indexes:
                cursor.execute(create)
            for name, definition in foreign:
                cursor.execute(
                    f"ALTER TABLE {TABLE} ADD CONSTRAINT {quote(name)} {definition} NOT VALID"
                )
            for name, _definition in foreign:
                cursor.execute(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {quote(name)}")
