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


def _paragraph_around(text: str, position: int) -> tuple[int, int]:
    """Return where the paragraph (between blank lines) holding ``position`` starts and ends."""
    start = text.rfind("\n\n", 0, position)
    end = text.find("\n\n", position)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def snippet(text: str, words: Iterable[str]) -> SafeString:
    """Return the part of ``text`` around its first matched word, marked, lines kept.

    ``SNIPPET_WORDS`` words from ``SNIPPET_LEAD`` before the first match,
    within its paragraph (a synopsis has several), with "…" where the text
    goes on; a text with no match shows its start.
    """
    wanted = {word for word in words if word}
    found = list(WORD.finditer(text))
    first = next((i for i, word in enumerate(found) if _is_match(word.group(), wanted)), 0)
    low, high = _paragraph_around(text, found[first].start() if found else 0)
    inside = [word for word in found if low <= word.start() < high]
    first = next((i for i, word in enumerate(inside) if _is_match(word.group(), wanted)), 0)
    start = max(0, min(first - SNIPPET_LEAD, len(inside) - SNIPPET_WORDS))
    end = start + SNIPPET_WORDS
    begin = inside[start].start() if inside and start > 0 else low
    finish = inside[end - 1].end() if end < len(inside) else high
    shown = text[begin:finish].strip()
    shown = ("…" if begin else "") + shown + ("…" if finish < len(text.rstrip()) else "")
    return mark_safe(highlight(shown, wanted).replace("\n", "<br>"))  # noqa: S308 - escaped
