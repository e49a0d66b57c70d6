"""The one shape every form of a Wikipedia article is reduced to, and what all forms share.

An ``Article`` is the lead, the sections under their headings and the
infobox's rows as lists of items. The lead sentence ("Desperado is a 1995
American action thriller film written and directed by Robert Rodriguez") and
the infobox tell a film from a series.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from reeldb.catalog.folding import fold as fold_text
from reeldb.ingest.pages.schema import Dated, DocumentKind
from reeldb.ingest.pages.text import parse_date

LEAD_SENTENCE = re.compile(
    r"^(?P<title>[^.]{1,200}?)(?:\s*\([^)]*\))?\s+(?:is|was)\s+(?:an?|the)\s+(?P<words>[^.]*?)"
    r"\b(?P<kind>film|movie|(?:television|tv|streaming|web)\s+"
    r"(?:mini-?series|series|sitcom|drama|show|programme|program)"
    r"|mini-?series|sitcom|soap opera|anime series|animated series)\b(?P<rest>[^.]*)",
    re.IGNORECASE,
)
PLOT_HEADINGS = frozenset({"plot", "synopsis", "premise", "plot summary", "summary", "story"})
CAST_HEADINGS = frozenset({"cast", "cast and characters", "main cast", "characters", "starring"})
SKIPPED_HEADINGS = frozenset(
    {"references", "external links", "see also", "notes", "further reading", "bibliography",
     "footnotes", "sources", "citations", "episodes", "home media", "accolades"}
)  # fmt: skip
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
    # The file the infobox shows ("Desperado poster.jpg"), without "File:".
    image_file: str = ""


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


RELEASE_LABELS = frozenset(
    {"release dates", "release date", "original release", "released", "release"}
)
# Rows only a television infobox has.
SERIES_LABELS = frozenset(
    {"no. of seasons", "no. of series", "no. of episodes", "original network", "network",
     "created by", "original release"}
)  # fmt: skip


def set_infobox(article: Article, rows: list[tuple[str, list[str]]]) -> None:
    """Fill the article's infobox from rendered rows (HTML or a copy of it), and its kind."""
    for label, items in rows:
        article.infobox[infobox_key(label)] = items
        if infobox_key(label) in RELEASE_LABELS:
            article.release = [dated for item in items for dated in dated_items(item)]
    if rows:
        is_series = SERIES_LABELS & set(article.infobox)
        article.infobox_kind = "television" if is_series else "film"


def file_name(value: str) -> str:
    """Return the file an infobox's image value names: "[[File:X.jpg|250px]]" -> "X.jpg"."""
    name = value.strip().strip("[]").split("|")[0].strip()
    name = re.sub(r"^(?:file|image)\s*:\s*", "", name, flags=re.IGNORECASE)
    name = " ".join(name.replace("_", " ").split())
    # A file has an extension; anything else (a template, a sentence) is no file name.
    if not re.fullmatch(r"[^<>{}\[\]|#]{1,240}\.[A-Za-z0-9]{2,5}", name):
        return ""
    return name


def infobox_key(label: str) -> str:
    return re.sub(r"[_\s]+", " ", label.strip().lower())


def dated_items(item: str) -> list[Dated]:
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


INFOBOX_CREDITS = {
    "director": "director", "directed by": "director",
    "writer": "writer", "written by": "writer", "screenplay": "writer", "screenplay by": "writer",
    "story": "writer", "story by": "writer", "based on": "",
    "producer": "producer", "producers": "producer", "produced by": "producer",
    "starring": "actor", "music": "composer", "music by": "composer", "composer": "composer",
    "cinematography": "cinematographer", "editing": "editor", "edited by": "editor",
    "editor": "editor", "created by": "creator", "creator": "creator",
}  # fmt: skip
