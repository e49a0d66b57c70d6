"""Wikitext whose unpaired brackets are written as text, so that parsing it costs its length.

mwparserfromhell reads ``{{``, ``[[``, ``{|``, ``[http…`` or ``<span>`` by
reading on to the matching close, and when there is none it gives up and
starts again one character further: every opening left unclosed costs a read
of the rest of the text, so a page of them costs the square of its length
(earwig/mwparserfromhell#364; 10,000 unclosed ``<span>`` take minutes).

``balance`` pairs openings with closings in one pass, as a stack does, and
writes each opening it cannot pair as HTML entities (``{{`` becomes
``&#123;&#123;``). The parser reads an entity as text and ``strip_code``
writes it back as the bracket, so the article's text reads the same, and the
parser never starts a construct that cannot end. A closing that crosses an
opening (``{{a|[[b}}``) closes it and leaves what it crosses as text, and an
external link's ``[`` is paired within its line, as MediaWiki reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What opens or closes: runs of braces or square brackets, a table at the start of a
# line, a newline (which ends an external link), and a tag, whose quoted attribute
# values may hold ">" but no "<".
TOKEN = re.compile(
    r"""(?P<braces>\{\{++|\}\}++)
    |(?P<brackets>\[++|\]++)
    |^[ \t]*+(?P<table>\{\||\|(?=\}))
    |(?P<newline>\n)
    |<(?P<end>/?)(?P<name>[A-Za-z][A-Za-z0-9]*+)
      (?:(?P<attributes>(?:[^<>"'/]|/(?!>)|"[^"<]*+"|'[^'<]*+')*+)(?P<single>/?)>)?""",
    re.MULTILINE | re.VERBOSE,
)
ENTITIES = {"{": "&#123;", "[": "&#91;", "<": "&lt;", "|": "&#124;"}
# Tags mwparserfromhell reads whole without a closing tag (its definitions, SINGLE).
SINGLE_TAGS = frozenset(
    ["br", "wbr", "hr", "meta", "link", "img", "li", "dt", "dd", "th", "td", "tr"]
)
# Tags whose content mwparserfromhell takes as raw text up to the closing tag (PARSER_BLACKLIST).
RAW_TAGS = frozenset(
    [
        "categorytree", "ce", "chem", "gallery", "graph", "hiero", "imagemap", "inputbox",
        "math", "nowiki", "pre", "score", "section", "source", "syntaxhighlight",
        "templatedata", "timeline",
    ]
)  # fmt: skip
RAW_TAG_ENDS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in RAW_TAGS}


@dataclass(eq=False)
class _Opening:
    """An opening on the stack: its kind ("{{", "[[", "[", "{|" or a tag's name) and place."""

    kind: str
    start: int
    size: int
    is_open: bool = True


class _Balancer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Opening] = []
        self.open_counts: dict[str, int] = {}
        self.line: list[_Opening] = []
        self.unpaired: list[_Opening] = []

    def push(self, kind: str, start: int, size: int) -> None:
        opening = _Opening(kind=kind, start=start, size=size)
        self.stack.append(opening)
        self.open_counts[kind] = self.open_counts.get(kind, 0) + 1
        if kind == "[":
            self.line.append(opening)

    def top(self) -> str:
        while self.stack and not self.stack[-1].is_open:
            self.stack.pop()
        return self.stack[-1].kind if self.stack else ""

    def is_open(self, kind: str) -> bool:
        return self.open_counts.get(kind, 0) > 0

    def close(self, kind: str) -> None:
        """Pair the nearest open ``kind``; what opened after it is left unpaired."""
        while self.stack:
            opening = self.stack.pop()
            if not opening.is_open:
                continue
            self._drop(opening)
            if opening.kind == kind:
                return
            self.unpaired.append(opening)

    def leave_unpaired(self, opening: _Opening) -> None:
        if opening.is_open:
            self._drop(opening)
            self.unpaired.append(opening)

    def _drop(self, opening: _Opening) -> None:
        opening.is_open = False
        self.open_counts[opening.kind] -= 1

    def run(self) -> str:
        text = self.text
        position = 0
        while match := TOKEN.search(text, position):
            position = match.end()
            if match["braces"]:
                self._braces(match.start(), match["braces"])
            elif match["brackets"]:
                self._brackets(match.start(), match["brackets"])
            elif match["table"]:
                position = self._table(match.start("table"), match["table"])
            elif match["newline"]:
                for opening in self.line:
                    self.leave_unpaired(opening)
                self.line.clear()
            elif match["name"]:
                position = self._tag(match)
        for opening in self.stack:
            self.leave_unpaired(opening)
        return self._written()

    def _braces(self, start: int, run: str) -> None:
        pairs = len(run) // 2
        if run[0] == "{":
            for pair in range(pairs):
                self.push("{{", start + 2 * pair, 2)
            return
        for _ in range(pairs):
            if not self.is_open("{{"):
                return
            self.close("{{")

    def _brackets(self, start: int, run: str) -> None:
        if run[0] == "[":
            if len(run) % 2:
                self.push("[", start, 1)
            for pair in range(len(run) // 2):
                self.push("[[", start + len(run) % 2 + 2 * pair, 2)
            return
        left = len(run)
        while left:
            if self.top() == "[":
                self.close("[")
                left -= 1
            elif left >= 2 and self.is_open("[["):
                self.close("[[")
                left -= 2
            else:
                return

    def _table(self, start: int, mark: str) -> int:
        """Open or close a table at ``start``; return where reading goes on."""
        if mark == "{|":
            self.push("{|", start, 2)
            return start + 2
        # "|}" closes a table, but in a template "|}}" is a bar and its end.
        is_template_end = self.top() == "{{" and self.text.startswith("}}", start + 1)
        if not self.is_open("{|") or is_template_end:
            return start + 1
        self.close("{|")
        return start + 2

    def _tag(self, match: re.Match[str]) -> int:
        """Pair a tag; return where reading goes on (past a raw tag's content)."""
        start, name = match.start(), match["name"].lower()
        if match["attributes"] is None:
            # A "<" and a name with no end, or an attribute's quote left open: the
            # parser would read on for its end.
            self.unpaired.append(_Opening(kind="<", start=start, size=1))
            return match.end()
        if match["single"] or name in SINGLE_TAGS:
            return match.end()
        if match["end"]:
            if self.is_open(name):
                self.close(name)
            return match.end()
        if name in RAW_TAGS:
            closing = RAW_TAG_ENDS[name].search(self.text, match.end())
            if closing is None:
                self.unpaired.append(_Opening(kind="<", start=start, size=1))
                return match.end()
            return closing.end()
        self.push(name, start, 1)
        return match.end()

    def _written(self) -> str:
        if not self.unpaired:
            return self.text
        text = self.text
        parts = []
        position = 0
        for opening in sorted(self.unpaired, key=lambda opening: opening.start):
            parts.append(text[position : opening.start])
            end = opening.start + opening.size
            parts.append("".join(ENTITIES[character] for character in text[opening.start : end]))
            position = end
        parts.append(text[position:])
        return "".join(parts)


def balance(text: str) -> str:
    """Return ``text`` with every opening that nothing closes written as entities."""
    return _Balancer(text).run()
