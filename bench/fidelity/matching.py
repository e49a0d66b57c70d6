"""What a reader sees of a title, and one rule per fact kind that decides whether a fact is there.

``Observed`` holds what one reader can see, already cut into the rows a page shows: the cast
as (actor, character) rows, the writers as (name, role) rows, each box-office figure with its
label. reeldb's rendered pages (``rendered.py``) and each peer parser's output (``peers.py``)
are turned into one, and the same ``fact_found`` decides for both. Every rule compares
normalised text (case folded, accents and punctuation dropped, whitespace collapsed) and
looks only inside the row a fact belongs to: a cast fact needs its character in the actor's
own row, a writer's role in that writer's row, a budget's amount under a "Budget" label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# The spellings a page may use for one country; the first is reeldb's.
COUNTRY_NAMES = (
    ("united states", "usa", "us", "u s a", "u s", "united states of america", "america"),
    ("united kingdom", "uk", "great britain", "gb", "england"),
    ("south korea", "korea", "republic of korea", "kr", "korea south"),
    ("germany", "de", "west germany"),
    ("france", "fr"),
    ("mexico", "mx"),
    ("spain", "es"),
    ("india", "in"),
    ("japan", "jp"),
    ("italy", "it"),
    ("argentina", "ar"),
    ("brazil", "br"),
    ("canada", "ca"),
    ("australia", "au"),
    ("world", "worldwide", "xww"),
)
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
# A crew job as a fact names it, and the department reeldb's full credits file it under.
JOB_DEPARTMENTS = {
    "composer": "music by",
    "music": "music by",
    "original music": "music by",
    "cinematographer": "cinematography by",
    "cinematography": "cinematography by",
    "director of photography": "cinematography by",
    "editor": "film editing by",
    "film editor": "film editing by",
    "editing": "film editing by",
    "producer": "produced by",
    "casting": "casting by",
    "casting director": "casting by",
    "production designer": "production design by",
    "production design": "production design by",
    "costume designer": "costume design by",
    "costume design": "costume design by",
    "art director": "art direction by",
    "set decorator": "set decoration by",
}
# The roles a company fact can name, and words of the heading reeldb lists it under.
COMPANY_ROLES = {
    "production": ("production",),
    "distribution": ("distribut",),
    "special_effects": ("special effects",),
    "other": ("other",),
}
NETWORK_HEADINGS = ("network", "broadcast", "distribut", "channel")
ROLE_NOUNS = {"created": "creator", "developed": "developer"}
PAREN_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Return ``text`` case folded, accents dropped, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(WORD.findall(text.casefold().replace("ß", "ss")))


def country_key(name: str) -> str:
    """Return one spelling for every way of writing a country ("USA" -> "united states")."""
    folded = fold(name)
    for spellings in COUNTRY_NAMES:
        if folded in spellings:
            return spellings[0]
    return folded


def _role(text: str) -> str:
    """Return a credit's role without its brackets and a trailing "by": "(story by)" -> "story".

    "Created by" and "creator" are one role, as are "developed by" and "developer".
    """
    folded = fold(text)
    folded = folded[:-3] if folded.endswith(" by") else folded
    return " ".join(ROLE_NOUNS.get(word, word) for word in folded.split())


def _contains_words(haystack: str, needle: str) -> bool:
    """Return whether the folded words of ``needle`` occur in order, together, in ``haystack``."""
    words = fold(needle)
    return bool(words) and f" {words} " in f" {fold(haystack)} "


def _without_note(text: str) -> str:
    """Return ``text`` without trailing bracketed notes: "Ralph (uncredited)" -> "Ralph"."""
    previous = None
    while previous != text:
        previous, text = text, PAREN_NOTE.sub("", text)
    return text


def _characters(label: str) -> list[str]:
    """Return each character of a cast row's label ("A / B (voice)") folded, notes dropped."""
    parts = [label, *label.split(" / ")]
    return [fold(_without_note(part)) for part in parts] + [fold(part) for part in parts]


@dataclass
class Observed:
    """What a reader can read of one title, row by row. Every field is a list; empty if unseen."""

    title: list[str] = field(default_factory=list)
    original_title: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)  # labels: "1995", "2008–2013", "2014–"
    runtime: list[int] = field(default_factory=list)
    genre: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    director: list[str] = field(default_factory=list)
    creator: list[str] = field(default_factory=list)
    writer: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    cast: list[tuple[str, str]] = field(default_factory=list)  # (name, characters label)
    crew: list[tuple[str, str, str]] = field(default_factory=list)  # (name, job, department)
    release_date: list[str] = field(default_factory=list)  # "15 December 1995 (United States)"
    certificate: list[tuple[str, str]] = field(default_factory=list)  # (country or "", rating)
    aka: list[tuple[str, str]] = field(default_factory=list)  # (title, note: region, language)
    box_office: list[tuple[str, str]] = field(default_factory=list)  # (label, "$60,000,000")
    company: list[tuple[str, str]] = field(default_factory=list)  # (name, heading)
    network: list[str] = field(default_factory=list)
    filming_location: list[str] = field(default_factory=list)
    keyword: list[str] = field(default_factory=list)
    tagline: list[str] = field(default_factory=list)
    plot: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    season_episode: list[str] = field(default_factory=list)  # "S5.E14"
    counts: list[str] = field(default_factory=list)  # text where "5 seasons", "62 episodes" may be
    trivia: list[str] = field(default_factory=list)
    goof: list[str] = field(default_factory=list)
    quote: list[str] = field(default_factory=list)
    soundtrack: list[str] = field(default_factory=list)
    rating: list[str] = field(default_factory=list)
    votes: list[str] = field(default_factory=list)
    metascore: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Observed:
        """Return the ``Observed`` a peer script printed as JSON (rows as lists)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, rows in data.items():
            if name in known:
                values[name] = [tuple(row) if isinstance(row, list) else row for row in rows]
        return cls(**values)


def _equal_item(value: str, items: Iterable[str]) -> bool:
    wanted = fold(value)
    return bool(wanted) and any(fold(item) == wanted for item in items)


def _number(text: str) -> float | None:
    digits = re.sub(r"[^\d.]", "", text.replace(",", ""))
    try:
        return float(digits) if digits else None
    except ValueError:
        return None


def _years(label: str) -> tuple[str, str]:
    found = re.match(r"\D*(\d{4})\s*(?:[-–—]\s*(\d{4})?)?", label)
    if not found:
        return "", ""
    return found.group(1), found.group(2) or ""


def _date_text(value: str) -> str:
    """Return "15 december 1995" for "1995-12-15", "september 1998" for "1998-09"."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _country_in(country: str, note: str) -> bool:
    """Return whether ``note`` ("(United States)", "(US, en)") names ``country``."""
    wanted = country_key(country)
    pieces = re.split(r"[(),;/]", note)
    return any(country_key(piece) == wanted for piece in pieces if piece.strip())


def _money(text: str) -> tuple[str, int] | None:
    """Return (currency code, amount) of "$60,000,000", "MXN 7,000,000" or "FRF77,000,000"."""
    found = re.search(r"([A-Z]{3}|[$€£¥₹₩])\s*([\d,]+)", text)
    if not found:
        return None
    marker = found.group(1)
    return CURRENCY_SYMBOLS.get(marker, marker), int(found.group(2).replace(",", ""))


def _figure_found(label: str, value: Sequence[str], seen: Observed) -> bool:
    amount, currency = int(re.sub(r"\D", "", value[0])), value[1].upper()
    for heading, text in seen.box_office:
        if fold(heading).startswith(label) and _money(text) == (currency, amount):
            return True
    return False


def _release_found(value: Sequence[str], seen: Observed) -> bool:
    wanted = _date_text(value[0])
    country = value[1] if len(value) > 1 else ""
    for item in seen.release_date:
        folded = fold(item)
        if not (folded == wanted or folded.startswith(wanted + " ")):
            continue
        # A month-only fact is not found as some day of that month.
        if value[0].count("-") == 1 and re.match(r"\d", folded):
            continue
        if not country or _country_in(country, item[len(item.split("(")[0]) :]):
            return True
    return False


def _cast_found(value: Sequence[str], seen: Observed) -> bool:
    name, character = fold(value[0]), value[1] if len(value) > 1 else ""
    for actor, label in seen.cast:
        if fold(actor) != name:
            continue
        if not character or fold(_without_note(character)) in _characters(label):
            return True
    return False


def _writer_found(value: Sequence[str], seen: Observed) -> bool:
    """A writer in a writers' row; a role, when stated, among that row's words ("(story by)
    (5 episodes)" holds "story")."""
    name, role = fold(value[0]), _role(value[1]) if len(value) > 1 else ""
    return any(
        fold(writer) == name and (not role or _contains_words(_role(job), role))
        for writer, job in seen.writer
    )


def _crew_found(value: Sequence[str], seen: Observed) -> bool:
    name, job = fold(value[0]), _role(value[1]) if len(value) > 1 else ""
    department = JOB_DEPARTMENTS.get(job, "")
    for person, shown_job, shown_department in seen.crew:
        if fold(person) != name:
            continue
        if not job or _role(shown_job) == job or _contains_words(shown_job, job):
            return True
        if department and fold(shown_department) == department:
            return True
        if fold(shown_department) in (job, f"{job} by"):
            return True
    return False


def _certificate_found(value: Sequence[str], seen: Observed) -> bool:
    country, rating = value[0], fold(value[1])
    return any(
        fold(shown_rating) == rating
        and (country_key(shown_country) == country_key(country) if country else True)
        for shown_country, shown_rating in seen.certificate
    )


def _aka_found(value: Sequence[str], seen: Observed) -> bool:
    title, region = fold(value[0]), value[1] if len(value) > 1 else ""
    return any(
        fold(shown) == title and (not region or _country_in(region, note))
        for shown, note in seen.aka
    )


def _company_found(value: Sequence[str], seen: Observed) -> bool:
    name, role = fold(value[0]), value[1] if len(value) > 1 else ""
    words = COMPANY_ROLES.get(role, (fold(role),)) if role else ("",)
    return any(
        fold(company) == name and any(word in fold(heading) for word in words)
        for company, heading in seen.company
    )


def _network_found(value: Sequence[str], seen: Observed) -> bool:
    if _equal_item(value[0], seen.network):
        return True
    return any(
        fold(company) == fold(value[0]) and any(word in fold(heading) for word in NETWORK_HEADINGS)
        for company, heading in seen.company
    )


def _count_found(noun: str) -> Callable[[Sequence[str], Observed], bool]:
    def found(value: Sequence[str], seen: Observed) -> bool:
        # "5 seasons": a number before its noun ("Season 1" names a season, not a count).
        pattern = re.compile(rf"\b{int(value[0])} {noun}s?\b")
        return any(pattern.search(fold(text)) for text in seen.counts)

    return found


def _text_found(name: str) -> Callable[[Sequence[str], Observed], bool]:
    """A prose fact (trivia, a quote, a plot's first words): its words, together, in one item."""

    def found(value: Sequence[str], seen: Observed) -> bool:
        items: list[str] = getattr(seen, name)
        return any(_contains_words(item, value[0]) for item in items)

    return found


def _item_found(name: str) -> Callable[[Sequence[str], Observed], bool]:
    """A list fact (a genre, a keyword, a director): one item that is exactly it."""

    def found(value: Sequence[str], seen: Observed) -> bool:
        items: list[str] = getattr(seen, name)
        if name in ("country",):
            return any(country_key(item) == country_key(value[0]) for item in items)
        return _equal_item(value[0], items)

    return found


def _location_found(value: Sequence[str], seen: Observed) -> bool:
    wanted = fold(value[0])
    return any(
        fold(place) == wanted or fold(place).startswith(wanted + " ")
        for place in seen.filming_location
    )


def _year_found(end: bool) -> Callable[[Sequence[str], Observed], bool]:
    def found(value: Sequence[str], seen: Observed) -> bool:
        return any(_years(label)[1 if end else 0] == str(value[0]) for label in seen.year)

    return found


def _same_number(name: str) -> Callable[[Sequence[str], Observed], bool]:
    def found(value: Sequence[str], seen: Observed) -> bool:
        wanted = _number(str(value[0]))
        items: list[str] = getattr(seen, name)
        return wanted is not None and any(_number(item) == wanted for item in items)

    return found


def _runtime_found(value: Sequence[str], seen: Observed) -> bool:
    return int(value[0]) in seen.runtime


def _title_found(value: Sequence[str], seen: Observed) -> bool:
    return _equal_item(value[0], seen.title)


def _original_title_found(value: Sequence[str], seen: Observed) -> bool:
    # reeldb, as IMDb, prints an original title only where it differs from the title.
    return _equal_item(value[0], seen.original_title) or _equal_item(value[0], seen.title)


def _creator_found(value: Sequence[str], seen: Observed) -> bool:
    return _equal_item(value[0], seen.creator) or any(
        fold(name) == fold(value[0]) and "creat" in fold(job) for name, job in seen.writer
    )


def _director_found(value: Sequence[str], seen: Observed) -> bool:
    return _equal_item(value[0], seen.director)


def _season_episode_found(value: Sequence[str], seen: Observed) -> bool:
    wanted = fold(value[0]).replace(" ", "")
    return any(fold(code).replace(" ", "") == wanted for code in seen.season_episode)


RULES: dict[str, Callable[[Sequence[str], Observed], bool]] = {
    "title": _title_found,
    "original_title": _original_title_found,
    "year": _year_found(end=False),
    "end_year": _year_found(end=True),
    "runtime": _runtime_found,
    "genre": _item_found("genre"),
    "country": _item_found("country"),
    "language": _item_found("language"),
    "director": _director_found,
    "writer": _writer_found,
    "creator": _creator_found,
    "cast": _cast_found,
    "crew": _crew_found,
    "release_date": _release_found,
    "certificate": _certificate_found,
    "aka": _aka_found,
    "budget": lambda value, seen: _figure_found("budget", value, seen),
    "gross": lambda value, seen: _figure_found("gross", value, seen),
    "company": _company_found,
    "network": _network_found,
    "filming_location": _location_found,
    "keyword": _item_found("keyword"),
    "tagline": _text_found("tagline"),
    "plot": _text_found("plot"),
    "seasons": _count_found("season"),
    "episodes": _count_found("episode"),
    "series": _item_found("series"),
    "season_episode": _season_episode_found,
    "trivia": _text_found("trivia"),
    "goof": _text_found("goof"),
    "quote": _text_found("quote"),
    "soundtrack": _text_found("soundtrack"),
    "rating": _same_number("rating"),
    "votes": _same_number("votes"),
    "metascore": _same_number("metascore"),
}


def fact_found(fact: Sequence[str], seen: Observed) -> bool:
    """Return whether ``fact`` (``[kind, value, extra?]``) can be read in ``seen``."""
    kind, *value = fact
    rule = RULES.get(kind)
    if rule is None:
        raise ValueError(f"unknown fact kind {kind!r}")
    return rule([str(part) for part in value], seen)


def check_date(value: str) -> None:
    """Raise ``ValueError`` unless ``value`` is YYYY-MM-DD or YYYY-MM (a fact file's dates)."""
    if value.count("-") == 2:
        date.fromisoformat(value)
    elif not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValueError(f"not a date: {value!r}")
