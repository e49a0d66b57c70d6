"""Typo tolerance: the vocabulary words a misspelt query word may have meant.

A word of 5 letters or more is found at one edit (an optimal-string-alignment
edit: a letter dropped, added, changed, or two neighbours swapped, so
"bandreas" is one edit from "banderas"); a word of 9 or more at two. The
lengths are the meant word's: "gint" (a letter dropped) finds "giant", and
"aphdite" (two dropped) finds "aphrodite", but no correction is shorter than
its rule allows. One edit is found by
generating every word one edit away and asking for them in one ``IN``; two
edits would be tens of thousands of words, so the candidates are instead the
words of a near length sharing the first or the last two letters (two B-tree
ranges), then measured with rapidfuzz's OSA distance. Two letters, not
three: two edits in a long word often touch both ends' first three.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.functions import Length
from rapidfuzz import process
from rapidfuzz.distance import OSA

from reeldb.search.models import SearchTerm

ONE_EDIT_FROM = 5
TWO_EDITS_FROM = 9
# The shortest query words that may be such words with letters dropped.
SHORTEST_ONE_EDIT_QUERY = ONE_EDIT_FROM - 1
SHORTEST_TWO_EDITS_QUERY = TWO_EDITS_FROM - 2
CORRECTIONS_KEPT = 3
# Candidates read per range at two edits: a few thousand words score in a
# millisecond, and a range past this is a prefix too common to narrow anything.
TWO_EDIT_CANDIDATES = 5_000
# Letters a two-edit candidate shares with the word, at its start or its end.
TWO_EDIT_KEY = 2
# Letters tried for additions and changes, besides the word's own.
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def one_edit_away(word: str) -> set[str]:
    """Return every word one OSA edit from ``word`` over ``ALPHABET`` and its own letters."""
    letters = set(ALPHABET) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changes = {left + c + right[1:] for left, right in splits if right for c in letters}
    inserts = {left + c + right for left, right in splits for c in letters}
    return (deletes | swaps | changes | inserts) - {word}


def next_after_prefix(prefix: str) -> str:
    """Return the smallest string above every string starting with ``prefix`` (code point order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _two_edit_candidates(word: str) -> dict[str, int]:
    lengths = {"length__gte": max(len(word) - 2, TWO_EDITS_FROM), "length__lte": len(word) + 2}
    head, tail = word[:TWO_EDIT_KEY], word[::-1][:TWO_EDIT_KEY]
    by_head = SearchTerm.objects.annotate(length=Length("term")).filter(
        term__gte=head, term__lt=next_after_prefix(head), **lengths
    )
    by_tail = SearchTerm.objects.annotate(length=Length("term")).filter(
        reversed_term__gte=tail, reversed_term__lt=next_after_prefix(tail), **lengths
    )
    found: dict[str, int] = {}
    for rows in (by_head, by_tail):
        found.update(rows.values_list("term", "entries")[:TWO_EDIT_CANDIDATES])
    return found


def _corrections(word: str) -> tuple[str, ...]:
    """Return the likeliest words ``word`` misspells: fewest edits, then most used."""
    near = [term for term in one_edit_away(word) if len(term) >= ONE_EDIT_FROM]
    counts = dict(SearchTerm.objects.filter(term__in=sorted(near)).values_list("term", "entries"))
    if not counts and len(word) >= SHORTEST_TWO_EDITS_QUERY:
        candidates = _two_edit_candidates(word)
        scored = process.extract(
            word, list(candidates), scorer=OSA.distance, score_cutoff=2, limit=None
        )
        counts = {term: candidates[term] for term, _, _ in scored}
    ranked = sorted(counts, key=lambda term: (OSA.distance(word, term), -counts[term]))
    return tuple(ranked[:CORRECTIONS_KEPT])


def find_corrections(words: Iterable[str], *, typed: str | None) -> dict[str, tuple[str, ...]]:
    """Return corrections for each word of ``words`` the vocabulary lacks.

    ``typed`` is the word still being typed, matched as a prefix: it is
    corrected only when no vocabulary word starts with it.
    """
    long_words = {word for word in words if len(word) >= SHORTEST_ONE_EDIT_QUERY}
    # A word still being typed is looked up from 5 letters: four letters
    # typed are most often a word begun, and the search box asks at each key.
    if typed is not None and len(typed) >= ONE_EDIT_FROM:
        long_words.add(typed)
    if not long_words:
        return {}
    known = set(SearchTerm.objects.filter(term__in=long_words).values_list("term", flat=True))
    unknown = long_words - known
    if (
        typed in unknown
        and SearchTerm.objects.filter(term__gt=typed, term__lt=next_after_prefix(typed)).exists()
    ):
        unknown.discard(typed)
    corrections = {word: _corrections(word) for word in sorted(unknown)}
    return {word: found for word, found in corrections.items() if found}
