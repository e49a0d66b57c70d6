"""MovieLens' conventions turned into reeldb's, and untrusted lines that never crash a run."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.ingest.movielens.readers import find_layout, read_movies, read_ratings
from reeldb.ingest.movielens.records import BadRecord, make_movie, rating_value, split_title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toy Story (1995)", ("Toy Story", "", 1995)),
        ("Usual Suspects, The (1995)", ("The Usual Suspects", "", 1995)),
        ("Seven (Se7en) (1995)", ("Seven", "Se7en", 1995)),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            ("The City of Lost Children", "La Cité des enfants perdus", 1995),
        ),
        (
            "Bicycle Thief, The (a.k.a. Bicycle Thieves) (1948)",
            ("The Bicycle Thief", "Bicycle Thieves", 1948),
        ),
        ("Homme et une femme, Un (1966)", ("Un Homme et une femme", "", 1966)),
        ("Black Mirror (2011– )", ("Black Mirror", "", 2011)),
        ("No year at all", ("No year at all", "", None)),
    ],
)  # fmt: skip
def test_titles_get_their_article_back_in_front_and_lose_the_year(
    raw: str, expected: tuple[str, str, int | None]
) -> None:
    assert split_title(raw) == expected


@pytest.mark.parametrize(("stars", "value"), [("0.5", 1), ("1", 2), ("3.5", 7), ("5.0", 10)])
def test_stars_double_into_reeldbs_one_to_ten(stars: str, value: int) -> None:
    assert rating_value(stars) == value


@pytest.mark.parametrize("stars", ["0", "5.5", "2.25", "nan", "inf", "-1", "", "four"])
def test_anything_else_is_a_bad_rating(stars: str) -> None:
    with pytest.raises(BadRecord):
        rating_value(stars)


def test_an_imdb_id_gets_imdbs_seven_digit_form() -> None:
    movie = make_movie(key="1", title="Desperado (1995)", year="", genres=[], imdb_id="112851")
    assert movie.tconst == "tt0112851"


@given(st.text(max_size=300), st.text(max_size=10), st.lists(st.text(max_size=20), max_size=5))
def test_any_movie_line_is_a_movie_or_a_bad_record(
    title: str, year: str, genres: list[str]
) -> None:
    try:
        movie = make_movie(key="1", title=title, year=year, genres=genres, imdb_id="")
    except BadRecord:
        return
    assert movie.primary_title
    assert movie.start_year is None or 1874 <= movie.start_year <= 2100


@given(st.binary(max_size=2_000))
def test_any_bytes_in_any_layout_read_as_records_or_reported_lines(blob: bytes) -> None:
    """Readers only ever yield records or BadRecords; nothing else escapes."""
    for files in (("u.item", "u.data"), ("movies.csv", "ratings.csv")):
        folder = Path(tempfile.mkdtemp(prefix="reeldb-movielens-"))
        for name in files:
            # ml-latest files need their header, so keep one and fuzz the rest.
            header = b"movieId,title,genres\n" if name == "movies.csv" else b""
            header = b"userId,movieId,rating,timestamp\n" if name == "ratings.csv" else header
            (folder / name).write_bytes(header + blob)
        layout = find_layout(folder)
        for row in [*read_movies(layout, {}), *read_ratings(layout)]:
            assert row.line >= 1
        shutil.rmtree(folder)
