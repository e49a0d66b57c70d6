from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.catalog.folding import fold
from reeldb.search.index.text import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    clean_query,
    fold_name,
    joined_words,
    natural_order,
    parse_query,
)


@pytest.mark.parametrize(
    ("name", "terms"),
    [
        ("Wall-E", "wall e walle"),
        ("WALL·E", "wall e walle"),
        ("Spider-Man: No Way Home", "spider man no way home spiderman"),
        ("S.W.A.T.", "s w a t swat"),
        ("Conan O'Brien", "conan o brien obrien"),
        ("Zoë Bell", "zoe bell"),
        ("Kill Bill: Vol. 1", "kill bill vol 1"),
    ],
)
def test_a_name_is_indexed_folded_with_its_joined_chunks(name: str, terms: str) -> None:
    assert f"{fold_name(name)} {joined_words(name)}".strip() == terms


@given(st.text())
def test_folding_a_name_chunk_by_chunk_is_folding_it_whole(name: str) -> None:
    assert fold_name(name) == fold(name)


@pytest.mark.parametrize(
    ("name", "natural"),
    [
        ("Godfather, The", "The Godfather"),
        ("Postino, Il", "Il Postino"),
        ("Appartement, L'", "L'Appartement"),
        ("Good, the Bad and the Ugly, The", "The Good, the Bad and the Ugly"),
        ("Desperado", "Desperado"),
        ("Me, Myself and Irene", "Me, Myself and Irene"),
    ],
)
def test_a_trailing_article_moves_to_the_front(name: str, natural: str) -> None:
    assert natural_order(name) == natural


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  el   mariachi ", "el mariachi"),
        ("des\x00perado", "des perado"),
        ("a\tb\nc", "a b c"),
        ("zo\ud800e", "zo e"),
        ("", ""),
    ],
)
def test_a_query_loses_control_characters_and_extra_spaces(raw: str, clean: str) -> None:
    assert clean_query(raw) == clean


def test_a_long_query_is_cut_to_the_documented_limit() -> None:
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
    query = parse_query(" ".join(["word"] * 50))
    assert query is not None
    assert len(query.groups) == MAX_QUERY_WORDS


def test_a_trailing_year_is_asked_for_not_searched() -> None:
    for raw in ("desperado 1995", "Desperado (1995)"):
        query = parse_query(raw)
        assert query is not None
        assert (query.folded, query.year, query.full_folded) == (
            "desperado",
            1995,
            "desperado 1995",
        )
    alone = parse_query("1995")
    assert alone is not None
    assert (alone.folded, alone.year) == ("1995", None)


def test_a_query_with_its_article_last_is_searched_with_it_first() -> None:
    query = parse_query("Godfather, The (1972)")
    assert query is not None
    assert (query.folded, query.year) == ("the godfather", 1972)
    assert query.text == "Godfather, The (1972)"


def test_query_chunks_keep_their_words_together() -> None:
    query = parse_query('wall-e "title:" NEAR(*)')
    assert query is not None
    assert [group.words for group in query.groups] == [("wall", "e"), ("title",), ("near",)]
    assert query.groups[0].joined == "walle"


def test_punctuation_alone_is_no_query() -> None:
    assert parse_query(' "* ( ) : - ') is None


@given(st.text())
def test_any_text_parses_to_folded_words_or_nothing(raw: str) -> None:
    query = parse_query(raw)
    if query is not None:
        assert all(word.isalnum() or "_" not in word for word in query.words)
        assert all('"' not in word and "'" not in word for word in query.words)
