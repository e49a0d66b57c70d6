"""Wikitext, the articles' source, as a page's wikitext or an export's page.

mwparserfromhell parses it once: the first film or television infobox gives
its rows as items, then the text is cut at its level-2 headings. Every pass
over the parsed tree edits each list of nodes once, never searching the tree
for a node (``Wikicode.replace``, ``remove``, ``get_sections``' views): those
searches cost the tree's size each, the square of it for an article with
thousands of templates or line breaks.
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import Heading, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from reeldb.ingest.pages.documents import INFOBOX_KINDS
from reeldb.ingest.pages.wikipedia.article import Article, file_name
from reeldb.ingest.pages.wikipedia.brackets import balance
from reeldb.ingest.pages.wikipedia.infobox import infobox_key
from reeldb.ingest.pages.wikipedia.templates import RENDERED_TEMPLATES, render

LIST_TEMPLATES = frozenset(
    {
        "plainlist",
        "plain list",
        "ubl",
        "unbulleted list",
        "flatlist",
        "flat list",
        "hlist",
        "bulleted list",
        "collapsible list",
    }
)


def article_from_wikitext(text: str, page_title: str = "") -> Article:
    """Parse wikitext with mwparserfromhell: the first film or television infobox, then sections.

    References and comments are cut out before parsing: they are dropped from
    every field anyway, and their citation templates are most of the parsing
    an article would otherwise cost. Brackets nothing closes are written as
    text (``brackets.balance``), which keeps the parse linear in the text.
    """
    code = mwparserfromhell.parse(balance(_without_references(text)))
    article = Article(page_title=page_title)
    for template in code.filter_templates(recursive=False):
        name = re.sub(r"[_\s]+", " ", str(template.name).strip().lower())
        if name in INFOBOX_KINDS:
            article.infobox_kind = INFOBOX_KINDS[name]
            for param in template.params:
                if infobox_key(str(param.name)) == "image":
                    article.image_file = file_name(str(param.value))
                article.add_row(str(param.name), _wiki_items(param.value))
            code.remove(template)
            break
    _unwrap_inline(code)
    lead, *sections = _sections(code)
    article.lead = _plain(Wikicode(lead[1]))
    article.sections = [(heading, _plain(Wikicode(nodes))) for heading, nodes in sections]
    return article


def _sections(code: Wikicode) -> list[tuple[str, list[Node]]]:
    """Return the lead and each level-2 section as (heading, nodes), without their headings.

    They are cut as ``get_sections(levels=[2], include_lead=True)`` cuts
    them: the lead runs to the first heading, a section from its level-2
    heading to the next heading of level 2 or 1, its subheadings left out.
    """
    lead: list[Node] = []
    sections: list[tuple[str, list[Node]]] = [("", lead)]
    current: list[Node] | None = lead
    for node in code.nodes:
        if not isinstance(node, Heading):
            if current is not None:
                current.append(node)
        elif node.level <= 2:
            current = [] if node.level == 2 else None
            if current is not None:
                sections.append((node.title.strip_code().strip(), current))
        elif current is lead:
            current = None
    return sections


# Templates that only wrap their text, and which positional parameter is the text.
INLINE_TEMPLATES = {"nowrap": 0, "nobr": 0, "small": 0, "smaller": 0, "big": 0, "abbr": 0,
                    "lang": 1, "transl": 1, "ill": 0, "interlanguage link": 0, "nihongo": 0,
                    "nihongo2": 0, "korean": 0, "zh": 0, "script": 1, "noitalic": 0}  # fmt: skip
LANGUAGE_CODES = {"es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "ja": "Japanese", "pt": "Portuguese", "ru": "Russian", "zh": "Chinese",
                  "ko": "Korean", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
                  "nl": "Dutch", "pl": "Polish", "hi": "Hindi", "tr": "Turkish", "ar": "Arabic",
                  "fa": "Persian", "cs": "Czech", "hu": "Hungarian", "fi": "Finnish",
                  "el": "Greek", "he": "Hebrew", "ta": "Tamil", "te": "Telugu"}  # fmt: skip


def _without_references(text: str) -> str:
    """Return wikitext without its ``<ref>`` tags and ``<!-- comments -->``, in one linear pass."""
    out = []
    position = 0
    lowered = text.lower()
    while True:
        ref, comment = lowered.find("<ref", position), lowered.find("<!--", position)
        start = min(i for i in (ref, comment, len(text)) if i >= 0)
        out.append(text[position:start])
        if start == len(text):
            return "".join(out)
        if start == comment:
            end = lowered.find("-->", start + 4)
            position = len(text) if end < 0 else end + 3
            continue
        if lowered[start + 4 : start + 5] not in (">", " ", "\t", "\n", "/"):
            out.append(text[start : start + 4])  # <references />, <refname…>: not a ref
            position = start + 4
            continue
        tag_end = lowered.find(">", start)
        if tag_end < 0:
            return "".join(out)
        if lowered[tag_end - 1] == "/":
            position = tag_end + 1
            continue
        close = lowered.find("</ref", tag_end)
        close_end = lowered.find(">", close) if close >= 0 else -1
        # An unclosed <ref> loses only its tag, not the rest of the article.
        position = tag_end + 1 if close_end < 0 else close_end + 1


def _unwrap_inline(code: Wikicode) -> None:
    """Replace templates that only wrap text ("{{nowrap|$2 million}}", "{{lang-es|…}}") by it.

    ``strip_code`` drops every template, text and all; these hold words an
    article means to show. "{{lang-es|X}}" reads "Spanish: X" and "{{lit|X}}"
    "lit. X", as Wikipedia renders them. Each list of nodes in the tree is
    rebuilt once, the innermost first, so that a template kept inside
    another is unwrapped in it.
    """
    codes = [code]
    position = 0
    while position < len(codes):
        for node in codes[position].nodes:
            codes.extend(node.__children__())
        position += 1
    for each in reversed(codes):
        if any(isinstance(node, Template) for node in each.nodes):
            each.nodes = [kept for node in each.nodes for kept in _unwrapped(node)]


def _unwrapped(node: Node) -> list[Node]:
    """Return the nodes that stand for ``node``: a wrapping template's text, else itself."""
    if not isinstance(node, Template):
        return [node]
    name = str(node.name).strip().lower().replace("_", " ")
    positional = [p.value for p in node.params if not p.showkey]
    prefix = ""
    if name in INLINE_TEMPLATES:
        kept = positional[INLINE_TEMPLATES[name] : INLINE_TEMPLATES[name] + 1]
    elif name.startswith("lang-") or name == "langx":
        if name == "langx":
            code_name = str(positional[0]).strip().lower() if positional else ""
            kept = positional[1:2]
        else:
            code_name, kept = name[5:], positional[-1:]
        language = LANGUAGE_CODES.get(code_name)
        prefix = f"{language}: " if language else ""
    elif name in ("lit", "literally", "literal translation", "translation"):
        kept, prefix = positional[:1], "lit. "
    else:
        return _rendered(node, name)
    nodes: list[Node] = [Text(prefix)] if prefix else []
    for value in kept:
        nodes.extend(value.nodes)
    return nodes


def _rendered(template: Template, name: str) -> list[Node]:
    """Return the nodes of what a value template renders ("{{Runtime|118}}"), else the template."""
    if name not in RENDERED_TEMPLATES:
        return [template]
    positional = [str(p.value).strip() for p in template.params if not p.showkey]
    named = {
        str(p.name).strip().lower(): str(p.value).strip() for p in template.params if p.showkey
    }
    rendered = render(name, positional, named)
    if rendered is None:
        return [template]
    nodes: list[Node] = mwparserfromhell.parse(rendered).nodes
    return nodes


def _plain(code: Wikicode) -> str:
    code.nodes = [
        node
        for node in code.nodes
        if not (isinstance(node, Tag) and str(node.tag).lower() in ("ref", "references", "gallery"))
    ]
    text = code.strip_code(normalize=True, collapse=True)
    text = re.sub(r"\[\[(?:File|Image|Category):[^\]]*\]\]", "", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _wiki_items(value: Wikicode) -> list[str]:
    """Return the items of an infobox value: list templates, <br>-separated lines or bullets.

    Value templates ("{{Film date|…}}", "{{Runtime|118}}", "{{US$|63}} million")
    are written as Wikipedia renders them, so that the items read as a
    rendered page's do.
    """
    for template in value.filter_templates(recursive=False):
        name = str(template.name).strip().lower()
        if name in LIST_TEMPLATES:
            return [item for p in template.params if not p.showkey for item in _lines(p.value)]
    return _lines(value)


def _lines(code: Wikicode) -> list[str]:
    """Return the lines of a piece of wikitext as plain text, without its references.

    ``<br>`` and bullets end an item. The already-parsed nodes are edited in
    place rather than re-parsed line by line: parsing is most of the time an
    export takes, so each article is parsed once.
    """
    _unwrap_inline(code)
    nodes: list[Node] = []
    for node in code.nodes:
        name = str(node.tag).strip().lower() if isinstance(node, Tag) else ""
        if name == "br":
            nodes.append(Text("\n"))
        elif name != "ref":
            nodes.append(node)
    code.nodes = nodes
    text = code.strip_code(normalize=True, collapse=True)
    lines = (re.sub(r"\s+", " ", line).strip(" *#") for line in text.split("\n"))
    return [line for line in lines if line]
