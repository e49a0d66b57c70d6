"""Temporary staging tables: the fastest way each database takes millions of parsed rows.

On a refresh, and for the rows of a first import that meet rows already in
the catalogue, parsed rows are written into unindexed temporary tables first
(``write_frame``: SQLite ``executemany`` on the raw connection, PostgreSQL
``COPY``), then merged into the catalogue with a few set-based statements
(``merge.py``). Staged rows keep their line number, so a dangling id is
reported where it was read. A first import writes its new rows straight into
the catalogue's tables the same way (``encode_frame``, ``insert_encoded``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import polars as pl
from django.db import connection

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
    "bulk_episode": (
        ("id", "int"),
        ("parent_id", "int"),
        ("season_number", "int"),
        ("episode_number", "int"),
    ),
    "bulk_rating": (("id", "int"), ("average_rating", "decimal"), ("num_votes", "int")),
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


def stage_ddl(table: str) -> str:
    """Return the ``CREATE TEMPORARY TABLE`` statement of staged table ``table``."""
    types = TYPES[connection.vendor]
    columns = ", ".join(
        ["line integer", *(f"{name} {types[kind]}" for name, kind in STAGES[table])]
    )
    return f"CREATE TEMPORARY TABLE {table} ({columns})"


def create_stage(table: str) -> None:
    """Create ``table`` empty, as a temporary table that lives as long as the connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(stage_ddl(table))


def index_stage(table: str, *columns: str) -> None:
    """Index a staged table for a refresh's anti-joins (a first import never needs one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX {table}_{'_'.join(columns)} ON {table} ({', '.join(columns)})"
        )


def drop_stage(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


# COPY's text format, the one PostgreSQL parses fastest (a tenth faster than
# its CSV on the same 11.6 million credits). It needs every backslash, tab
# and line break escaped, but the datasets' fields hardly ever hold one (they
# were split at tabs and line breaks): a block's text columns are searched for
# them in native code, and only a column that has one is escaped.
COPY_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
COPY_SPECIAL = r"[\\\t\n\r]"


def _escaped(frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with COPY's escapes in the text columns that need them."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not texts:
        return frame
    special = frame.select(pl.col(texts).str.contains(COPY_SPECIAL).any()).row(0)
    needing = [name for name, found in zip(texts, special, strict=True) if found]
    if not needing:
        return frame
    escaped = pl.col(needing)
    for character, escape in COPY_ESCAPES.items():  # the backslash first
        escaped = escaped.str.replace_all(character, escape, literal=True)
    return frame.with_columns(escaped)


def _copy_text(frame: pl.DataFrame) -> memoryview:
    """Return ``frame`` as ``COPY … FROM STDIN`` reads it (text format, NULL as ``\\N``).

    A view of the buffer, not a copy of it: the driver sends a block in
    slices, and slices of a view copy nothing either.
    """
    buffer = io.BytesIO()
    _escaped(frame).write_csv(
        buffer, include_header=False, separator="\t", quote_style="never", null_value="\\N"
    )
    return buffer.getbuffer()


def encode_frame(frame: pl.DataFrame) -> memoryview | pl.DataFrame:
    """Return ``frame``'s rows as ``insert_encoded`` takes them: COPY's text on PostgreSQL.

    Encoding is apart from inserting so that it can run on the reader
    thread (``frames.parsed_blocks``) while the main thread inserts the
    block before.
    """
    return _copy_text(frame) if connection.vendor == "postgresql" else frame


def insert_encoded(table: str, columns: Iterable[str], rows: memoryview | pl.DataFrame) -> None:
    """Insert rows ``encode_frame`` encoded into ``table``'s ``columns``.

    PostgreSQL takes them as one ``COPY``; SQLite takes one prepared
    ``executemany`` on the raw connection, which skips the ORM and Django's
    cursor wrapper, the slowest part of a bulk insert in Python.
    """
    names = ", ".join(columns)
    connection.ensure_connection()
    if isinstance(rows, memoryview):
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            copy.write(rows)
        return
    marks = ", ".join("?" for _ in rows.columns)
    connection.connection.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", rows.iter_rows()
    )


def write_frame(table: str, frame: pl.DataFrame) -> None:
    """Insert every row of ``frame`` into ``table``, whose columns are the frame's."""
    if not frame.is_empty():
        insert_encoded(table, frame.columns, encode_frame(frame))


def create_stages(tables: Iterable[str]) -> None:
    for table in tables:
        create_stage(table)


def stage_frame(table: str, frame: pl.DataFrame) -> None:
    """Stage ``frame``'s rows in ``table``, taking the staged columns from it by name."""
    write_frame(table, frame.select(stage_columns(table)))
