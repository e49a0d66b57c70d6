"""The key two spellings of one name share: no case, accents or punctuation."""

from __future__ import annotations

import re
import unicodedata

NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Return ``text`` without case, accents or punctuation.

    "Albert Michel, Jr." and "albert michel jr." fold alike; so do "Amélie"
    and "amelie". Titles and people are matched across sources by this key.
    """
    if text.isascii():
        # Most names are ASCII, which decomposition leaves as it is: skip it
        # (bulk imports fold tens of millions of names).
        return NOT_WORD.sub(" ", text.casefold()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_WORD.sub(" ", bare.casefold()).strip()
