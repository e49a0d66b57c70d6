"""How names become index words and queries become word groups.

Both sides fold alike (``catalog.folding.fold``: no case, accents or
punctuation), so "Zoë", "zoe" and "ZOE" are one word. A chunk of a name that
folds to several words ("Wall-E", "S.W.A.T.", "O'Brien") is also indexed
joined ("walle", "swat", "obrien"), and a query chunk that folds to several
words matches either form, so "wall-e", "walle" and "wall e" find the same film.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reeldb.catalog.folding import fold

# A query past this many characters is cut: no title or name is longer than
# a few hundred, and every extra word costs the index a lookup.
MAX_QUERY_LENGTH = 200
# Words beyond this many are dropped, for the same reason.
MAX_QUERY_WORDS = 10

# "Godfather, The" (MovieLens, library catalogues) is indexed as "The Godfather".
MOVED_ARTICLE = re.compile(
    r"^(?P<rest>.+?),\s*(?P<article>the|a|an|le|la|les|l'|el|los|las|lo|il|gli|i|"
    r"die|der|das|den|det|de|het|een|o|os|as|um|uma|un|une|una|ein|eine)$",
    re.IGNORECASE,
)
# "desperado 1995" and "desperado (1995)" ask for the 1995 film.
QUERY_YEAR = re.compile(r"^\(?(18[7-9]\d|19\d\d|20\d\d)\)?$")


# Chunks of names folded so far. Names share most of their words, and
# folding one (Unicode decomposition) costs far more than a lookup; the
# cache is emptied when full, so a rebuild of any size holds at most this many.
_folded_chunks: dict[str, str] = {}
FOLDED_CHUNKS_KEPT = 500_000


def _fold_chunk(chunk: str) -> str:
    folded = _folded_chunks.get(chunk)
    if folded is None:
        if len(_folded_chunks) >= FOLDED_CHUNKS_KEPT:
            _folded_chunks.clear()
        folded = _folded_chunks[chunk] = fold(chunk)
    return folded


def fold_name(name: str) -> str:
    """Return ``fold(name)``, folding each whitespace-separated chunk once per process.

    The same as folding the whole name: folding turns every run of
    characters that are not letters or digits, whitespace included, into one
    space, so chunks fold alone and join with one space. ASCII names, which
    decomposition leaves alone, are folded whole.
    """
    if name.isascii():
        return fold(name)
    return " ".join(folded for chunk in name.split() if (folded := _fold_chunk(chunk)))


def natural_order(name: str) -> str:
    """Return ``name`` with a trailing ", The" (or another article) moved to the front."""
    moved = MOVED_ARTICLE.match(name.strip()) if "," in name else None
    if moved is None:
        return name
    article = moved["article"]
    separator = "" if article.endswith("'") else " "
    return f"{article}{separator}{moved['rest']}"


def joined_words(name: str) -> str:
    """Return the words ``name`` is also found by: each chunk that folds to several, joined.

    "Wall-E" gives "walle", "S.W.A.T." "swat". Only a chunk with something
    besides letters and digits can fold to several words, so most names have none.
    """
    if name.replace(" ", "").isalnum():
        return ""
    return " ".join(
        "".join(parts)
        for chunk in name.split()
        if not chunk.isalnum() and len(parts := _fold_chunk(chunk).split()) > 1
    )


def clean_query(raw: str) -> str:
    """Return ``raw`` cut to ``MAX_QUERY_LENGTH`` without control or unpaired surrogate characters.

    PostgreSQL refuses NUL and no name holds a control character, so they
    could only make a query fail; they become spaces.
    """
    printable = "".join(char if char.isprintable() else " " for char in raw[: MAX_QUERY_LENGTH * 2])
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class WordGroup:
    """One chunk of a query: its folded words, and the words joined when there are several.

    ``corrections`` are vocabulary words a typo may have meant; an entry
    matches the group with the words, the joined form or any correction.
    ``completions``, when set on the query's last group, are the vocabulary
    words its last word, a prefix, begins (``prefixes.with_completions``).
    """

    words: tuple[str, ...]
    corrections: tuple[str, ...] = ()
    completions: tuple[str, ...] = ()

    @property
    def joined(self) -> str | None:
        return "".join(self.words) if len(self.words) > 1 else None


@dataclass(frozen=True)
class Query:
    """A parsed query: what to show back, what to match and the year asked for."""

    text: str
    groups: tuple[WordGroup, ...]
    year: int | None

    @property
    def folded(self) -> str:
        """Return the words as one folded name: an entry with this name matches exactly."""
        return " ".join(word for group in self.groups for word in group.words)

    @property
    def full_folded(self) -> str:
        """Return the folded name with the year as typed: "blade runner 2049" is a name."""
        return f"{self.folded} {self.year}" if self.year is not None else self.folded

    @property
    def words(self) -> list[str]:
        return [word for group in self.groups for word in group.words]


def parse_query(raw: str) -> Query | None:
    """Return ``raw`` as word groups, or ``None`` when no word is left to search for.

    A trailing year is asked for, not searched; a trailing article moves to
    the front, as it does in indexed names.
    """
    text = clean_query(raw)
    chunks = text.split()
    year = None
    if len(chunks) > 1 and (found := QUERY_YEAR.match(chunks[-1])):
        year = int(found[1])
        chunks = chunks[:-1]
    # "Godfather, The" is searched as the index holds it: "The Godfather".
    chunks = natural_order(" ".join(chunks)).split()
    groups: list[WordGroup] = []
    for chunk in chunks:
        words = tuple(fold(chunk).split())
        if words:
            groups.append(WordGroup(words))
    if not groups:
        return None
    return Query(text=text, groups=tuple(groups[:MAX_QUERY_WORDS]), year=year)
