"""The matched words of a name or a passage, marked for a results page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reeldb.catalog.folding import fold

WORD = re.compile(r"\w+")
# Words of a long text shown around its first match, and before it.
SNIPPET_WORDS = 36
SNIPPET_LEAD = 10


def _is_match(piece: str, wanted: set[str]) -> bool:
    """Return whether a word of the text, folded, is or starts with a query word."""
    folded = fold(piece).replace(" ", "")
    return any(folded == word or (len(word) > 1 and folded.startswith(word)) for word in wanted)


def highlight(name: str, words: Iterable[str]) -> SafeString:
    """Return ``name`` escaped, each word that starts with one of ``words`` in ``<mark>``.

    Escaping comes first and only whole escaped words are wrapped, so no
    markup from a name survives. A one-letter query word marks only itself.
    """
    wanted = {word for word in words if word}
    parts: list[str] = []
    position = 0
    for found in WORD.finditer(name):
        parts.append(escape(name[position : found.start()]))
        text = escape(found.group())
        parts.append(f"<mark>{text}</mark>" if _is_match(found.group(), wanted) else text)
        position = found.end()
    parts.append(escape(name[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above


def snippet(text: str, words: Iterable[str]) -> SafeString:
    """Return the part of ``text`` around its first matched word, marked, lines kept.

    ``SNIPPET_WORDS`` words from ``SNIPPET_LEAD`` before the first match, with
    "…" where the text goes on; a text with no match shows its start.
    """
    wanted = {word for word in words if word}
    found = list(WORD.finditer(text))
    first = next((i for i, word in enumerate(found) if _is_match(word.group(), wanted)), 0)
    start = max(0, min(first - SNIPPET_LEAD, len(found) - SNIPPET_WORDS))
    end = start + SNIPPET_WORDS
    begin = found[start].start() if found and start > 0 else 0
    finish = found[end - 1].end() if end < len(found) else len(text)
    shown = (
        ("…" if begin else "") + text[begin:finish].strip() + ("…" if finish < len(text) else "")
    )
    return mark_safe(highlight(shown, wanted).replace("\n", "<br>"))  # noqa: S308 - escaped
