"""The small parsers every extractor shares: countries, money, runtimes, dates, lists, case."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reeldb.ingest.pages.text import (
    country_name,
    is_lowercased,
    parse_date,
    parse_int,
    parse_money,
    parse_runtime,
    recase_name,
    recase_title,
    split_list,
    squash,
)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("USA", "United States"),
        ("usa", "United States"),
        ("U.S.A.", "United States"),
        ("US", "United States"),
        ("United States of America", "United States"),
        ("UK", "United Kingdom"),
        ("West Germany", "West Germany"),
        (" mexico ", "mexico"),
    ],
)
def test_country_names_take_imdbs_current_spelling(written: str, name: str) -> None:
    assert country_name(written) == name


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("$7,000,000 (estimated)", (7_000_000, "USD")),
        ("FRF77,000,000 (estimated)", (77_000_000, "FRF")),
        ("€1.5 million", (1_500_000, "EUR")),
        ("USD 12,000", (12_000, "USD")),
        ("£250,000", (250_000, "GBP")),
    ],
)
def test_money_keeps_its_currency(text: str, money: tuple[int, str]) -> None:
    assert parse_money(text) == money


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1h 44min", 104), ("104 min", 104), ("2h", 120), ("PT2H12M", 132), ("47min", 47)],
)
def test_runtimes_in_every_form(text: str, minutes: int) -> None:
    assert parse_runtime(text) == minutes


@pytest.mark.parametrize(
    "text", ["25 August 1995", "August 25, 1995", "1995-08-25", "25 aug. 1995 (USA)"]
)
def test_dates_in_every_form(text: str) -> None:
    assert parse_date(text) == datetime.date(1995, 8, 25)


def test_an_impossible_date_is_none() -> None:
    assert parse_date("31 February 1995") is None


def test_list_items_keep_an_abbreviations_dot_but_not_a_sentences() -> None:
    assert split_list("Warner Bros., Regency Enterprises, Forward Pass.") == [
        "Warner Bros.",
        "Regency Enterprises",
        "Forward Pass",
    ]
    assert split_list("action | thriller |") == ["action", "thriller"]


def test_integers_with_thousands_separators() -> None:
    assert parse_int("144,553") == 144_553
    assert parse_int("2.415") == 2_415
    assert parse_int("n/a") is None


def test_lowercased_names_and_titles_get_capitals_back() -> None:
    assert recase_name("joaquim de almeida") == "Joaquim de Almeida"
    assert recase_name("rose mcgowan") == "Rose McGowan"
    assert recase_title("once upon a time in mexico") == "Once Upon a Time in Mexico"
    assert is_lowercased("desperado (1995)")
    assert not is_lowercased("Desperado (1995)")


def test_squash_decodes_entities_and_collapses_space() -> None:
    assert squash("a&nbsp;&amp;\n\t b &raquo;") == "a & b »"


@given(st.text(max_size=200))
def test_the_parsers_never_raise(text: str) -> None:
    parse_money(text)
    parse_runtime(text)
    parse_date(text)
    parse_int(text)
    country_name(text)
    assert all(item == item.strip() for item in split_list(text))
