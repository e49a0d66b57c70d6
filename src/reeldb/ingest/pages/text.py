"""Small parsers every extractor shares: whitespace, case, numbers, money, runtimes and dates."""

from __future__ import annotations

import datetime
import html
import re

WHITESPACE = re.compile(r"\s+")
# Words a name keeps in lower case after its first word: "Joaquim de Almeida".
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "den",
        "di",
        "la",
        "le",
        "van",
        "von",
        "y",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
    ]
)
# Words a title keeps in lower case unless first: "Once Upon a Time in Mexico".
TITLE_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "the",
        "till",
        "to",
        "via",
        "vs",
        "vs.",
        "with",
    ]
)
ROMAN_NUMERAL = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
# IMDb wrote "USA" and "UK" until about 2020 and "United States" and "United
# Kingdom" since, and the MPAA's certificates name no country at all: one
# spelling per country keeps a page's facts comparable across layouts.
COUNTRY_NAMES = {
    "usa": "United States",
    "us": "United States",
    "united states of america": "United States",
    "us & canada": "United States",
    "united states": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
}
# Words that end in a dot of their own, which a list item keeps.
ABBREVIATION_END = re.compile(r"\b(?:bros|inc|co|corp|ltd|jr|sr|st|vol|[a-z])\.$", re.IGNORECASE)
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}


def squash(text: str) -> str:
    """Decode HTML entities ("&nbsp;", "&raquo;") and collapse whitespace to single spaces."""
    return WHITESPACE.sub(" ", html.unescape(text).replace("\xa0", " ")).strip()


def is_lowercased(text: str) -> bool:
    """Return whether ``text`` has letters and none of them is a capital."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and not any(char.isupper() for char in letters)


def _capitalise(word: str, *, after: str = "/(\"'") -> str:
    """Capitalise a word, each part after one of ``after``, and a "Mc"/"O'" prefix."""
    if ROMAN_NUMERAL.match(word):
        return word.upper()
    parts = re.split(f"([{re.escape(after)}])", word)
    out = "".join(part[:1].upper() + part[1:] for part in parts)
    if re.match(r"^Mc[a-z]", out):
        out = out[:2] + out[2].upper() + out[3:]
    if re.match(r"^[OD]'[a-z]", out):
        out = out[:2] + out[2].upper() + out[3:]
    return out


def recase_name(name: str) -> str:
    """Guess the capitals of a lower-cased name: "joaquim de almeida" -> "Joaquim de Almeida"."""
    words = name.split()
    return " ".join(
        word if position and word in NAME_PARTICLES and position < len(words) - 1 else
        _capitalise(word, after="/(\"'-")
        for position, word in enumerate(words)
    )  # fmt: skip


def recase_title(title: str) -> str:
    """Guess the capitals of a lower-cased title: "once upon a time" -> "Once Upon a Time"."""
    words = title.split()
    out = []
    for position, word in enumerate(words):
        after_colon = position > 0 and words[position - 1].endswith(":")
        minor = word in TITLE_MINOR_WORDS and position not in (0, len(words) - 1)
        out.append(word if minor and not after_colon else _capitalise(word))
    return " ".join(out)


def recase_sentences(text: str) -> str:
    """Capitalise the start of each sentence and the word "I" of a lower-cased text."""
    text = re.sub(r"(^|[.!?]\s+|\[)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return re.sub(r"\bi\b(?=[\s'’])", "I", text)


def parse_int(text: str | None) -> int | None:
    """Return the integer in "144,553" or "2.415", or None."""
    if not text:
        return None
    digits = re.sub(r"[,.\s\u202f](?=\d{3}\b)", "", text.strip())
    return int(digits) if digits.isdecimal() and len(digits) < 16 else None


def parse_float(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def parse_money(text: str) -> tuple[int, str] | None:
    """Return (amount, ISO currency) of "$7,000,000", "€1.5 million" or "USD 12,000"."""
    match = re.search(
        r"(?P<symbol>[$€£¥₹]|\b[A-Z]{3}(?=\s?\d)|\b[a-z]{3}(?=\d))?\s?(?P<number>\d[\d,.]*)"
        r"(?:\s*(?P<scale>million|billion|thousand))?",
        text,
    )
    if not match:
        return None
    number = match.group("number").rstrip(".,")
    scale = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}.get(
        (match.group("scale") or "").lower(), 1
    )
    try:
        if scale > 1:
            amount = round(float(number.replace(",", "")) * scale)
        else:
            amount = int(re.sub(r"[,.]", "", number))
    except ValueError:
        return None
    symbol = match.group("symbol") or "$"
    currency = CURRENCY_SYMBOLS.get(symbol, symbol.upper())
    return amount, currency


RUNTIME_PARTS = re.compile(r"(?:(\d+)\s*h(?:ours?|r)?\.?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?\b)?")


def parse_runtime(text: str) -> int | None:
    """Return minutes from "1h 44min", "104 min", "104 minutes" or ISO 8601 "PT1H44M"."""
    iso = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:\d+S)?", text.strip(), re.IGNORECASE)
    if iso and (iso.group(1) or iso.group(2)):
        return int(iso.group(1) or 0) * 60 + int(iso.group(2) or 0)
    # The first place that states hours or minutes: "UK:60 min" has words before it.
    for match in RUNTIME_PARTS.finditer(text):
        if match.group(1) or match.group(2):
            minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
            return minutes if 0 < minutes < 60_000 else None
    return None


def parse_date(text: str) -> datetime.date | None:
    """Return the date in "25 August 1995", "August 25, 1995" or "1995-08-25", or None."""
    text = text.strip().lower()
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        parts = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        day_first = re.search(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", text)
        month_first = re.search(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
        if day_first and day_first.group(2) in MONTHS:
            day, month, year = day_first.groups()
        elif month_first and month_first.group(1) in MONTHS:
            month, day, year = month_first.groups()
        else:
            return None
        parts = int(year), MONTHS[month], int(day)
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def parse_partial_date(text: str) -> tuple[datetime.date, str] | None:
    """Return the date in "25 August 1995", "September 1998" or "1998" and its precision, or None.

    IMDb printed the release dates it knew only to the month or the year so
    until about 2015. Such a date is the first day of its month (or year),
    with the precision "month" (or "year", a ``DatePrecision`` value) saying
    that the day is not stated, so that none is shown as if it were.
    """
    if full := parse_date(text):
        return full, "day"
    words = " ".join(text.lower().replace(",", " ").split())
    month = re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", words)
    if month and month.group(1) in MONTHS and 1800 < int(month.group(2)) < 2200:
        first_day = datetime.date(int(month.group(2)), MONTHS[month.group(1)], 1)
        return first_day, "month"
    if re.fullmatch(r"\d{4}", words) and 1800 < int(words) < 2200:
        return datetime.date(int(words), 1, 1), "year"
    return None


def country_name(name: str) -> str:
    """Return IMDb's current name of a country: "USA" and "usa" -> "United States"."""
    name = " ".join(name.split()).strip(" ,")
    return COUNTRY_NAMES.get(name.lower().replace(".", ""), name)


def split_list(text: str, separators: str = r",|\|") -> list[str]:
    """Split "action | thriller" or "usa, mexico" into its items, keeping "Warner Bros."'s dot."""
    items = []
    for raw in re.split(separators, text):
        item = raw.strip()
        if not ABBREVIATION_END.search(item):
            item = re.sub(r"[.\s]+$", "", item)
        if item.strip("."):
            items.append(item)
    return items


def merge_terms(first: list[str], more: list[str]) -> list[str]:
    """Return ``first`` followed by the terms of ``more`` it lacks, compared case-insensitively.

    Two parts of one page state a list each (JSON-LD keywords, the page
    data's first few): together they say more than either.
    """
    seen = {term.casefold() for term in first}
    merged = list(first)
    for term in more:
        if term.casefold() not in seen:
            seen.add(term.casefold())
            merged.append(term)
    return merged
