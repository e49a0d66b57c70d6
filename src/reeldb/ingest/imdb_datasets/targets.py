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

The file stays in WAL mode throughout, as every connection of reeldb's keeps
it, so a server on the same file goes on answering during an import: its
readers see the last commit, and its writers wait (busy timeout) for the
import's commits between files or are told to try again. A rollback journal
would write a first fill's pages once instead of twice (the second write costs
about 3% more CPU at scale 0.1: docs/importers/imdb.md), but SQLite
switches modes only while no other connection has the file open, and under a
rollback journal every reader waits for each file's commit: nothing can hold
off a server that starts, or a request that comes, during the import.

ADBC's driver bundles its own SQLite (3.53 beside Debian's 3.40 in Python),
and two copies of SQLite in one process do not see each other's POSIX locks:
closing a file releases the process's locks on it, the other copy's too
(https://www.sqlite.org/howtocorrupt.html, section 2.2.1). Only one of
the two writes to the file at a time, and ``AdbcTarget.close`` closes
Django's connection with its own (see there).
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable, Iterator, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db import utils as django_errors

from reeldb.errors import is_busy
from reeldb.ingest.imdb_datasets.staging import encode_frame, insert_encoded, stage_ddl

# SQLite's page cache for the bulk connection's inserts and updates, and a
# small one while it builds indexes, with temporary files on disk and a helper
# thread for the sort: a 256 MiB cache made CREATE INDEX over 10 million
# credits 2.4x slower than an 8 MiB one, and the helper thread saved a
# quarter (measured on this project's 2-core machine).
BULK_CACHE_KIB = 65536
INDEX_CACHE_KIB = 8192
SORT_THREADS = 2
# A file's rows grow the WAL to their size; the next write after a checkpoint
# cuts it back to this, as Django's connections do (settings.py).
WAL_LIMIT_BYTES = 64 * 2**20
# How long a PostgreSQL load waits for a table's lock before it lets go of the
# others and tries again, and for how long it tries (``_lock_tables``).
LOCK_WAIT_MS = 200
LOCK_DEADLINE_S = 60


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


@contextmanager
def _as_django_errors() -> Iterator[None]:
    """Raise ADBC's PEP 249 errors as Django's of the same name.

    ``ConnectionTarget`` raises Django's, so callers handle one family of
    errors whichever target wrote: SQLite's "database is locked" becomes
    ``reeldb.errors.Busy`` in the command and on the site alike
    (``reeldb.errors.is_busy``).
    """
    from adbc_driver_manager import Error

    try:
        yield
    except Error as error:
        django_error = getattr(django_errors, type(error).__name__, DatabaseError)
        raise django_error(str(error)) from error


class AdbcTarget:
    """A second connection to the SQLite file, through ADBC's SQLite driver."""

    def __init__(self, path: str) -> None:
        import adbc_driver_sqlite.dbapi as adbc

        with _as_django_errors():
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
            f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}",
        ):
            self.execute(pragma)

    @contextmanager
    def file(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def whole_file(self) -> AbstractContextManager[None]:
        return nullcontext()

    def encode(self, table: str, frame: pl.DataFrame, *, temporary: bool = False) -> Insert:
        return Insert(table, tuple(frame.columns), frame.to_arrow(), temporary)

    def insert(self, insert: Insert) -> None:
        with _as_django_errors():
            self._cursor.adbc_ingest(
                insert.table, insert.rows, mode="append", temporary=insert.temporary
            )

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with _as_django_errors():
            self._cursor.execute(sql.replace("%s", "?"), parameters=tuple(params) or None)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.execute(sql, params)
        with _as_django_errors():
            return [tuple(row) for row in self._cursor.fetchall()]

    def close(self) -> None:
        """Close this connection, then Django's, which reconnects when next used.

        When no other process has the file open, the last connection to close
        checkpoints the WAL and deletes it and its shared-memory index. ADBC's
        SQLite does not see the locks of Django's, so it takes itself for the
        last: it deletes them from under Django's connection, which would go
        on writing to a WAL no other connection reads, and lose those commits.
        Django's connection, closed right after, finds the WAL fully
        checkpointed and writes nothing; the next query opens the file afresh.
        """
        with _as_django_errors():
            self._cursor.close()
            self._connection.close()
        connection.close()


def choose_target() -> BulkTarget:
    """Return ADBC on an SQLite file when nothing of Django's is in a transaction, else Django."""
    if (
        connection.vendor == "sqlite"
        and not connection.in_atomic_block
        and not connection.is_in_memory_db()  # type: ignore[attr-defined]
    ):
        return AdbcTarget(str(connection.settings_dict["NAME"]))
    return ConnectionTarget()


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


def _referenced_table(definition: str) -> str:
    """Return the table a foreign key's definition (``pg_get_constraintdef``) references."""
    found = re.search(r"REFERENCES ([\w.]+)\(", definition)
    if found is None:
        raise ValueError(f"not a foreign key: {definition}")
    return found.group(1)


def _lock_tables(target: BulkTarget, tables: Iterable[str]) -> None:
    """Lock ``tables`` for a bulk load all at once, waiting only while holding none (PostgreSQL).

    Setting keys and indexes aside locks each table it changes, and a foreign
    key's the table it references, one statement after another. A page that
    read two of those tables took one and waited for the other while the
    import held that one and waited for the first: PostgreSQL broke the
    deadlock by failing one of the two, the page or the import. Here one
    statement takes every lock, and lets go of what it took after
    ``LOCK_WAIT_MS``, before PostgreSQL's deadlock check (after its
    ``deadlock_timeout``, 1 s by default) fails a page in the cycle; it tries
    again until ``LOCK_DEADLINE_S``. Pages that read these tables then wait
    for the file's commit.
    """
    names = ", ".join(f'"{table}"' for table in dict.fromkeys(tables))
    (previous,) = target.rows("SELECT current_setting('lock_timeout')")[0]
    deadline = time.monotonic() + LOCK_DEADLINE_S
    while True:
        try:
            with transaction.atomic():
                target.execute("SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_WAIT_MS}ms"])
                target.execute(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
        except OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
            continue
        break
    target.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


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

    On PostgreSQL the tables are locked first, all at once (``_lock_tables``):
    a page that reads them waits for the file's commit. Everything runs in
    the bulk phase's transaction, so an interrupted load rolls the indexes
    and keys back with the rows. With ``columns``, only the
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
    if connection.vendor == "postgresql" and (indexes or foreign or keys):
        referenced = [_referenced_table(definition) for _, _, definition in foreign]
        _lock_tables(target, [*tables, *referenced])
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
