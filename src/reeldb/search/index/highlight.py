"""The matched words of a name, marked for a results page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reeldb.catalog.folding import fold

WORD = re.compile(r"\w+")


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
        piece = fold(found.group()).replace(" ", "")
        is_match = any(
            piece == word or (len(word) > 1 and piece.startswith(word)) for word in wanted
        )
        text = escape(found.group())
        parts.append(f"<mark>{text}</mark>" if is_match else text)
        position = found.end()
    parts.append(escape(name[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above
