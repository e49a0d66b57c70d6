"""The search box's answers stored ahead, by what is typed: a table of name prefixes.

IMDb's suggestion service answers from lists made ahead for each prefix
typed; this is the same idea in one table (``search_suggestion``) that both
databases read with a B-tree. Every title and person name is cut at each
word's start ("zoe bell" gives "zoe bell" and "bell"), and every joined word
("walle") is a start of its own: a query matches a name when it begins one
of these, its last word still being typed.

Each stored prefix holds the entries of its 8 most popular titles and
people, least id first (ids are the index's popularity ranking):

- partial: more names begin with it than are shown; the list is the best.
- complete: every name that begins with it is listed. No longer prefix is
  stored: a longer query keeps the listed names it still begins.
- stale: an edit touched it since the last rebuild; the word index answers.

Only the prefixes a query must tell apart are stored: a run of letters
every name under a prefix shares is one key, at its end, and the prefixes
under a complete one are never stored. At scale 0.1 of the synthetic dump,
12 million name starts give about 3 million keys. A word index (FTS5, GIN)
intersects the posting lists of a name's words, and a name of several
common words ("nguyen thi h") walks long lists for few matches; here every
prefix is one or two B-tree reads.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from reeldb.search.index.text import Query
from reeldb.search.models import EntryKind, SearchEntry, SearchSuggestion, SuggestionState

# The longest prefix kept. A longer query is answered from a complete
# prefix, or by the word index when its first 32 characters are still shared
# by more names than are shown.
LONGEST_PREFIX = 32
SHOWN = 8
# The kinds the search box suggests: titles (episodes aside) and people.
SUGGESTED_KINDS = (EntryKind.TITLE, EntryKind.NAME)
# Past every character: a prefix followed by it sorts after all its extensions.
AFTER_ALL = "\U0010ffff"


def name_starts(folded: str, terms: str, *, longest: int = LONGEST_PREFIX) -> set[str]:
    """Return the strings a name is suggested by: from each word's start, and each joined word."""
    words = folded.split(" ")
    starts = {" ".join(words[index:])[:longest] for index in range(len(words))}
    starts.update(term[:longest] for term in terms.split())
    starts.discard("")
    return starts


def begins(entry: SearchEntry, typed: str) -> bool:
    """Return whether ``typed`` begins one of ``entry``'s name starts, however long."""
    starts = name_starts(entry.folded, entry.terms, longest=len(entry.folded) + len(entry.terms))
    return any(start.startswith(typed) for start in starts)


def prefixes_of(starts: Iterable[str]) -> set[str]:
    """Return every prefix of ``starts``: the stored prefixes a name may be listed under."""
    return {start[:length] for start in starts for length in range(1, len(start) + 1)}


@dataclass(frozen=True)
class Node:
    """One stored prefix: its state and its entries' ids, most popular first."""

    prefix: str
    state: str
    entry_ids: tuple[int, ...]

    @property
    def ids_text(self) -> str:
        return ",".join(map(str, self.entry_ids))


def target_code(kind: str, target_id: int) -> int:
    """Return one number for a title or a person: a title's names (AKAs) share it."""
    return target_id * 2 + (kind == EntryKind.NAME)


def parse_ids(text: str) -> tuple[int, ...]:
    return tuple(int(value) for value in text.split(",") if value)


def _node_for(typed: str) -> SearchSuggestion | None:
    """Return the stored prefix answering ``typed``: the first under it, or a complete one above."""
    cut = typed[:LONGEST_PREFIX]
    under = SearchSuggestion.objects.filter(prefix__gte=cut).order_by("prefix").first()
    if under is not None and under.prefix.startswith(cut):
        return under
    above = SearchSuggestion.objects.filter(prefix__lte=cut).order_by("-prefix").first()
    if above is not None and cut.startswith(above.prefix):
        # A partial prefix above means no name goes on as typed.
        return above if above.state == SuggestionState.COMPLETE else None
    return None


def stored_suggestions(query: Query) -> list[SearchEntry] | None:
    """Return the stored entries of the names ``query`` begins, most popular first.

    ``None`` leaves the query to the word index: nothing stored begins as
    typed (a typo, words out of their order), an edit made the prefix stale,
    or a query past ``LONGEST_PREFIX`` is still shared by too many names.
    """
    typed = query.folded
    node = _node_for(typed)
    if node is None or node.state == SuggestionState.STALE:
        return None
    if node.state == SuggestionState.PARTIAL and len(typed) > LONGEST_PREFIX:
        return None
    entries = SearchEntry.objects.filter(id__in=parse_ids(node.entry_ids)).order_by("id")
    found = [entry for entry in entries if node.prefix.startswith(typed) or begins(entry, typed)]
    return found or None


def edited(
    node: Node, removed: set[int], added: Iterable[tuple[int, int]], targets: dict[int, int]
) -> Node:
    """Return ``node`` after an edit removed entries and ``added`` (id, target) entries it begins.

    Added entries are numbered after every rebuilt one, so they never enter
    a partial list; a complete list takes them while they fit. A partial
    list that loses an entry no longer knows its next best, and a complete
    one that overflows no longer knows its longer prefixes: both go stale.
    ``targets`` gives the target of every listed entry that still exists:
    one deleted by some other way is lost as a removed one is.
    """
    if node.state == SuggestionState.STALE:
        return node
    kept = tuple(
        entry_id for entry_id in node.entry_ids if entry_id not in removed and entry_id in targets
    )
    if node.state == SuggestionState.PARTIAL:
        lost = len(kept) < len(node.entry_ids)
        return Node(node.prefix, SuggestionState.STALE, ()) if lost else node
    pairs = [*((entry_id, targets[entry_id]) for entry_id in kept), *added]
    listed = _best_distinct(pairs, SHOWN + 1)
    if len(listed) > SHOWN:
        return Node(node.prefix, SuggestionState.STALE, ())
    return Node(node.prefix, SuggestionState.COMPLETE, listed)


def _best_distinct(pairs: Iterable[tuple[int, int]], wanted: int) -> tuple[int, ...]:
    """Return the least entry id of the first ``wanted`` targets of (entry id, target) pairs."""
    seen: set[int] = set()
    best = []
    for entry_id, target in sorted(pairs):
        if target not in seen:
            seen.add(target)
            best.append(entry_id)
            if len(best) == wanted:
                break
    return tuple(best)


def _shared_prefix(first: str, last: str) -> str:
    """Return what ``first`` and ``last`` begin alike: every string sorted between them too."""
    length = 0
    for mine, theirs in zip(first, last, strict=False):
        if mine != theirs:
            break
        length += 1
    return first[:length]


class PrefixTree:
    """The stored prefixes of sorted name starts, read as a stream of ``Node``.

    ``starts`` are sorted; ``ids[i]`` and ``targets[i]`` are the entry and
    the title or person of ``starts[i]``. The starts sharing a prefix are a
    contiguous range, found by bisection, and the best entries of a large
    range are its least ids, picked by ``numpy.argpartition``.
    """

    def __init__(self, starts: Sequence[str], ids: np.ndarray, targets: np.ndarray):
        self.starts = starts
        self.ids = ids
        self.targets = targets

    def _pairs(self, picked: np.ndarray) -> Iterator[tuple[int, int]]:
        return zip(self.ids[picked].tolist(), self.targets[picked].tolist(), strict=True)

    def _best(self, low: int, high: int) -> tuple[int, ...]:
        """Return the least entry id of each of the range's first ``SHOWN + 1`` titles and people.

        One more than is shown tells a complete range from a partial one.
        """
        ids = self.ids[low:high]
        wanted = SHOWN * 4
        while True:
            if wanted >= len(ids):
                return _best_distinct(self._pairs(np.arange(low, high)), SHOWN + 1)
            least = np.argpartition(ids, wanted)[:wanted] + low
            best = _best_distinct(self._pairs(least), SHOWN + 1)
            if len(best) > SHOWN:
                return best
            # Several names of one title (AKAs) filled the least ids: read more.
            wanted *= 4

    def nodes(self, low: int = 0, high: int | None = None, depth: int = 0) -> Iterator[Node]:
        """Yield the stored prefixes under a partial range (the whole tree by default), in order."""
        starts = self.starts
        high = len(starts) if high is None else high
        child = low
        while child < high and len(starts[child]) == depth:
            child += 1  # names that end here belong to the range, not to a child
        while child < high:
            prefix = starts[child][: depth + 1]
            end = bisect_left(starts, prefix + AFTER_ALL, child, high)
            best = self._best(child, end)
            if len(best) <= SHOWN:
                yield Node(prefix, SuggestionState.COMPLETE, best)
            else:
                shared = _shared_prefix(starts[child], starts[end - 1])
                yield Node(shared, SuggestionState.PARTIAL, best[:SHOWN])
                if len(shared) < LONGEST_PREFIX:
                    yield from self.nodes(child, end, len(shared))
            child = end


@dataclass
class _Letter:
    """The name starts that begin with one letter: one subtree of the prefixes, built alone."""

    starts: list[str] = field(default_factory=list)
    ids: array[int] = field(default_factory=lambda: array("q"))
    targets: array[int] = field(default_factory=lambda: array("q"))

    def tree(self) -> PrefixTree:
        """Return this letter's tree, its starts sorted; the unsorted lists are emptied."""
        order = np.array(sorted(range(len(self.starts)), key=self.starts.__getitem__))
        starts = [self.starts[i] for i in order.tolist()]
        ids = np.frombuffer(self.ids, dtype=np.int64)[order]
        targets = np.frombuffer(self.targets, dtype=np.int64)[order]
        self.starts, self.ids, self.targets = [], array("q"), array("q")
        return PrefixTree(starts, ids, targets)


def build_nodes(names: Iterable[tuple[int, int, str, str]]) -> Iterator[Node]:
    """Yield the stored prefixes of ``names``, in order: (entry id, target, folded, joined words).

    ``target`` tells one title or person from another: a title's several
    names (AKAs) count once. Names that begin with different letters share
    no prefix, so each letter's starts are sorted and walked on their own:
    only one letter's sorting order is held at a time, beside every start.
    """
    letters: dict[str, _Letter] = defaultdict(_Letter)
    for entry_id, target, folded, terms in names:
        for start in name_starts(folded, terms):
            letter = letters[start[0]]
            letter.starts.append(start)
            letter.ids.append(entry_id)
            letter.targets.append(target)
    for first in sorted(letters):
        yield from letters.pop(first).tree().nodes()
