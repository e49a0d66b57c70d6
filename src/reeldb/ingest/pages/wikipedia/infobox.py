"""The rows of film and television infoboxes, by the fact each states.

Wikitext names a row by its parameter ("num_seasons", "first_aired"), a
rendered page by its label ("No. of seasons", "Original release"), and labels
turn plural with their values ("Producers"): each spelling is one field here,
so every form is read by the same table. A row that is neither a field nor
presentational is reported as unmapped, so that a row this table lacks shows
itself in ``reeldb extract --json`` instead of being lost.
"""

from __future__ import annotations

import re

# Each field and the infobox keys (``infobox_key``: lower case, spaces) that state it.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    # The title in its own script, as the box's "Japanese name" or "Korean name" part gives it.
    "native name": ("native name", "film name", "kanji", "hangul", "traditional", "simplified"),
    "alt name": ("alt name", "also known as"),
    "director": ("director", "directors", "directed by"),
    "writer": ("writer", "writers", "written by"),
    "screenplay": ("screenplay", "screenplay by"),
    "story": ("story", "story by"),
    "based on": ("based on",),
    "producer": ("producer", "producers", "produced by"),
    "executive producer": ("executive producer", "executive producers"),
    "showrunner": ("showrunner", "showrunners"),
    "starring": ("starring", "voices", "voices of"),
    "narrator": ("narrator", "narrated", "narrated by"),
    "presenter": ("presenter", "presenters", "presented by", "host", "hosts", "hosted by"),
    "composer": ("music", "music by", "composer", "composers"),
    "theme music": ("theme music composer", "theme music composers"),
    "cinematographer": ("cinematography", "cinematographer"),
    "editor": ("editing", "edited by", "editor", "editors"),
    "creator": ("creator", "creators", "created by"),
    "developer": ("developer", "developed by"),
    "production company": ("studio", "studios", "production company", "production companies",
                           "company", "companies"),
    "distributor": ("distributor", "distributors", "distributed by"),
    "network": ("network", "original network", "channel", "original channel"),
    "released": ("released", "release", "release date", "release dates", "original release",
                 "first aired", "premiere"),
    "last aired": ("last aired",),
    "runtime": ("runtime", "running time"),
    "country": ("country", "countries", "country of origin"),
    "language": ("language", "languages", "original language", "original languages"),
    "budget": ("budget",),
    "gross": ("gross", "box office"),
    "seasons": ("num seasons", "no. of seasons", "num series", "no. of series"),
    "episodes": ("num episodes", "no. of episodes"),
    "genre": ("genre", "genres"),
    "location": ("location", "locations", "production location", "production locations",
                 "filming location", "filming locations"),
    "audio format": ("audio format",),
    "theme song": ("opentheme", "opening theme", "endtheme", "ending theme"),
    "preceded by": ("preceded by",),
    "followed by": ("followed by",),
}  # fmt: skip
ROW_FIELDS = {key: field for field, keys in FIELD_KEYS.items() for key in keys}
# Rows that only lay the box out or link elsewhere: no fact about the title is in them.
PRESENTATIONAL_ROWS = frozenset(
    {"image", "image size", "image upright", "image alt", "alt", "caption", "border",
     "italic title", "logo", "logo size", "logo upright", "logo alt", "screenshot",
     "screenshot size", "embed", "module", "child", "bgcolour", "list episodes", "misc"}
)  # fmt: skip
# The people rows: the field, the credit category (a ``CreditCategory`` value) and job.
CREDIT_FIELDS: dict[str, tuple[str, str]] = {
    "director": ("director", ""), "writer": ("writer", ""),
    "screenplay": ("writer", "screenplay"), "story": ("writer", "story"),
    "producer": ("producer", ""), "executive producer": ("producer", "executive producer"),
    "showrunner": ("producer", "showrunner"), "starring": ("actor", ""),
    "presenter": ("self", ""), "composer": ("composer", ""),
    "theme music": ("composer", "theme music"), "cinematographer": ("cinematographer", ""),
    "editor": ("editor", ""), "creator": ("writer", "creator"),
    "developer": ("writer", "developed by"),
}  # fmt: skip
# Rows only a television infobox has: they tell a series from a film.
SERIES_FIELDS = frozenset(
    {"seasons", "episodes", "network", "creator", "developer", "showrunner", "last aired"}
)


def infobox_key(label: str) -> str:
    """Return the key of a row's label or parameter: "Running_time " -> "running time"."""
    return re.sub(r"[_\s]+", " ", label.strip().lower())


def row_field(key: str) -> str | None:
    """Return the field an infobox row states, or None when no field takes it."""
    return ROW_FIELDS.get(key)


def is_presentational(key: str) -> bool:
    return key in PRESENTATIONAL_ROWS
