from __future__ import annotations

import pytest

from reeldb.search.selectors import find, normalise_query
from tests.catalog.factories import TitleFactory


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  el   mariachi ", "el mariachi"),
        ("des\x00perado", "des perado"),
        ("a\tb\nc", "a b c"),
        ("", ""),
    ],
)
def test_a_query_is_normalised_before_it_reaches_the_database(raw: str, clean: str) -> None:
    assert normalise_query(raw) == clean


@pytest.mark.django_db
def test_find_ranks_the_most_voted_title_first() -> None:
    TitleFactory(primary_title="Desperado", num_votes=10)
    TitleFactory(primary_title="Desperado Square", num_votes=1000)
    TitleFactory(primary_title="Desperados", num_votes=None)
    results = find("desperado", limit=10)
    assert [title.primary_title for title in results.titles] == [
        "Desperado Square",
        "Desperado",
        "Desperados",
    ]


@pytest.mark.django_db
def test_a_blank_query_finds_nothing_without_querying(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert find(" \x00 ", limit=10).is_empty
