"""Running times as infoboxes write them: "118 minutes", "1 hour 58 minutes", "45–48 minutes".

``text.parse_runtime`` reads IMDb's forms from the start of the text;
infoboxes add words before the figure ("Approx. 118 minutes"), hours spelt
out, bare figures in wikitext and ranges of episode lengths.
"""

from __future__ import annotations

import re

HOURS_MINUTES = re.compile(
    r"\b(\d{1,2})\s*(?:hours?|hrs?|h)\b\.?(?:\s*(?:and\s+)?(\d{1,2})\s*(?:m|mins?|minutes?)\b)?",
    re.IGNORECASE,
)
# "118 minutes", "118 min.", "45–48 minutes": a range keeps its first figure.
MINUTES = re.compile(
    r"\b(\d{1,4})(?:\s*(?:[–—-]|to)\s*\d{1,4})?\s*(?:m|mins?|minutes?)\b", re.IGNORECASE
)
BARE_FIGURE = re.compile(r"\s*(\d{1,4})\s*")


def read_runtime(item: str) -> int | None:
    """Return the minutes an infobox's running time states, or None.

    A range ("45–48 minutes", the length of a series' episodes) gives its
    first, lower figure: IMDb shows one running time, and the lower figure
    is one the article states, where a mean would be one it does not. Of
    several cuts on one line, the first stated (usually the release cut) wins.
    """
    hours = HOURS_MINUTES.search(item)
    minutes = MINUTES.search(item)
    if hours and (minutes is None or hours.start() < minutes.start()):
        total = int(hours.group(1)) * 60 + int(hours.group(2) or 0)
    elif minutes:
        total = int(minutes.group(1))
    elif bare := BARE_FIGURE.fullmatch(item):
        total = int(bare.group(1))
    else:
        return None
    return total if 0 < total < 6000 else None
