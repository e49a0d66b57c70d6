"""A word being typed, read as the vocabulary's words it begins: the same matches, read lazily."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection

from reeldb.catalog.models import Plot, PlotKind
from reeldb.search.index import prefixes
from reeldb.search.index.backends import FTS5, match_sql, read_entries
from reeldb.search.index.finding import find, suggest
from reeldb.search.index.prefixes import completions, with_completions
from reeldb.search.index.text import WordGroup, parse_query
from reeldb.search.models import EntryKind, SearchTerm, TextKind
from reeldb.search.services import rebuild_index
from tests.catalog.factories import SourceFactory, TitleFactory

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db]
NAMES = (EntryKind.TITLE, EntryKind.NAME)


def matched_ids(groups: tuple[WordGroup, ...]) -> list[int]:
    sql, params = match_sql(connection.vendor, groups, NAMES, limit=10_000)
    return [entry.id for entry in read_entries(sql, params) or []]


def test_completions_are_the_vocabulary_words_a_prefix_begins() -> None:
    found = completions("desp")
    assert "desperado" in found
    assert all(word.startswith("desp") for word in found)
    expected = SearchTerm.objects.filter(term__startswith="desp").values_list("term", flat=True)
    assert set(found) == set(expected)


@pytest.mark.parametrize("prefix", ["desp", "mari", "band", "rodr", "dawn", "tarant", "zzzz"])
def test_a_prefix_read_as_its_completions_matches_the_same_entries(prefix: str) -> None:
    """The completions ORed give exactly the prefix's matches (on either database's syntax)."""
    typed = (WordGroup(("the",)), WordGroup((prefix,)))
    for groups in ((WordGroup((prefix,)),), typed):
        completed = (*groups[:-1], replace(groups[-1], completions=completions(prefix)))
        assert matched_ids(completed) == matched_ids(groups)


def test_the_expression_ors_the_completions_in_place_of_the_prefix() -> None:
    groups = (WordGroup(("el",)), WordGroup(("mari",), completions=("maria", "mariachi")))
    assert FTS5.expression(groups) == '(("el")) AND ((("maria" OR "mariachi")))'


def test_only_sqlite_and_prefixes_past_its_prefix_indexes_are_completed() -> None:
    short, long = parse_query("el mar"), parse_query("el mari")
    assert short is not None and long is not None
    assert with_completions(short) == short
    completed = with_completions(long).groups[-1].completions
    assert ("mariachi" in completed) == (connection.vendor == "sqlite")


def test_a_prefix_beginning_too_many_words_is_left_a_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prefixes, "MOST_COMPLETIONS", 0)
    assert SearchTerm.objects.filter(term__startswith="desp").exists()
    assert completions("desp") == ()
    assert suggest("desp")[0].name == "Desperado"


def test_suggest_and_find_still_find_a_typed_word_and_a_new_one() -> None:
    assert suggest("despe")[0].name == "Desperado"
    TitleFactory(primary_title="Desperadoes Rising", title_type="movie", start_year=2031)
    rebuild_index()
    names = [hit.summary.title.primary_title for hit in find("despe", kinds=("tt",), limit=20)
             .groups[0].hits]  # fmt: skip
    assert {"Desperado", "Desperadoes Rising"} <= set(names)


def test_long_texts_keep_the_prefix_whatever_the_names_vocabulary_holds() -> None:
    """Names hold "desperado"; a plot's "desperately" must still be found by "despe"."""
    title = TitleFactory(primary_title="A Lonely Place", title_type="movie")
    Plot.objects.create(
        title=title, kind=PlotKind.OUTLINE, text="A desperately lonely man.", source=SourceFactory()
    )
    hits = find("despe", kinds=(TextKind.PLOT,), limit=50).groups[0].hits
    assert "A Lonely Place" in {hit.title.title.primary_title for hit in hits}  # type: ignore[union-attr]
