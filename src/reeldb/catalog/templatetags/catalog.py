"""Display helpers for catalogue pages: money, initials, poster colours."""

from __future__ import annotations

import zlib

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.http import urlencode

from reeldb.catalog.models import format_runtime

register = template.Library()

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


@register.filter
def money(amount: int | None, currency: str = "USD") -> str:
    """Return "$7,000,000" for USD amounts, "MXN 7,000,000" where no symbol is common."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{intcomma(amount)}" if symbol else f"{currency} {intcomma(amount)}"


@register.filter
def initials(name: str) -> str:
    """Return up to two initials for a portrait stand-in: "Salma Hayek" -> "SH"."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:1] + words[1:][-1:]).upper()


POSTER_HUES = 15


@register.filter
def hue(key: str | int) -> int:
    """Return a stable colour hue for a title or person, one of 15 far-apart hues.

    Picking from a few well-separated hues rather than any of 360 keeps
    neighbouring tiles from looking alike.
    """
    return zlib.crc32(str(key).encode()) % POSTER_HUES * (360 // POSTER_HUES)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    """Return ``mapping[key]``, or None: templates cannot index by a variable."""
    return mapping.get(key)


@register.filter
def words(identifier: str) -> str:
    """Return an IMDb identifier as words: "production_designer" -> "production designer"."""
    return identifier.replace("_", " ")


@register.filter
def abs_value(number: int | None) -> int | None:
    """Return the size of a rank movement, whichever its direction."""
    return abs(number) if number is not None else None


@register.filter
def runtime(minutes: int | None) -> str:
    """Return a runtime as the title page shows it: "1h 44m"."""
    return format_runtime(minutes)


@register.simple_tag
def browse_url(**filters: str | int) -> str:
    """Return the advanced title search's address for some filters: the site's browse page.

    ``{% browse_url genres="Action" %}`` is ``/search/title?genres=Action``.
    The search page is named by its URL, not imported: the catalogue's
    templates link to it as to any page, and the catalogue's code stays free
    of the search app.
    """
    return f"{reverse('search:title')}?{urlencode(filters)}"


CM_PER_INCH = 2.54


@register.filter
def height(centimetres: int | None) -> str:
    """Return a height as IMDb gives it, feet and inches then metres: "5′ 2″ (1.57 m)"."""
    if not centimetres:
        return ""
    inches = round(centimetres / CM_PER_INCH)
    return f"{inches // 12}′ {inches % 12}″ ({centimetres / 100:.2f} m)"
