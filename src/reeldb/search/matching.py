"""Which catalogue title a media file or a "title and year" names, with a confidence from 0 to 1.

Media servers ask this for every file in a library, and their users report
the same failures again and again: the most popular film winning over the
exact title ("Max" (2015) taken for *Mad Max: Fury Road*), the year ignored
("Robocop" (2014) taken for the 1987 film), a festival premiere a year before
the release, punctuation ("WALL·E", "Cats and Dogs" for "Cats & Dogs"), and
titles known by another name (*Madeo* for *Mother*). So candidates come from
the search index, which holds every title's primary and original names and
AKAs folded (accents, case, punctuation, a trailing ", The"), and are then
ranked by how closely a name matches, the year, and the kind asked for;
popularity only breaks ties.

A file name is read by ``guessit``, which knows the naming habits of release
groups and media libraries (resolutions, codecs, "S01E02", folders).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from guessit import guessit
from rapidfuzz import fuzz

from reeldb.catalog.folding import fold
from reeldb.catalog.models import SERIES_TYPES, Title, TitleType
from reeldb.errors import InvalidInput
from reeldb.search.index.backends import match_sql, read_entries
from reeldb.search.index.text import WordGroup, natural_order, parse_query
from reeldb.search.models import EntryKind, SearchEntry

MOVIE_TYPES = frozenset(
    {TitleType.MOVIE, TitleType.TV_MOVIE, TitleType.VIDEO, TitleType.SHORT, TitleType.TV_SPECIAL}
)
KINDS = {
    "movie": MOVIE_TYPES,
    "series": SERIES_TYPES,
    "episode": SERIES_TYPES,  # an episode is found through its series
}
# Matches read from the word index per variant of the name: enough that the
# exact title is among them however many popular titles share its words.
CANDIDATES = 60
# Words a file name may spell differently from the catalogue ("&" for "and"),
# or leave out: a second read goes without them.
OPTIONAL_WORDS = frozenset({"and", "the", "a", "an", "of"})
ARTICLES = ("the ", "a ", "an ")
# How much a year one off costs: festival premieres and release dates differ by one.
YEAR_ONE_OFF = 0.92
# How much a title of another kind than asked for, or an episode when no kind was asked for, costs.
OTHER_KIND = 0.6
# Votes give at most this much, so that popularity only settles near-ties.
POPULARITY_WEIGHT = 0.02
MAX_NAME = 300
# "S01E02", "s1e2", "1x02": what makes a file an episode.
EPISODE_MARK = re.compile(r"(?i)(?:\bs\d{1,4}[ ._-]?e\d{1,4}|\b\d{1,2}x\d{2,3}\b)")


@dataclass(frozen=True)
class Wanted:
    """What a request or a file name asks for."""

    name: str
    year: int | None = None
    kind: str | None = None
    season: int | None = None
    episode: int | None = None


@dataclass(frozen=True)
class Match:
    """A catalogue title, the name it matched by, and how sure the match is (0 to 1)."""

    title: Title
    confidence: float
    matched_name: str


def _first_int(value: object) -> int | None:
    """Return guessit's number, or the first of several ("S01E01E02" gives a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, int) else None


def parse_filename(filename: str) -> Wanted:
    """Return what a media file's name (with or without its folders) asks for.

    "Desperado.1995.1080p.BluRay.x264.mkv" asks for the movie *Desperado*
    (1995); "The.Office.S02E03.720p.mkv" for season 2, episode 3 of *The Office*.
    Only a season-and-episode mark makes an episode: left to itself, guessit
    reads "Apollo 13" as episode 13 of *Apollo*. A subtitle after a dash
    ("Spy Kids 2 - The Island of Lost Dreams") and a volume ("Kill Bill Vol 2")
    are part of the name.
    """
    if not filename.strip() or len(filename) > 1000:
        raise InvalidInput("Give a file name of 1 to 1,000 characters.", code="invalid_filename")
    is_episode = EPISODE_MARK.search(filename) is not None
    found = guessit(filename, {"type": "episode" if is_episode else "movie"})
    parts = [found.get("title"), None if is_episode else found.get("alternative_title")]
    name = " ".join(str(part) for part in _flattened(parts))
    if not is_episode and isinstance(found.get("volume"), int):
        name += f" vol {found['volume']}"
    if not name:
        raise InvalidInput(
            "No title could be read from this file name.",
            code="no_title_in_filename",
            details={"filename": filename},
        )
    return Wanted(
        name=name,
        year=_first_int(found.get("year")),
        kind="episode" if is_episode else "movie",
        season=_first_int(found.get("season")) if is_episode else None,
        episode=_first_int(found.get("episode")) if is_episode else None,
    )


def _flattened(parts: Iterable[object]) -> Iterable[object]:
    for part in parts:
        if isinstance(part, list):
            yield from part
        elif part:
            yield part


def comparable(name: str) -> str:
    """Return ``name`` as names are compared: folded, "and" for "&", no leading article, no spaces.

    "The Matrix", "Matrix, The" and "matrix" compare equal; so do "WALL·E" and
    "Wall-E", "Cats & Dogs" and "Cats and Dogs".
    """
    folded = fold(natural_order(name.replace("&", " and ")))
    for article in ARTICLES:
        if folded.startswith(article):
            folded = folded[len(article) :]
            break
    return folded.replace(" ", "")


def _year_factor(wanted: int | None, found: int | None) -> float:
    if wanted is None:
        return 1.0
    if found is None:
        return 0.8
    gap = abs(wanted - found)
    if gap == 0:
        return 1.0
    if gap == 1:
        return YEAR_ONE_OFF
    return max(0.3, 0.8 - 0.1 * gap)


def _kind_factor(kind: str | None, title_type: str) -> float:
    if kind is None:
        return OTHER_KIND if title_type == TitleType.TV_EPISODE else 1.0
    return 1.0 if title_type in KINDS[kind] else OTHER_KIND


def _candidates(name: str) -> list[SearchEntry]:
    """Return index entries that may be ``name``: exact names, then the words' first matches."""
    query = parse_query(name.replace("&", " and ")[:MAX_NAME])
    if query is None:
        return []
    kinds = (EntryKind.TITLE, EntryKind.EPISODE)
    folded = {query.folded, query.full_folded}
    found = list(SearchEntry.objects.filter(folded__in=folded, kind__in=kinds)[:CANDIDATES])
    variants: list[Sequence[WordGroup]] = [query.groups]
    kept = [group for group in query.groups if not set(group.words) <= OPTIONAL_WORDS]
    if kept and len(kept) < len(query.groups):
        variants.append(kept)
    # A name with a word the catalogue's lacks ("Alien Warfare Returns") is
    # looked for by its first words too, so a near miss still has candidates.
    if len(kept) > 2:
        variants.append(kept[: len(kept) // 2 + 1])
    for groups in variants:
        sql, params = match_sql(connection.vendor, groups, kinds, limit=CANDIDATES)
        found += read_entries(sql, params) or []
    return found


def _rank(wanted: Wanted, entries: Iterable[SearchEntry]) -> list[tuple[float, float, SearchEntry]]:
    """Return ``(confidence, sort score, best entry)`` per title, best first."""
    target = comparable(wanted.name)
    best: dict[int, tuple[float, float, SearchEntry]] = {}
    for entry in entries:
        similarity = fuzz.ratio(target, comparable(entry.name)) / 100
        confidence = (
            similarity
            * _year_factor(wanted.year, entry.year)
            * _kind_factor(wanted.kind, entry.title_type)
        )
        popularity = POPULARITY_WEIGHT * min(1.0, math.log10(1 + entry.popularity) / 7)
        scored = (round(confidence, 4), confidence + popularity, entry)
        if entry.target_id not in best or scored[1] > best[entry.target_id][1]:
            best[entry.target_id] = scored
    return sorted(best.values(), key=lambda item: (-item[1], item[2].target_id))


def _episode_of(series: Title, wanted: Wanted) -> Title | None:
    if wanted.season is None or wanted.episode is None:
        return None
    return (
        Title.objects.select_related("parent")
        .filter(parent=series, season_number=wanted.season, episode_number=wanted.episode)
        .first()
    )


def match_titles(wanted: Wanted, *, limit: int = 5) -> list[Match]:
    """Return the catalogue's best matches for ``wanted``, most likely first.

    An episode is matched through its series: the series' best matches, each
    replaced by its episode of the season and number asked for (series with
    no such episode are left out).
    """
    if not wanted.name.strip():
        raise InvalidInput("Give a title to match.", code="missing_title")
    ranked = _rank(wanted, _candidates(wanted.name))[: limit * 2]
    titles = Title.objects.select_related("parent").in_bulk([e.target_id for *_, e in ranked])
    matches = []
    for confidence, _score, entry in ranked:
        title = titles.get(entry.target_id)
        if title is None:  # removed since the index was built
            continue
        if wanted.kind == "episode" and wanted.episode is not None:
            episode = _episode_of(title, wanted)
            if episode is None:
                continue
            title = episode
        matches.append(Match(title=title, confidence=confidence, matched_name=entry.name))
    return matches[:limit]
