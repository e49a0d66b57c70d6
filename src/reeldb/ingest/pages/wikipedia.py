"""Wikipedia articles about films and series, as plain text, HTML or wikitext.

Each form is first reduced to the same ``Article``: the lead, the sections
under their headings, and the infobox's rows as lists of items. One reader
then takes the facts from it: the lead sentence ("Desperado is a 1995
American action thriller film written and directed by Robert Rodriguez"),
the infobox, the plot section as the synopsis, the cast list and the cast as
the plot writes it ("Carolina (Salma Hayek)"), sequel and series relations,
and the remaining sections as production notes.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.wikicode import Wikicode

from reeldb.catalog.folding import fold as fold_text
from reeldb.ingest.pages.markup import HtmlPage
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    Dated,
    DocumentForm,
    DocumentKind,
    Link,
    Membership,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    TitleRef,
)
from reeldb.ingest.pages.text import parse_date, parse_int, parse_money, parse_runtime

LEAD_SENTENCE = re.compile(
    r"^(?P<title>[^.]{1,200}?)(?:\s*\([^)]*\))?\s+(?:is|was)\s+(?:an?|the)\s+(?P<words>[^.]*?)"
    r"\b(?P<kind>film|movie|(?:television|tv|streaming|web)\s+"
    r"(?:mini-?series|series|sitcom|drama|show|programme|program)"
    r"|mini-?series|sitcom|soap opera|anime series|animated series)\b(?P<rest>[^.]*)",
    re.IGNORECASE,
)
BYLINE = "from wikipedia the free encyclopedia"
# A heading line: "== Plot ==", "Plot[edit]" (a browser's copy) or a bare "Plot".
TEXT_HEADING = re.compile(
    r"^(?:=+\s*(?P<marked>[^=]{1,80}?)\s*=+|(?P<edited>[^\[\]]{1,80}?)\s*\[\s*edit\s*\]"
    r"|(?P<bare>[A-ZÀ-Þ][^.!?:;,()\[\]]{0,50}))$"
)
PLOT_HEADINGS = frozenset({"plot", "synopsis", "premise", "plot summary", "summary", "story"})
CAST_HEADINGS = frozenset({"cast", "cast and characters", "main cast", "characters", "starring"})
SKIPPED_HEADINGS = frozenset(
    {"references", "external links", "see also", "notes", "further reading", "bibliography",
     "footnotes", "sources", "citations", "episodes", "home media", "accolades"}
)  # fmt: skip
# Sections articles have, by their folded heading: a bare line of text is a heading only if
# it names one of these, or starts with one of SECTION_STARTS ("Release and reception").
SECTION_STARTS = frozenset(
    {"plot", "cast", "production", "release", "reception", "development", "music", "legacy",
     "premise", "synopsis", "casting", "filming", "awards", "sequel", "sequels", "broadcast"}
)  # fmt: skip
GENRE_WORDS: dict[str, str] = {
    "action": "Action", "adventure": "Adventure", "animated": "Animation", "animation": "Animation",
    "biographical": "Biography", "biopic": "Biography", "comedy": "Comedy", "comedic": "Comedy",
    "crime": "Crime", "documentary": "Documentary", "drama": "Drama", "dramatic": "Drama",
    "family": "Family", "fantasy": "Fantasy", "noir": "Film-Noir", "historical": "History",
    "horror": "Horror", "musical": "Musical", "music": "Music", "mystery": "Mystery",
    "romantic": "Romance", "romance": "Romance", "science fiction": "Sci-Fi", "sci-fi": "Sci-Fi",
    "sports": "Sport", "sport": "Sport", "thriller": "Thriller", "war": "War", "western": "Western",
    "superhero": "Action", "satirical": "Comedy", "sitcom": "Comedy", "teen": "Drama",
}  # fmt: skip
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
PERSON_NAME = (
    r"[A-ZÀ-Þ][\w.'’-]*(?:\s+(?:[A-ZÀ-Þ][\w.'’-]*|de|da|del|van|von|der|di|du|la|le|dos|y))*"
    r"(?:,? Jr\.|,? Sr\.)?"
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
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


# Credits are matched by folded name, each against all before it: a cache keeps
# that from folding the same few names thousands of times in a large export.
fold = functools.lru_cache(maxsize=8192)(fold_text)


@dataclass
class Article:
    """An article reduced to its parts, whatever form it came in."""

    page_title: str = ""
    lead: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    infobox: dict[str, list[str]] = field(default_factory=dict)
    infobox_kind: str = ""
    release: list[Dated] = field(default_factory=list)


def lead_match(text: str) -> re.Match[str] | None:
    """Match the lead sentence of an article about a film or a series."""
    return LEAD_SENTENCE.match(first_sentence(text.strip()[:2000]))


# A stop that ends no sentence: after an abbreviation ("lit.", "Jr.") or an initial.
ABBREVIATION = re.compile(r"(?:\b(?:lit|Jr|Sr|Dr|Mr|Mrs|Ms|St|vs|c|ca|No|Vol)|\b[A-ZÀ-Þ])$")


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text``; a stop inside parentheses ends none.

    "La noche del faro (lit. The Night of the Lighthouse) is a 2004 film." is
    one sentence, as are "Albert Michel, Jr. stars" and "directed by J. R. Hale".
    """
    depth = 0
    for match in re.finditer(r"[()]|\.(?=\s|$)", text):
        mark = match.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not ABBREVIATION.search(text[: match.start()]):
            return text[: match.start()]
    return text


def detect_kind(article: Article) -> DocumentKind | None:
    """Tell a film article from a series article, by the infobox or else the lead sentence."""
    if article.infobox_kind:
        return (
            DocumentKind.WIKIPEDIA_SERIES
            if article.infobox_kind == "television"
            else DocumentKind.WIKIPEDIA_FILM
        )
    match = lead_match(article.lead)
    if match is None:
        return None
    kind = match.group("kind").lower()
    return (
        DocumentKind.WIKIPEDIA_FILM if kind in ("film", "movie") else DocumentKind.WIKIPEDIA_SERIES
    )


# Forms -----------------------------------------------------------------------------------


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
    _set_infobox(article, rows)
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
    Banderas", then "Salma Hayek"). When there is an infobox, the short lines
    before the lead (its title again, the poster's caption) are dropped too.
    Returns the remaining lines and the rows.
    """
    rows: list[tuple[str, list[str]]] = []
    kept: list[str] = []
    in_row = False
    for line in lines:
        label, tab, value = line.partition("\t")
        if tab and _infobox_key(label) in TEXT_INFOBOX_LABELS:
            rows.append((label.strip(), [item for item in [value.strip()] if item]))
            in_row = True
        elif in_row and line.strip() and not tab and _is_short(line):
            rows[-1][1].append(line.strip())
        else:
            in_row = False
            kept.append(line)
    if rows:
        while kept and (not kept[0].strip() or _is_short(kept[0])):
            kept.pop(0)
    return kept, rows


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


RELEASE_LABELS = frozenset(
    {"release dates", "release date", "original release", "released", "release"}
)
# Rows only a television infobox has.
SERIES_LABELS = frozenset(
    {"no. of seasons", "no. of series", "no. of episodes", "original network", "network",
     "created by", "original release"}
)  # fmt: skip


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
    _set_infobox(article, rows)
    return article


def _set_infobox(article: Article, rows: list[tuple[str, list[str]]]) -> None:
    """Fill the article's infobox from rendered rows (HTML or a copy of it), and its kind."""
    for label, items in rows:
        article.infobox[_infobox_key(label)] = items
        if _infobox_key(label) in RELEASE_LABELS:
            article.release = [dated for item in items for dated in _dated(item)]
    if rows:
        is_series = SERIES_LABELS & set(article.infobox)
        article.infobox_kind = "television" if is_series else "film"


def article_from_wikitext(text: str, page_title: str = "") -> Article:
    """Parse wikitext with mwparserfromhell: the first film or television infobox, then sections.

    References and comments are cut out before parsing: they are dropped from
    every field anyway, and their citation templates are most of the parsing
    an article would otherwise cost.
    """
    code = mwparserfromhell.parse(_without_references(text))
    article = Article(page_title=page_title)
    for template in code.filter_templates(recursive=False):
        name = str(template.name).strip().lower().replace("_", " ")
        if name.startswith("infobox film") or name.startswith("infobox television"):
            article.infobox_kind = "film" if "film" in name else "television"
            for param in template.params:
                key = _infobox_key(str(param.name))
                dates = _wiki_dates(param.value) if key in WIKITEXT_RELEASE_KEYS else []
                article.infobox[key] = _wiki_items(param.value)
                if key in WIKITEXT_RELEASE_KEYS:
                    # "| released = 25 August 1995" is written out without a template too.
                    items = article.infobox[key]
                    article.release += dates or [d for item in items for d in _dated(item)]
            code.remove(template)
            break
    _unwrap_inline(code)
    sections = code.get_sections(levels=[2], include_lead=True, include_headings=True)
    for position, section in enumerate(sections):
        headings = section.filter_headings(recursive=False)
        heading = headings[0].title.strip_code().strip() if headings else ""
        for node in headings:
            section.remove(node)
        body = _plain(section)
        if position == 0 and not heading:
            article.lead = body
        else:
            article.sections.append((heading, body))
    return article


WIKITEXT_RELEASE_KEYS = frozenset(
    {"released", "release date", "release dates", "first aired", "last aired"}
)
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
    "lit. X", as Wikipedia renders them.
    """
    for template in reversed(code.filter_templates(recursive=True)):
        name = str(template.name).strip().lower().replace("_", " ")
        positional = [p.value for p in template.params if not p.showkey]
        prefix = ""
        if name in INLINE_TEMPLATES:
            kept = positional[INLINE_TEMPLATES[name] : INLINE_TEMPLATES[name] + 1]
        elif name.startswith("lang-") or name == "langx":
            code_name = name[5:] if name != "langx" else str(positional[0]).strip().lower()
            kept = positional[-1:] if name != "langx" else positional[1:2]
            language = LANGUAGE_CODES.get(code_name)
            prefix = f"{language}: " if language else ""
        elif name in ("lit", "literally", "literal translation", "translation"):
            kept, prefix = positional[:1], "lit. "
        else:
            continue
        replacement = mwparserfromhell.parse(prefix)
        for value in kept:
            replacement.append(value)
        try:
            code.replace(template, replacement)
        except ValueError:
            continue


def _infobox_key(label: str) -> str:
    return re.sub(r"[_\s]+", " ", label.strip().lower())


def _plain(code: Wikicode) -> str:
    for tag in code.filter_tags(recursive=False):
        if str(tag.tag).lower() in ("ref", "references", "gallery"):
            try:
                code.remove(tag)
            except ValueError:
                continue
    text = code.strip_code(normalize=True, collapse=True)
    text = re.sub(r"\[\[(?:File|Image|Category):[^\]]*\]\]", "", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _wiki_items(value: Wikicode) -> list[str]:
    """Return the items of an infobox value: list templates, <br>-separated lines or bullets."""
    for template in value.filter_templates(recursive=False):
        name = str(template.name).strip().lower()
        if name in LIST_TEMPLATES:
            return [item for p in template.params if not p.showkey for item in _lines(p.value)]
        if name in ("us$", "usd"):
            return ["$" + str(template.params[0].value).strip()] if template.params else []
        if name.startswith(("film date", "start date", "end date")):
            dates = _wiki_dates(value)
            return [d.date.isoformat() for d in dates]
    return _lines(value)


def _lines(code: Wikicode) -> list[str]:
    """Return the lines of a piece of wikitext as plain text, without its references.

    ``<br>`` and bullets end an item. The already-parsed nodes are edited in
    place rather than re-parsed line by line: parsing is most of the time an
    export takes, so each article is parsed once.
    """
    _unwrap_inline(code)
    for tag in code.filter_tags(recursive=False):
        name = str(tag.tag).strip().lower()
        if name in ("br", "ref"):
            code.replace(tag, "\n" if name == "br" else "")
    text = code.strip_code(normalize=True, collapse=True)
    lines = (re.sub(r"\s+", " ", line).strip(" *#") for line in text.split("\n"))
    return [line for line in lines if line]


def _wiki_dates(value: Wikicode) -> list[Dated]:
    dates = []
    for template in value.filter_templates(recursive=True):
        name = str(template.name).strip().lower()
        if not name.startswith(("film date", "start date", "end date", "release date")):
            continue
        numbers = [str(p.value).strip() for p in template.params if not p.showkey]
        for position in range(0, len(numbers), 4):
            parts = numbers[position : position + 4]
            try:
                year, month, day = int(parts[0]), int(parts[1] or 1), int(parts[2] or 1)
                dates.append(
                    Dated(
                        country=_plain(mwparserfromhell.parse(parts[3])) if len(parts) > 3 else "",
                        date=datetime.date(year, month, day),
                    )
                )
            except (ValueError, IndexError):
                break
    return dates


def _dated(item: str) -> list[Dated]:
    """Return the dates of an HTML infobox item: "14 May 1987 (1987-05-14) (Cannes)".

    The ISO date in parentheses is the hidden microformat copy of the date, not
    a place; a range ("4 March 2011 – 1 June 2015") gives both ends.
    """
    dates = []
    for part in re.split(r"\s+[–—-]\s+|\s+to\s+", item):
        date = parse_date(part)
        if date is None:
            continue
        places = re.findall(r"\(([^()]+)\)", re.sub(r"\(\s*\d{4}-\d\d-\d\d\s*\)", "", part))
        dates.append(Dated(country=places[-1].strip() if places else "", date=date))
    return dates


# Facts -------------------------------------------------------------------------------------


def extract(article: Article, kind: DocumentKind, form: DocumentForm) -> PageExtraction:
    """Return everything ``article`` states about its film or series."""
    match = lead_match(article.lead)
    title = _title(article, match)
    extraction = PageExtraction(
        kind=kind, form=form, title=title, wikipedia_page=article.page_title
    )
    extraction.title_type = "movie" if kind is DocumentKind.WIKIPEDIA_FILM else "tvSeries"
    if match:
        _lead_facts(match, article.lead.split("\n\n")[0], extraction)
        _lead_titles(match.group("title"), match.group(0), extraction)
    _infobox_facts(article, extraction)
    sections = [(fold(heading), heading, body) for heading, body in article.sections]
    # The cast list goes first: it bills the cast in order and names characters in
    # full ("Maud Lowe"), where the plot often says "Maud".
    cast = next((body for key, _heading, body in sections if key in CAST_HEADINGS and body), "")
    if cast:
        _cast_list(cast, extraction)
    plot = next((body for key, _heading, body in sections if key in PLOT_HEADINGS and body), "")
    if plot:
        extraction.plots.append(PlotText(kind="synopsis", text=plot))
        _cast_in_plot(plot, extraction)
    _relations(article.lead, extraction)
    if extraction.title_type != "movie":
        _series_counts(article.lead, extraction)
    for key, _heading, body in sections:
        if key in PLOT_HEADINGS | CAST_HEADINGS | SKIPPED_HEADINGS or not body:
            continue
        extraction.production_notes.extend(
            p.strip() for p in body.split("\n\n") if len(p.strip()) > 30
        )
        _relations(body, extraction)
    lead_paragraphs = article.lead.split("\n\n")[1:]
    extraction.trivia.extend(p.strip() for p in lead_paragraphs if len(p.strip()) > 30)
    return extraction


# "(1995 film)", "(TV series)", "(2011 British TV series)", "(miniseries)": what
# Wikipedia adds to a page title to tell it from others of the same name.
DISAMBIGUATION = re.compile(
    r"\s*\([^()]*\b(?:film|movie|series|miniseries|serial|sitcom|show|programme|program|"
    r"\d{4})\)$",
    re.IGNORECASE,
)


def _title(article: Article, match: re.Match[str] | None) -> str:
    infobox_name = article.infobox.get("name")
    if infobox_name:
        return infobox_name[0]
    if article.page_title:
        return DISAMBIGUATION.sub("", article.page_title).strip() or article.page_title
    if match:
        return match.group("title").strip(" '\"“”")
    return ""


def _lead_facts(match: re.Match[str], lead_paragraph: str, extraction: PageExtraction) -> None:
    words = match.group("words")
    if year := re.search(r"\b(1[89]\d\d|20\d\d)\b", words):
        extraction.year = int(year.group(1))
    extraction.genres = _genres(f"{words} {match.group('kind')}")
    rest = match.group("rest")
    if extraction.title_type != "movie" and (
        years := re.search(r"\b(?:from|between) (\d{4}) (?:to|until|and) (\d{4})\b", rest)
    ):
        extraction.year, extraction.end_year = int(years.group(1)), int(years.group(2))
    for pattern, categories in (
        (
            rf"written and directed by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)",
            ("director", "writer"),
        ),
        (rf"directed by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("director",)),
        (rf"(?:written|screenplay) by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("writer",)),
        (rf"created by ({PERSON_NAME}(?:(?:,| and) {PERSON_NAME})*)", ("creator",)),
    ):
        found = re.search(pattern, rest)
        if found:
            for name in _names(found.group(1)):
                for category in categories:
                    _add_credit(extraction, category, name)
    if starring := re.search(
        rf"\b(?:stars|starring|starred)\s+({PERSON_NAME}(?:(?:,|,? and) {PERSON_NAME})*)",
        lead_paragraph,
    ):
        for name in _names(starring.group(1)):
            _add_credit(extraction, "actor", name)


OTHER_TITLE = re.compile(
    r"^(?:(?P<literal>lit\.?|literally)|(?P<english>English(?: title)?|also known as|released as"
    r"|(?:US|UK|international) title)|(?P<language>[A-ZÀ-Þ][a-zà-ÿ]+(?: [A-ZÀ-Þ][a-zà-ÿ]+)?))"
    r"[:\s]\s*[\"“'‘]?(?P<title>[^\"”]+?)[\"”'’]?$"
)


def _lead_titles(title: str, sentence: str, extraction: PageExtraction) -> None:
    """Take the other titles the lead gives in parentheses after the title.

    "Pan's Labyrinth (Spanish: El laberinto del fauno)" gives the original
    title; "(lit. The Night of the Lighthouse)" and "(English: …)" give
    also-known-as titles.
    """
    after = sentence[len(title) :].lstrip()
    if not after.startswith("("):
        return
    inner = after[1 : after.find(")")] if ")" in after else ""
    for part in re.split(r";\s*|,\s*(?=[A-ZÀ-Þ][a-zà-ÿ]+:)", inner):
        match = OTHER_TITLE.match(part.strip())
        if match is None or not match.group("title").strip():
            continue
        other = match.group("title").strip()
        if match.group("language") and not extraction.original_title:
            if fold(other) != fold(extraction.title):
                extraction.original_title = other
        elif match.group("literal") or match.group("english"):
            extraction.akas.append(AlsoKnownAs(title=other))


def _genres(text: str) -> list[str]:
    """Return IMDb's genres for the genre words in ``text`` ("action thriller", "sitcom")."""
    lowered = text.lower()
    genres: list[str] = []
    for word, genre in GENRE_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered) and genre not in genres:
            genres.append(genre)
    return genres


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip


def _series_counts(lead: str, extraction: PageExtraction) -> None:
    """Take "ran for three seasons and 52 episodes" from the lead when the infobox did not say."""
    for attribute, nouns in (("seasons", "seasons|series"), ("episodes", "episodes")):
        if getattr(extraction, attribute) is not None:
            continue
        found = re.search(rf"\b(\d{{1,4}}|{'|'.join(NUMBER_WORDS)}) (?:{nouns})\b", lead, re.I)
        if found:
            count = found.group(1).lower()
            setattr(extraction, attribute, NUMBER_WORDS.get(count) or int(count))


def _names(text: str) -> list[str]:
    """Split "Tom Ashdown, Ruth Mensah and Albert Michel, Jr." into names.

    A name runs to the end of its sentence at most: "James Thornbury. It is
    based on" gives "James Thornbury", but an initial or "Jr." keeps its stop.
    """
    text = re.split(r"(?<!\b[A-ZÀ-Þ])(?<!\bJr)(?<!\bSr)\.(?:\s|$)", text, maxsplit=1)[0]
    names = re.split(r",?\s+and\s+|,(?!\s*(?:Jr|Sr)\.)\s*", text)
    return [name.strip() for name in names if name.strip()]


def _add_credit(extraction: PageExtraction, category: str, name: str, character: str = "") -> None:
    job = "creator" if category == "creator" else ""
    category = "writer" if category == "creator" else category
    if " " not in name.strip():
        # "written by Ferreyra and Tomás Ibarra": after the first mention an article
        # names a person by their surname, so it is someone already credited.
        name = next(
            (c.person.name for c in extraction.credits
             if fold(c.person.name).rsplit(" ", 1)[-1] == fold(name)),
            name,
        )  # fmt: skip
    for credit in extraction.credits:
        if credit.category == category and fold(credit.person.name) == fold(name):
            if character and not credit.characters:
                credit.characters = [character]
            return
    extraction.credits.append(
        CreditLine(
            category=category,
            person=PersonRef(name=name),
            job=job,
            characters=[character] if character else [],
        )
    )


INFOBOX_CREDITS = {
    "director": "director", "directed by": "director",
    "writer": "writer", "written by": "writer", "screenplay": "writer", "screenplay by": "writer",
    "story": "writer", "story by": "writer", "based on": "",
    "producer": "producer", "producers": "producer", "produced by": "producer",
    "starring": "actor", "music": "composer", "music by": "composer", "composer": "composer",
    "cinematography": "cinematographer", "editing": "editor", "edited by": "editor",
    "editor": "editor", "created by": "creator", "creator": "creator",
}  # fmt: skip


# The rendered infobox labels a copy of a page is read by: a row with any other
# label is text (a table in the article, a tab in a quotation).
TEXT_INFOBOX_LABELS = (
    frozenset(INFOBOX_CREDITS)
    | RELEASE_LABELS
    | SERIES_LABELS
    | frozenset(
        {"country", "countries", "country of origin", "language", "languages",
         "original language", "original languages", "running time", "budget", "box office",
         "production company", "production companies", "distributed by", "genre",
         "no. of seasons", "no. of series", "no. of episodes", "narrated by", "music by",
         "cinematography", "edited by", "screenplay by", "story by", "starring"}
    )
)  # fmt: skip


def _infobox_facts(article: Article, extraction: PageExtraction) -> None:
    box = article.infobox
    for key, category in INFOBOX_CREDITS.items():
        for item in box.get(key, []) if category else []:
            name = re.sub(r"\s*\(.*?\)\s*", "", item).strip()
            if name and len(name) < 80:
                _add_credit(extraction, category, name)
    for key in ("genre", "genres"):
        extraction.genres += [
            g for g in _genres(" ".join(box.get(key, []))) if g not in extraction.genres
        ]
    for key in ("studio", "production companies", "production company", "company"):
        extraction.companies += [CompanyLine(name=n) for n in box.get(key, [])]
    for key in ("distributor", "distributed by", "network", "original network", "channel"):
        extraction.companies += [CompanyLine(name=n, role="distribution") for n in box.get(key, [])]
    extraction.countries = (
        box.get("country") or box.get("countries") or box.get("country of origin") or []
    )
    # A date the infobox gives without a place is the release at home, in the
    # country of origin; a release date always has a country in the catalogue.
    home = extraction.countries[0] if extraction.countries else ""
    extraction.release_dates = [
        Dated(country=d.country or home, date=d.date, note=d.note) for d in article.release
    ]
    if article.release and not extraction.year:
        extraction.year = min(d.date.year for d in article.release)
    for key in ("running time", "runtime"):
        if box.get(key) and (minutes := parse_runtime(box[key][0])):
            extraction.runtime_minutes = minutes
    extraction.languages = (
        box.get("language") or box.get("languages") or box.get("original language") or []
    )
    _infobox_numbers(box, extraction)
    if extraction.title_type != "movie":
        years = sorted(d.date.year for d in article.release)
        if years:
            extraction.year, extraction.end_year = years[0], (years[-1] if len(years) > 1 else None)


INFOBOX_MONEY = (("budget", "budget", ""), ("box office", "gross", "worldwide"),
                 ("gross", "gross", "worldwide"))  # fmt: skip
INFOBOX_COUNTS = (("no. of seasons", "seasons"), ("num seasons", "seasons"),
                  ("no. of series", "seasons"), ("num series", "seasons"),
                  ("no. of episodes", "episodes"), ("num episodes", "episodes"))  # fmt: skip


def _infobox_numbers(box: dict[str, list[str]], extraction: PageExtraction) -> None:
    """Add the infobox's money (budget, box office) and a series' seasons and episodes."""
    for key, kind, region in INFOBOX_MONEY:
        for item in box.get(key, [])[:1]:
            money = parse_money(item)
            if money:
                extraction.box_office.append(
                    Money(kind=kind, amount=money[0], currency=money[1], region=region)
                )
    for key, attribute in INFOBOX_COUNTS:
        if box.get(key) and (number := parse_int(re.sub(r"\D.*$", "", box[key][0]))):
            setattr(extraction, attribute, number)


ACTOR_IN_PARENTHESES = re.compile(rf"\((?P<actor>{PERSON_NAME})\)")
CAPITALISED_WORD = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")


def _cast_in_plot(plot: str, extraction: PageExtraction) -> None:
    """Add the cast as the plot writes it: "Carolina (Salma Hayek)", "a man (Antonio Banderas)".

    The character is the run of capitalised words just before the actor's
    name in parentheses; a description ("a man") gives the actor alone.
    """
    for match in ACTOR_IN_PARENTHESES.finditer(plot):
        actor = match.group("actor").strip()
        if len(actor.split()) > 5:
            continue
        before = plot[max(0, match.start() - 80) : match.start()].split()
        words: list[str] = []
        for word in reversed(before):
            if not CAPITALISED_WORD.match(word) or word.endswith((".", ",", ";", ":")):
                break
            words.insert(0, word)
        character = " ".join(words[-3:])
        if character.split(" ")[0].lower() in ("the", "a", "an", "his", "her", "when", "later"):
            character = ""
        _add_credit(extraction, "actor", actor, character)


def _cast_list(cast: str, extraction: PageExtraction) -> None:
    """Add the cast section's "Antonio Banderas as El Mariachi, a guitarist" lines."""
    for line in cast.split("\n"):
        match = re.match(
            rf"^\s*\*?\s*(?P<actor>{PERSON_NAME})\s+as\s+(?P<character>[^,:;(]+)", line.strip()
        )
        if match:
            _add_credit(
                extraction,
                "actor",
                match.group("actor"),
                match.group("character").strip().rstrip("."),
            )


# What an article says before another title and its year, and the connection that makes.
RELATION_PHRASES = (
    (r"(?:sequel|follow-up) to", "follows"),
    (r"prequel to", "followed_by"),
    (r"followed by (?:a|the|its) (?:spin-off|spinoff)(?: series| film)?,?", "spin_off"),
    (r"followed by(?: (?:a|the|its) (?:sequel|prequel)(?: series| film)?,?)?", "followed_by"),
    (r"(?:[Aa]|[Tt]he|[Ii]ts) (?:spin-off|spinoff)(?: series| film)?"
     r"(?: of the (?:series|film|show))?,", "spin_off"),
    (r"(?:spin-off|spinoff) (?:of|from)", "spin_off_from"),
    (r"remake of", "remake_of"),
    (r"remade(?: for television| for TV| in \d{4}| in [A-ZÀ-Þ]\w+)? as", "remade_as"),
)  # fmt: skip
RELATED_TITLE = (
    r"\s+(?:[\w’']+(?:'s|’s)\s+)?(?:(?:independent|the|his|her|their|\d{4})\s+)*"
    r"(?:film\s+|series\s+)?[\"“]?(?P<title>[A-ZÀ-Þ0-9][^()\"”.,;]{0,80}?)[\"”]?\s+"
    r"\((?:[^)]*?)?(?P<year>\d{4})\)"
)
RELATIONS = tuple(
    (re.compile(rf"\b{phrase}{RELATED_TITLE}"), kind) for phrase, kind in RELATION_PHRASES
)
# "second entry in the "Mexico Trilogy"", "third film in Marchal's Saisons cycle": a
# capitalised name must end in a word for a series of films, so "the first film in
# English" is not taken for one.
COLLECTION_NOUNS = r"(?:trilogy|series|saga|cycle|franchise|quartet|tetralogy|universe|films)"
MEMBERSHIP = re.compile(
    r"\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last)\s+"
    r"(?:entry|installment|instalment|film|part|chapter|movie|episode)\s+(?:in|of)\s+(?:the\s+)?"
    r"(?:[\"“](?P<quoted>[^\"”]{1,80})[\"”]|(?:[A-ZÀ-Þ][\w-]*(?:'s|’s)\s+)?"
    rf"(?P<name>[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ0-9][\w'’-]*)*(?:\s+{COLLECTION_NOUNS})?))",
)


def _relations(text: str, extraction: PageExtraction) -> None:
    """Find "sequel to El Mariachi (1992)" and "second entry in the Mexico Trilogy"."""
    for pattern, kind in RELATIONS:
        for match in pattern.finditer(text):
            target = TitleRef(title=match.group("title").strip(), year=int(match.group("year")))
            if not any(
                fold(link.target.title) == fold(target.title) for link in extraction.connections
            ):
                extraction.connections.append(Link(kind=kind, target=target))
    for match in MEMBERSHIP.finditer(text):
        name = (match.group("quoted") or match.group("name")).strip()
        if not match.group("quoted") and not re.search(rf"\b{COLLECTION_NOUNS}$", name, re.I):
            continue
        if all(fold(member.name) != fold(name) for member in extraction.collections):
            position = ORDINALS.get(match.group("ordinal").lower())
            extraction.collections.append(Membership(name=name, position=position))
