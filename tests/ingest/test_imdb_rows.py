"""Parsing and checking blocks of dataset lines, column by column (no database)."""

from __future__ import annotations

import gzip
import threading
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.catalog.folding import fold
from reeldb.ingest.imdb_datasets import frames, reading
from reeldb.ingest.imdb_datasets.frames import Parsed, parse_block
from reeldb.ingest.imdb_datasets.reading import Block
from reeldb.ingest.imdb_datasets.rows import (
    CREW_ORDERING,
    DATASETS,
    Dataset,
    expand_crew,
    fold_rest,
    folded,
)

BY_NAME = {dataset.name: dataset for dataset in DATASETS}
FIELD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=500,
).filter(lambda text: text != "\\N")


def parse(name: str, *lines: list[str], first_line: int = 2) -> tuple[list[dict], list[tuple]]:
    """Parse ``lines`` (lists of fields) as a block of file ``name``; return good and bad rows."""
    data = "".join("\t".join(fields) + "\n" for fields in lines).encode()
    parsed = parse_block(BY_NAME[name], Block(first_line, data))
    return parsed.rows.to_dicts(), parsed.bad.rows()


def kinds(name: str, fields: list[str]) -> list[str]:
    return [kind for _, kind, _ in parse(name, fields)[1]]


@given(title=FIELD_TEXT, year=st.integers(1874, 2100) | st.none())
def test_any_title_text_and_year_survive_parsing_unchanged(title: str, year: int | None) -> None:
    fields = ["tt0112851", "movie", title, title, "0", str(year) if year else "\\N"]
    good, bad = parse("title.basics", [*fields, "\\N", "104", "Action"])
    assert bad == []
    row = good[0]
    assert (row["primary_title"], row["folded_title"], row["original_title"]) == (
        title,
        fold(title),
        title,
    )
    assert row["start_year"] == year


@given(text=st.text(max_size=60))
def test_native_folding_agrees_with_fold_on_any_text(text: str) -> None:
    frame = pl.DataFrame({"name": [text]}).with_columns(folded=folded("name"))
    assert fold_rest(frame, "name", "folded")["folded"][0] == fold(text)


@given(year=st.text(min_size=1, max_size=6).filter(lambda text: not text.isdigit()))
def test_a_non_numeric_year_is_refused(year: str) -> None:
    # Control characters are dropped before a row is read (frames._without_controls):
    # "0\x08" is the year 0 with a note, tested with the other control characters.
    if year == "\\N" or any(unicodedata.category(char) == "Cc" for char in year):
        return
    fields = ["tt0112851", "movie", "X", "X", "0", year, "\\N", "\\N", "\\N"]
    assert kinds("title.basics", fields) == ["non-numeric startYear"]


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        (["tt1", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"], "bad tconst"),
        (["tt9999999999", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"], "bad tconst"),
        (["tt2147483648", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"], "bad tconst"),
        (["tt214748364x", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"], "bad tconst"),
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
        (
            ["tt0000001", "hologram", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"],
            "unknown title type",
        ),
        (["tt0000001", "movie", "X"], "wrong field count"),
    ],
)
def test_each_kind_of_bad_title_row_is_named(fields: list[str], kind: str) -> None:
    assert kinds("title.basics", fields) == [kind]


@pytest.mark.parametrize("tconst", ["tt0000001", "tt12345678", "tt2147483647"])
def test_ids_up_to_the_largest_32_bit_number_are_taken(tconst: str) -> None:
    good, bad = parse("title.basics", [tconst, "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"])
    assert bad == []
    assert good[0]["tconst"] == tconst


def test_bad_rows_keep_their_line_numbers_and_good_rows_go_on() -> None:
    good_fields = ["tt0000001", "movie", "X", "X", "0", "\\N", "\\N", "\\N", "\\N"]
    data = (
        "\t".join(good_fields).encode()
        + b"\n\xff\xfe broken\n"
        + "\t".join(["tt0000002", *good_fields[1:]]).encode()
        + b"\n\n"
    )
    parsed = parse_block(BY_NAME["title.basics"], Block(10, data))
    assert parsed.rows["line"].to_list() == [10, 12]
    assert [(line, kind) for line, kind, _ in parsed.bad.rows()] == [
        (11, "bad UTF-8"),
        (13, "wrong field count"),
    ]


def test_characters_must_be_a_json_list_of_names() -> None:
    good, bad = parse(
        "title.principals",
        ["tt0000001", "1", "nm0000001", "actor", "\\N", '["A","B"]'],
        ["tt0000001", "2", "nm0000002", "actor", "\\N", '[ "Spaced" ]'],
        ["tt0000001", "3", "nm0000003", "actor", "\\N", '["A"'],
        ["tt0000001", "4", "nm0000004", "actor", "\\N", '{"a": 1}'],
        ["tt0000001", "5", "nm0000005", "grip", "\\N", "\\N"],
    )
    assert [row["characters"] for row in good] == ['["A","B"]', '[ "Spaced" ]']
    assert [kind for _, kind, _ in bad] == [
        "characters not JSON",
        "characters not a list of names",
        "unknown category",
    ]


def test_ratings_keep_their_exact_text_and_refuse_out_of_range_values() -> None:
    good, bad = parse("title.ratings", ["tt0000001", "7.2", "10"], ["tt0000002", "11.0", "10"])
    assert [(r["tconst"], r["average_rating"], r["num_votes"]) for r in good] == [
        ("tt0000001", "7.2", 10)
    ]
    assert [kind for _, kind, _ in bad] == ["averageRating out of range"]


def test_aka_types_separated_by_imdbs_control_character_become_a_comma_list() -> None:
    good, _ = parse("title.akas", ["tt0000001", "2", "Y", "FR", "fr", "dvd\x02tv", "\\N", "0"])
    row = good[0]
    assert (row["types"], row["attributes"], row["is_original_title"]) == ("dvd,tv", "", False)


def test_crew_becomes_directors_then_writers_billed_after_the_principals() -> None:
    good, _ = parse("title.crew", ["tt0000001", "nm0000001", "nm0000002,nm0000003"])
    credits = expand_crew(pl.DataFrame(good))
    assert [(c["nconst"], c["category"], c["ordering"]) for c in credits.to_dicts()] == [
        ("nm0000001", "director", CREW_ORDERING),
        ("nm0000002", "writer", CREW_ORDERING + 1),
        ("nm0000003", "writer", CREW_ORDERING + 2),
    ]


def write_ratings(path: Path, count: int, *, last_newline: bool = True) -> list[str]:
    """Write a gzipped title.ratings file of ``count`` rows; return its lines after the header."""
    header = "\t".join(BY_NAME["title.ratings"].header)
    lines = [f"tt{number:07d}\t{1 + number % 9}.5\t{number}" for number in range(1, count + 1)]
    text = "\n".join([header, *lines]) + ("\n" if last_newline else "")
    path.write_bytes(gzip.compress(text.encode()))
    return lines


@given(block_bytes=st.integers(min_value=1, max_value=200), read_bytes=st.integers(1, 64))
def test_blocks_of_any_size_give_every_line_once_even_when_shorter_than_the_header(
    tmp_path_factory: pytest.TempPathFactory, block_bytes: int, read_bytes: int
) -> None:
    dataset = BY_NAME["title.ratings"]
    path = tmp_path_factory.mktemp("blocks") / "title.ratings.tsv.gz"
    lines = write_ratings(path, 39, last_newline=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "BLOCK_BYTES", block_bytes)
        patch.setattr(reading, "READ_BYTES", read_bytes)
        blocks = list(reading.read_blocks(path, dataset.header))
    assert b"".join(block.data for block in blocks).decode().splitlines() == lines
    assert [block.first_line for block in blocks] == [
        2 + sum(block.line_count for block in blocks[:index]) for index in range(len(blocks))
    ]


def test_a_file_whose_lines_make_several_rows_is_read_in_smaller_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = BY_NAME["title.crew"]
    lines = [f"tt{number:07d}\tnm{number:07d}\tnm{number + 1:07d}" for number in range(1, 400)]
    path = tmp_path / "title.crew.tsv"
    path.write_text("\n".join(["\t".join(dataset.header), *lines]) + "\n")
    monkeypatch.setattr(reading, "BLOCK_BYTES", 3_000)
    monkeypatch.setattr(reading, "READ_BYTES", 100)

    def largest_block(rows_per_line: int) -> int:
        blocks = list(reading.read_blocks(path, dataset.header, rows_per_line=rows_per_line))
        assert b"".join(block.data for block in blocks).decode().splitlines() == lines
        return max(len(block.data) for block in blocks)

    # A block is cut at the first whole line past its size.
    assert 3_000 <= largest_block(1) < 3_000 + 100 + len(lines[0]) + 1
    assert 1_000 <= largest_block(3) < 1_000 + 100 + len(lines[0]) + 1


def test_blocks_are_parsed_and_planned_ahead_in_file_order_on_the_reader_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "title.ratings.tsv.gz"
    lines = write_ratings(path, 300)
    monkeypatch.setattr(reading, "BLOCK_BYTES", 500)
    monkeypatch.setattr(reading, "READ_BYTES", 100)
    worked_on = set()

    def parse_recording(dataset: Dataset, block: Block) -> Parsed:
        worked_on.add(threading.current_thread().name)
        return parse_block(dataset, block)

    def plan(parsed: Parsed) -> list[str]:
        worked_on.add(threading.current_thread().name)
        return parsed.rows["tconst"].to_list()

    monkeypatch.setattr(frames, "parse_block", parse_recording)
    results = list(frames.parsed_blocks(BY_NAME["title.ratings"], path, plan))

    assert len(results) > 5
    assert [tconst for _, planned in results for tconst in planned] == [
        line.split("\t")[0] for line in lines
    ]
    assert worked_on == {"read title.ratings"}


def test_a_cut_off_file_yields_its_whole_blocks_then_says_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "title.ratings.tsv.gz"
    write_ratings(path, 3_000)
    path.write_bytes(path.read_bytes()[:-2_000])
    monkeypatch.setattr(reading, "BLOCK_BYTES", 500)
    monkeypatch.setattr(reading, "READ_BYTES", 100)
    rows = 0
    with pytest.raises(reading.TruncatedFile) as cut:
        for _, parsed in frames.parsed_blocks(
            BY_NAME["title.ratings"], path, lambda parsed: parsed
        ):
            assert parsed.bad.is_empty()
            rows += parsed.rows.height
    assert 0 < rows < 3_000
    assert cut.value.line == 1 + rows


def test_leaving_a_file_early_stops_its_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "title.ratings.tsv.gz"
    write_ratings(path, 3_000)
    monkeypatch.setattr(reading, "BLOCK_BYTES", 500)
    monkeypatch.setattr(reading, "READ_BYTES", 100)
    blocks = frames.parsed_blocks(BY_NAME["title.ratings"], path, lambda parsed: parsed)
    next(blocks)
    blocks.close()
    assert not [thread for thread in threading.enumerate() if "title.ratings" in thread.name]
