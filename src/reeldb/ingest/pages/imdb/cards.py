"""The title page's featured user review and its "people who liked this also liked" cards, as text.

Both are blocks of free text with a few fixed words in them ("28 of 38 people
found this review helpful", "6.4/10", "Director:"), so they are cut out of
the page first and read alone; the rest of the page is then read without
them, so that a related film's "Director:" is never taken for this one's.
"""

from __future__ import annotations

import re

from reeldb.catalog.folding import fold
from reeldb.ingest.pages.imdb.fields import people
from reeldb.ingest.pages.imdb.textpage import Zone
from reeldb.ingest.pages.schema import RelatedTitle, UserReview
from reeldb.ingest.pages.text import parse_date, parse_float, parse_int, split_list

HELPFUL = re.compile(
    r"(?P<yes>\d[\d,]*)\s+(?:of|out of)\s+(?P<total>\d[\d,]*)\s+people found "
    r"(?:this review helpful|the following (?:review|comment) useful)",
    re.IGNORECASE,
)
RELATED_START = re.compile(
    r"people who liked this also liked|more like this|recommendations:?\s*if you enjoyed",
    re.IGNORECASE,
)
RELATED_END = re.compile(
    r"\s(?:edit\s+cast|cast overview|cast \(in credits order\)|top cast|storyline)\b", re.IGNORECASE
)
CARD_BREAK = re.compile(r"\d*\s*next\s*»|►|◄", re.IGNORECASE)
CARD_YEAR = re.compile(r"\((?P<year>\d{4})(?:\s*[–-]\s*\d{0,4})?\)")
CARD_RATING = re.compile(
    r"(?:1 2 3 4 5 6 7 8 9 10\s+)?(?P<rating>\d{1,2}(?:\.\d)?)/10\s*x?\b", re.IGNORECASE
)
CARD_PEOPLE = re.compile(r"\b(?P<label>directors?|creators?|stars)\s*:", re.IGNORECASE)
# What follows the 2008 page's user comment: its question, else the footer.
REVIEW_END = re.compile(
    r"\s+(?:was the above (?:review|comment) useful|help\s*\|\s*conditions of use|copyright ©"
    r"|message boards\b|recommendations\s*:)",
    re.IGNORECASE,
)
MODERN_REVIEW = re.compile(
    r"(?:review this title\s*\|?\s*)?(?P<headline>[^|]{1,300}?)\s+(?P<date>\d{1,2} [a-z]+ \d{4})"
    r"\s*\|\s*by\s+(?P<author>\S+)(?:\s*\([^)]{0,200}\))*\s*(?:[–-]\s*see all my reviews)?\s*"
    r"(?P<text>.+)",
    re.IGNORECASE | re.DOTALL,
)
CLASSIC_REVIEW = re.compile(
    r":?-?\s*(?P<headline>[^,]{1,300}?)\s*,\s*(?P<date>\d{1,2} [a-z]+ \d{4})\s+"
    r"author:\s*(?P<author>\S+)(?:\s+from\s+(?P<place>[^.!?]{1,60}?(?=\s+[A-Z])|\S+))?\s+(?P<text>.+)",
    re.IGNORECASE | re.DOTALL,
)


def review_zone(text: str) -> Zone | None:
    """Return where the featured review is: from "User Reviews" to "See all N user reviews"."""
    helpful = HELPFUL.search(text)
    if helpful is None:
        return None
    starts = [
        m.end() for m in re.finditer(r"user (?:reviews|comments)\b", text[: helpful.start()], re.I)
    ]
    start = starts[-1] if starts else max(0, helpful.start() - 4000)
    start = max(start, helpful.start() - 8000)
    after = re.search(
        r"see all [\d,]+ user reviews|$", text[helpful.end() : helpful.end() + 8000], re.I
    )
    end = helpful.end() + (after.start() if after else 0)
    return Zone(start, end)


def read_review(zone: str) -> UserReview | None:
    """Read the featured user review: the 2010s layout (helpful count last) or the classic one."""
    helpful = HELPFUL.search(zone)
    if helpful is None:
        return None
    yes, total = parse_int(helpful.group("yes")), parse_int(helpful.group("total"))
    before, after = zone[: helpful.start()], zone[helpful.end() :]
    modern = MODERN_REVIEW.match(before.strip())
    if modern:
        # The 2010s page prints the reviewer's stars after the headline: "… 10/10".
        headline, rating = modern.group("headline").strip(" :-"), None
        if stars := re.search(r"\s(\d{1,2})\s?/\s?10$", headline):
            headline, rating = headline[: stars.start()], int(stars.group(1))
        return UserReview(
            headline=headline,
            text=modern.group("text").strip(),
            author=modern.group("author"),
            date=parse_date(modern.group("date")),
            rating=rating,
            helpful_yes=yes,
            helpful_total=total,
        )
    after = REVIEW_END.split(after, maxsplit=1)[0]
    classic = CLASSIC_REVIEW.match(after.strip())
    if classic:
        return UserReview(
            headline=classic.group("headline").strip(" :-"),
            text=classic.group("text").strip(),
            author=classic.group("author"),
            date=parse_date(classic.group("date")),
            helpful_yes=yes,
            helpful_total=total,
        )
    return None


def read_related(zone: str, titles: dict[str, str]) -> list[RelatedTitle]:
    """Read the "people who liked this also liked" cards, one between each two "next »" marks."""
    cards = []
    for chunk in CARD_BREAK.split(zone):
        card = _card(chunk.strip()[:3000], titles)
        if card is not None:
            cards.append(card)
    return cards


def _card(chunk: str, titles: dict[str, str]) -> RelatedTitle | None:
    """Read "Title (2003) Action | Thriller 6.4/10 x outline Director: … Stars: …"."""
    year = CARD_YEAR.search(chunk)
    if year is None:
        return None
    title = chunk[: year.start()].rsplit(")", 1)[-1].strip(" »x")
    rating = CARD_RATING.search(chunk, year.end())
    if not title or rating is None or len(title) > 200:
        return None
    genres = chunk[year.end() : rating.start()]
    rest = chunk[rating.end() :]
    labels = list(CARD_PEOPLE.finditer(rest))
    outline = rest[: labels[0].start()] if labels else re.sub(r"\s*\d*\s*$", "", rest)
    found: dict[str, str] = {}
    for position, label in enumerate(labels):
        end = labels[position + 1].start() if position + 1 < len(labels) else len(rest)
        value = rest[label.end() : end]
        found["stars" if label.group("label").lower() == "stars" else "directors"] = value
    stars = re.sub(r"\s*\d*\s*$", "", found.get("stars", ""))
    return RelatedTitle(
        title=title,
        year=int(year.group("year")),
        imdb_id=titles.get(fold(title), ""),
        genres=split_list(genres, r"\|"),
        rating=parse_float(rating.group("rating")),
        outline=outline.strip(),
        directors=[p for p, _ in people(found.get("directors", ""), {})],
        stars=[p for p, _ in people(stars, {})],
    )
