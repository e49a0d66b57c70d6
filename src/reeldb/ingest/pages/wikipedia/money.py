"""Money as an infobox writes it: "$63 million", "A$5 million", "₹40 crore", "$5–7 million".

``text.parse_money`` reads a symbol and a scale; Wikipedia also writes other
countries' dollars and yen by prefix, Indian crores and lakhs, decimal commas
and ranges, which this reads before handing the rest on.
"""

from __future__ import annotations

import re

from reeldb.ingest.pages.text import parse_money

# "A$5 million", "HK$40 million", "CN¥300 million": dollars and yen that are not USD or JPY.
CURRENCY_PREFIXES = {
    "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "CDN$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "NT$": "TWD", "S$": "SGD", "R$": "BRL", "Mex$": "MXN",
    "CN¥": "CNY", "RMB": "CNY", "₩": "KRW", "₽": "RUB", "Rs.": "INR", "Rs": "INR",
}  # fmt: skip
CURRENCY_PREFIX = re.compile(
    "(?<![A-Za-z])("
    + "|".join(map(re.escape, sorted(CURRENCY_PREFIXES, key=len, reverse=True)))
    + r")\s?(?=\d)"
)
INDIAN_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(crore|lakh)\b", re.IGNORECASE)
# "$5–7 million", "est. $20 million", "over $1 billion": a figure the article does not know exactly.
MONEY_RANGE = re.compile(
    r"(\d[\d,.]*)(?:\s*(?:million|billion))?\s*(?:[–—-]|to)\s*[^\d\s]{0,3}\s?\d[\d,.]*"
)
# "€3,5 millions": a decimal comma, where a thousands separator would have three digits.
DECIMAL_COMMA = re.compile(r"(\d),(\d{1,2})(?=\s*(?:million|billion|crore|lakh))")
# A footnote mark a rendered page keeps after a figure: "[1]", "[a]", "[note 2]".
FOOTNOTE = re.compile(r"\[\s*(?:\d{1,3}|[a-z]|(?:note|nb|n)\s*\d{1,3})\s*\]", re.IGNORECASE)
# "(US$11 million)" after "₹80 crore": a conversion the article adds, not another figure.
PARENTHESES = re.compile(r"\(([^()]*)\)")
ESTIMATE = re.compile(r"\b(?:est|estimated|approx|approximately|about|around|over|under)\b|[~<>≈]")


def money_region(item: str) -> str:
    """Return the place a figure is given for, from its parentheses: "$1.2 million (India)"."""
    for inside in PARENTHESES.findall(FOOTNOTE.sub("", item)):
        words = str(inside).strip()
        is_place = not re.search(r"\d", words) and not ESTIMATE.search(words.lower())
        if words and is_place and len(words) <= 32:
            return words
    return ""


def is_conversion(item: str) -> bool:
    """Tell a line that only converts the figure before it ("(US$11 million)") from a figure."""
    return item.strip().startswith("(")


def read_money(item: str) -> tuple[int, str, bool] | None:
    """Return (amount, ISO currency, is it an estimate) for an infobox's budget or gross.

    Takes what ``parse_money`` does not: a dollar or yen of another country by
    its prefix, Indian crores and lakhs, and a range ("$5–7 million"), whose
    lower figure is kept as an estimate: IMDb shows one figure, and the lower
    is one the article states. Footnote marks ("[1]") and what stands in
    parentheses after the figure (a conversion, a place) are not read.
    """
    item = FOOTNOTE.sub("", item)
    is_estimated = bool(ESTIMATE.search(item.lower()))
    # The figure stands before any parentheses: what they hold is a conversion or a place.
    item = PARENTHESES.sub("", item) if not item.lstrip().startswith("(") else item
    if range_ := MONEY_RANGE.search(item):
        item = item[: range_.start()] + range_.group(1) + item[range_.end() :]
        is_estimated = True
    item = DECIMAL_COMMA.sub(r"\1.\2", item)
    currency = ""
    if prefix := CURRENCY_PREFIX.search(item):
        currency = CURRENCY_PREFIXES[prefix.group(1)]
        item = item[: prefix.start()] + item[prefix.end() :]
    if indian := INDIAN_SCALE.search(item):
        scale = 10_000_000 if indian.group(2).lower() == "crore" else 100_000
        try:
            amount = round(float(indian.group(1).replace(",", "")) * scale)
        except ValueError:
            return None
        return amount, currency or "INR", is_estimated
    money = parse_money(item)
    if money is None:
        return None
    return money[0], currency or money[1], is_estimated
