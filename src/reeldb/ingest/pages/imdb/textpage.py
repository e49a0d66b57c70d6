"""A title page read as text: the overview line, scores, storyline and "Did you know?".

A text dump has lost its tags, so these fields are found by the words IMDb
prints around them: "7.2/10 144,553", "R | 1h 44min | Action, Thriller |
25 August 1995 (USA)", "Storyline … Written by", "Trivia … See more »".
HTML goes through the same readers for what its blocks leave out. Every
pattern bounds its lazy parts, so a long or mangled page cannot make one
backtrack for long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reeldb.ingest.pages.schema import (
    Dated,
    Link,
    PageExtraction,
    PlotText,
    Rated,
    Song,
    TitleRef,
)
from reeldb.ingest.pages.text import (
    country_name,
    parse_date,
    parse_float,
    parse_int,
    parse_partial_date,
    parse_runtime,
    split_list,
)

RATING = re.compile(
    r"(?P<rating>\b\d{1,2}(?:[.,]\d)?)\s*/\s*10\b(?:\s*(?:\(|from)?\s*(?P<votes>\d[\d,.]*)"
    r"(?P<rounded>[KM]\b)?(?:\s*(?:votes|users|ratings))?)?",
    re.IGNORECASE,
)
INFO_LINE = re.compile(
    r"\((?:[a-z ]{1,30}\s)?\d{4}(?:\s*[–-]\s*\d{0,4})?\s*\)\s+(?:(?P<cert>[\w+/-]{1,12})\s*\|\s*)?"
    r"(?P<runtime>\d+h(?:\s*\d+min)?|\d+\s*min)\s*\|\s*(?P<genres>[^|]{1,200}?)"
    r"(?:\s*\|\s*(?P<release>[^|()]{1,60}?)\s*\((?P<country>[^)]{1,60})\)(?P<outline>.{0,600}?))?"
    r"(?=\s(?:directors?|creators?|writers?|stars)\s*:|$)",
    re.IGNORECASE,
)
# An episode's line names the episode after its series' years and says when it aired:
# "Breaking Bad (2008–2013) Ozymandias TV-MA | 47min | Crime, Drama | Episode aired
# 15 September 2013 Season 5 | Episode 14 outline".
EPISODE_INFO_LINE = re.compile(
    r"\(\d{4}(?:\s*[–-]\s*\d{0,4})?\s*\)\s+[^|()]{1,200}?\s+"
    r"(?:(?P<cert>[\w+/-]{1,12})\s*\|\s*)?(?P<runtime>\d+h(?:\s*\d+min)?|\d+\s*min)\s*\|\s*"
    r"(?P<genres>[^|]{1,200}?)\s*\|\s*episode aired\s+"
    r"(?P<release>\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:\s+season\s+\d{1,3}\s*\|\s*episode\s+\d{1,4})?"
    r"\s+(?P<outline>.{0,600}?)\s*(?=\s(?:directors?|creators?|writers?|stars)\s*:)",
    re.IGNORECASE,
)
# The 2010-2014 page's line under the title parts its items with dashes:
# "R 118 min - Drama | Thriller - 14 September 2012 (USA)", a series'
# "TV Series - 45 min - Crime | Drama", an episode's "… - Episode aired 3 November 2013".
INFOBAR = re.compile(
    r"\(\s?(?:[a-z -]{1,30}\s)?\d{4}(?:\s*[–-]\s*\d{0,4})?\s*\)\s+"
    r"(?:tv (?:mini-)?series\s+-\s+)?(?:(?P<cert>[\w+/-]{1,12})\s+)?"
    r"(?P<runtime>\d{1,4}\s*min)\s+-\s+"
    r"(?P<genres>[^|()]{1,40}?(?:\s\|\s[^|()]{1,40}?){0,9})(?=\s+-\s|\s+\d|\s*$)"
    r"(?:\s+-\s+(?:episode aired\s+)?"
    r"(?P<release>\d{1,2}\s+[a-z]{3,9}\s+\d{4}|[a-z]{3,9}\s+\d{4}|\d{4})"
    r"(?:\s*\((?P<country>[^)]{1,60})\))?)?",
    re.IGNORECASE,
)
# On that page the outline follows the review counts and comes before the crew.
INFOBAR_OUTLINE = re.compile(
    r"\b\d[\d,]*\s+critic(?:\s*\|\s*\d[\d,]*\s+from metacritic\.com)?\s+"
    r"(?P<outline>[^|]{20,600}?)\s+(?=(?:directors?|creators?|writers?|stars)\s*:)",
    re.IGNORECASE,
)
DETAILS_RELEASE = re.compile(
    r"\brelease date\s+(?P<date>[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4})"
    r"\s*\((?P<country>[^()]{1,60})\)",
    re.IGNORECASE,
)
EPISODE_COUNT = re.compile(r"\bepisode guide\s+(\d[\d,]{0,6})\s+episodes\b", re.IGNORECASE)
OVERVIEW_REACH = 40_000
STORYLINE = re.compile(
    r"\s*storyline\s+(?P<text>.{1,4000}?)(?:\s+(?:written by|—)\s*(?P<author>[^<|]{1,120}?)"
    r"(?:\s*<[^>]{0,120}>)?)?\s+(?=plot summary\s*\||plot keywords\s*:|plot synopsis|taglines\s*:|"
    r"genres?\s*:|$)",
    re.IGNORECASE,
)
DID_YOU_KNOW = re.compile(
    r"(?:(?<=\s)|^)(?P<label>trivia|goofs|quotes|connections|movie connections|soundtracks?|"
    r"crazy credits|alternate versions)\s*:?\s+(?P<value>.{1,3000}?)\s+(?:see more|more)\s*»",
    re.IGNORECASE,
)
SONG_CREDITS = re.compile(
    r"\s(?=(?:(?:written|music|lyrics|performed|composed|produced|arranged)"
    r"(?: and \w+)? by|traditional)\b)",
    re.IGNORECASE,
)
CONNECTION_WORDS = {
    "follows": "follows",
    "followed by": "followed_by",
    "remake of": "remake_of",
    "remade as": "remade_as",
    "references": "references",
    "referenced in": "referenced_in",
    "features": "features",
    "featured in": "featured_in",
    "spoofs": "spoofs",
    "spoofed in": "spoofed_in",
    "edited from": "edited_from",
    "edited into": "edited_into",
    "spin-off from": "spin_off_from",
    "spin-off": "spin_off",
    "version of": "version_of",
}
REF_TITLE = re.compile(
    r"^(?P<title>[^()]{1,300}?)\s*\((?:[^()]{0,40}?\s)?(?P<year>\d{4})[^)]{0,40}\)"
)


@dataclass(frozen=True)
class Zone:
    """A stretch of a page's text, to read alone and then leave out of the rest."""

    start: int
    end: int


def find_zone(text: str, start: re.Pattern[str], end: re.Pattern[str]) -> Zone | None:
    """Return the text from ``start``'s match to ``end``'s (or the page's end), or None."""
    begin = start.search(text)
    if begin is None:
        return None
    finish = end.search(text, begin.end())
    return Zone(begin.end(), finish.start() if finish else len(text))


def without(text: str, zones: Iterable[Zone | None]) -> str:
    """Return ``text`` with each zone blanked out."""
    for zone in sorted((z for z in zones if z), key=lambda z: z.start, reverse=True):
        text = text[: zone.start] + " " + text[zone.end :]
    return text


def score_fields(text: str, extraction: PageExtraction) -> None:
    """Read the rating and votes, review counts, metascore, popularity and awards line."""
    rating = RATING.search(text)
    if rating:
        extraction.rating = parse_float(rating.group("rating"))
        # Today's page rounds the count ("951K"): no count beats a wrong one.
        rounded = rating.group("rounded")
        extraction.votes = None if rounded else parse_int(rating.group("votes"))
    if reviews := re.search(
        r"(\d[\d,]*)\s+user(?:\s+reviews)?\s*\|?\s*(\d[\d,]*)\s+critic", text, re.I
    ):
        extraction.user_reviews = parse_int(reviews.group(1))
        extraction.critic_reviews = parse_int(reviews.group(2))
    if meta := re.search(r"\b(\d{1,3})\s+metascore|metascore:?\s+(\d{1,3})\b", text, re.I):
        extraction.metascore = int(meta.group(1) or meta.group(2))
    if popular := re.search(
        r"popularity:?\s+(\d[\d,]*)\s*\(\s*(?P<arrow>[▲▼↑↓+-])?\s*(?P<change>\d[\d,]*)\s*\)",
        text,
        re.I,
    ):
        extraction.popularity_rank = parse_int(popular.group(1))
        arrow = popular.group("arrow")
        change = parse_int(popular.group("change"))
        if arrow and change is not None:
            extraction.popularity_change = change if arrow in "▲↑+" else -change
    elif popular := re.search(r"popularity:?\s+(\d[\d,]*)\b", text, re.I):
        extraction.popularity_rank = parse_int(popular.group(1))
    if awards := re.search(
        r"((?:won|nominated for) \d+ [^.]{0,80}?\.\s*(?:another )?)?(\d+ wins? (?:&|and) \d+ "
        r"nominations?|\d+ wins?|\d+ nominations?)(?: total)?\.",
        text,
        re.I,
    ):
        extraction.awards = " ".join(awards.group(0).split())


def info_line(text: str, extraction: PageExtraction) -> None:
    """Read "Desperado (1995) R | 1h 44min | Action, Thriller | 25 August 1995 (USA) outline"."""
    # The overview sits under the page's navigation, well within its first
    # pages of text; searching no further keeps a long page's cost bounded.
    head = text[:OVERVIEW_REACH]
    info = INFO_LINE.search(head) or EPISODE_INFO_LINE.search(head)
    if info is None:
        infobar(head, extraction)
        return
    if info.group("cert") and not extraction.certifications:
        extraction.certifications.append(Rated(country="", rating=info.group("cert")))
    extraction.runtime_minutes = parse_runtime(info.group("runtime"))
    genres = info.group("genres")
    if not parse_date(genres):
        extraction.genres = split_list(genres)
    release = parse_date(info.group("release") or "")
    if release:
        country = country_name(info.groupdict().get("country") or "")
        extraction.release_dates.append(Dated(country=country, date=release))
    outline = (info.group("outline") or "").strip()
    if outline and not any(p.kind == "outline" for p in extraction.plots):
        extraction.plots.append(PlotText(kind="outline", text=outline))


def infobar(text: str, extraction: PageExtraction) -> None:
    """Read the 2010-2014 page's "R 118 min - Drama | Thriller - 14 September 2012 (USA)".

    The date may be a month or a year only ("September 1998"), and the
    outline follows the scores a few lines on.
    """
    info = INFOBAR.search(text)
    if info is None:
        return
    if info.group("cert") and not extraction.certifications:
        extraction.certifications.append(Rated(country="", rating=info.group("cert")))
    extraction.runtime_minutes = parse_runtime(info.group("runtime"))
    extraction.genres = split_list(info.group("genres"), r"\|")
    release = parse_partial_date(info.group("release") or "")
    if release and not extraction.release_dates:
        country = country_name(info.group("country") or "")
        date, precision = release
        extraction.release_dates.append(Dated(country=country, date=date, precision=precision))
    outline = INFOBAR_OUTLINE.search(text, info.end())
    if outline and not any(p.kind == "outline" for p in extraction.plots):
        extraction.plots.insert(0, PlotText(kind="outline", text=outline.group("outline")))


def details_release(text: str, extraction: PageExtraction) -> None:
    """Read the React page's "Release date November 8, 2019 (United States)" from a dump.

    A dump of that page keeps no colon after its labels, so the labelled
    fields miss it; the date with its country is the page's own statement.
    """
    found = DETAILS_RELEASE.search(text[: OVERVIEW_REACH * 4])
    release = parse_partial_date(found.group("date")) if found else None
    if found is None or release is None:
        return
    date, precision = release
    country = country_name(found.group("country"))
    # The line under the title may have given the same date without its country.
    extraction.release_dates = [
        dated for dated in extraction.release_dates if dated.country or dated.date != date
    ]
    if not any(dated.date == date for dated in extraction.release_dates):
        extraction.release_dates.append(Dated(country=country, date=date, precision=precision))


def episode_count(text: str, extraction: PageExtraction) -> None:
    """Read a series' size from the 2010s page's "Episode Guide 110 episodes"."""
    if found := EPISODE_COUNT.search(text):
        extraction.episodes = parse_int(found.group(1))


def storyline(text: str, extraction: PageExtraction) -> None:
    """Read the storyline (a signed summary) that follows the last "Storyline" heading."""
    starts = [m.start() for m in re.finditer(r"(?:^|\s)storyline\s", text, re.IGNORECASE)]
    if not starts:
        return
    story = STORYLINE.match(text, starts[-1])
    if story is None:
        return
    body = story.group("text").strip()
    if len(body) > 20:
        author = (story.group("author") or "").strip()
        extraction.plots.append(PlotText(kind="summary", text=body, author=author))


def did_you_know(text: str, extraction: PageExtraction) -> None:
    """Read the "Did you know?" teasers: trivia, goofs, quotes, connections, soundtracks."""
    start = text.lower().rfind("did you know?")
    block = text[start:] if start >= 0 else text
    for match in DID_YOU_KNOW.finditer(block):
        add_teaser(match.group("label"), match.group("value").strip(), extraction)


def add_teaser(label: str, value: str, extraction: PageExtraction) -> None:
    """Add one "Did you know?" item, named by its label, to the extraction."""
    label = label.lower()
    if label == "trivia":
        extraction.trivia.append(value)
    elif label == "goofs":
        extraction.goofs.append(re.sub(r"^[\w ]{1,30}:\s+(?=\w)", "", value, count=1))
    elif label == "quotes":
        extraction.quotes.append(quote_lines(value))
    elif label.endswith("connections"):
        link = connection(value)
        if link:
            extraction.connections.append(link)
    elif label.startswith("soundtrack"):
        parts = SONG_CREDITS.split(value, maxsplit=1)
        title = parts[0].strip()
        credits = parts[1].strip() if len(parts) > 1 else ""
        extraction.soundtracks.append(Song(title=title, credits=credits))


def quote_lines(value: str) -> list[str]:
    """Split a quote into its lines, each "Speaker: words"."""
    lines = re.split(r"(?<=[.!?\]])\s+(?=[\w'. -]{1,30}\s?:\s)", value)
    return [re.sub(r"\s+:", ":", line.strip()) for line in lines if line.strip()]


def connection(value: str) -> Link | None:
    """Read "Referenced in The Expendables 3 (2014)" as a connection to a title."""
    lowered = value.lower()
    for words in sorted(CONNECTION_WORDS, key=len, reverse=True):
        if lowered.startswith(words + " "):
            target = REF_TITLE.match(value[len(words) + 1 :].strip())
            if target:
                return Link(
                    kind=CONNECTION_WORDS[words],
                    target=TitleRef(
                        title=target.group("title").strip(), year=int(target.group("year"))
                    ),
                )
    return None


def faq(text: str, extraction: PageExtraction) -> None:
    """Read the FAQ teaser's questions: "Q: What is …? Q: Why …? See more"."""
    block = re.search(r"frequently asked questions\s+(.{1,3000}?)\s+see more", text, re.I)
    if block:
        questions = re.split(r"\bq:\s*", block.group(1), flags=re.IGNORECASE)
        extraction.faq = [q.strip() for q in questions if q.strip()]
