"""An IMDb page's head line: what kind of page it is, and the title, year and type it names.

Every layout since 2008 puts "Title (Year)" first in the ``<title>``, and a
text dump starts with the same words: "Desperado (1995) - IMDb",
"Friends (TV Series 1994–2004) - IMDb", '"Friends" The One with the Thumb
(TV Episode 1994) - IMDb', "Desperado (1995) - Plot Summary - IMDb".
"""

from __future__ import annotations

import re

from reeldb.ingest.pages.schema import DocumentKind, PageExtraction, TitleRef

HEAD_TITLE = re.compile(
    r"^\s*(?:imdb\s*[-:|]\s*)?(?:\"(?P<series>[^\"]{1,300})\"\s+)?(?P<title>[^\n]{1,300}?)\s+"
    r"\((?P<type>(?:tv series|tv mini[- ]series|tv episode|tv movie|tv special|tv short|video game|"
    r"video|short|podcast series|music video)\s+)?(?P<year>\d{4})(?:/[ivx]+)?"
    r"(?:\s*[–-]\s*(?P<end>\d{4})?)?\s*\)",
    re.IGNORECASE,
)
# What may follow "Title (Year)" in a <title> that does not say "IMDb": the
# pages before 2010 were titled "Desperado (1995)" or "Desperado (1995) - Plot summary".
BARE_TITLE_END = re.compile(
    r"(?:\s*-\s*(?:plot summary|plot synopsis|summary|synopsis|full cast (?:and|&) crew"
    r"|reference view))*\s*",
    re.IGNORECASE,
)
TYPE_WORDS = {
    "tv series": "tvSeries",
    "tv mini series": "tvMiniSeries",
    "tv mini-series": "tvMiniSeries",
    "tv episode": "tvEpisode",
    "tv movie": "tvMovie",
    "tv special": "tvSpecial",
    "tv short": "tvShort",
    "video game": "videoGame",
    "video": "video",
    "short": "short",
    "podcast series": "tvSeries",
    "music video": "video",
}


def head_title(page_title: str) -> re.Match[str] | None:
    """Match an IMDb page's ``<title>`` (or a text dump's first words)."""
    return HEAD_TITLE.search(page_title[:400])


def detect_kind(head: str) -> DocumentKind | None:
    """Tell an IMDb title, plot-summary or full-credits page from its head line, else None.

    A head without "IMDb" is accepted only when it is nothing but an old
    page's ``<title>``: for HTML the caller has already told an IMDb page by
    its canonical address, and a text dump names IMDb in its first words.
    """
    head = head[:400]
    match = HEAD_TITLE.search(head)
    if match is None:
        return None
    lowered = head.lower()
    is_bare_title = match.start() == 0 and BARE_TITLE_END.fullmatch(head[match.end() :])
    if "imdb" not in lowered and "/10" not in lowered and not is_bare_title:
        return None
    # The page's own name follows the title ("- Plot Summary - IMDb"); words
    # further on are the site's navigation, which links every page.
    suffix = lowered[match.end() : match.end() + 40]
    if re.match(r"\s*-\s*(?:plot summary|plot synopsis|summary|plot|synopsis)\b", suffix):
        return DocumentKind.IMDB_PLOT_SUMMARY
    if re.match(r"\s*-\s*full cast", suffix):
        return DocumentKind.IMDB_FULL_CREDITS
    return DocumentKind.IMDB_TITLE


def head_fields(head: str, extraction: PageExtraction) -> None:
    """Fill the title, year (or years), type and series that the head line names."""
    match = head_title(head)
    if match is None:
        return
    words = " ".join((match.group("type") or "").lower().split())
    extraction.title = match.group("title").strip()
    extraction.year = int(match.group("year"))
    if match.group("end"):
        extraction.end_year = int(match.group("end"))
    if words:
        extraction.title_type = TYPE_WORDS.get(words, "")
    if match.group("series"):
        extraction.series = TitleRef(title=match.group("series").strip(), title_type="tvSeries")
        extraction.title_type = "tvEpisode"
    elif re.fullmatch(r'"[^"]+"', extraction.title):
        # Before 2010 IMDb wrote a series' name in quotes: "Lost" (2004).
        extraction.title = extraction.title.strip('"')
        extraction.title_type = extraction.title_type or "tvSeries"
    extraction.title_type = extraction.title_type or "movie"
