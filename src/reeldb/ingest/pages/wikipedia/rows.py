"""What an infobox's rows state, read into the extraction field by field.

Every form's rows arrive as rendered text items (``wikitext`` renders value
templates first), keyed by ``infobox.row_field``. A row no field takes, or
whose value none of the readers below understands, is reported as unmapped
rather than dropped: presentational rows (``infobox.PRESENTATIONAL_ROWS``)
are the only ones passed over.
"""

from __future__ import annotations

import re

from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    Link,
    Money,
    PageExtraction,
    Song,
    Spec,
    TitleRef,
)
from reeldb.ingest.pages.text import parse_int
from reeldb.ingest.pages.wikipedia.article import Article, fold
from reeldb.ingest.pages.wikipedia.credits import add_credit
from reeldb.ingest.pages.wikipedia.dates import StatedDate, read_dates
from reeldb.ingest.pages.wikipedia.infobox import CREDIT_FIELDS, is_presentational, row_field
from reeldb.ingest.pages.wikipedia.money import is_conversion, money_region, read_money
from reeldb.ingest.pages.wikipedia.runtime import read_runtime

# Company rows and the role (a ``CompanyRole`` value) each gives.
COMPANY_FIELDS = (("production company", "production"), ("distributor", "distribution"),
                  ("network", "network"))  # fmt: skip
# Money rows: the kind (a ``BoxOfficeKind`` value) and the region of a figure that names none.
MONEY_FIELDS = (("budget", "budget", ""), ("gross", "gross", "worldwide"))
LINK_FIELDS = (("preceded by", "follows"), ("followed by", "followed_by"))
TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")
TITLE_YEAR = re.compile(r"^[\"“'‘]*(?P<title>.+?)[\"”'’]*(?:\s*\((?P<year>\d{4})\))?$")


def read_infobox(article: Article, extraction: PageExtraction, *, is_series: bool) -> None:
    """Fill ``extraction`` from the infobox, and note each row it could not read."""
    _credits(article, extraction)
    _other_titles(article, extraction)
    for field, role in COMPANY_FIELDS:
        extraction.companies += [
            CompanyLine(name=name, role=role) for name in _names(article.stated(field))
        ]
    extraction.countries = article.stated("country") or extraction.countries
    extraction.languages = article.stated("language") or extraction.languages
    _production(article, extraction)
    unread = (
        _release(article, extraction, is_series=is_series)
        | _runtime(article, extraction)
        | _money(article, extraction)
        | _counts(article, extraction)
    )
    _note_unmapped(article, extraction, unread)


def _credits(article: Article, extraction: PageExtraction) -> None:
    """Credit the people rows; a crew member's note ("Shabana Qureshi (dialogue)") is the job."""
    for field, (category, job) in CREDIT_FIELDS.items():
        is_crew = category not in ("actor", "self")
        for item in article.stated(field):
            note = TRAILING_PARENTHESES.search(item)
            stated_job = note.group(0).strip(" ()") if note and is_crew else ""
            for name in _names([item]):
                add_credit(extraction, category, name, job=job or stated_job)
    for name in _names(article.stated("narrator")):
        add_credit(extraction, "actor", name, character="Narrator")
    for name in _source_authors(article.stated("based on")):
        add_credit(extraction, "writer", name, job="based on")


def _names(items: list[str]) -> list[str]:
    """Return the names of a people or company row, without "(uncredited)" or "(US)" notes."""
    names = (TRAILING_PARENTHESES.sub("", item).strip(" ,;") for item in items)
    return [name for name in names if name and len(name) < 80]


def _source_authors(items: list[str]) -> list[str]:
    """Return who wrote the work a film is based on: the names after "by" ("Novel", "by A", "B")."""
    text = "; ".join(items)
    found = re.search(r"\bby\s+(.+)$", text)
    if found is None:
        return []
    return _names(re.split(r";\s*|,\s*|\s+and\s+", found.group(1)))


def _other_titles(article: Article, extraction: PageExtraction) -> None:
    """Take a native name as the original title, and other names as also-known-as titles."""
    native = next(iter(article.stated("native name")), "")
    if native and not extraction.original_title and fold(native) != fold(extraction.title):
        extraction.original_title = native
    for name in _names(article.stated("alt name")):
        if all(fold(aka.title) != fold(name) for aka in extraction.akas):
            extraction.akas.append(AlsoKnownAs(title=name))


def _release(article: Article, extraction: PageExtraction, *, is_series: bool) -> set[str]:
    """Take release dates and years; return the rows not read (dates without any date).

    A date without its day keeps the precision stated ("March 1998" is a
    month), and a day is never invented. A date that ends a range
    ("4 March 2011 – 1 June 2015") or stands in "last aired" ends a series'
    run: it gives the end year, and is no release.
    """
    stated = [
        date for item in _ranges_joined(article.stated("released")) for date in read_dates(item)
    ]
    stated += [
        StatedDate(date.year, date.month, date.day, date.place, ends_run=True)
        for item in article.stated("last aired")
        for date in read_dates(item)
    ]
    releases = [date for date in stated if not date.ends_run]
    # A date without a place is the release at home, in the country of origin.
    home = extraction.countries[0] if extraction.countries else ""
    extraction.release_dates = [date.dated(home) for date in releases]
    if releases and (is_series or not extraction.year):
        extraction.year = min(date.year for date in releases)
    ends = [date.year for date in stated if date.ends_run]
    if is_series and ends:
        extraction.end_year = max(ends)
    has_rows = bool(article.stated("released") or article.stated("last aired"))
    return {"released", "last aired"} if has_rows and not stated else set()


def _runtime(article: Article, extraction: PageExtraction) -> set[str]:
    """Take the first running time the row states; return the row when it states none."""
    items = article.stated("runtime")
    minutes = next((found for item in items if (found := read_runtime(item))), None)
    extraction.runtime_minutes = minutes or extraction.runtime_minutes
    return {"runtime"} if items and minutes is None else set()


def _ranges_joined(items: list[str]) -> list[str]:
    """Join a range a rendered page broke after its dash: "12 March 2018 –", "4 June 2020"."""
    joined: list[str] = []
    for item in items:
        if joined and re.search(r"[–—-]\s*$", joined[-1]):
            joined[-1] = f"{joined[-1]} {item}"
        else:
            joined.append(item)
    return joined


def _money(article: Article, extraction: PageExtraction) -> set[str]:
    """Add the budget (its first figure) and each gross figure; return the rows not read.

    A title has one budget: a second line is a conversion or another
    estimate of the first. Gross figures on lines of their own are each a
    place's ("$1.2 million (United States)", "₹10 crore (India)").
    """
    unread: set[str] = set()
    for field, kind, default_region in MONEY_FIELDS:
        items = [item for item in article.stated(field) if not is_conversion(item)]
        found = [
            (item, money) for item in items[: 1 if kind == "budget" else None]
            if (money := read_money(item))
        ]  # fmt: skip
        if items and not found:
            unread.add(field)
        for position, (item, (amount, currency, is_estimated)) in enumerate(found):
            region = money_region(item) or (default_region if position == 0 else "")
            extraction.box_office.append(
                Money(kind, amount, currency, region=region, is_estimated=is_estimated)
            )
    return unread


def _counts(article: Article, extraction: PageExtraction) -> set[str]:
    """Take a series' numbers of seasons and episodes: "4", "26 (as of 2015)"."""
    unread: set[str] = set()
    for field in ("seasons", "episodes"):
        items = article.stated(field)
        number = parse_int(re.sub(r"\D.*$", "", items[0].strip())) if items else None
        if number:
            setattr(extraction, field, number)
        elif items:
            unread.add(field)
    return unread


def _production(article: Article, extraction: PageExtraction) -> None:
    """Take filming locations, the sound mix, theme songs and the titles before and after."""
    extraction.filming_locations += article.stated("location")
    sound = article.stated("audio format")
    extraction.technical_specs += [Spec(kind="sound_mix", value=item) for item in sound]
    for item in article.stated("theme song"):
        title, _by, credits = item.partition(" by ")
        extraction.soundtracks.append(Song(title=title.strip(" \"“”'"), credits=credits.strip()))
    for field, kind in LINK_FIELDS:
        for item in article.stated(field):
            if match := TITLE_YEAR.match(item.strip()):
                year = int(match.group("year")) if match.group("year") else None
                extraction.connections.append(
                    Link(kind=kind, target=TitleRef(title=match.group("title"), year=year))
                )


def _note_unmapped(article: Article, extraction: PageExtraction, unread: set[str]) -> None:
    """Note each row no field took, and each row whose value could not be read."""
    for key, items in article.infobox.items():
        field = row_field(key)
        if not items or is_presentational(key) or (field and field not in unread):
            continue
        extraction.note_unmapped("infobox", article.infobox_labels.get(key, key), "; ".join(items))
