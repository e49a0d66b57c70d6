"""MovieLens records and the rules that turn MovieLens' conventions into reeldb's.

Pure functions, no database: the readers call them line by line, and the
property tests call them with anything at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reeldb.errors import ImportProblem

# MovieLens puts a leading article last: "Usual Suspects, The". These are the
# articles its titles use that way (English, French, Spanish, Italian, German…).
ARTICLES = (
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "I", "Lo", "Gli", "El", "Los", "Las",
    "Un", "Une", "Das", "Der", "Die", "Den", "Det", "De", "Het", "O", "Os", "As",
)  # fmt: skip
TRAILING_ARTICLE = re.compile(r"^(?P<rest>.+), (?P<article>" + "|".join(ARTICLES) + r")$")
TRAILING_YEAR = re.compile(r"\s*\((?P<year>\d{4})(?:\s*[-–]\s*\d{0,4}\s*)?\)\s*$")
TRAILING_ALTERNATIVE = re.compile(r"^(?P<main>.+?)\s*\((?P<alternative>[^()]+)\)$")
AKA = re.compile(r"^(?:a\.k\.a\.|aka)\s+", re.IGNORECASE)

# MovieLens genres that IMDb names differently, or that are not genres at all.
GENRE_NAMES = {
    "Children's": "Family",
    "Children": "Family",
    "Film-Noir": "Film-Noir",
    "Sci-Fi": "Sci-Fi",
    "unknown": "",
    "(no genres listed)": "",
    "IMAX": "",
}
# ml-100k's u.item genre flags, in the order of its u.genre file.
ML100K_GENRES = (
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
    "Romance", "Sci-Fi", "Thriller", "War", "Western",
)  # fmt: skip
# Years a film can have: the first films to now, with room for announced ones.
FIRST_YEAR = 1874
LAST_YEAR = 2100
MAX_TITLE = 500


class BadRecord(ImportProblem):
    """A line that cannot become a record; its message is the report's reason."""

    default_code = "bad_record"


@dataclass(frozen=True)
class Movie:
    """A MovieLens movie, its title already in catalogue form."""

    key: str
    primary_title: str
    original_title: str
    start_year: int | None
    genres: tuple[str, ...]
    tconst: str | None = None


@dataclass(frozen=True)
class MovieTag:
    movie_key: str
    tag: str


def front_article(title: str) -> str:
    """Return "The Usual Suspects" for MovieLens' "Usual Suspects, The"."""
    match = TRAILING_ARTICLE.match(title.strip())
    if not match:
        return title.strip()
    article = match["article"]
    separator = "" if article.endswith("'") else " "
    return f"{article}{separator}{match['rest']}"


def split_title(raw: str) -> tuple[str, str, int | None]:
    """Return ``(title, alternative title, year)`` from a MovieLens title.

    "City of Lost Children, The (Cité des enfants perdus, La) (1995)" becomes
    ("The City of Lost Children", "La Cité des enfants perdus", 1995).
    """
    text = " ".join(raw.split())
    year = None
    if match := TRAILING_YEAR.search(text):
        year = int(match["year"])
        text = text[: match.start()]
    alternative = ""
    if match := TRAILING_ALTERNATIVE.match(text):
        text, alternative = match["main"], front_article(AKA.sub("", match["alternative"]))
    return front_article(text), alternative, year


def parse_year(raw: str) -> int | None:
    """Return a plausible release year, None for an empty one; raise on anything else."""
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise BadRecord(f"not a year: {raw[:40]!r}")
    return int(raw)


def _year_or(raw: str, fallback: int | None) -> int | None:
    try:
        return parse_year(raw) or fallback
    except BadRecord:
        return fallback


def imdb_genres(names: list[str]) -> tuple[str, ...]:
    """Return MovieLens genres as IMDb names them, without non-genres and repeats."""
    mapped = (GENRE_NAMES.get(name.strip(), name.strip()) for name in names)
    return tuple(dict.fromkeys(name for name in mapped if name))


def make_movie(*, key: str, title: str, year: str, genres: list[str], imdb_id: str = "") -> Movie:
    """Return a validated ``Movie``; raise ``BadRecord`` naming what is wrong.

    The year comes from ``year`` if it is one, else from the title's "(1995)":
    RecBole's ml-100k has "V" in the year field of a title whose name ends in
    "(1995)". A movie with neither keeps no year (and is not matched by name).
    """
    key = key.strip()
    if not key:
        raise BadRecord("no movie id")
    primary, alternative, title_year = split_title(title)
    if not primary or primary.lower() in {"unknown", "unkonwn"}:
        raise BadRecord(f"movie {key} has no title")
    if len(primary) > MAX_TITLE or len(alternative) > MAX_TITLE:
        raise BadRecord(f"movie {key}: title longer than {MAX_TITLE} characters")
    tconst = None
    if imdb_id.strip():
        digits = imdb_id.strip().removeprefix("tt")
        if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
            raise BadRecord(f"movie {key}: not an IMDb id: {imdb_id[:20]!r}")
        tconst = f"tt{int(digits):07d}"
    return Movie(
        key=key,
        primary_title=primary,
        original_title=alternative or primary,
        start_year=_year_or(year, title_year),
        genres=imdb_genres(genres),
        tconst=tconst,
    )
