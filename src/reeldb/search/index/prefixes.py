"""The word still being typed, read as the index's words it begins (SQLite).

FTS5 answers a prefix of up to three letters from a prefix index
(``backends.SQLITE_PREFIX_INDEXES``): one posting list, read in id order and
left after the first matches. A longer prefix has no such list, and FTS5
first merges the whole posting list of every word it begins into one: at
scale 0.1 of the synthetic dump, "nguy"* read all 98,000 entries holding
"nguyen" before giving the first 32 (25 ms), where "nguyen" alone gives them
in 0.04 ms. The same words ORed are merged lazily, in id order, and stop
with the read: so a longer prefix is replaced by the vocabulary's words that
start with it (``search_term``, a B-tree range), when there are few enough.

PostgreSQL's GIN index gathers every match of a prefix or of the same words
ORed alike, so its queries keep a longer prefix as it is (one of up to three
letters is a word of its own there: ``backends.POSTGRES_WORDS``).
"""

from __future__ import annotations

from dataclasses import replace

from django.db import connection

from reeldb.search.index.backends import SQLITE_PREFIX_INDEXES
from reeldb.search.index.text import Query
from reeldb.search.index.typos import next_after_prefix
from reeldb.search.models import SearchTerm
from reeldb.search.services import TERM_SHORTEST

# Past this many words an OR is no cheaper than FTS5's own merge of them.
MOST_COMPLETIONS = 64
# The shortest prefix completed: longer than the prefix indexes, and no
# shorter than the vocabulary's words, so that every word it begins is there.
SHORTEST_COMPLETED = max(max(SQLITE_PREFIX_INDEXES) + 1, TERM_SHORTEST)


def completions(prefix: str) -> tuple[str, ...]:
    """Return the vocabulary's words that start with ``prefix``; none when there are too many."""
    words = tuple(
        SearchTerm.objects.filter(term__gte=prefix, term__lt=next_after_prefix(prefix))
        .order_by("term")
        .values_list("term", flat=True)[: MOST_COMPLETIONS + 1]
    )
    return words if len(words) <= MOST_COMPLETIONS else ()


def with_completions(query: Query) -> Query:
    """Return ``query`` with its last word's completions, where FTS5 would merge them whole.

    No words found leaves the prefix as it is: FTS5 then merges nothing.
    """
    last = query.groups[-1]
    prefix = last.words[-1]
    if connection.vendor != "sqlite" or len(prefix) < SHORTEST_COMPLETED:
        return query
    found = completions(prefix)
    if not found:
        return query
    return replace(query, groups=(*query.groups[:-1], replace(last, completions=found)))
