"""Writes to the search index: rebuilt whole after imports, kept current on single edits.

``rebuild_index`` reads every title and person through the catalogue's
selectors, folds their names in Python (accents are dropped by Unicode
decomposition, which neither database does alike), and writes the entries
in popularity order: the ids a rebuild gives are the index's ranking.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from reeldb.catalog.models import TitleType
from reeldb.catalog.selectors import (
    PersonNames,
    TitleNames,
    count_titles_and_people,
    get_person_names,
    get_title_names,
    iter_person_names,
    iter_title_names,
)
from reeldb.search.categories import category_streams
from reeldb.search.index.backends import (
    WRITE_BATCH,
    begin_bulk_load,
    finish_bulk_load,
    iter_vocabulary,
    write_rows,
)
from reeldb.search.index.suggestions import (
    SUGGESTED_KINDS,
    Node,
    build_nodes,
    edited,
    name_starts,
    parse_ids,
    prefixes_of,
    target_code,
)
from reeldb.search.index.text import fold_name, joined_words, natural_order
from reeldb.search.models import EntryKind, SearchEntry, SearchSuggestion, SearchTerm
from reeldb.search.texts import rebuild_text_index
from reeldb.sqlite.bulk import bulk_session

# kind, target_id, name, folded, terms, year, popularity, title_type, is_primary
EntryRow = tuple[str, int, str, str, str, int | None, int, str, bool]
ENTRY_FIELDS = "kind, target_id, name, folded, terms, year, popularity, title_type, is_primary"
NAME_LENGTH = 500
# Words longer than this are not typos anyone types; SearchTerm.term's length.
TERM_LENGTH = 200
# Shortest word kept in the typo vocabulary: corrections are for 5 letters
# and more, and one edit away from those is 4.
TERM_SHORTEST = 4
# Titles or people read between two reports of progress.
PROGRESS_EVERY = 5_000
TITLE_KINDS = (EntryKind.TITLE, EntryKind.EPISODE)
T = TypeVar("T")


def title_entries(title: TitleNames) -> list[EntryRow]:
    """Return one entry per distinct folded name of ``title``: primary, original, AKAs."""
    kind = EntryKind.EPISODE if title.title_type == TitleType.TV_EPISODE else EntryKind.TITLE
    seen: set[str] = set()
    rows: list[EntryRow] = []
    for position, name in enumerate(title.names):
        shown = natural_order(name)
        folded = fold_name(shown)[:NAME_LENGTH]
        if not folded or folded in seen:
            continue
        seen.add(folded)
        rows.append(
            (
                kind,
                title.id,
                name[:NAME_LENGTH],
                folded,
                joined_words(shown),
                title.start_year,
                title.num_votes,
                title.title_type,
                position == 0,
            )
        )
    return rows


def person_entries(person: PersonNames) -> list[EntryRow]:
    folded = fold_name(person.primary_name)[:NAME_LENGTH]
    if not folded:
        return []
    return [
        (
            EntryKind.NAME,
            person.id,
            person.primary_name[:NAME_LENGTH],
            folded,
            joined_words(person.primary_name),
            person.birth_year,
            person.popularity,
            "",
            True,
        )
    ]


# Kinds in the order they take among entries equally popular: titles, then
# people, characters, companies, keywords, and episodes last.
KIND_ORDER: dict[str, int] = {
    EntryKind.TITLE: 0,
    EntryKind.NAME: 1,
    EntryKind.CHARACTER: 2,
    EntryKind.COMPANY: 3,
    EntryKind.KEYWORD: 4,
    EntryKind.EPISODE: 5,
}


def _entry_streams(advance: Callable[[int], None]) -> list[Iterator[EntryRow]]:
    """Return one stream of entries per kind, each most popular first."""

    def counted(targets: Iterable[T], entries: Callable[[T], list[EntryRow]]) -> Iterator[EntryRow]:
        for count, target in enumerate(targets, start=1):
            yield from entries(target)
            if count % PROGRESS_EVERY == 0:
                advance(PROGRESS_EVERY)

    return [
        counted(iter_title_names(episodes=False), title_entries),
        counted(iter_person_names(), person_entries),
        counted(iter_title_names(episodes=True), title_entries),
        *category_streams(),
    ]


def _numbered(streams: list[Iterator[EntryRow]]) -> Iterator[tuple[object, ...]]:
    """Merge the streams by popularity and number the entries from 1: the index's ranking."""
    merged = heapq.merge(*streams, key=lambda row: (-row[6], KIND_ORDER[row[0]]))
    for number, row in enumerate(merged, start=1):
        yield (number, *row)


def rebuild_index(*, on_progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every entry and the typo vocabulary from the catalogue; return the entries.

    One transaction: searches answer from the old index until it commits.
    Titles and people are read most popular first, kind by kind, merged and
    numbered as they stream, so no table of every name is ever sorted; the
    entries' B-trees and word index are built once, after the load, in a
    bulk session (``sqlite.bulk``): without the cyclic GC scanning the
    millions of names held, and with SQLite's larger page cache.
    ``on_progress(done, total)`` hears how many titles and people of
    ``total`` have been read.
    """
    total = count_titles_and_people()
    done = 0

    def advance(step: int) -> None:
        nonlocal done
        done = min(total, done + step)
        if on_progress is not None:
            on_progress(done, total)

    with bulk_session(), transaction.atomic(), connection.cursor() as cursor:
        table = begin_bulk_load(cursor)
        write_rows(cursor, table, f"id, {ENTRY_FIELDS}", _numbered(_entry_streams(advance)))
        finish_bulk_load(cursor)
        _load_vocabulary()
        _load_suggestions(cursor)
        rebuild_text_index()
        advance(total)
    return SearchEntry.objects.count()


def _load_vocabulary() -> None:
    """Fill ``search_term`` from the index's own word list."""
    with connection.cursor() as reading, connection.cursor() as writing:
        words = (
            (term, term[::-1], entries)
            for term, entries in iter_vocabulary(reading)
            if TERM_SHORTEST <= len(term) <= TERM_LENGTH and not term.startswith("_")
        )
        write_rows(writing, "search_term", "term, reversed_term, entries", words)


def _load_suggestions(cursor: CursorWrapper) -> None:
    """Store the search box's answer for every prefix a query must tell apart."""
    cursor.execute(
        "DELETE FROM search_suggestion"
        if cursor.db.vendor == "sqlite"
        else "TRUNCATE search_suggestion"
    )
    names = (
        SearchEntry.objects.filter(kind__in=SUGGESTED_KINDS)
        .values_list("id", "kind", "target_id", "folded", "terms")
        .iterator(chunk_size=WRITE_BATCH)
    )
    nodes = build_nodes(
        (entry_id, target_code(kind, target), folded, terms)
        for entry_id, kind, target, folded, terms in names
    )
    write_rows(
        cursor,
        "search_suggestion",
        "prefix, state, entry_ids",
        ((node.prefix, node.state, node.ids_text) for node in nodes),
    )


# Stored prefixes read at once while an edit updates them.
PREFIXES_READ = 500
SuggestedName = tuple[int, str, int, str, str]  # id, kind, target_id, folded, terms


def _update_suggestions(removed: list[SuggestedName], added: list[SuggestedName]) -> None:
    """Bring the stored prefixes of the names an edit removed and added up to date (``edited``)."""
    starts = {entry_id: name_starts(folded, terms) for entry_id, _, _, folded, terms in removed}
    starts.update({row[0]: name_starts(row[3], row[4]) for row in added})
    wanted = sorted(prefixes_of(start for found in starts.values() for start in found))
    stored = [
        node
        for low in range(0, len(wanted), PREFIXES_READ)
        for node in SearchSuggestion.objects.filter(prefix__in=wanted[low : low + PREFIXES_READ])
    ]
    listed = {entry_id for node in stored for entry_id in parse_ids(node.entry_ids)}
    targets = {
        entry_id: target_code(kind, target)
        for entry_id, kind, target in SearchEntry.objects.filter(id__in=listed).values_list(
            "id", "kind", "target_id"
        )
    }
    gone = {row[0] for row in removed}
    changed = []
    for node in stored:
        before = Node(node.prefix, node.state, parse_ids(node.entry_ids))
        begun = [
            (entry_id, target_code(kind, target))
            for entry_id, kind, target, _, _ in added
            if any(start.startswith(node.prefix) for start in starts[entry_id])
        ]
        after = edited(before, gone, begun, targets)
        if after != before:
            node.state, node.entry_ids = after.state, after.ids_text
            changed.append(node)
    SearchSuggestion.objects.bulk_update(changed, ["state", "entry_ids"], batch_size=PREFIXES_READ)


# What an entry is found by: an entry whose words stay is kept, with its number.
EntryWords = tuple[str, str, str]  # kind, folded, terms
# The columns an edit may change on an entry it keeps.
SHOWN_FIELDS = ("name", "year", "popularity", "title_type", "is_primary")


def _suggested(entries: Iterable[SearchEntry]) -> list[SuggestedName]:
    return [
        (entry.id, entry.kind, entry.target_id, entry.folded, entry.terms)
        for entry in entries
        if entry.kind in SUGGESTED_KINDS
    ]


def _replace_entries(kinds: Iterable[str], target_id: int, rows: list[EntryRow]) -> None:
    """Make ``rows`` the entries of one title or person; new words join the vocabulary.

    An entry found by the same words as before is kept with its number (its
    place in the ranking) and only its shown fields updated, so saving a
    title whose names did not change leaves the word index and the stored
    prefixes as they are; other entries are deleted and new ones added.
    """
    with transaction.atomic():
        current: dict[EntryWords, SearchEntry] = {
            (entry.kind, entry.folded, entry.terms): entry
            for entry in SearchEntry.objects.filter(kind__in=list(kinds), target_id=target_id)
        }
        added: list[SearchEntry] = []
        changed: list[SearchEntry] = []
        for row in rows:
            kind, target, _name, folded, terms = row[:5]
            shown = dict(zip(SHOWN_FIELDS, (row[2], *row[5:]), strict=True))
            entry = current.pop((kind, folded, terms), None)
            if entry is None:
                added.append(
                    SearchEntry(kind=kind, target_id=target, folded=folded, terms=terms, **shown)
                )
            elif any(getattr(entry, field) != value for field, value in shown.items()):
                for field, value in shown.items():
                    setattr(entry, field, value)
                changed.append(entry)
        removed = list(current.values())
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in removed]).delete()
        SearchEntry.objects.bulk_update(changed, SHOWN_FIELDS)
        created = SearchEntry.objects.bulk_create(added)
        _update_suggestions(_suggested(removed), _suggested(created))
        words = {word for row in rows for word in f"{row[3]} {row[4]}".split()}
        SearchTerm.objects.bulk_create(
            (
                SearchTerm(term=word, reversed_term=word[::-1], entries=1)
                for word in words
                if TERM_SHORTEST <= len(word) <= TERM_LENGTH
            ),
            ignore_conflicts=True,
        )


def reindex_title(title_id: int) -> None:
    """Index one title's names as they now are (none if it was deleted).

    A name it did not have before is numbered after the rebuilt entries, so
    among many matches of a common word it ranks as the least popular until
    the next rebuild; among the first matches it is ranked by its votes.
    """
    names = get_title_names(title_id)
    _replace_entries(TITLE_KINDS, title_id, title_entries(names) if names else [])


def reindex_person(person_id: int) -> None:
    """Index one person's name as it now is (none if they were deleted)."""
    person = get_person_names(person_id)
    _replace_entries([EntryKind.NAME], person_id, person_entries(person) if person else [])
