"""Read saved HTML: its text, its embedded data and the ids its links carry.

The IMDb extractor reads a page's text by its labels ("Director:", "Budget:");
HTML gives it more to go on. Label cells get a colon when they lack one (the
reference view and today's pages write "Country of origin" without), links
to ``/name/nm…`` and ``/title/tt…`` tell which words are a person or a title
and their IMDb ids, and newer pages embed JSON-LD and the page's own data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.text import squash

NAME_LINK = re.compile(r"/name/(nm\d{7,10})")
TITLE_LINK = re.compile(r"/title/(tt\d{7,10})")
LABEL_SELECTOR = (
    "h4.inline, h5, th, dt, td.label, td.ipl-zebra-list__label, "
    ".ipc-metadata-list-item__label, span.label"
)


@dataclass
class HtmlPage:
    """What an HTML document holds beyond its text."""

    text: str
    head_title: str
    canonical_url: str = ""
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    next_data: dict[str, Any] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    infobox: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    is_complete: bool = True
    # The picture the page offers link previews (og:image), and the file a
    # Wikipedia infobox shows ("Desperado poster.jpg", without "File:").
    og_image: str = ""
    infobox_file: str = ""
    # The markup itself: ``text`` comes from a tree whose labels and scripts
    # were rewritten, and a structure reader parses the original again.
    markup: str = field(default="", repr=False)


def parse_html(markup: str) -> HtmlPage:
    """Return the text, embedded data and link ids of an HTML page."""
    tree = LexborHTMLParser(markup)
    page = HtmlPage(text="", head_title="", markup=markup)
    title_node = tree.css_first("title")
    page.head_title = squash(title_node.text()) if title_node else ""
    for selector in ('link[rel="canonical"]', 'meta[property="og:url"]'):
        node = tree.css_first(selector)
        if node is not None:
            page.canonical_url = node.attributes.get("href") or node.attributes.get("content") or ""
            break
    for script in tree.css('script[type="application/ld+json"]'):
        page.json_ld.extend(_json_objects(script.text()))
    next_script = tree.css_first("script#__NEXT_DATA__")
    if next_script is not None:
        loaded = _json_objects(next_script.text())
        page.next_data = loaded[0] if loaded else {}
    for anchor in tree.css("a[href]"):
        href = anchor.attributes.get("href") or ""
        text = fold(anchor.text())
        if not text:
            continue
        if match := NAME_LINK.search(href):
            page.people.setdefault(text, match.group(1))
        elif match := TITLE_LINK.search(href):
            page.titles.setdefault(text, match.group(1))
    og_image = tree.css_first('meta[property="og:image"]')
    page.og_image = (og_image.attributes.get("content") or "") if og_image is not None else ""
    page.infobox_file = _infobox_file(tree)
    page.infobox = _infobox(tree)
    page.sections = _sections(tree)
    for node in tree.css("script, style, noscript, template, svg"):
        node.decompose()
    for label in tree.css(LABEL_SELECTOR):
        text = label.text().strip()
        if text and not text.endswith(":") and len(text) < 40:
            label.replace_with(f" {text}: ")
    body = tree.body or tree.root
    page.text = squash(_text_with_breaks(body)) if body is not None else ""
    page.is_complete = bool(re.search(r"</(?:html|body)\s*>", markup[-5000:], re.IGNORECASE))
    return page


def _text_with_breaks(node: LexborNode) -> str:
    return node.text(separator=" ", strip=False)


def _json_objects(raw: str) -> list[dict[str, Any]]:
    try:
        loaded = json.loads(raw)
    except ValueError:
        return []
    if isinstance(loaded, dict):
        graph = loaded.get("@graph")
        return (
            [item for item in graph if isinstance(item, dict)]
            if isinstance(graph, list)
            else [loaded]
        )
    if isinstance(loaded, list):
        return [item for item in loaded if isinstance(item, dict)]
    return []


def _infobox_file(tree: LexborHTMLParser) -> str:
    """Return the name of the file a Wikipedia infobox shows, or "" when it shows none."""
    link = tree.css_first('table.infobox a[href*="/wiki/File:"]')
    href = (link.attributes.get("href") or "") if link is not None else ""
    name = href.partition("/wiki/File:")[2].split("#")[0].split("?")[0]
    return unquote(name).replace("_", " ").strip()


def _infobox(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    """Return a Wikipedia infobox's rows as (label, value); a value's line breaks become "; "."""
    table = tree.css_first("table.infobox")
    if table is None:
        return []
    rows = []
    for row in table.css("tr"):
        header = row.css_first("th")
        value = row.css_first("td")
        if header is None or value is None:
            continue
        for br in header.css("br"):
            br.replace_with(" ")  # "Production<br>company" is one label of two words
        for br in value.css("br"):
            br.replace_with("; ")
        for item in value.css("li"):
            item.insert_after("; ")
        for note in value.css("sup"):
            note.decompose()
        rows.append((squash(header.text()), squash(value.text(separator=" ")).strip("; ")))
    return rows


def _sections(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    """Return a Wikipedia article's text as (heading, text) sections; the lead has heading ""."""
    content = tree.css_first(".mw-parser-output") or tree.css_first("#mw-content-text")
    if content is None:
        return []
    sections: list[tuple[str, list[str]]] = [("", [])]
    for node in content.iter():
        tag = node.tag
        if tag in ("h2", "h3") or (
            tag == "div" and "mw-heading" in (node.attributes.get("class") or "")
        ):
            heading = squash(node.text()).removesuffix("[edit]").strip()
            sections.append((heading, []))
            continue
        # The mobile site wraps each section's paragraphs in a <section>.
        if tag in ("div", "section") and "mw-heading" not in (node.attributes.get("class") or ""):
            for child in node.iter():
                if child.tag in ("p", "ul", "ol"):
                    sections[-1][1].append(_block_text(child))
            continue
        if tag in ("p", "ul", "ol"):
            sections[-1][1].append(_block_text(node))
    return [(heading, "\n\n".join(part for part in parts if part)) for heading, parts in sections]


def _block_text(node: LexborNode) -> str:
    for note in node.css("sup.reference, sup"):
        note.decompose()
    if node.tag in ("ul", "ol"):
        return "\n".join(squash(item.text()) for item in node.css("li"))
    return squash(node.text())
