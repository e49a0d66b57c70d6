"""Where the standard's tokenizer ends each thing that is not a plain tag.

A tag's end, a comment's, a CDATA section's, and the text of ``<script>``,
``<style>`` or ``<textarea>``, each found by one forward search from where it
starts, so that no part of a page is read twice.
"""

from __future__ import annotations

import re

from reeldb.ingest.pages.nesting.elements import RAW_TEXT

# A start or end tag, per the standard's tokenizer: its attributes' quoted values may
# hold ">", a value cannot start with a quote it leaves unclosed (the tag then runs to
# the end of the file), and "/>" closes a tag only outside an unquoted value.
# Possessive quantifiers keep it from backtracking, so a tag costs its own length.
TAG = re.compile(
    r"""<(/?)([A-Za-z][^\t\n\f\r />]*+)
    ((?:[\t\n\f\r ]++
      |/(?!>)
      |[^\t\n\f\r />][^\t\n\f\r />=]*+
       (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+
          (?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|(?=>)|[^\t\n\f\r >"'][^\t\n\f\r >]*+))?+
    )*+)
    (/?)>""",
    re.VERBOSE,
)
ATTRIBUTE = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r />=]*+)
    (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+("[^"]*+"|'[^']*+'|[^\t\n\f\r >]*+))?""",
    re.VERBOSE,
)
RAW_TEXT_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in RAW_TEXT}
SCRIPT_ESCAPE = re.compile(r"<!--|</script[\t\n\f\r />]", re.IGNORECASE)
SCRIPT_ESCAPED = re.compile(r"-->|</?script[\t\n\f\r />]", re.IGNORECASE)
# The standard's whitespace, and NUL, which the tree builder drops from text.
WHITESPACE = "\t\n\f\r \x00"


def is_letter(character: str) -> bool:
    return character.isascii() and character.isalpha()


def attributes(text: str) -> dict[str, str]:
    """Return a tag's attributes by lower-cased name, the first of a name winning."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(text):
        found.setdefault(match[1].lower(), (match[2] or "").strip("\"'"))
    return found


def declaration_end(markup: str, start: int, *, is_foreign: bool) -> int:
    """Return where the ``<!…``, ``<?…`` or ``</`` at ``start`` that opens no tag ends, or -1.

    A CDATA section is one only in SVG or MathML (``is_foreign``); anywhere
    else it is a bogus comment, which the first ``>`` ends.
    """
    if markup.startswith("<!--", start):
        return _comment_end(markup, start + 4)
    if markup.startswith("<![CDATA[", start) and is_foreign:
        end = markup.find("]]>", start + 9)
        return -1 if end < 0 else end + 3
    if markup.startswith("</>", start):
        return start + 3
    end = markup.find(">", start + 2)
    return -1 if end < 0 else end + 1


def _comment_end(markup: str, body: int) -> int:
    if markup.startswith(">", body):
        return body + 1  # "<!-->"
    if markup.startswith("->", body):
        return body + 2  # "<!--->"
    ends = [end for end in (markup.find("-->", body), markup.find("--!>", body)) if end >= 0]
    if not ends:
        return -1
    end = min(ends)
    return end + (3 if markup.startswith("-->", end) else 4)


def raw_text_end(markup: str, name: str, start: int) -> int:
    """Return where the text of a ``<script>``, ``<style>``… ends, past its end tag; or -1.

    The end tag closes the element and nothing else. A script's text follows
    the standard's escapes: within ``<!--`` a ``<script>`` hides the
    ``</script>`` that follows it, up to ``-->``.
    """
    if name == "script":
        found = _script_end(markup, start)
    else:
        match = RAW_TEXT_END[name].search(markup, start)
        found = match.start() if match is not None else -1
    closing = TAG.match(markup, found) if found >= 0 else None
    return -1 if closing is None else closing.end()


def _script_end(markup: str, position: int) -> int:
    escaped = hidden = False
    while match := (SCRIPT_ESCAPED if escaped else SCRIPT_ESCAPE).search(markup, position):
        found = match.group().lower()
        if found == "<!--":
            escaped = True
            # "<!--" ends in the dashes of a "-->": "<!-->" closes at once.
            position = match.start() + 2
        elif found == "-->":
            escaped = hidden = False
            position = match.end()
        elif found.startswith("</") and not hidden:
            return match.start()
        else:
            hidden = found.startswith("<s")
            position = match.end() - 1
    return -1
