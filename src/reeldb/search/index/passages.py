"""The full-text index over long texts (``search_text``): quotes, plots and bios.

Names are ranked by exactness, then popularity; a word inside a synopsis is
not a name, so long texts have their own index, ranked by relevance (SQLite's
bm25, PostgreSQL's ``ts_rank``) blended with popularity. The words indexed
are ``folded`` (``catalog.folding.fold``, as names and queries are), so
accents fold alike both ways on both databases. Queries are built from
folded words only, each quoted, by the name index's ``Syntax``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from reeldb.search.index.backends import FTS5, TSQUERY
from reeldb.search.index.text import WordGroup
from reeldb.search.models import TextKind

TEXT_COLUMNS = "t.id, t.kind, t.target_id, t.source_id, t.text, t.detail, t.popularity"
# The search_text rows triggers keep in the FTS5 table, as for search_entry;
# a rebuild is a delete and a load through them (texts are far fewer than
# names: only page imports and the demo bring any).
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_text_fts USING fts5("
    "folded, kind, content='search_text', content_rowid='id')",
    "CREATE TRIGGER search_text_insert AFTER INSERT ON search_text BEGIN "
    "INSERT INTO search_text_fts(rowid, folded, kind) VALUES (new.id, new.folded, new.kind); END",
    "CREATE TRIGGER search_text_delete AFTER DELETE ON search_text BEGIN "
    "INSERT INTO search_text_fts(search_text_fts, rowid, folded, kind) "
    "VALUES ('delete', old.id, old.folded, old.kind); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_text_insert",
    "DROP TRIGGER IF EXISTS search_text_delete",
    "DROP TABLE IF EXISTS search_text_fts",
)
POSTGRES_VECTOR = "to_tsvector('simple'::regconfig, t.folded)"
POSTGRES_CREATE = (
    "CREATE INDEX search_text_folded_gin ON search_text USING gin "
    "(to_tsvector('simple'::regconfig, folded))",
)
POSTGRES_DROP = ("DROP INDEX IF EXISTS search_text_folded_gin",)
# Matches ranked by relevance before popularity is blended in: the first
# page's worth and more, so a popular title's passage can climb.
CANDIDATES = 200
# How much popularity weighs beside relevance, both scaled to 0–1 among the
# candidates: a passage with half the best relevance but the most votes ties.
POPULARITY_WEIGHT = 0.5


def create_passage_index(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text index over an empty ``search_text`` (the migration's step)."""
    statements = SQLITE_CREATE if connection.vendor == "sqlite" else POSTGRES_CREATE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_passage_index(connection: BaseDatabaseWrapper) -> None:
    statements = SQLITE_DROP if connection.vendor == "sqlite" else POSTGRES_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def passage_sql(vendor: str, groups: Sequence[WordGroup], kind: str) -> tuple[str, list[Any]]:
    """Return SQL and parameters: the ``CANDIDATES`` most relevant texts of ``kind``.

    Each row's ``relevance`` is higher for a better match on both databases.
    """
    if vendor == "sqlite":
        expression = f'folded : ({FTS5.expression(groups)}) AND kind : ("{kind}")'
        return (
            f"SELECT {TEXT_COLUMNS}, -bm25(search_text_fts, 1.0, 0.0) AS relevance "  # noqa: S608
            "FROM search_text_fts JOIN search_text t ON t.id = search_text_fts.rowid "
            "WHERE search_text_fts MATCH %s ORDER BY relevance DESC, t.id LIMIT %s",
            [expression, CANDIDATES],
        )
    return (
        f"SELECT {TEXT_COLUMNS}, ts_rank({POSTGRES_VECTOR}, q) AS relevance "  # noqa: S608
        "FROM search_text t, to_tsquery('simple'::regconfig, %s) AS q "
        f"WHERE {POSTGRES_VECTOR} @@ q AND t.kind = %s ORDER BY relevance DESC, t.id LIMIT %s",
        [TSQUERY.expression(groups), kind, CANDIDATES],
    )


@dataclass(frozen=True, slots=True)
class Passage:
    """A text found, as ``search_text`` holds it, and how well it matched."""

    id: int
    kind: str
    target_id: int
    source_id: int
    text: str
    detail: str
    popularity: int
    relevance: float


def _blended(passages: list[Passage]) -> list[Passage]:
    """Return ``passages`` best first: relevance and popularity, each scaled to the best."""
    best_relevance = max((p.relevance for p in passages), default=0.0) or 1.0
    most_popular = math.log1p(max((p.popularity for p in passages), default=0)) or 1.0

    def score(passage: Passage) -> float:
        popularity = math.log1p(passage.popularity) / most_popular
        return passage.relevance / best_relevance + POPULARITY_WEIGHT * popularity

    return sorted(passages, key=lambda passage: (-score(passage), passage.id))


def find_passages(groups: Sequence[WordGroup], kind: str, *, limit: int) -> list[Passage]:
    """Return the best ``limit`` texts of ``kind`` holding every word group, best first.

    A title's plots give one hit, its best (an outline and a synopsis say the
    same story); each quote is a hit of its own.
    """
    sql, params = passage_sql(connection.vendor, groups, kind)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        passages = [Passage(*row) for row in cursor.fetchall()]
    best: dict[int, Passage] = {}
    for passage in _blended(passages):
        key = passage.source_id if kind == TextKind.QUOTE else passage.target_id
        best.setdefault(key, passage)
    return list(best.values())[:limit]
