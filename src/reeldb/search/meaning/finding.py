"""Finding titles by what their plots are about: the query embedded, its nearest stored texts.

A title matched by several texts (outline, summary, synopsis, reviews) is
shown once, by its best text, with that text. Texts less similar than
``MIN_SCORE`` are not matches: a nearest neighbour always exists, and under
that figure it shares little more than the language with the query.
"""

from __future__ import annotations

from dataclasses import dataclass

from reeldb.catalog.folding import fold
from reeldb.catalog.selectors import TitleSummary, get_plot_texts, get_title_summaries
from reeldb.search.index.text import clean_query
from reeldb.search.meaning.embedding import embed, is_available
from reeldb.search.meaning.vectors import Neighbour, current_index
from reeldb.search.models import SearchEntry

# Cosine similarity, all-MiniLM-L6-v2: a description of a demo film scores
# 0.5-0.8 against its own plot and rarely above 0.25 against another's.
MIN_SCORE = 0.25
# Texts read per title shown: a title has up to three plots and some reviews.
TEXTS_PER_TITLE = 6
# "All" blends meaning in for a query of this many words or more that is
# not exactly a title's or a person's name.
DESCRIPTION_WORDS = 4


@dataclass(frozen=True, slots=True)
class MeaningMatch:
    """A title whose text is near the query: the title's id, the similarity, the text."""

    title_id: int
    score: float
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class MeaningHit:
    """A match with what its result row shows of the title."""

    summary: TitleSummary
    match: MeaningMatch


def find_by_meaning(raw: str, *, limit: int) -> list[MeaningMatch]:
    """Return up to ``limit`` titles whose plots or reviews mean what ``raw`` says, best first.

    Empty when the ``semantic`` extra is missing or the query has no text.
    The first call in a process loads the model (7-9 s) and the vector index.
    """
    query = clean_query(raw)
    if not query or not is_available() or limit <= 0:
        return []
    neighbours = current_index().nearest(embed([query])[0], limit * TEXTS_PER_TITLE)
    best: dict[int, Neighbour] = {}
    for neighbour in neighbours:
        if neighbour.score >= MIN_SCORE:
            best.setdefault(neighbour.title_id, neighbour)
    texts = get_plot_texts((n.text_kind, n.text_id) for n in best.values())
    matches = [
        MeaningMatch(n.title_id, n.score, n.text_kind, texts[n.text_kind, n.text_id].text)
        for n in best.values()
        # A text deleted since the index was read is no longer a match.
        if (n.text_kind, n.text_id) in texts
    ]
    return matches[:limit]


def get_meaning_hits(raw: str, *, limit: int) -> list[MeaningHit]:
    """Return ``find_by_meaning``'s matches with their titles' summaries, for a results page."""
    matches = find_by_meaning(raw, limit=limit)
    summaries = get_title_summaries([match.title_id for match in matches], with_credits=False)
    return [
        MeaningHit(summaries[match.title_id], match)
        for match in matches
        if match.title_id in summaries
    ]


def reads_like_description(raw: str) -> bool:
    """Return whether a query reads like a plot description rather than a name (one query).

    It does when it has ``DESCRIPTION_WORDS`` words or more and is not, folded,
    exactly the name of a title or person ("the good the bad and the ugly" is
    a name; "a hitman falls for his target" a description).
    """
    folded = fold(clean_query(raw))
    if len(folded.split()) < DESCRIPTION_WORDS:
        return False
    return not SearchEntry.objects.filter(folded=folded).exists()
