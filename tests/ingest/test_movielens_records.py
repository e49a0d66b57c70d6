"""MovieLens' conventions turned into reeldb's, and untrusted lines that never crash a run."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.ingest.movielens.rating_blocks import ML100K, Fields, parse_block, read_rating_blocks
from reeldb.ingest.movielens.readers import find_layout, read_movies
from reeldb.ingest.movielens.records import BadRecord, make_movie, split_title

CSV = Fields(count=4, user=0, movie=1, stars=2, time=3, separator=",")


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
    block = parse_block([f"7,42,{stars},964982703"], first_line=2, fields=CSV)
    assert block.ratings.rows() == [(2, "7", "42", value, 964982703.0)]
    assert block.bad == []


@pytest.mark.parametrize("stars", ["0", "5.5", "2.25", "nan", "inf", "-1", "", "four"])
def test_anything_else_is_a_bad_rating(stars: str) -> None:
    block = parse_block([f"7,42,{stars},964982703"], first_line=2, fields=CSV)
    assert block.ratings.is_empty()
    assert len(block.bad) == 1
    assert block.bad[0][0] == 2
    assert "rating" in block.bad[0][1]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("7,42,4", "expected 4 fields, found 3"),
        ("7,42,4,5,6", "expected 4 fields, found 5"),
        (",42,4,964982703", "rating without a user or movie id"),
        ("7,42,4,yesterday", "not a timestamp: 'yesterday'"),
        ("7,42,4,-5", "not a timestamp: '-5'"),
        ("7,42,4,99999999999999", "not a timestamp: '99999999999999'"),
        ("7,42,4,4102444800", "the rating is dated in the future"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_the_rest_load(line: str, reason: str) -> None:
    block = parse_block(
        ["1,2,3.5,964982703", line, "", "3,4,5,964982703"], first_line=2, fields=CSV
    )
    assert block.bad == [(3, reason)]
    assert block.ratings["line"].to_list() == [2, 5]
    assert block.read == 3


def test_ml_100k_lines_split_at_any_whitespace() -> None:
    block = parse_block(
        ["196\t242\t3\t881250949", " 186  302 4 891717742 "], first_line=1, fields=ML100K
    )
    assert block.ratings.select("user", "movie", "value").rows() == [
        ("196", "242", 6),
        ("186", "302", 8),
    ]


def test_blocks_cut_at_line_ends_keep_their_line_numbers(tmp_path: Path) -> None:
    (tmp_path / "movies.csv").write_text("movieId,title,genres\n")
    rows = [f"{n},{n},4.0,964982703" for n in range(1, 200)]
    (tmp_path / "ratings.csv").write_text("userId,movieId,rating,timestamp\n" + "\n".join(rows))
    blocks = list(read_rating_blocks(find_layout(tmp_path), block_bytes=64))
    assert len(blocks) > 10
    lines = [line for block in blocks for line in block.ratings["line"].to_list()]
    assert lines == list(range(2, 201))
    users = [user for block in blocks for user in block.ratings["user"].to_list()]
    assert users == [str(n) for n in range(1, 200)]


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
        for row in read_movies(layout, {}):
            assert row.line >= 1
        for block in read_rating_blocks(layout):
            assert all(line >= 1 for line, _reason in block.bad)
            assert block.read == len(block.ratings) + len(block.bad)
        shutil.rmtree(folder)
