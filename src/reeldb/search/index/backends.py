"""The word index over ``search_entry.terms``: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Both answer one question the same way: the entries holding every word group
of a query, in id order (popularity order, see ``SearchEntry``), the first
``limit`` only. Everything else in search is plain SQL both databases share.
Queries are built from folded words only, each quoted, so no user text is
ever read as FTS5 or tsquery syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from reeldb.search.index.text import WordGroup

ENTRY_COLUMNS = "id, kind, target_id, name, folded, terms, year, popularity, title_type, is_primary"

# ``content=`` keeps the words once, in search_entry; the prefix indexes
# answer "desp"* from 2, 3 and 4 letters without scanning every word that
# starts so. The kind is a column of its own, so a category filter is one
# more word list the match merges in id order.
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "terms, kind, content='search_entry', content_rowid='id', prefix='2 3 4')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'col')",
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER search_entry_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, terms, kind) VALUES (new.id, new.terms, new.kind); END",
    "CREATE TRIGGER search_entry_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms, kind) "
    "VALUES ('delete', old.id, old.terms, old.kind); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entry_insert",
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
)
# Rows a bulk write draws and sends at once.
WRITE_BATCH = 10_000
POSTGRES_VECTOR = "to_tsvector('simple'::regconfig, terms)"
POSTGRES_CREATE = (
    f"CREATE INDEX search_entry_terms_gin ON search_entry USING gin ({POSTGRES_VECTOR})",
)
POSTGRES_VOCABULARY = "SELECT word, ndoc FROM ts_stat(%s)"
POSTGRES_DROP = ("DROP INDEX IF EXISTS search_entry_terms_gin",)


def _run(connection: BaseDatabaseWrapper, statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_text_index(connection: BaseDatabaseWrapper) -> None:
    """Create the word index over an empty ``search_entry`` (the migration's step)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE + SQLITE_TRIGGERS)
    else:
        _run(connection, POSTGRES_CREATE)


def drop_text_index(connection: BaseDatabaseWrapper) -> None:
    _run(connection, SQLITE_DROP if connection.vendor == "sqlite" else POSTGRES_DROP)


def empty_for_bulk_load(cursor: CursorWrapper) -> None:
    """Delete every entry and word, ready for a bulk load; call ``index_bulk_load`` after.

    On SQLite the triggers go first: one FTS5 "rebuild" after the load is
    faster than a trigger per row, and a "delete" per row of an index about to
    be emptied is wasted. PostgreSQL keeps its GIN index through the load, so
    searches go on answering from the old entries until the load commits.
    """
    if cursor.db.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    cursor.execute("DELETE FROM search_entry")
    cursor.execute("DELETE FROM search_term")


def index_bulk_load(cursor: CursorWrapper) -> None:
    """Index the entries a bulk load wrote and go back to keeping the index current row by row."""
    if cursor.db.vendor == "sqlite":
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
    else:
        # Entries added later, by edits, are numbered after the loaded ones.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('search_entry', 'id'), "
            "COALESCE(MAX(id), 0) + 1, false) FROM search_entry"
        )
        cursor.execute("ANALYZE search_entry")


def write_rows(cursor: CursorWrapper, table: str, columns: str, rows: Iterable[Any]) -> None:
    """Insert ``rows`` into ``table``'s ``columns``: on PostgreSQL, one ``COPY`` a batch.

    On PostgreSQL, ``executemany`` sent a rebuild's entries a row at a time
    and took a third of it; SQLite's ``executemany`` loops in C and is fast.
    ``rows`` may read the database as it goes: a ``COPY`` holds the
    connection, so each batch is drawn before its ``COPY`` starts.
    """
    marks = ", ".join(["%s"] * len(columns.split(",")))
    iterator = iter(rows)
    while batch := list(islice(iterator, WRITE_BATCH)):
        if cursor.db.vendor != "postgresql":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)  # noqa: S608
            continue
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)


def iter_vocabulary(cursor: CursorWrapper) -> Iterator[tuple[str, int]]:
    """Yield each distinct word of the index with the number of entries holding it."""
    if cursor.db.vendor == "sqlite":
        cursor.execute("SELECT term, doc FROM search_fts_vocab WHERE col = 'terms'")
    else:
        cursor.execute(POSTGRES_VOCABULARY, [f"SELECT {POSTGRES_VECTOR} FROM search_entry"])  # noqa: S608
    while rows := cursor.fetchmany(10_000):
        yield from rows


@dataclass(frozen=True)
class Syntax:
    """How one engine spells a quoted word, a prefix, AND and OR."""

    quote: Callable[[str], str]
    prefix: str
    and_: str
    or_: str

    def word(self, text: str, *, prefix: bool) -> str:
        return self.quote(text) + (self.prefix if prefix else "")

    def expression(self, groups: Sequence[WordGroup]) -> str:
        """Return every group ANDed, each as its words, its joined form or a correction.

        The last word matches as a prefix: the query is still being typed,
        or a word is given in part ("desp").
        """
        parts = []
        for position, group in enumerate(groups):
            prefix = position == len(groups) - 1
            last = len(group.words) - 1
            words = [self.word(w, prefix=prefix and i == last) for i, w in enumerate(group.words)]
            options = ["(" + self.and_.join(words) + ")"]
            if group.joined:
                options.append(self.word(group.joined, prefix=prefix))
            options += [self.word(correction, prefix=False) for correction in group.corrections]
            parts.append("(" + self.or_.join(options) + ")")
        return self.and_.join(parts)


FTS5 = Syntax(
    quote=lambda text: '"' + text.replace('"', '""') + '"', prefix="*", and_=" AND ", or_=" OR "
)
TSQUERY = Syntax(
    quote=lambda text: "'" + text.replace("\\", "\\\\").replace("'", "''") + "'",
    prefix=":*",
    and_=" & ",
    or_=" | ",
)


def match_sql(
    vendor: str, groups: Sequence[WordGroup], kinds: Sequence[str], *, limit: int
) -> tuple[str, list[Any]]:
    """Return SQL and parameters: the first ``limit`` entries of ``kinds`` matching ``groups``.

    The SQL is this module's own text; the words go in as one parameter.
    """
    if vendor == "sqlite":
        kind_filter = " OR ".join(f'"{kind}"' for kind in kinds)
        words = FTS5.expression(groups)
        expression = f"terms : ({words}) AND kind : ({kind_filter})"
        return (
            f"SELECT {ENTRY_COLUMNS} FROM search_entry WHERE id IN ("  # noqa: S608
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid LIMIT %s"
            ") ORDER BY id",
            [expression, limit],
        )
    return (
        f"SELECT {ENTRY_COLUMNS} FROM search_entry "  # noqa: S608
        f"WHERE {POSTGRES_VECTOR} @@ to_tsquery('simple'::regconfig, %s) AND kind = ANY(%s) "
        "ORDER BY id LIMIT %s",
        [TSQUERY.expression(groups), list(kinds), limit],
    )
