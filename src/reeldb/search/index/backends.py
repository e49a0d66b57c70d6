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

from django.db import OperationalError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from reeldb.search.index.text import WordGroup
from reeldb.search.models import SearchEntry

ENTRY_COLUMNS = "id, kind, target_id, name, folded, terms, year, popularity, title_type, is_primary"

# The words an entry is found by: its folded name, its joined words, and its
# kind as a word of its own ("_tt"), which folding never makes.
#
# On PostgreSQL, ``search_entry_words`` makes them a tsvector from the words
# as folding split them, with every word's first one, two and three letters
# as words of their own ("des*"; folding never makes "*" either), as SQLite's
# prefix indexes. A GIN read of a short prefix as a partial match ('ca':*)
# gathers the posting list of every word it begins and rechecks each row:
# "mata ca" took 73 ms at scale 0.1; with "ca*" one list, 9 ms.
POSTGRES_WORDS = "search_entry_words(kind::text, folded || ' ' || terms)"
POSTGRES_PREFIX_WORDS = 3
_PREFIX_LEXEMES = ", ".join(
    f"(left(word, {length}) || '*')" for length in range(1, POSTGRES_PREFIX_WORDS + 1)
)
POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_entry_words(kind text, words text) RETURNS tsvector "  # noqa: S608
    "IMMUTABLE STRICT PARALLEL SAFE COST 1000 LANGUAGE sql AS $$ "
    "SELECT array_to_tsvector(array_agg(lexeme)) FROM (SELECT '_' || kind UNION ALL "
    "SELECT lexeme FROM unnest(string_to_array(words, ' ')) AS word, "
    f"LATERAL (VALUES (word), {_PREFIX_LEXEMES}) AS made(lexeme) WHERE word <> ''"
    ") AS found(lexeme) $$"
)
# The words alone, as the vocabulary (``search_term``) lists them.
POSTGRES_VOCABULARY_WORDS = (
    "array_to_tsvector(array_remove(string_to_array(folded || ' ' || terms, ' '), ''))"
)
# PostgreSQL's GIN index has no order and cannot stop early: a read gathers
# every match before the first is used ("sa sa"* matched 458,030 entries at
# scale 0.1: 113 ms). The most popular entries, numbered first by a rebuild,
# have a second GIN index of their own, which a read tries first
# (``match_sql``): a common word finds its first matches there, among a
# small share of the entries (4 ms); a rarer one, too few there, has a short
# list in the whole index.
POSTGRES_HEAD_ENTRIES = 524_288

# FTS5's prefix indexes, by length: a longer prefix is read as the words it
# begins (``prefixes``).
SQLITE_PREFIX_INDEXES = (1, 2, 3)
# ``content=`` reads the words from search_entry (through a view), so FTS5
# stores only its posting lists: with ``detail='none'`` just the entry ids,
# no positions (a query is words ANDed, never a phrase), and no column sizes
# (nothing ranks by bm25). The prefix indexes answer "d"*, "de"* and "des"*
# without merging every word that starts so; the kind is a word, so a
# category is one more list the match merges in id order.
SQLITE_CREATE = (
    "CREATE VIEW search_entry_words (id, words) AS "
    "SELECT id, '_' || kind || ' ' || folded || ' ' || terms FROM search_entry",
    "CREATE VIRTUAL TABLE search_fts USING fts5(words, content='search_entry_words', "
    "content_rowid='id', detail='none', columnsize=0, "
    f"prefix='{' '.join(map(str, SQLITE_PREFIX_INDEXES))}', "
    "tokenize=\"unicode61 tokenchars '_'\")",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER search_entry_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, words) "
    "VALUES (new.id, '_' || new.kind || ' ' || new.folded || ' ' || new.terms); END",
    "CREATE TRIGGER search_entry_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words) "
    "VALUES ('delete', old.id, '_' || old.kind || ' ' || old.folded || ' ' || old.terms); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entry_insert",
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
    "DROP VIEW IF EXISTS search_entry_words",
)
# FTS5 gathers new posting lists in memory and writes them as a segment
# when they pass this size (its 'hashsize'; 1 MiB by default), and merges
# segments as they pile up. A rebuild writes every entry at once: at the
# default, scale 1.0's 91 million entries were still being indexed after 57
# minutes; gathered in up to 512 MiB, they took 4 (bench/RESULTS.md). Edits
# go back to the default.
SQLITE_BULK_HASH_BYTES = 512 * 1024 * 1024
SQLITE_HASH_BYTES = 1024 * 1024
# The entries' B-trees (``SearchEntry.Meta.indexes``), built once after a bulk load.
ENTRY_INDEXES = {
    "search_entry_folded_idx": "folded, kind, id",
    "search_entry_target_idx": "kind, target_id",
}
# PostgreSQL's SQLSTATE for a statement stopped by statement_timeout.
QUERY_CANCELED = "57014"
# Rows a bulk write draws and sends at once.
WRITE_BATCH = 10_000
# The word indexes on PostgreSQL, by name: every entry, and the most popular.
POSTGRES_INDEXES = {
    "search_entry_words_gin": f"USING gin ({POSTGRES_WORDS})",
    "search_entry_head_gin": f"USING gin ({POSTGRES_WORDS}) WHERE id <= {POSTGRES_HEAD_ENTRIES}",
}
POSTGRES_CREATE = (
    POSTGRES_FUNCTION,
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON search_entry {how}"
        for name, how in POSTGRES_INDEXES.items()
    ),
)
POSTGRES_VOCABULARY = "SELECT word, ndoc FROM ts_stat(%s)"
POSTGRES_DROP = tuple(f"DROP INDEX IF EXISTS {name}" for name in POSTGRES_INDEXES)
# A rebuild on PostgreSQL loads this table, indexes it, then puts it in
# search_entry's place.
POSTGRES_BUILD = "search_entry_build"


def _run(connection: BaseDatabaseWrapper, statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_text_index(connection: BaseDatabaseWrapper) -> None:
    """Create the word index over ``search_entry`` (the migrations' step)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE + SQLITE_TRIGGERS)
        _run(connection, ["INSERT INTO search_fts(search_fts) VALUES ('rebuild')"])
    else:
        _run(connection, POSTGRES_CREATE)


def drop_text_index(connection: BaseDatabaseWrapper) -> None:
    _run(connection, SQLITE_DROP if connection.vendor == "sqlite" else POSTGRES_DROP)


def begin_bulk_load(cursor: CursorWrapper) -> str:
    """Make way for a rebuild's entries and return the table to load them into.

    SQLite: the entries, their words, B-trees and triggers go, inside the
    rebuild's transaction (readers keep the last committed index); the B-trees
    and FTS5 are built once after the load, far faster than row by row.
    PostgreSQL: a fresh unindexed table with search_entry's columns;
    ``finish_bulk_load`` indexes it and swaps it in, so searches answer from
    the old entries, unlocked, until the swap.
    """
    cursor.execute("DELETE FROM search_term")
    if cursor.db.vendor != "sqlite":
        cursor.execute(f"DROP TABLE IF EXISTS {POSTGRES_BUILD}")
        cursor.execute(
            f"CREATE TABLE {POSTGRES_BUILD} (LIKE search_entry "
            "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
        )
        return POSTGRES_BUILD
    for statement in SQLITE_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    for name in ENTRY_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    cursor.execute("DELETE FROM search_entry")
    return "search_entry"


def finish_bulk_load(cursor: CursorWrapper) -> None:
    """Index the loaded entries and go back to keeping the index current row by row."""
    if cursor.db.vendor == "sqlite":
        for name, columns in ENTRY_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON search_entry ({columns})")
        _set_fts_hash_size(cursor, SQLITE_BULK_HASH_BYTES)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        _set_fts_hash_size(cursor, SQLITE_HASH_BYTES)
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        return
    build = POSTGRES_BUILD
    cursor.execute(f"ALTER TABLE {build} ADD CONSTRAINT {build}_pkey PRIMARY KEY (id)")
    for name, columns in ENTRY_INDEXES.items():
        cursor.execute(f"CREATE INDEX {name}_build ON {build} ({columns})")
    for name, how in POSTGRES_INDEXES.items():
        cursor.execute(f"CREATE INDEX {name}_build ON {build} {how}")
    cursor.execute("DROP TABLE search_entry")
    cursor.execute(f"ALTER TABLE {build} RENAME TO search_entry")
    cursor.execute(f"ALTER TABLE search_entry RENAME CONSTRAINT {build}_pkey TO search_entry_pkey")
    for name in [*ENTRY_INDEXES, *POSTGRES_INDEXES]:
        cursor.execute(f"ALTER INDEX {name}_build RENAME TO {name}")
    # Entries added later, by edits, are numbered after the loaded ones.
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('search_entry', 'id'), "
        "COALESCE(MAX(id), 0) + 1, false) FROM search_entry"
    )
    cursor.execute("ANALYZE search_entry")


def _set_fts_hash_size(cursor: CursorWrapper, size: int) -> None:
    cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', %s)", [size])


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
        cursor.execute("SELECT term, doc FROM search_fts_vocab")
    else:
        cursor.execute(
            POSTGRES_VOCABULARY,
            [f"SELECT {POSTGRES_VOCABULARY_WORDS} FROM search_entry"],  # noqa: S608
        )
    while rows := cursor.fetchmany(10_000):
        yield from rows


@dataclass(frozen=True)
class Syntax:
    """How one engine spells a quoted word, a word as a prefix, AND and OR."""

    quote: Callable[[str], str]
    prefix: Callable[[str], str]
    and_: str
    or_: str

    def word(self, text: str, *, prefix: bool) -> str:
        return self.prefix(text) if prefix else self.quote(text)

    def expression(self, groups: Sequence[WordGroup]) -> str:
        """Return every group ANDed, each as its words, its joined form or a correction.

        The last word matches as a prefix: the query is still being typed,
        or a word is given in part ("desp"); as the words it begins, when
        its group has their list (``completions``).
        """
        parts = []
        for position, group in enumerate(groups):
            prefix = position == len(groups) - 1
            last = len(group.words) - 1
            words = [self.word(w, prefix=prefix and i == last) for i, w in enumerate(group.words)]
            if prefix and group.completions:
                words[last] = "(" + self.or_.join(map(self.quote, group.completions)) + ")"
            options = ["(" + self.and_.join(words) + ")"]
            if group.joined:
                options.append(self.word(group.joined, prefix=prefix))
            options += [self.word(correction, prefix=False) for correction in group.corrections]
            parts.append("(" + self.or_.join(options) + ")")
        return self.and_.join(parts)


def _fts5_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _tsquery_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


FTS5 = Syntax(
    quote=_fts5_quote, prefix=lambda text: _fts5_quote(text) + "*", and_=" AND ", or_=" OR "
)
# Long texts on PostgreSQL (``passages``): ``to_tsquery`` words, a prefix as a partial match.
TSQUERY = Syntax(
    quote=_tsquery_quote,
    prefix=lambda text: _tsquery_quote(text) + ":*",
    and_=" & ",
    or_=" | ",
)
# Names on PostgreSQL: ``search_entry_words``' lexemes as they are (a ``::tsquery``),
# a prefix of up to three letters as its own word ("des*"), a longer one a partial match.
ENTRY_TSQUERY = Syntax(
    quote=_tsquery_quote,
    prefix=lambda text: (
        _tsquery_quote(text + "*")
        if len(text) <= POSTGRES_PREFIX_WORDS
        else _tsquery_quote(text) + ":*"
    ),
    and_=" & ",
    or_=" | ",
)


# The longest a word-index read may take on PostgreSQL. A GIN read of many
# common prefixes ("a b c d e f…", 200 characters of them) can take seconds
# there, which would let anyone tie up a worker; past this the read gives
# nothing, and the page shows the other categories.
POSTGRES_READ_TIMEOUT_MS = 1_500
# Set for the read alone (``is_local``): its bound; no parallel workers (a
# read that stops after the first matches, "nguyen" most popular first, took
# 40 ms with two, 30 of them starting the workers, and 10 ms without); and
# no sequential scan joining another one already under way, which would
# start mid-table and meet less popular matches first (``match_sql``).
POSTGRES_READ_SETTINGS = (
    "SELECT set_config('statement_timeout', %s, true), "
    "set_config('max_parallel_workers_per_gather', '0', true), "
    "set_config('synchronize_seqscans', 'off', true)"
)


def read_entries(sql: str, params: list[Any]) -> list[SearchEntry] | None:
    """Run ``match_sql``'s read and return its entries; on PostgreSQL, ``None`` past the timeout.

    SQLite's FTS5 reads stop after their ``LIMIT`` in id order and need no
    bound; PostgreSQL's GIN reads gather every match first. The bound
    (``POSTGRES_READ_SETTINGS``) is local to the read's own transaction (a
    savepoint inside an enclosing one, whose end it then lasts until).
    """
    if connection.vendor != "postgresql":
        return list(SearchEntry.objects.raw(sql, params))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(POSTGRES_READ_SETTINGS, [str(POSTGRES_READ_TIMEOUT_MS)])
            return list(SearchEntry.objects.raw(sql, params))
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        return None


def match_sql(
    vendor: str, groups: Sequence[WordGroup], kinds: Sequence[str] | None, *, limit: int
) -> tuple[str, list[Any]]:
    """Return SQL and parameters: the first ``limit`` entries of ``kinds`` matching ``groups``.

    ``kinds=None`` is every kind, with no filter to merge. The SQL is this
    module's own text; the words go in as one parameter.

    PostgreSQL's read has no ``ORDER BY`` inside its ``LIMIT``: a rebuild
    writes the entries into a fresh table in id order (``finish_bulk_load``)
    and edits add rows, numbered after them, at its end, so a read in the
    table's own order meets the matches most popular first, as FTS5 does,
    and stops after the first few. With ``ORDER BY id`` the planner either
    walked the primary key, recomputing every entry's words, or gathered
    every match from the GIN index and sorted them: "vifa"* at scale 0.1
    took 182 ms to read 16,414 matches and keep 32, and 13.6 ms read in
    table order. Once a vacuum lets new rows fill old ones' space, an entry
    added by an edit may be met earlier than its number says, among the few
    read, until the next rebuild writes the table afresh.
    """
    if vendor == "sqlite":
        expression = f"({FTS5.expression(groups)})"
        if kinds is not None:
            expression += " AND (" + " OR ".join(f'"_{kind}"' for kind in kinds) + ")"
        return (
            f"SELECT {ENTRY_COLUMNS} FROM search_entry WHERE id IN ("  # noqa: S608
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid LIMIT %s"
            ") ORDER BY id",
            [expression, limit],
        )
    expression = ENTRY_TSQUERY.expression(groups)
    if kinds is not None:
        expression = f"({expression}) & ({ENTRY_TSQUERY.or_.join(_kind_words(kinds))})"
    matches = f"SELECT {ENTRY_COLUMNS} FROM search_entry WHERE {POSTGRES_WORDS} @@ %s::tsquery"  # noqa: S608
    return (
        "SELECT * FROM (SELECT * FROM ("  # noqa: S608
        f"({matches} AND id <= {POSTGRES_HEAD_ENTRIES} LIMIT %s) UNION ALL "
        f"({matches} AND id > {POSTGRES_HEAD_ENTRIES} LIMIT %s)"
        ") AS matches LIMIT %s) AS first_matches ORDER BY id",
        [expression, limit, expression, limit, limit],
    )


def _kind_words(kinds: Sequence[str]) -> list[str]:
    """Return each kind as the word entries of that kind hold ("_tt"), quoted for a tsquery."""
    return [ENTRY_TSQUERY.quote(f"_{kind}") for kind in kinds]
