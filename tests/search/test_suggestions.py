"""The search box's stored prefixes answer as a scan of every name would, before and after edits."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reeldb.catalog.models import Title
from reeldb.search.index.finding import suggest
from reeldb.search.index.suggestions import (
    LONGEST_PREFIX,
    SHOWN,
    SUGGESTED_KINDS,
    Node,
    begins,
    edited,
    name_starts,
    stored_suggestions,
    target_code,
)
from reeldb.search.index.text import parse_query
from reeldb.search.models import SearchEntry, SearchSuggestion, SuggestionState
from reeldb.search.services import rebuild_index
from tests.catalog.factories import PersonFactory, TitleFactory

pytestmark = pytest.mark.django_db
WORDS = ("an", "ana", "anna", "annabel", "ant", "antonio", "bell", "bella", "ben", "zoe", "zoo")
# A name longer than the longest prefix stored, shared by more names than are shown.
LONG = "the extraordinarily long adventures of"


def _name(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).title()


def _catalogue(rng: random.Random) -> None:
    for _ in range(90):
        TitleFactory(primary_title=_name(rng), num_votes=rng.randint(0, 10_000))
    for number in range(12):
        TitleFactory(primary_title=f"{LONG} {rng.choice(WORDS)} {number}", num_votes=number)
    for _ in range(50):
        PersonFactory(primary_name=_name(rng))


def _scanned(typed: str) -> list[int]:
    """Return the least entry id of each of the first titles and people ``typed`` begins."""
    best: dict[int, int] = {}
    for entry in SearchEntry.objects.filter(kind__in=SUGGESTED_KINDS):
        if begins(entry, typed):
            target = target_code(entry.kind, entry.target_id)
            best[target] = min(best.get(target, entry.id), entry.id)
    return sorted(best.values())[:SHOWN]


def _queries(rng: random.Random) -> list[str]:
    starts = sorted(
        {start for entry in SearchEntry.objects.all() for start in name_starts(entry.folded, "")}
    )
    typed = {start[:length] for start in starts for length in range(1, len(start) + 1)}
    typed.update(f"{LONG} zoe 1{digit}" for digit in range(3))
    typed.update(("zz", "anna zoo bell bell", "bella x"))
    return sorted(rng.sample(sorted(typed), 250))


def _assert_as_scanned(queries: list[str]) -> int:
    """Assert every stored answer is the scan's; return how many queries had one."""
    answered = 0
    for typed in queries:
        query = parse_query(typed)
        assert query is not None
        stored = stored_suggestions(query)
        scanned = _scanned(query.folded)
        if stored is None:
            # Only a query past the longest prefix, or one an edit left to the word index.
            assert not scanned or len(typed) > LONGEST_PREFIX or _is_stale(typed), typed
            continue
        answered += 1
        assert [entry.id for entry in stored] == scanned, typed
    return answered


def _is_stale(typed: str) -> bool:
    return (
        SearchSuggestion.objects.filter(
            prefix__in=[typed[:length] for length in range(1, len(typed) + 1)],
            state=SuggestionState.STALE,
        ).exists()
        or SearchSuggestion.objects.filter(
            prefix__startswith=typed, state=SuggestionState.STALE
        ).exists()
    )


def test_every_stored_answer_is_a_scan_of_every_name() -> None:
    rng = random.Random(7)
    _catalogue(rng)
    rebuild_index()
    states = set(SearchSuggestion.objects.values_list("state", flat=True))
    assert states == {SuggestionState.PARTIAL, SuggestionState.COMPLETE}
    assert _assert_as_scanned(_queries(rng)) > 200


def test_after_edits_a_stored_answer_is_still_a_scan_or_left_to_the_word_index() -> None:
    rng = random.Random(8)
    _catalogue(rng)
    rebuild_index()
    titles = list(Title.objects.order_by("id"))
    for title in rng.sample(titles, 15):
        title.primary_title = title.original_title = _name(rng)
        title.save(update_fields=["primary_title", "original_title"])
    for title in rng.sample(titles, 5):
        title.delete()
    for _ in range(10):
        TitleFactory(primary_title=_name(rng), num_votes=rng.randint(0, 10_000))
    assert SearchSuggestion.objects.filter(state=SuggestionState.STALE).exists()
    assert _assert_as_scanned(_queries(rng)) > 100


def test_a_name_of_several_words_is_suggested_without_the_word_index() -> None:
    TitleFactory(primary_title="Desperado", num_votes=144_553)
    PersonFactory(primary_name="Zoë Bell")
    PersonFactory(primary_name="Antonio Banderas")
    rebuild_index()
    with CaptureQueriesContext(connection) as captured:
        assert [s.name for s in suggest("zoe b")] == ["Zoë Bell"]
        assert [s.name for s in suggest("bell")] == ["Zoë Bell"]
        assert [s.name for s in suggest("antonio banderas")] == ["Antonio Banderas"]
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "search_suggestion" in read
    assert "search_fts" not in read and "tsvector" not in read


def test_a_typo_or_words_out_of_order_fall_to_the_word_index() -> None:
    PersonFactory(primary_name="Antonio Banderas")
    TitleFactory(primary_title="Desperado", num_votes=10)
    rebuild_index()
    assert stored_suggestions(parse_query("bandreas")) is None  # type: ignore[arg-type]
    assert [s.name for s in suggest("bandreas")] == ["Antonio Banderas"]
    assert [s.name for s in suggest("banderas antonio")] == ["Antonio Banderas"]
    assert [s.name for s in suggest("desparado")] == ["Desperado"]


def test_an_edit_keeps_a_complete_list_and_spoils_a_partial_one_that_loses_an_entry() -> None:
    complete = Node("zo", SuggestionState.COMPLETE, (1, 2))
    partial = Node("z", SuggestionState.PARTIAL, tuple(range(1, 9)))
    full = Node("zoe", SuggestionState.COMPLETE, tuple(range(1, 9)))
    targets = {entry_id: 10 + entry_id for entry_id in range(1, 9)}
    assert edited(complete, {2}, [(50, 60)], targets) == Node(
        "zo", SuggestionState.COMPLETE, (1, 50)
    )
    assert edited(partial, set(), [(50, 60)], targets) == partial
    assert edited(partial, {3}, [], targets).state == SuggestionState.STALE
    assert edited(full, set(), [(50, 60)], targets).state == SuggestionState.STALE
    assert edited(full, set(), [(50, 11)], targets) == full  # another name of entry 1's title
    # An entry gone some other way (no target for it) is lost as a removed one is.
    assert edited(complete, set(), [], {1: 11}) == Node("zo", SuggestionState.COMPLETE, (1,))
    assert edited(partial, set(), [], {1: 11}).state == SuggestionState.STALE


def test_a_title_saved_with_the_same_names_keeps_its_entries_and_nothing_goes_stale() -> None:
    rng = random.Random(9)
    _catalogue(rng)
    rebuild_index()
    title = Title.objects.order_by("-num_votes").first()
    assert title is not None
    before = list(SearchEntry.objects.order_by("id").values_list("id", "name", "popularity"))
    title.num_votes += 1
    title.save(update_fields=["num_votes"])
    after = list(SearchEntry.objects.order_by("id").values_list("id", "name", "popularity"))
    assert [row[:2] for row in after] == [row[:2] for row in before]
    assert after != before  # the votes moved, in place
    assert not SearchSuggestion.objects.filter(state=SuggestionState.STALE).exists()
