"""Where a first import's bulk rows are written: Django's connection, or ADBC on an SQLite file.

Binding rows one value at a time from Python is most of what a bulk insert
into SQLite costs (``executemany``: about 0.4 µs a value, 17 values a title).
ADBC's SQLite driver binds whole Arrow columns in C, about twice as fast end
to end, but it is a connection of its own, so it can only be used when the
database is a file and no transaction of Django's is open (``choose_target``):
the bulk rows of a file are then committed in ADBC's transaction, and the
merge that follows runs in Django's. Everything else (PostgreSQL, whose
``COPY`` is already native; tests in a transaction; an in-memory database)
writes through Django's own connection, in its transaction.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable, Iterator, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
from django.conf import settings
from django.db import connection, transaction

from reeldb.ingest.imdb_datasets.staging import encode_frame, insert_encoded, stage_ddl

# SQLite's page cache for the bulk connection's inserts and updates, and a
# small one while it builds indexes, with temporary files on disk and a helper
# thread for the sort: a 256 MiB cache made CREATE INDEX over 10 million
# credits 2.4x slower than an 8 MiB one, and the helper thread saved a
# quarter (measured on this project's 2-core machine).
BULK_CACHE_KIB = 65536
INDEX_CACHE_KIB = 8192
SORT_THREADS = 2


@dataclass(frozen=True)
class Insert:
    """Rows for one table, encoded the way their target inserts them (``BulkTarget.encode``)."""

    table: str
    columns: tuple[str, ...]
    rows: Any
    temporary: bool = False


class BulkTarget(Protocol):
    """The connection a first import's bulk rows, updates and index builds go through."""

    def file(self) -> AbstractContextManager[None]:
        """The transaction of one file's bulk phase."""

    def whole_file(self) -> AbstractContextManager[None]:
        """What holds the bulk phase and the merge together (one transaction, or none)."""

    def encode(self, table: str, frame: pl.DataFrame, *, temporary: bool = False) -> Insert:
        """Encode ``frame`` for ``insert``: thread-safe, so the reader thread can do it."""

    def insert(self, insert: Insert) -> None:
        """Insert what ``encode`` encoded."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


class ConnectionTarget:
    """Django's own connection (``insert_encoded``), inside the caller's transaction."""

    def file(self) -> AbstractContextManager[None]:
        return nullcontext()

    def whole_file(self) -> AbstractContextManager[None]:
        return transaction.atomic()

    def encode(self, table: str, frame: pl.DataFrame, *, temporary: bool = False) -> Insert:
        return Insert(table, tuple(frame.columns), encode_frame(frame), temporary)

    def insert(self, insert: Insert) -> None:
        insert_encoded(insert.table, insert.columns, insert.rows)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def close(self) -> None:
        pass


class AdbcTarget:
    """A second connection to the SQLite file, through ADBC's SQLite driver."""

    def __init__(self, path: str) -> None:
        import adbc_driver_sqlite.dbapi as adbc

        self._connection = adbc.connect(path, autocommit=True)
        self._cursor = self._connection.cursor()
        # Foreign keys are off (SQLite's default) and so are CHECK constraints:
        # the loader resolved every id and checked every value (``rows.py``)
        # before writing it, and the checks (a JSON parse of each credit's
        # characters among them) cost a tenth of every insert.
        for pragma in (
            "PRAGMA busy_timeout=60000",
            "PRAGMA ignore_check_constraints=ON",
            "PRAGMA temp_store=FILE",
            f"PRAGMA cache_size=-{BULK_CACHE_KIB}",
            f"PRAGMA threads={SORT_THREADS}",
            "PRAGMA synchronous=NORMAL",
        ):
            self._cursor.execute(pragma)

    @contextmanager
    def file(self) -> Iterator[None]:
        self._cursor.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._cursor.execute("ROLLBACK")
            raise
        self._cursor.execute("COMMIT")

    def whole_file(self) -> AbstractContextManager[None]:
        return nullcontext()

    def encode(self, table: str, frame: pl.DataFrame, *, temporary: bool = False) -> Insert:
        return Insert(table, tuple(frame.columns), frame.to_arrow(), temporary)

    def insert(self, insert: Insert) -> None:
        self._cursor.adbc_ingest(
            insert.table, insert.rows, mode="append", temporary=insert.temporary
        )

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql.replace("%s", "?"), parameters=tuple(params) or None)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.execute(sql, params)
        return [tuple(row) for row in self._cursor.fetchall()]

    def journal_mode(self, mode: str) -> str:
        """Ask for journal ``mode``; return the mode the file is in after it."""
        (current,) = self.rows(f"PRAGMA journal_mode={mode}")[0]
        return str(current).lower()

    def close(self) -> None:
        self._cursor.close()
        self._connection.close()


def choose_target() -> BulkTarget:
    """Return ADBC on an SQLite file when nothing of Django's is in a transaction, else Django."""
    if (
        connection.vendor == "sqlite"
        and not connection.in_atomic_block
        and not connection.is_in_memory_db()  # type: ignore[attr-defined]
    ):
        return AdbcTarget(str(connection.settings_dict["NAME"]))
    return ConnectionTarget()


@contextmanager
def rollback_journal(target: BulkTarget, *, enabled: bool) -> Iterator[None]:
    """Bulk-load an SQLite file with a rollback journal, and give it back its WAL afterwards.

    In WAL mode every page a transaction writes goes to the WAL first and is
    copied into the database file by the checkpoint after the commit, so a
    first import writes its gigabytes twice. A rollback journal keeps only
    the former content of the pages a transaction changes, and the pages a
    bulk load appends to the file had none: they are written once, and an
    interrupted file still rolls back whole. At scale 0.1 the import took
    41.2 s instead of 47.3 s (timed by hand, the same files one after the other).

    The runner enables it for the first fill of a catalogue only: without
    WAL, a server reading the file would wait for each file's commit, and a
    refresh rewrites pages that a rollback journal would copy anyway.
    Django's connection is closed first and reconnects without asking for
    WAL (``settings.SQLITE_JOURNAL_MODE``) until the import ends. A killed
    run leaves the file in rollback mode, which is as safe, until the next
    connection of reeldb's asks for WAL again.
    """
    if not enabled or not isinstance(target, AdbcTarget):
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    init_command = options.get("init_command")
    if init_command is not None:
        connection.close()
        options["init_command"] = init_command.replace(settings.SQLITE_JOURNAL_MODE, "")
    switched = target.journal_mode("delete") == "delete"
    try:
        yield
    finally:
        if init_command is not None:
            options["init_command"] = init_command
        if switched:
            target.journal_mode("wal")


def create_temporary(target: BulkTarget, table: str) -> None:
    target.execute(f"DROP TABLE IF EXISTS {table}")
    target.execute(stage_ddl(table))


def _secondary_indexes(target: BulkTarget, table: str) -> list[tuple[str, str]]:
    """Return ``(name, CREATE statement)`` of ``table``'s non-unique indexes."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
    else:
        sql = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'"
        )
    return [(str(name), str(statement)) for name, statement in target.rows(sql, [table])]


def _constraints(target: BulkTarget, table: str, condition: str) -> list[tuple[str, str]]:
    """``(name, definition)`` of ``table``'s constraints that meet ``condition`` (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    return [
        (str(name), str(definition))
        for name, definition in target.rows(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint AS c "
            f"WHERE c.conrelid = %s::regclass AND {condition}",
            [table],
        )
    ]


def _foreign_keys(target: BulkTarget, table: str) -> list[tuple[str, str]]:
    """``table``'s foreign keys as they are added back (an import may have left them unchecked)."""
    return [
        (name, definition.removesuffix(" NOT VALID"))
        for name, definition in _constraints(target, table, "c.contype = 'f'")
    ]


def _unreferenced_keys(target: BulkTarget, table: str) -> list[tuple[str, str]]:
    """The primary and unique keys of ``table`` that no foreign key relies on."""
    return _constraints(
        target,
        table,
        "c.contype IN ('p', 'u') AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f "
        "WHERE f.contype = 'f' AND f.conindid = c.conindid)",
    )


def _holds(definition: str, columns: Collection[str] | None) -> bool:
    """Return whether an index or key definition names one of ``columns`` (any, when None)."""
    if columns is None:
        return True
    found = re.search(r"\(([^)]*)\)", definition)
    return found is not None and not set(re.findall(r"\w+", found.group(1))).isdisjoint(columns)


@contextmanager
def indexes_deferred(
    target: BulkTarget,
    tables: Iterable[str],
    *,
    enabled: bool,
    columns: Collection[str] | None = None,
    timings: MutableMapping[str, float] | None = None,
) -> Iterator[None]:
    """Drop the tables' indexes and, on PostgreSQL, their keys for a bulk load; rebuild them after.

    Building an index once over the loaded rows (a sort) is faster than
    updating it row by row. On PostgreSQL that holds even for a primary key
    filled in order: at scale 0.1, copying 11.6 million credits took 17.8 s
    with the key and 11.3 s without, and building it after took 2.8 s. So
    the primary and unique keys go too, except those another table's foreign
    key relies on (titles' and people's ids). The merge, which finds existing
    rows by them, runs after they are back. SQLite's unique indexes belong to
    their tables and stay; its rowid keys cost nothing extra.

    PostgreSQL checks a deferred foreign key with a trigger per inserted row,
    queued until commit, which took longer than the load itself. So the keys
    are dropped too, and added back ``NOT VALID``: PostgreSQL enforces them
    for every row written afterwards, but does not check the rows just
    loaded with a join per key (17 of the 36 s that building indexes and
    keys took at scale 0.1). Those rows hold only ids the loader resolved
    against the catalogue itself (``ids.py``), in this transaction, with the
    tables locked; it is the same trust SQLite's import places in them with
    its foreign keys off (``runner._bulk_session``). ``ALTER TABLE …
    VALIDATE CONSTRAINT`` checks them at any time without blocking writers.

    Everything runs in the bulk phase's transaction, so an interrupted load
    rolls the indexes and keys back with the rows. With ``columns``, only the
    indexes and keys that hold one of them are deferred: a load that updates
    those columns leaves the others unchanged.
    """
    if not enabled:
        yield
        return
    tables = list(tables)
    indexes = [
        (name, statement)
        for table in tables
        for name, statement in _secondary_indexes(target, table)
        if _holds(statement, columns)
    ]
    foreign = [
        (table, name, definition)
        for table in tables
        for name, definition in _foreign_keys(target, table)
        if _holds(definition, columns)
    ]
    keys = [
        (table, name, definition)
        for table in tables
        for name, definition in _unreferenced_keys(target, table)
        if _holds(definition, columns)
    ]
    for table, name, _ in foreign + keys:
        target.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        target.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    if (indexes or keys) and connection.vendor == "postgresql":
        # PostgreSQL will not build an index on a table with deferred checks
        # still pending (an earlier statement's, in a caller's transaction).
        target.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        (cache,) = target.rows("PRAGMA cache_size")[0]
        target.execute(f"PRAGMA cache_size=-{INDEX_CACHE_KIB}")
    for table, name, definition in keys:
        target.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for _, statement in indexes:
        target.execute(statement)
    if sqlite:
        target.execute(f"PRAGMA cache_size={int(cache)}")
    for table, name, definition in foreign:
        target.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition} NOT VALID')
    if timings is not None:
        timings["indexes"] += time.perf_counter() - started
