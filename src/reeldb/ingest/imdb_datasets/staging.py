"""Temporary staging tables: the fastest way each database takes millions of parsed rows.

Rows are written into unindexed temporary tables first (SQLite: ``executemany``
in large batches on the raw connection; PostgreSQL: ``COPY``), then merged into
the catalogue with a few set-based statements (``merge.py``). Staging keeps the
merge the same for a first import and a refresh, and keeps each row's line
number, so a dangling id is reported where it was read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import IO, Any

from django.db import connection

# Rows per executemany call on SQLite: large enough that the per-call cost
# vanishes, small enough that a batch of parsed tuples stays a few megabytes.
BATCH_ROWS = 10_000

# Column types, spelled per backend. Staged columns have the catalogue's types,
# so the merge compares like with like.
TYPES = {
    "sqlite": {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "decimal": "NUMERIC"},
    "postgresql": {
        "text": "text",
        "int": "integer",
        "bool": "boolean",
        "decimal": "numeric(3, 1)",
    },
}

STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "stage_title": (
        ("tconst", "text"),
        ("title_type", "text"),
        ("primary_title", "text"),
        ("folded_title", "text"),
        ("original_title", "text"),
        ("is_adult", "bool"),
        ("start_year", "int"),
        ("end_year", "int"),
        ("runtime_minutes", "int"),
        ("genres", "text"),
    ),
    "stage_person": (
        ("nconst", "text"),
        ("primary_name", "text"),
        ("folded_name", "text"),
        ("birth_year", "int"),
        ("death_year", "int"),
        ("primary_profession", "text"),
    ),
    "stage_known_for": (("nconst", "text"), ("tconst", "text"), ("ordering", "int")),
    "stage_episode": (
        ("tconst", "text"),
        ("parent_tconst", "text"),
        ("season_number", "int"),
        ("episode_number", "int"),
    ),
    "stage_rating": (("tconst", "text"), ("average_rating", "decimal"), ("num_votes", "int")),
    "stage_aka": (
        ("tconst", "text"),
        ("ordering", "int"),
        ("aka_title", "text"),
        ("region", "text"),
        ("language", "text"),
        ("types", "text"),
        ("attributes", "text"),
        ("is_original_title", "bool"),
    ),
    "stage_credit": (
        ("tconst", "text"),
        ("nconst", "text"),
        ("category", "text"),
        ("job", "text"),
        ("characters", "text"),
        ("ordering", "int"),
    ),
}


def stage_columns(table: str) -> list[str]:
    """Return the staged columns of ``table``: ``line`` (where the row was read), then its own."""
    return ["line", *(name for name, _ in STAGES[table])]


def create_stage(table: str) -> None:
    """Create ``table`` empty, as a temporary table that lives as long as the connection."""
    types = TYPES[connection.vendor]
    columns = ", ".join(
        ["line integer", *(f"{name} {types[kind]}" for name, kind in STAGES[table])]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")


def index_stage(table: str, *columns: str) -> None:
    """Index a staged table for a refresh's anti-joins (a first import never needs one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX {table}_{'_'.join(columns)} ON {table} ({', '.join(columns)})"
        )


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
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
    with connection.cursor() as cursor:
        cursor.execute(sql, [table])
        return [(str(name), str(statement)) for name, statement in cursor.fetchall()]


@contextmanager
def indexes_deferred(tables: Iterable[str], *, enabled: bool) -> Iterator[None]:
    """Drop the tables' non-unique indexes for a bulk insert and build them again after.

    Building an index once over the loaded rows (a sort) is faster than
    updating it row by row in random key order. Unique indexes stay: the merge
    relies on them to find existing rows and to refuse duplicates. Everything
    runs in the caller's transaction, so an interrupted load rolls the indexes
    back with the rows.
    """
    if not enabled:
        yield
        return
    dropped = [definition for table in tables for definition in _secondary_indexes(table)]
    with connection.cursor() as cursor:
        for name, _ in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        if dropped and connection.vendor == "postgresql":
            # Django's foreign keys are deferred; PostgreSQL will not build an
            # index on a table with checks still pending, so run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, statement in dropped:
            cursor.execute(statement)


def drop_stage(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _copy_field(value: Any) -> str:
    """Return ``value`` in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


class StageWriter:
    """Write rows into the staged tables of one file while it is read.

    On SQLite each table gets ``executemany`` batches. On PostgreSQL the first
    table streams through one ``COPY`` for the whole file; a connection carries
    one ``COPY`` at a time, so the others (known-for titles beside people) are
    spooled to a temporary file in COPY's text format and copied after it.
    Use it as a context manager; rows are complete once it exits cleanly.
    """

    def __init__(self, tables: Iterable[str]) -> None:
        self.tables = list(tables)
        self._pending: dict[str, list[tuple[Any, ...]]] = {table: [] for table in self.tables}
        self._copy: Any = None
        self._copy_table = ""
        self._stack = ExitStack()
        self._spools: dict[str, IO[str]] = {}

    def __enter__(self) -> StageWriter:
        for table in self.tables:
            create_stage(table)
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            first, *others = self.tables
            cursor = self._stack.enter_context(connection.connection.cursor())
            self._copy_table = first
            self._copy = self._stack.enter_context(
                cursor.copy(f"COPY {first} ({', '.join(stage_columns(first))}) FROM STDIN")
            )
            for table in others:
                self._spools[table] = tempfile.TemporaryFile("w+", encoding="utf-8")
        return self

    def write(self, table: str, row: tuple[Any, ...]) -> None:
        if table == self._copy_table:
            self._copy.write_row(row)
            return
        spool = self._spools.get(table)
        if spool is not None:
            spool.write("\t".join(_copy_field(value) for value in row) + "\n")
            return
        pending = self._pending[table]
        pending.append(row)
        if len(pending) >= BATCH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        pending = self._pending[table]
        if not pending:
            return
        columns = stage_columns(table)
        marks = ", ".join("?" for _ in columns)
        raw = connection.connection
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", pending)
        pending.clear()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: Any
    ) -> None:
        spools, self._spools = self._spools, {}
        try:
            # Ends the open COPY, so that the spooled tables can be copied next.
            self._stack.__exit__(kind, error, trace)
            if error is None:
                for table in self.tables:
                    self._flush(table)
                for table, spool in spools.items():
                    _copy_spool(table, spool)
        finally:
            for spool in spools.values():
                spool.close()


def _copy_spool(table: str, spool: IO[str]) -> None:
    """Copy a spooled table, already in COPY's text format, into ``table``."""
    spool.seek(0)
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(stage_columns(table))}) FROM STDIN") as copy,
    ):
        while block := spool.read(1 << 20):
            copy.write(block)
