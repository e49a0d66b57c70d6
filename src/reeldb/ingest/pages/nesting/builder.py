"""The tree builder's rules for opening and closing elements, applied tag by tag to the stack.

Each rule follows the HTML standard's "in body" insertion mode and the modes
a table, a select, a template or a frameset switch to, as far as they open
and close elements; text matters only for reopening formatting elements and
for the "frameset-ok" flag.
"""

from __future__ import annotations

from dataclasses import dataclass

from reeldb.ingest.pages.nesting.elements import (
    BLOCK_END,
    BREAKOUT,
    CLOSES_P,
    FORMATTING,
    FRAMESET_NOT_OK,
    HEADINGS,
    HTML,
    IGNORED_START,
    IMPLIED_END,
    MATHML,
    MATHML_TEXT,
    NO_RECONSTRUCT,
    RAW_TEXT,
    SVG,
    SVG_HTML_POINTS,
    TABLE_CONTEXT,
    TABLE_PARTS,
    TABLE_SECTIONS,
    VOID,
)
from reeldb.ingest.pages.nesting.stack import OpenElements
from reeldb.ingest.pages.nesting.tokens import (
    TAG,
    WHITESPACE,
    attributes,
    declaration_end,
    is_letter,
    raw_text_end,
)

# End tags that close the element they name when it is within these scopes.
SCOPED_END: dict[str, tuple[str, ...]] = {
    "p": ("default", "button"),
    "li": ("default", "list"),
    **dict.fromkeys(BLOCK_END, ("default",)),
}
MARKER_END = frozenset(["applet", "marquee", "object", "template"])
# A <font> with one of these leaves SVG or MathML; an annotation-xml with one of these
# encodings holds HTML.
FONT_BREAKOUT = frozenset(["color", "face", "size"])
HTML_ENCODINGS = ("text/html", "application/xhtml+xml")


@dataclass
class TreeBuilder:
    """One pass over the markup, each tag applied to the stack as the standard's builder would."""

    markup: str
    stack: OpenElements
    frameset_ok: bool = True
    in_frameset: bool = False

    def run(self) -> int:
        markup = self.markup
        position = 0
        while self.stack.deepest <= self.stack.limit:
            start = markup.find("<", position)
            if start < 0:
                break
            if start > position:
                self._text(markup[position:start])
            position = self._token(start)
            if position < 0:
                break
        return self.stack.deepest

    def _text(self, text: str) -> None:
        stack = self.stack
        if self.in_frameset or stack.top() in stack.column_templates:
            return
        if text.strip(WHITESPACE):
            self.frameset_ok = False
        if stack.top_space() == HTML or self._is_integration_point(stack.top()):
            stack.reconstruct()

    def _token(self, start: int) -> int:
        """Read the token at ``start``; return where the next one may start, or -1 at the end."""
        markup = self.markup
        following = markup[start + 1 : start + 2]
        if following in ("!", "?") or (
            following == "/" and not is_letter(markup[start + 2 : start + 3])
        ):
            return declaration_end(markup, start, is_foreign=self.stack.top_space() != HTML)
        if following != "/" and not is_letter(following):
            self._text("<")
            return start + 1
        match = TAG.match(markup, start)
        if match is None:
            return -1  # a tag the file ends in: the standard drops it
        is_end, name, attributes_text, self_closing = match.groups()
        if is_end:
            self._end_tag(name.lower())
            return match.end()
        return self._start_tag(name.lower(), attributes_text, bool(self_closing), match.end())

    # -- start tags ---------------------------------------------------------------------

    def _start_tag(self, name: str, attributes_text: str, self_closing: bool, end: int) -> int:
        stack = self.stack
        if self.in_frameset:
            return self._frameset_start_tag(name, end)
        if stack.top_name() == "template" and name == "col":
            # A template's content becomes a column group, which drops other tags.
            stack.column_templates.add(stack.top())
            return end
        if stack.top() in stack.column_templates and name != "template":
            return end
        space = stack.top_space()
        if space != HTML and not self._is_html_here(name):
            found = attributes(attributes_text) if name in ("font", "annotation-xml") else {}
            if name not in BREAKOUT and not (name == "font" and found.keys() & FONT_BREAKOUT):
                if not self_closing:
                    is_point = (space == SVG and name in SVG_HTML_POINTS) or (
                        name == "annotation-xml"
                        and found.get("encoding", "").lower() in HTML_ENCODINGS
                    )
                    stack.push(name, space, is_html_point=is_point)
                return end
            while stack.top_space() != HTML and not self._is_integration_point(stack.top()):
                stack.pop()
        return self._html_start_tag(name, attributes_text, self_closing, end)

    def _frameset_start_tag(self, name: str, end: int) -> int:
        """Read a start tag in a page of frames, which holds framesets, frames and nothing else."""
        stack = self.stack
        if not self.in_frameset:
            # The frameset replaces the body and all that is open in it.
            stack.pop_to(0)
            self.in_frameset = True
            stack.push(name)
        elif name == "frameset" and stack.top_name() == "frameset":
            stack.push(name)
        elif name == "noframes":
            return raw_text_end(self.markup, name, end)
        return end

    def _is_html_here(self, name: str) -> bool:
        """Tell whether a start tag in SVG or MathML is read as HTML: at an integration point."""
        stack = self.stack
        top = stack.top()
        current, space = stack.names[top], stack.spaces[top]
        if space == MATHML and current in MATHML_TEXT:
            return name not in ("mglyph", "malignmark")
        if space == MATHML and current == "annotation-xml" and name == "svg":
            return True
        return stack.html_points[top]

    def _is_integration_point(self, index: int) -> bool:
        if index < 0:
            return False
        stack = self.stack
        is_text_point = stack.spaces[index] == MATHML and stack.names[index] in MATHML_TEXT
        return is_text_point or stack.html_points[index]

    def _html_start_tag(self, name: str, attributes_text: str, self_closing: bool, end: int) -> int:
        """Apply a start tag's rules in HTML content; return where the next token may start."""
        if name == "frameset":
            return self._frameset_start_tag(name, end) if self.frameset_ok else end
        if name in FRAMESET_NOT_OK and not (
            name == "input" and attributes(attributes_text).get("type", "").lower() == "hidden"
        ):
            self.frameset_ok = False
        if name in IGNORED_START or not self._close_before(name):
            return end
        if name not in NO_RECONSTRUCT:
            self.stack.reconstruct()
        return self._insert(name, attributes_text, self_closing, end)

    def _insert(self, name: str, attributes_text: str, self_closing: bool, end: int) -> int:
        stack = self.stack
        if name in VOID:
            return end
        if name in RAW_TEXT or name == "plaintext":
            stack.push(name)
            if name == "plaintext":
                return -1  # the rest of the page is its text
            stack.pop()
            return raw_text_end(self.markup, name, end)
        if name in ("svg", "math"):
            if not self_closing:
                stack.push(name, SVG if name == "svg" else MATHML)
        elif name in TABLE_PARTS:
            self._table_part(name)
        else:
            index = stack.push(name)
            if name == "form":
                stack.form = index
            if name in FORMATTING:
                stack.add_formatting(name, f"{name} {' '.join(attributes_text.split())}", index)
        return end

    def _close_before(self, name: str) -> bool:
        """Close what a start tag ``name`` closes before it opens; False when it opens nothing."""
        stack = self.stack
        if name == "form" and stack.form >= 0 and stack.last("template") < 0:
            return False
        if name in CLOSES_P:
            self._close_list_item(name)
            if stack.in_scope(stack.last("p"), "default", "button"):
                stack.pop_to(stack.last("p"))
            if name in HEADINGS and stack.top_name() in HEADINGS:
                stack.pop()
        elif name in ("select", "input") and stack.in_scope(stack.last("select"), "default"):
            # A select closes an open one instead of nesting in it; an input leaves it.
            stack.pop_to(stack.last("select"))
            return name == "input"
        else:
            self._close_sibling(name)
        return True

    def _close_sibling(self, name: str) -> None:
        """Close the open element a button, option, link, ruby part or table replaces."""
        stack = self.stack
        if name == "button" and stack.in_scope(stack.last("button"), "default"):
            stack.pop_to(stack.last("button"))
        elif name in ("option", "optgroup"):
            if stack.top_name() == "option":
                stack.pop()
            if name == "optgroup" and stack.top_name() == "optgroup" and stack.last("select") >= 0:
                stack.pop()
        elif name == "a" and (active := stack.segments[-1].last("a")) is not None:
            stack.adopt("a")
            slot = active.group.root().slot
            if not active.is_removed and slot >= 0 and stack.weights[slot] == 1:
                stack.remove(slot)
            stack.forget(active)
        elif name == "nobr" and stack.in_scope(stack.last("nobr"), "default"):
            stack.adopt("nobr")
        elif name in ("rb", "rtc", "rp", "rt") and stack.in_scope(stack.last("ruby"), "default"):
            kept = "rtc" if name in ("rp", "rt") else ""
            while stack.top_name() in IMPLIED_END and stack.top_name() != kept:
                stack.pop()
        elif name == "table" and self._table_mode() not in ("", "td", "th", "caption"):
            # In a table but outside its cells and caption, a table ends the open one.
            stack.pop_to(stack.last("table"))

    def _close_list_item(self, name: str) -> None:
        """Close the open ``<li>`` (or ``<dd>``, ``<dt>``) that a new one ends."""
        stack = self.stack
        if name == "li":
            index = stack.last("li")
        elif name in ("dd", "dt"):
            index = max(stack.last("dd"), stack.last("dt"))
        else:
            return
        if index >= 0 and index >= stack.boundary("li"):
            stack.pop_to(index)

    def _close_cell(self) -> None:
        """Close the open cell or caption of a table, and its formatting elements with it."""
        stack = self.stack
        cell = max(stack.last("td"), stack.last("th"), stack.last("caption"))
        if stack.in_scope(cell, "table"):
            stack.pop_to(cell)
            stack.clear_to_marker()

    def _table_mode(self) -> str:
        """Return the nearest open table part, which decides how tags in a table are read."""
        stack = self.stack
        nearest = max(stack.last(part) for part in TABLE_CONTEXT)
        if nearest < 0 or nearest < stack.last("template"):
            return ""
        return stack.names[nearest]

    def _table_part(self, name: str) -> None:
        """Open a row, cell or section, closing the one it follows; outside a table, nothing."""
        stack = self.stack
        table = stack.last("table")
        if table < 0 or table < stack.last("template"):
            return
        self._close_cell()
        if name in ("caption", "colgroup"):
            stack.pop_to(table + 1)
            stack.push(name)
            return
        # What the table holds outside its cells (foster-parented) is closed first.
        parts = ("table", "tr", "colgroup", *TABLE_SECTIONS)
        stack.pop_to(1 + max(stack.last(part) for part in parts))
        if stack.top_name() == "colgroup":
            stack.pop()
        if name == "tr":
            if stack.top_name() == "tr":
                stack.pop()
            if stack.top_name() == "table":
                stack.push("tbody")
        elif name in TABLE_SECTIONS:
            if stack.top_name() == "tr":
                stack.pop()
            if stack.top_name() in TABLE_SECTIONS:
                stack.pop()
        else:
            if stack.top_name() == "table":
                stack.push("tbody")
            if stack.top_name() in TABLE_SECTIONS:
                stack.push("tr")
        stack.push(name)

    # -- end tags -----------------------------------------------------------------------

    def _end_tag(self, name: str) -> None:
        stack = self.stack
        if self.in_frameset:
            if name == "frameset" and stack.top_name() == "frameset":
                stack.pop()
            return
        if stack.top() in stack.column_templates and name != "template":
            return
        if stack.top_space() != HTML and name not in ("p", "br"):
            # SVG and MathML close the nearest element of the name above any HTML one.
            index = max(stack.last(name, SVG), stack.last(name, MATHML))
            if index > stack.boundary("html"):
                stack.pop_to(index)
                return
        elif stack.top_space() != HTML:
            while stack.top_space() != HTML and not self._is_integration_point(stack.top()):
                stack.pop()
        self._html_end_tag(name)

    def _html_end_tag(self, name: str) -> None:
        stack = self.stack
        if name == "br":
            self._html_start_tag(name, "", False, 0)  # the standard reads "</br>" as "<br>"
        elif name in SCOPED_END or name in HEADINGS:
            self._scoped_end_tag(name)
        elif name == "table" or name in TABLE_PARTS:
            self._table_end_tag(name)
        elif name in MARKER_END or name in ("form", "dialog"):
            self._block_end_tag(name)
        elif name not in ("html", "body") and not (name in FORMATTING and stack.adopt(name)):
            # Any other end tag closes the nearest element of its name, unless an
            # element of the special category is nearer.
            index = stack.last(name)
            if index >= 0 and stack.boundary("special") <= index:
                stack.pop_to(index)

    def _scoped_end_tag(self, name: str) -> None:
        """Close the element named, or for a heading the nearest heading, if in scope."""
        stack = self.stack
        scopes = SCOPED_END.get(name, ("default",))
        if name in HEADINGS:
            index = max(stack.last(heading) for heading in HEADINGS)
        else:
            index = stack.last(name)
        if stack.in_scope(index, *scopes):
            stack.pop_to(index)

    def _block_end_tag(self, name: str) -> None:
        """Close a form, an applet, marquee, object or template, or a dialog."""
        stack = self.stack
        index = stack.last(name)
        if name == "form":
            if stack.in_scope(stack.form, "default"):
                stack.remove(stack.form)
            stack.form = -1
        elif name == "dialog":
            # The one element of these not of the special category: the adoption
            # agency may have taken it off the stack, which is assumed when such a
            # block stands above it.
            if stack.in_scope(index, "default") and stack.boundary("special") < index:
                stack.pop_to(index)
        elif stack.in_scope(index, "default") or (name == "template" and index >= 0):
            stack.pop_to(index)
            stack.clear_to_marker()

    def _table_end_tag(self, name: str) -> None:
        stack = self.stack
        index = stack.last(name)
        if not stack.in_scope(index, "table"):
            return
        if name in ("td", "th", "caption"):
            stack.pop_to(index)
            stack.clear_to_marker()
            return
        self._close_cell()
        if stack.in_scope(stack.last(name), "table"):
            stack.pop_to(stack.last(name))


def html_depth(markup: str, *, limit: int) -> int:
    """Return how many elements deep ``markup`` nests, counting no further than past ``limit``.

    The count stops at ``limit + 1``: a page that nests deeper is too deep,
    and its remaining tags are not read.
    """
    return TreeBuilder(markup, OpenElements(limit)).run()
