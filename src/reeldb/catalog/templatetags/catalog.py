"""Display helpers for catalogue pages: money, initials, poster colours."""

from __future__ import annotations

import zlib
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.http import urlencode

from reeldb.catalog.models import format_runtime
from reeldb.catalog.regions import country_of

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
def country(code: str) -> str:
    """Return the country a region code stands for: "DE" -> "Germany"; other text as it is."""
    return country_of(code)


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


# A colour per genre for the designed posters of titles without a picture:
# warm for action and romance, cold for thrillers and science fiction, so a
# row of posters says something about what it lists.
GENRE_HUES = {
    "action": 8,
    "adventure": 28,
    "animation": 190,
    "biography": 38,
    "comedy": 45,
    "crime": 350,
    "documentary": 165,
    "drama": 215,
    "family": 95,
    "fantasy": 275,
    "film-noir": 230,
    "game-show": 55,
    "history": 32,
    "horror": 0,
    "music": 300,
    "musical": 318,
    "mystery": 250,
    "news": 205,
    "reality-tv": 60,
    "romance": 335,
    "sci-fi": 185,
    "short": 140,
    "sport": 120,
    "talk-show": 175,
    "thriller": 262,
    "war": 70,
    "western": 24,
}
POSTER_STYLES = ("serif", "sans", "condensed")


@register.filter
def poster_hues(title: Any) -> str:
    """Return the two hues of a designed poster as CSS custom properties.

    The first genre gives the main colour and the second the shade it fades
    to; a title without known genres gets a stable colour of its own.
    """
    genres = [genre.strip().lower() for genre in (title.genres or "").split(",") if genre.strip()]
    known = [GENRE_HUES[genre] for genre in genres if genre in GENRE_HUES]
    first = known[0] if known else hue(title.public_id)
    second = known[1] if len(known) > 1 else first + 40
    return f"--hue: {first}; --hue2: {second}"


@register.filter
def longest_word(text: str) -> int:
    """Return the length of ``text``'s longest word, at least 1.

    A designed poster sets its title no larger than lets that word fit on one
    line (``--word`` in site.css): browsers here have no hyphenation
    dictionaries, so a word too wide for the poster broke anywhere.
    """
    return max((len(word) for word in text.split()), default=1)


@register.filter
def poster_style(key: str | int) -> str:
    """Return one of a few type designs for a designed poster, stable per title."""
    return POSTER_STYLES[zlib.crc32(str(key).encode()) % len(POSTER_STYLES)]


def _renditions(image: Any) -> list[dict[str, Any]]:
    renditions = image.get("renditions") if isinstance(image, dict) else None
    return [r for r in renditions or [] if isinstance(r, dict) and r.get("name")]


@register.filter
def image_srcset(image: Any) -> str:
    """Return an ``<img srcset>`` of a shown image's renditions: "url 160w, url 320w"."""
    return ", ".join(
        f"{default_storage.url(r['name'])} {int(r['width'])}w" for r in _renditions(image)
    )


@register.filter
def image_src(image: Any) -> str:
    """Return the address of the middle rendition, for browsers that ignore ``srcset``."""
    renditions = _renditions(image)
    return default_storage.url(renditions[len(renditions) // 2]["name"]) if renditions else ""


@register.filter
def image_size(image: Any) -> dict[str, int]:
    """Return the widest rendition's width and height: the picture's shape, for no layout shift."""
    renditions = _renditions(image)
    if not renditions:
        return {}
    widest = renditions[-1]
    return {"width": int(widest["width"]), "height": int(widest["height"])}


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
