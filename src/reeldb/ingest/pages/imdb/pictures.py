"""The poster and portraits an IMDb page shows: addresses to download later, never the files.

A page names its poster three ways, in order of trust: JSON-LD's ``image``
(since 2017), the ``og:image`` link preview, and the poster block's ``<img>``
(every layout since 2008). Portraits are the ``<img>`` beside a link to a
person's ``/name/nm…`` page in the cast list. IMDb serves any size of one
picture by a suffix of its address (``…@._V1_UX67_CR0,0,67,98_AL_.jpg`` is a
67-pixel crop), so the suffix is replaced by a 640-pixel-wide, uncropped one:
the widest rendition reeldb stores. Placeholders ("no picture", logos) and
relative addresses of a saved copy ("x.jpg") are not pictures of anything.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reeldb.ingest.pages.imdb.embedded import dig
from reeldb.ingest.pages.schema import PageExtraction

POSTER_SELECTORS = (
    '[data-testid="hero-media__poster"] img',
    ".ipc-poster img",
    "div.poster img",
    "#img_primary img",
    "td#img_primary img",
)
IMDB_SIZED = re.compile(r"\._V1_[^/]*?(\.(?:jpe?g|png|webp))$", re.IGNORECASE)
IMDB_HOSTS = re.compile(r"^https?://[^/]*(?:media-amazon\.com|media-imdb\.com)/", re.IGNORECASE)
NOT_A_PICTURE = re.compile(
    r"nopicture|no[-_]?image|placeholder|/logos?/|logo[-_.]|sash|spacer|blank\.gif|pixel\.gif",
    re.IGNORECASE,
)
NAME_LINK = re.compile(r"/name/(nm\d{7,10})")
MAX_URL = 1000
# How far up from a portrait's <img> its person's link may be: today's cast
# item puts the link beside the picture's wrapper, not around it.
LINK_DEPTH = 4


def picture_url(raw: object) -> str:
    """Return the absolute address of a picture, IMDb's at 640 pixels wide, or "" if none."""
    if not isinstance(raw, str) or not raw.strip():
        return ""
    url = raw.strip().split()[0]
    if url.startswith("//"):
        url = f"https:{url}"
    if not re.match(r"https?://[^/\s]+/\S+$", url) or len(url) > MAX_URL:
        return ""
    if NOT_A_PICTURE.search(url):
        return ""
    if IMDB_HOSTS.match(url):
        url = IMDB_SIZED.sub(r"._V1_SX640\1", url)
    return url


def _img_url(node: LexborNode) -> str:
    # Lazily loaded pictures keep the real address aside and a placeholder in src.
    for name in ("loadlate", "data-src", "src", "srcset"):
        if url := picture_url(node.attributes.get(name)):
            return url
    return ""


def _ld_image(item: dict[str, Any]) -> str:
    value = dig(item, "image")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = dig(value, "url") or dig(value, "contentUrl")
    return picture_url(value)


def read_poster(
    extraction: PageExtraction,
    json_ld: list[dict[str, Any]],
    og_image: str,
    tree: LexborHTMLParser | None,
) -> None:
    """Set the poster's address from the first of JSON-LD, og:image and the poster block."""
    candidates = [_ld_image(item) for item in json_ld if isinstance(item, dict)]
    candidates.append(picture_url(og_image))
    if tree is not None:
        for selector in POSTER_SELECTORS:
            node = tree.css_first(selector)
            if node is not None:
                candidates.append(_img_url(node))
    extraction.poster_url = next((url for url in candidates if url), "")


def _person_link(node: LexborNode) -> str:
    """Return the id of the one person linked next to ``node``, or "" when none or several are.

    Climbing from the picture, the first element that holds a link to a
    person decides: a link to one person makes the picture theirs, links to
    several (a block of credits, not a portrait's cell) make it nobody's.
    """
    ancestor: LexborNode | None = node
    for _level in range(LINK_DEPTH):
        if ancestor is None:
            return ""
        links = [ancestor] if ancestor.tag == "a" else []
        links += ancestor.css('a[href*="/name/nm"]')
        ids = {
            match.group(1)
            for link in links
            if (match := NAME_LINK.search(link.attributes.get("href") or ""))
        }
        if ids:
            return ids.pop() if len(ids) == 1 else ""
        ancestor = ancestor.parent
    return ""


def read_portraits(extraction: PageExtraction, tree: LexborHTMLParser) -> None:
    """Give each credited person with an IMDb id the portrait the page shows beside their link."""
    portraits: dict[str, str] = {}
    for node in tree.css("img"):
        url = _img_url(node)
        if url and url != extraction.poster_url and (nconst := _person_link(node)):
            portraits.setdefault(nconst, url)
    for credit in extraction.credits:
        person = credit.person
        if person.imdb_id and not person.image_url:
            person.image_url = portraits.get(person.imdb_id, "")
