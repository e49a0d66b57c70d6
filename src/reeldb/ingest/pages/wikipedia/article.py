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
from reeldb.ingest.pages.schema import DocumentKind
from reeldb.ingest.pages.wikipedia.infobox import SERIES_FIELDS, infobox_key, row_field

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
    # The infobox's rows by key (``infobox_key``), and each key's label as the page writes it.
    infobox: dict[str, list[str]] = field(default_factory=dict)
    infobox_labels: dict[str, str] = field(default_factory=dict)
    infobox_kind: str = ""
    # The file the infobox shows ("Desperado poster.jpg"), without "File:".
    image_file: str = ""
    # The article's Wikidata item ("Q1140578"), where a saved page names it.
    wikidata_id: str = ""

    def add_row(self, label: str, items: list[str]) -> None:
        """Add an infobox row; a key given twice keeps its last value, as MediaWiki does."""
        key = infobox_key(label)
        if key:
            self.infobox[key] = items
            self.infobox_labels[key] = " ".join(label.split())

    def stated(self, name: str) -> list[str]:
        """Return the items of the first non-empty row that states field ``name``, else []."""
        return next(
            (items for key, items in self.infobox.items() if row_field(key) == name and items), []
        )


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


def set_infobox(article: Article, rows: list[tuple[str, list[str]]]) -> None:
    """Fill the article's infobox from rendered rows (HTML or a copy of it), and its kind."""
    for label, items in rows:
        article.add_row(label, items)
    if rows:
        is_series = any(row_field(key) in SERIES_FIELDS for key in article.infobox)
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
