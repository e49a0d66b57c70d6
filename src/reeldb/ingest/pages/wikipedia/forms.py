"""Rendered articles: plain text (a dump, or a browser's copy) and saved HTML.

Both show the page as a reader sees it, so both are read by their rendered
structure: the headings, the infobox's label and value rows, the lead.
"""

from __future__ import annotations

import itertools
import re

from reeldb.ingest.pages.markup import HtmlPage
from reeldb.ingest.pages.wikipedia.article import (
    CAST_HEADINGS,
    PLOT_HEADINGS,
    SKIPPED_HEADINGS,
    Article,
    file_name,
    fold,
    set_infobox,
)
from reeldb.ingest.pages.wikipedia.infobox import ROW_FIELDS, infobox_key

BYLINE = "from wikipedia the free encyclopedia"
# A heading line: "== Plot ==", "Plot[edit]" (a browser's copy) or a bare "Plot".
TEXT_HEADING = re.compile(
    r"^(?:=+\s*(?P<marked>[^=]{1,80}?)\s*=+|(?P<edited>[^\[\]]{1,80}?)\s*\[\s*edit\s*\]"
    r"|(?P<bare>[A-ZÀ-Þ][^.!?:;,()\[\]]{0,50}))$"
)
# Sections articles have, by their folded heading: a bare line of text is a heading only if
# it names one of these, or starts with one of SECTION_STARTS ("Release and reception").
SECTION_STARTS = frozenset(
    {"plot", "cast", "production", "release", "reception", "development", "music", "legacy",
     "premise", "synopsis", "casting", "filming", "awards", "sequel", "sequels", "broadcast"}
)  # fmt: skip
SECTION_NAMES = (
    PLOT_HEADINGS
    | CAST_HEADINGS
    | SKIPPED_HEADINGS
    | frozenset(
        {"box office", "critical reception", "critical response", "soundtrack", "themes",
         "background", "marketing", "overview", "format", "controversy", "adaptations",
         "series overview", "accolades", "historical accuracy", "in popular culture"}
    )
)  # fmt: skip


def article_from_text(text: str) -> Article:
    """Split plain text into the lead and sections.

    A browser's "copy all" starts with the page title and Wikipedia's byline,
    and keeps headings as lines of their own ("Plot[edit]"); other dumps write
    them "== Plot ==" or bare ("Plot"). Marked headings are always taken; bare
    ones only when they name a section articles have, so that a cast line
    ("Salma Hayek as Carolina") is never mistaken for one. Where headings were
    stripped (as in seed 002), sections are the blocks between two or more
    blank lines, and the block after the lead that tells the story is the plot.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    page_title = ""
    for position, line in enumerate(lines[:4]):
        if fold(line) == BYLINE:
            page_title = next((x.strip() for x in reversed(lines[:position]) if x.strip()), "")
            lines = lines[position + 1 :]
            break
    lines, rows = _text_infobox(lines)
    named = [
        (i, heading)
        for i, line in enumerate(lines)
        if i > 0 and (heading := _text_heading(line.strip()))
    ]
    article = Article(page_title=page_title)
    set_infobox(article, rows)
    if named:
        article.lead = "\n".join(lines[: named[0][0]]).strip()
        bounds = [*named, (len(lines), "")]
        for (start, title), (end, _next) in itertools.pairwise(bounds):
            article.sections.append((title, "\n".join(lines[start + 1 : end]).strip()))
        return article
    text = "\n".join(lines).strip()
    blocks = [block.strip() for block in re.split(r"\n\s*\n\s*\n+", text) if block.strip()]
    article.lead = blocks[0] if blocks else ""
    for position, block in enumerate(blocks[1:]):
        article.sections.append(("Plot" if position == 0 and _is_story(block) else "", block))
    return article


def _text_infobox(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Take the infobox out of a browser's copy: "Directed by<TAB>Robert Rodriguez" rows.

    A row's other items follow on lines of their own ("Starring<TAB>Antonio
    Banderas", then "Salma Hayek"). The box starts at a row with a label
    infoboxes have; after it, any short label before a tab is a row too (so
    that a row reeldb does not map is still seen and reported), and the box's
    own headings ("Production", "Release") end a row without ending the box.
    When there is an infobox, the short lines before the lead (its title
    again, the poster's caption) are dropped too. Returns the remaining lines
    and the rows.
    """
    rows: list[tuple[str, list[str]]] = []
    kept: list[str] = []
    in_box = in_row = False
    for line in lines:
        label, tab, value = line.partition("\t")
        key = infobox_key(label)
        if tab and (key in TEXT_INFOBOX_LABELS or (in_box and _is_label(label))):
            rows.append((label.strip(), [item for item in [value.strip()] if item]))
            in_box = in_row = True
        elif in_box and not tab and key in TEXT_INFOBOX_HEADINGS:
            in_row = False
        elif in_row and line.strip() and not tab and _is_short(line):
            rows[-1][1].append(line.strip())
        else:
            in_box = in_row = False
            kept.append(line)
    if rows:
        while kept and (not kept[0].strip() or _is_short(kept[0])):
            kept.pop(0)
    return kept, rows


def _is_label(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) < 40 and not re.search(r"[.!?:;]\s|[.!?]$", text)


def _is_short(line: str) -> bool:
    """Tell an infobox item or caption from a sentence of prose."""
    line = line.strip()
    return len(line) < 80 and ". " not in line and not line.endswith(".")


def _text_heading(line: str) -> str:
    """Return the heading a line of plain text is, or "" when it is not one."""
    match = TEXT_HEADING.match(line)
    if match is None:
        return ""
    if match.group("marked") or match.group("edited"):
        return (match.group("marked") or match.group("edited")).strip()
    bare = match.group("bare").strip()
    key = fold(bare)
    if key in SECTION_NAMES or (key.split(" ")[0] in SECTION_STARTS and len(key.split()) <= 4):
        return bare
    return ""


def _is_story(block: str) -> bool:
    """Tell a plot from production notes: plots narrate in the present tense at length."""
    words = block.split()
    present = sum(
        1 for word in words if re.fullmatch(r"(?:is|are|has|tells|meets|kills|finds|\w+s)", word)
    )
    return len(words) > 120 and present / max(1, len(words)) > 0.05


# Where a saved page names its own Wikidata item: the script settings every
# page carries, or the sidebar's "Wikidata item" link (Special:EntityPage is
# used for nothing else). Other links to Wikidata may name other items.
WIKIDATA_ITEM = (
    re.compile(r'"wgWikibaseItemId"\s*:\s*"(Q[1-9]\d{0,11})"'),
    re.compile(r"wikidata\.org/wiki/Special:EntityPage/(Q[1-9]\d{0,11})\b"),
)


def wikidata_item(markup: str) -> str:
    """Return the Wikidata item a saved Wikipedia page is about ("Q1140578"), or ""."""
    for pattern in WIKIDATA_ITEM:
        if found := pattern.search(markup):
            return found[1]
    return ""


def article_from_html(html: HtmlPage) -> Article:
    """Read a saved Wikipedia page: its title, the ``table.infobox`` rows and the sections."""
    article = Article(page_title=re.sub(r"\s+[-–—]\s+Wikipedia.*$", "", html.head_title))
    sections = html.sections or [("", html.text)]
    article.lead = sections[0][1]
    article.sections = [section for section in sections[1:] if section[0]]
    rows = [
        (label, [item.strip() for item in re.split(r";\s*|\n", value) if item.strip()])
        for label, value in html.infobox
    ]
    set_infobox(article, rows)
    article.image_file = file_name(html.infobox_file)
    article.wikidata_id = wikidata_item(html.markup)
    return article


# The rendered infobox labels a copy of a page is read by: a row with any other
# label is text (a table in the article, a tab in a quotation), unless it follows
# one of these within the box.
TEXT_INFOBOX_LABELS = frozenset(ROW_FIELDS)
# The headings inside an infobox, which a copy keeps as lines of their own.
TEXT_INFOBOX_HEADINGS = frozenset(
    {"production", "release", "original release", "chronology", "related", "broadcast"}
)
