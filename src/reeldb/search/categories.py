"""Entries for the name-like categories: companies, keywords and characters.

They are found the way titles and people are (``search_entry``, its word
index, prefixes and typos): each is a short name. A rebuild writes them
after the titles and people; single edits of the catalogue do not touch
them, so a new company, keyword or role waits for the next rebuild (every
import runs one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reeldb.catalog.selectors import (
    iter_character_credits,
    iter_company_names,
    iter_keyword_counts,
)
from reeldb.search.index.text import fold_name, joined_words
from reeldb.search.models import EntryKind, SearchEntry

if TYPE_CHECKING:
    from reeldb.search.services import EntryRow

NAME_LENGTH = SearchEntry._meta.get_field("name").max_length or 500
# Whether TV episodes' roles are characters. Episodes are most titles and most
# credits in IMDb's data, and their roles mostly repeat the series' own
# ("Sheldon Cooper" in 279 episodes), so without them the index stays a third
# smaller; see docs/search.md for the counts.
CHARACTERS_OF_EPISODES = False
# Roles that name the person rather than a character: a self credit written
# as an actor's ("Himself"). "Narrator" stays: it is Fight Club's lead.
NOT_CHARACTERS = frozenset({"self", "himself", "herself", "themselves", "themself", "yourself"})


def is_character(folded: str) -> bool:
    """Return whether a folded role is a character: not empty, not "Self", "Self - Host"…"""
    return bool(folded) and folded not in NOT_CHARACTERS and not folded.startswith("self ")


def _entry(
    kind: str,
    target_id: int,
    name: str,
    *,
    year: int | None = None,
    popularity: int,
    title_type: str = "",
) -> EntryRow | None:
    shown = name[:NAME_LENGTH]
    folded = fold_name(shown)
    if not folded:
        return None
    return (
        kind,
        target_id,
        shown,
        folded,
        joined_words(shown),
        year,
        popularity,
        title_type,
        True,
    )


def company_entries() -> Iterator[EntryRow]:
    """Yield one entry per company, as popular as its most voted title."""
    for company in iter_company_names():
        if row := _entry(
            EntryKind.COMPANY, company.id, company.name, popularity=company.popularity
        ):
            yield row


def keyword_entries() -> Iterator[EntryRow]:
    """Yield one entry per distinct keyword; its popularity is how many titles have it.

    A keyword has no row of its own: the entry points at its first row, and
    a hit links to the advanced search for the keyword as written.
    """
    for keyword in iter_keyword_counts():
        if row := _entry(
            EntryKind.KEYWORD, keyword.first_id, keyword.keyword, popularity=keyword.titles
        ):
            yield row


def character_entries() -> Iterator[EntryRow]:
    """Yield one entry per character of each title, pointing at the title.

    Titles come most voted first, so the entries come most popular first.
    Two actors in one role (young and old) give one entry; a credit with two
    roles ("El Mariachi / Narrator") gives two. The entry ranks by the title's votes.
    """
    seen: set[str] = set()
    current_title = None
    for credit in iter_character_credits(with_episodes=CHARACTERS_OF_EPISODES):
        if credit.title_id != current_title:
            current_title = credit.title_id
            seen.clear()
        for character in credit.characters:
            row = _entry(
                EntryKind.CHARACTER,
                credit.title_id,
                character,
                year=credit.start_year,
                popularity=credit.num_votes,
                title_type=credit.title_type,
            )
            if row is None or not is_character(row[3]) or row[3] in seen:
                continue
            seen.add(row[3])
            yield row


def _by_popularity(rows: Iterator[EntryRow]) -> Iterator[EntryRow]:
    return iter(sorted(rows, key=lambda row: -row[6]))


def category_streams() -> list[Iterator[EntryRow]]:
    """Return the entries of companies, keywords and characters, each kind most popular first.

    Companies and keywords come from saved pages, thousands at most, and are
    sorted here; characters, which IMDb's datasets bring by the million, are
    read in their titles' order of votes.
    """
    return [
        _by_popularity(company_entries()),
        _by_popularity(keyword_entries()),
        character_entries(),
    ]
