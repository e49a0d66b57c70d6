"""Infobox templates that write a value: what Wikipedia renders for them, as wikitext.

``strip_code`` drops every template with its text, so "{{Runtime|118}}",
"{{Film date|1953|8|27|Venice}}" or "{{US$|1.5 million}}" would leave an
infobox row empty. ``render`` writes the text Wikipedia shows for them
("118 minutes", "27 August 1953 (Venice)", "USD 1.5 million"), so that the
rendered forms (HTML, a browser's copy) and the source are read by the same
parsers afterwards. The renderings take the template's parameters as
strings and give wikitext, which may keep the links a place was given in.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable

# Money templates ("{{US$|63}}", "{{INR|40}} crore") and the ISO currency each writes.
CURRENCY_TEMPLATES = {
    "us$": "USD", "usd": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD",
    "ca$": "CAD", "cad": "CAD", "hk$": "HKD", "hkd": "HKD", "nz$": "NZD", "nzd": "NZD",
    "inr": "INR", "₹": "INR", "indian rupee": "INR", "gbp": "GBP", "£": "GBP",
    "eur": "EUR", "€": "EUR", "jpy": "JPY", "¥": "JPY", "yen": "JPY", "cny": "CNY",
    "rmb": "CNY", "krw": "KRW", "won": "KRW", "brl": "BRL", "r$": "BRL", "rub": "RUB",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "chf": "CHF", "mxn": "MXN",
}  # fmt: skip
# {{INRConvert|80|c}}: the unit letters it takes after the amount, as words.
INR_UNITS = {"c": "crore", "l": "lakh", "lc": "lakh crore", "k": "thousand", "m": "million",
             "b": "billion", "t": "trillion"}  # fmt: skip
# Templates whose positional parameters run in groups of four: year, month, day, place.
DATED_PLACE_TEMPLATES = frozenset({"film date", "release date", "film release date"})
# Templates of one date: year, month, day (then a time, which is not a release's).
ONE_DATE_TEMPLATES = frozenset(
    {"start date", "end date", "start date and age", "end date and age", "start and end dates",
     "release date and age", "birth date", "dts"}
)  # fmt: skip

# English month names whatever the locale: ``calendar.month_name`` follows LC_TIME.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip

Renderer = Callable[[list[str], dict[str, str]], str | None]


def render(name: str, positional: list[str], named: dict[str, str]) -> str | None:
    """Return the wikitext a value template ``name`` renders, or None for any other template.

    ``name`` is lower-cased with spaces for underscores; ``positional`` and
    ``named`` are its parameters' values, stripped.
    """
    if name in CURRENCY_TEMPLATES:
        return _currency(CURRENCY_TEMPLATES[name], positional)
    if name in DATED_PLACE_TEMPLATES:
        return _dated_places(positional)
    if name in ONE_DATE_TEMPLATES:
        return _date(positional[:3]) or None
    renderer = RENDERERS.get(name)
    return renderer(positional, named) if renderer else None


def _currency(code: str, positional: list[str]) -> str | None:
    """Write "{{US$|1.5 million}}" as "USD 1.5 million", which ``money.read_money`` reads."""
    return f"{code} {positional[0]}" if positional and positional[0] else None


def _inr_convert(positional: list[str], named: dict[str, str]) -> str | None:
    """Write "{{INRConvert|80|c}}" as "INR 80 crore"; the dollars it adds are a conversion."""
    if not positional or not positional[0]:
        return None
    unit = INR_UNITS.get(positional[1].lower(), "") if len(positional) > 1 else ""
    return f"INR {positional[0]} {unit}".strip()


def _runtime(positional: list[str], named: dict[str, str]) -> str | None:
    """Write "{{Runtime|118}}" and "{{Runtime|1|58}}" (hours, minutes) as "118 minutes"."""
    numbers = [int(value) for value in positional[:2] if value.isdecimal() and len(value) < 5]
    if not numbers or len(numbers) != len(positional[:2]):
        return None
    minutes = numbers[0] * 60 + numbers[1] if len(numbers) == 2 else numbers[0]
    return f"{minutes} minutes"


def _duration(positional: list[str], named: dict[str, str]) -> str | None:
    """Write "{{Duration|h=1|m=58}}" as "118 minutes"; seconds are dropped, as IMDb drops them."""
    hours, minutes = named.get("h", "0") or "0", named.get("m", "0") or "0"
    if not (hours.isdecimal() and minutes.isdecimal()) or len(hours + minutes) > 6:
        return None
    total = int(hours) * 60 + int(minutes)
    return f"{total} minutes" if total else None


def _based_on(positional: list[str], named: dict[str, str]) -> str | None:
    """Write "{{Based on|''Novel''|Author|Other}}" as Wikipedia does: the work, then its authors."""
    given = [value for value in positional if value]
    if not given:
        return None
    work, *authors = given
    return work + ("<br />by " + "<br />".join(authors) if authors else "")


def _dated_places(positional: list[str]) -> str | None:
    """Write "{{Film date|1953|8|27|Venice|1953|9|10|United States}}" as one line a place.

    A group may leave out the day or the month ("{{Film date|1998|3||India}}"),
    which is written "March 1998 (India)" as Wikipedia writes it: the date
    is only as precise as the article.
    """
    lines = []
    for start in range(0, len(positional), 4):
        group = positional[start : start + 4]
        date = _date(group[:3])
        if not date:
            break
        place = group[3] if len(group) > 3 and group[3] else ""
        lines.append(f"{date} ({place})" if place else date)
    return "<br />".join(lines) or None


def _date(parts: list[str]) -> str:
    """Write year, month and day, the later ones optional, as "27 August 1953" or "March 1998"."""
    numbers: list[int] = []
    for part in parts:
        if not part.isdecimal() or len(part) > 4:
            break
        numbers.append(int(part))
    if not numbers or not 1000 <= numbers[0] <= 9999:
        return ""
    year, month, day = (*numbers, 0, 0)[:3]
    if not 1 <= month <= 12:
        return str(year)
    month_name = MONTH_NAMES[month - 1]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{month_name} {year}"
    return f"{day} {month_name} {year}"


RENDERERS: dict[str, Renderer] = {
    "inrconvert": _inr_convert,
    "inr convert": _inr_convert,
    "runtime": _runtime,
    "duration": _duration,
    "based on": _based_on,
}
# Every template ``render`` writes out: a caller skips the others without reading their parameters.
RENDERED_TEMPLATES = frozenset(
    set(CURRENCY_TEMPLATES) | DATED_PLACE_TEMPLATES | ONE_DATE_TEMPLATES | set(RENDERERS)
)
