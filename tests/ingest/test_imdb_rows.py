"""Parsing and validating single dataset rows (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.catalog.folding import fold
from reeldb.ingest.imdb_datasets.reading import BadRow
from reeldb.ingest.imdb_datasets.rows import (
    CREW_ORDERING,
    expand_crew,
    parse_title_akas,
    parse_title_basics,
    parse_title_principals,
    parse_title_ratings,
)

FIELD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r"),
    min_size=1,
    max_size=500,
).filter(lambda text: text != "\\N")


@given(title=FIELD_TEXT, year=st.integers(1874, 2100) | st.none())
def test_any_title_text_and_year_survive_parsing_unchanged(title: str, year: int | None) -> None:
    fields = ["tt0112851", "movie", title, title, "0", str(year) if year else "\\N"]
    staged = parse_title_basics([*fields, "\\N", "104", "Action"])
    assert staged[2:5] == (title, fold(title), title)
    assert staged[6] == year


@given(year=st.text(min_size=1, max_size=6).filter(lambda text: not text.isdigit()))
def test_a_non_numeric_year_is_refused(year: str) -> None:
    if year == "\\N":
        return
    with pytest.raises(BadRow) as refused:
        parse_title_basics(["tt0112851", "movie", "X", "X", "0", year, "\\N", "\\N", "\\N"])
    assert refused.value.kind == "non-numeric startYear"


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        (["tt1", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"], "bad tconst"),
        (["tt0000001", "movie", "X", "X", "2", "\\N", "\\N", "\\N", "\\N"], "bad isAdult"),
        (["tt0000001", "movie", "\\N", "X", "0", "\\N", "\\N", "\\N", "\\N"], "empty primaryTitle"),
        (
            ["tt0000001", "movie", "X", "X", "0", "2000", "1999", "\\N", "\\N"],
            "endYear before startYear",
        ),
        (
            ["tt0000001", "movie", "X", "X", "0", "99999", "\\N", "\\N", "\\N"],
            "startYear out of range",
        ),
    ],
)
def test_each_kind_of_bad_title_row_is_named(fields: list[str], kind: str) -> None:
    with pytest.raises(BadRow) as refused:
        parse_title_basics(fields)
    assert refused.value.kind == kind


def test_characters_must_be_a_json_list_of_names() -> None:
    good = parse_title_principals(["tt0000001", "1", "nm0000001", "actor", "\\N", '["A","B"]'])
    assert good[4] == '["A","B"]'
    with pytest.raises(BadRow, match="characters not JSON"):
        parse_title_principals(["tt0000001", "1", "nm0000001", "actor", "\\N", '["A"'])
    with pytest.raises(BadRow, match="unknown category"):
        parse_title_principals(["tt0000001", "1", "nm0000001", "grip", "\\N", "\\N"])


def test_ratings_keep_their_exact_text_and_refuse_out_of_range_values() -> None:
    assert parse_title_ratings(["tt0000001", "7.2", "10"]) == ("tt0000001", "7.2", 10)
    with pytest.raises(BadRow, match="out of range"):
        parse_title_ratings(["tt0000001", "11.0", "10"])


def test_aka_types_separated_by_imdbs_control_character_become_a_comma_list() -> None:
    staged = parse_title_akas(["tt0000001", "2", "Y", "FR", "fr", "dvd\x02tv", "\\N", "0"])
    assert staged[5:8] == ("dvd,tv", "", False)


def test_crew_becomes_directors_then_writers_billed_after_the_principals() -> None:
    credits = list(expand_crew(("tt0000001", "nm0000001", "nm0000002,nm0000003")))
    assert [(c[1], c[2], c[5]) for c in credits] == [
        ("nm0000001", "director", CREW_ORDERING),
        ("nm0000002", "writer", CREW_ORDERING + 1),
        ("nm0000003", "writer", CREW_ORDERING + 2),
    ]
