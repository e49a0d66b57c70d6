"""The HTML standard's categories of elements, as the tree builder's rules name them."""

from __future__ import annotations

import functools

HTML, SVG, MATHML = 0, 1, 2

VOID = frozenset(
    [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
        "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]
)  # fmt: skip
# Their text runs to their own end tag, with no tags in it.
RAW_TEXT = frozenset(
    ["script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Start tags that close an open <p> first.
CLOSES_P = HEADINGS | frozenset(
    [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main",
        "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "pre", "listing",
        "form", "hr", "xmp", "plaintext", "li", "dd", "dt",
    ]
)  # fmt: skip
# End tags that close the element they name when it is in scope.
BLOCK_END = frozenset(
    [
        "address", "article", "aside", "blockquote", "button", "center", "details", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
        "listing", "main", "menu", "nav", "ol", "pre", "search", "section", "summary", "ul",
        "dd", "dt", "select",
    ]
)  # fmt: skip
FORMATTING = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)
# Elements whose opening puts a marker in the list of active formatting elements.
# Their marker is cleared, with the formatting elements after it, when a cell or caption
# is closed or one of the others is closed by its own end tag; no other pop clears it.
MARKED = frozenset(["applet", "marquee", "object", "template", "td", "th", "caption"])
SPECIAL = frozenset(
    [
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound",
        "blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "dd",
        "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link",
        "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
        "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section",
        "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea",
        "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
    ]
)  # fmt: skip
DEFAULT_SCOPE = frozenset(
    ["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"]
)
TABLE_SCOPE = frozenset(["html", "table", "template"])
TABLE_SECTIONS = frozenset(["tbody", "thead", "tfoot"])
TABLE_PARTS = frozenset(["tr", "td", "th", "tbody", "thead", "tfoot", "caption", "colgroup"])
# What the tree builder's insertion mode follows in a table, nearest first.
TABLE_CONTEXT = ("table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup")
IGNORED_START = frozenset(["html", "head", "body"])
# Start tags after which a <frameset> no longer replaces the body (the standard's
# "frameset-ok" flag); an input turns it off unless it is hidden.
FRAMESET_NOT_OK = frozenset(
    [
        "body", "pre", "listing", "li", "dd", "dt", "button", "applet", "marquee", "object",
        "table", "area", "br", "embed", "img", "image", "keygen", "wbr", "hr", "textarea", "xmp",
        "iframe", "select", "input",
    ]
)  # fmt: skip
# Start tags before which the tree builder does not open again the formatting
# elements an end tag closed without naming; every other start tag, and text, does.
NO_RECONSTRUCT = (CLOSES_P - {"xmp"}) | TABLE_PARTS | IGNORED_START | frozenset(
    [
        "table", "template", "base", "basefont", "bgsound", "link", "meta", "noframes", "script",
        "style", "title", "textarea", "iframe", "noembed", "col", "hr", "param", "source",
        "track", "rb", "rtc", "rp", "rt",
    ]
)  # fmt: skip
# Closed by the standard's "generate implied end tags".
IMPLIED_END = frozenset(["dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"])
MATHML_TEXT = frozenset(["mi", "mo", "mn", "ms", "mtext"])
SVG_HTML_POINTS = frozenset(["foreignobject", "desc", "title"])
# Start tags that end SVG or MathML content and go back to HTML.
BREAKOUT = frozenset(
    [
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
        "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing",
        "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong",
        "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    ]
)  # fmt: skip


@functools.cache
def boundary_kinds(name: str, space: int) -> tuple[str, ...]:
    """Return the lists of positions an element belongs to: the scopes it bounds, its category.

    "html" holds HTML elements; "li" the special ones a new ``<li>`` does not
    look past (all but address, div and p).
    """
    if space != HTML:
        is_point = (space == MATHML and (name in MATHML_TEXT or name == "annotation-xml")) or (
            space == SVG and name in SVG_HTML_POINTS
        )
        return ("default", "special", "li") if is_point else ()
    kinds = ["html"]
    # An open select shields what is outside it: lexbor, after the standard's
    # customisable <select>, closes nothing beyond it.
    if name in DEFAULT_SCOPE or name == "select":
        kinds.append("default")
    if name == "button":
        kinds.append("button")
    if name in ("ol", "ul"):
        kinds.append("list")
    if name in TABLE_SCOPE:
        kinds.append("table")
    if name in SPECIAL:
        kinds.append("special")
        if name not in ("address", "div", "p"):
            kinds.append("li")
    return tuple(kinds)
