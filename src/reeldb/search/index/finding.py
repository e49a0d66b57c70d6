"""``/find`` and ``/suggest``: the entries matching a query, ranked, with what shows each.

Ranking of names, best first: the whole query is the entry's name ("blade
runner 2049"); the year asked for ("desperado 1995"); the name without the
year; then popularity (votes, and for people their known-for titles' votes).
The word index returns the first matches in popularity order, so a common
word costs no more than a rare one; exact names come from a B-tree on
``folded``. Quotes, plots and bios are ranked by their own index (``passages``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.db import connection
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from reeldb.catalog.selectors import (
    PersonSummary,
    TitleSummary,
    get_person_summaries,
    get_title_summaries,
)
from reeldb.search.index.backends import match_sql, read_entries
from reeldb.search.index.category_hits import (
    CharacterHit,
    CompanyHit,
    KeywordHit,
    PassageHit,
    character_hits,
    company_hits,
    keyword_hits,
    passage_hits,
)
from reeldb.search.index.highlight import highlight
from reeldb.search.index.passages import find_passages
from reeldb.search.index.prefixes import with_completions
from reeldb.search.index.suggestions import SHOWN, SUGGESTED_KINDS, stored_suggestions
from reeldb.search.index.text import Query, WordGroup, parse_query
from reeldb.search.index.typos import find_corrections
from reeldb.search.models import EntryKind, SearchEntry, TextKind

# Matches read per hit shown: a title may match by several names (AKAs),
# which collapse into one hit.
MATCHES_PER_HIT = 4
# The search box first reads this many times the matches it wants, of every
# kind, and keeps its own kinds' (``_suggested_read``).
SUGGESTION_READ_FACTOR = 4


def _spelling(group: WordGroup) -> str:
    """Return the word a group is corrected as: its one word, or its words joined.

    Names index a chunk of several words joined too ("Schindler's" gives
    "schindlers"), so "schindlre's" is corrected as "schindlres".
    """
    return group.joined or group.words[0]


def _with_corrections(query: Query) -> Query:
    """Return ``query`` with corrections for the words the index does not hold.

    The last word, matched as a prefix, counts as still being typed.
    """
    typed = _spelling(query.groups[-1])
    spelt = [_spelling(group) for group in query.groups[:-1]]
    found = find_corrections(spelt, typed=typed)
    if not found:
        return query
    groups = tuple(
        replace(group, corrections=found.get(_spelling(group), ())) for group in query.groups
    )
    return replace(query, groups=groups)


def _rank_key(entry: SearchEntry, query: Query) -> tuple[bool, bool, bool, int, bool, int]:
    """Return the sort key of ``entry`` among ``query``'s matches: exact names, then popularity.

    Among equally popular matches (most titles have no votes), a name that
    starts with the query comes before one that holds its words further on.
    """
    return (
        entry.folded != query.full_folded,
        query.year is not None and entry.year != query.year,
        entry.folded != query.folded,
        -entry.popularity,
        not entry.folded.startswith(query.folded),
        entry.id,
    )


def _exact_names(query: Query, kinds: tuple[str, ...], *, limit: int) -> list[SearchEntry]:
    """Return the first ``limit`` entries of each kind named exactly as ``query``, by id.

    One read per name and kind, each a range of ``search_entry_folded_idx``
    already in id order. Asked for several at once, PostgreSQL walked the
    primary key instead, filtering: 15 ms for "ni", a name 23,863 entries
    hold at scale 0.1, where each range reads 0.1 ms.
    """
    return [
        entry
        for name in sorted({query.folded, query.full_folded})
        for kind in kinds
        for entry in SearchEntry.objects.filter(folded=name, kind=kind).order_by("id")[:limit]
    ]


def _matches(
    query: Query,
    kinds: tuple[str, ...],
    *,
    limit: int,
    read: list[SearchEntry] | None = None,
) -> list[SearchEntry]:
    """Return the best entry of each of the first ``limit`` targets of ``kinds`` matching ``query``.

    ``read`` is the word index's first matches of these kinds when already
    read (``_matches_by_kind``); otherwise they are read here.
    """
    exact = _exact_names(query, kinds, limit=limit * MATCHES_PER_HIT)
    if read is None:
        sql, params = match_sql(
            connection.vendor, query.groups, kinds, limit=limit * MATCHES_PER_HIT
        )
        read = read_entries(sql, params) or []
    best: dict[tuple[str, int], SearchEntry] = {}
    for entry in sorted([*exact, *read], key=lambda entry: _rank_key(entry, query)):
        best.setdefault((entry.kind, entry.target_id), entry)
    return list(best.values())[:limit]


def _matches_by_kind(
    query: Query, kinds: tuple[str, ...], *, limit: int
) -> dict[str, list[SearchEntry]]:
    """Return ``_matches`` for each kind, reading the word index once for all when it can.

    One read of the first matches of every kind serves each kind it holds
    enough of, and all of them when it holds every match: a name of several
    words has few, and intersecting its words' lists costs the same for one
    kind as for six. A kind the read may have cut short is read on its own,
    so a common word's episodes never crowd out its people. A read too slow
    for PostgreSQL's bound (``backends.read_entries``) gives only exact names.
    """
    wanted = limit * MATCHES_PER_HIT
    if len(kinds) < 2:
        return {kind: _matches(query, (kind,), limit=limit) for kind in kinds}
    cap = wanted * len(kinds)
    every_kind = set(kinds) >= set(EntryKind.values)
    sql, params = match_sql(
        connection.vendor, query.groups, None if every_kind else kinds, limit=cap
    )
    shared = read_entries(sql, params)
    by_kind: dict[str, list[SearchEntry]] = defaultdict(list)
    for entry in shared or []:
        by_kind[entry.kind].append(entry)
    # A read stopped by PostgreSQL's timeout would be stopped again kind by kind.
    complete = shared is None or len(shared) < cap
    return {
        kind: _matches(
            query,
            (kind,),
            limit=limit,
            read=by_kind[kind][:wanted] if complete or len(by_kind[kind]) >= wanted else None,
        )
        for kind in kinds
    }


def _suggested_read(query: Query) -> list[SearchEntry] | None:
    """Return the first matches of the search box's kinds, read without a kind filter if it can.

    Asking FTS5 for titles and people only ANDs their kind words' long lists
    into the match, and a name of common words then walks far to gather 32
    of them: at scale 0.1 the search box's reads took 53 ms at p95 filtered,
    24 ms reading the first 128 matches of any kind, which held 32 titles
    and people for every one of 800 queries. A read cut short with fewer
    gives ``None``, to be read again filtered.
    """
    wanted = SHOWN * MATCHES_PER_HIT
    cap = wanted * SUGGESTION_READ_FACTOR
    sql, params = match_sql(connection.vendor, query.groups, None, limit=cap)
    read = read_entries(sql, params)
    if read is None:  # PostgreSQL's bound: exact names only
        return []
    kept = [entry for entry in read if entry.kind in SUGGESTED_KINDS]
    return kept[:wanted] if len(read) < cap or len(kept) >= wanted else None


def _joined(parts: list[str]) -> SafeString:
    """Return ``parts`` joined by middle dots, each escaped unless already safe."""
    return mark_safe(" · ".join(conditional_escape(part) for part in parts if part))  # noqa: S308


@dataclass(frozen=True)
class TitleHit:
    """A title found: its summary, and the name it was found by when not its own."""

    summary: TitleSummary
    name: SafeString
    aka: SafeString | None

    @property
    def detail(self) -> SafeString:
        """Return the line under the title: the AKA matched, its directors and stars."""
        directors = ", ".join(self.summary.directors)
        return _joined(
            [
                format_html("aka “{}”", self.aka) if self.aka else "",
                f"Dir. {directors}" if directors else "",
                ", ".join(self.summary.stars),
            ]
        )


@dataclass(frozen=True)
class PersonHit:
    summary: PersonSummary
    name: SafeString

    @property
    def detail(self) -> SafeString:
        """Return the line under the name: the professions and the titles known for."""
        person = self.summary.person
        professions = ", ".join(p.replace("_", " ").capitalize() for p in person.profession_list)
        known_for = ", ".join(
            f"{title.primary_title} ({title.start_year})"
            if title.start_year
            else title.primary_title
            for title in self.summary.known_for
        )
        return _joined([professions, f"Known for {known_for}" if known_for else ""])


Hit = TitleHit | PersonHit | CompanyHit | KeywordHit | CharacterHit | PassageHit


@dataclass(frozen=True)
class ResultGroup:
    kind: str
    label: str
    hits: Sequence[Hit]


@dataclass(frozen=True)
class FindResults:
    query: str
    groups: list[ResultGroup]
    corrected: bool

    @property
    def is_empty(self) -> bool:
        return not any(group.hits for group in self.groups)


def _title_hits(entries: list[SearchEntry], words: list[str]) -> list[TitleHit]:
    summaries = get_title_summaries([entry.target_id for entry in entries], with_credits=True)
    hits = []
    for entry in entries:
        summary = summaries.get(entry.target_id)
        if summary is None:  # deleted since the last rebuild
            continue
        own = summary.title.primary_title
        aka = None if entry.name == own else highlight(entry.name, words)
        hits.append(TitleHit(summary, highlight(own, words), aka))
    return hits


def _person_hits(entries: list[SearchEntry], words: list[str]) -> list[PersonHit]:
    summaries = get_person_summaries(entry.target_id for entry in entries)
    return [
        PersonHit(
            summaries[entry.target_id],
            highlight(summaries[entry.target_id].person.primary_name, words),
        )
        for entry in entries
        if entry.target_id in summaries
    ]


# What each name-like kind's hits show, read from its matched entries.
ENTRY_HITS: dict[str, Callable[[list[SearchEntry], list[str]], Sequence[Hit]]] = {
    EntryKind.TITLE: _title_hits,
    EntryKind.EPISODE: _title_hits,
    EntryKind.NAME: _person_hits,
    EntryKind.COMPANY: company_hits,
    EntryKind.KEYWORD: keyword_hits,
    EntryKind.CHARACTER: character_hits,
}
LABELS = {kind.value: kind.label for kind in (*EntryKind, *TextKind)}


def find(raw: str, *, kinds: tuple[str, ...], limit: int) -> FindResults:
    """Return what matches ``raw``, grouped by kind in ``kinds``' order.

    Misspelt words (see ``typos``) are searched as the words they may mean,
    beside themselves. Each kind is matched on its own, so episodes never
    crowd people out of "all". Names (``EntryKind``) come from the word
    index; quotes, plots and bios (``TextKind``) from the passage index.
    """
    query = parse_query(raw)
    if query is None:
        return FindResults(query="", groups=[], corrected=False)
    searched = _with_corrections(query)
    words = [*searched.words, *(c for group in searched.groups for c in group.corrections)]
    names = tuple(kind for kind in kinds if kind in ENTRY_HITS)
    # Completions come from the names' vocabulary: long texts keep the prefix.
    entries = _matches_by_kind(with_completions(searched), names, limit=limit) if names else {}
    groups = []
    for kind in kinds:
        hits: Sequence[Hit]
        if kind in ENTRY_HITS:
            hits = ENTRY_HITS[kind](entries[kind], words)
        else:
            hits = passage_hits(find_passages(searched.groups, kind, limit=limit), words)
        groups.append(ResultGroup(kind, LABELS[kind], hits))
    return FindResults(query=query.text, groups=groups, corrected=searched != query)


@dataclass(frozen=True)
class Suggestion:
    """One line of the search box's list, as ``/suggest`` sends it."""

    id: str
    kind: str
    name: str
    year: int | None
    url: str
    subtitle: str


def _title_subtitle(summary: TitleSummary) -> str:
    title = summary.title
    parts = [
        title.year_label,
        title.get_title_type_display() if title.title_type != "movie" else "",
    ]
    return " · ".join(part for part in parts if part)


def _person_subtitle(summary: PersonSummary) -> str:
    person = summary.person
    profession = (
        person.profession_list[0].replace("_", " ").capitalize() if person.profession_list else ""
    )
    known = summary.known_for[0].primary_title if summary.known_for else ""
    return ", ".join(part for part in (profession, known) if part)


def suggest(raw: str) -> list[Suggestion]:
    """Return the top titles and people whose names start with ``raw``'s words, best first.

    The names a query begins, from any word, are stored ahead
    (``suggestions``); the word index answers the rest: typos, words in
    another order, prefixes an edit touched since the last rebuild.
    """
    query = parse_query(raw)
    if query is None:
        return []
    searched = query
    read = stored_suggestions(query)
    if read is None:
        searched = with_completions(_with_corrections(query))
        read = _suggested_read(searched)
    entries = _matches(searched, SUGGESTED_KINDS, limit=SHOWN, read=read)
    titles = get_title_summaries(
        [e.target_id for e in entries if e.kind != EntryKind.NAME], with_credits=False
    )
    people = get_person_summaries(e.target_id for e in entries if e.kind == EntryKind.NAME)
    suggestions = []
    for entry in entries:
        if entry.kind == EntryKind.NAME and (person := people.get(entry.target_id)):
            suggestions.append(
                Suggestion(
                    person.person.public_id,
                    entry.kind,
                    person.person.primary_name,
                    person.person.birth_year,
                    person.person.get_absolute_url(),
                    _person_subtitle(person),
                )
            )
        elif entry.kind != EntryKind.NAME and (title := titles.get(entry.target_id)):
            suggestions.append(
                Suggestion(
                    title.title.public_id,
                    entry.kind,
                    title.title.primary_title,
                    title.title.start_year,
                    title.title.get_absolute_url(),
                    _title_subtitle(title),
                )
            )
    return suggestions
