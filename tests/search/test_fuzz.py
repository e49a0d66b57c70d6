"""Any query, however hostile, gets results or an empty page: never a 500."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reeldb.search.index.finding import find, suggest
from reeldb.search.views import CATEGORIES, CATEGORY_ORDER

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db]

HOSTILE = [
    '"',
    "desp*",
    "*",
    '"desperado',
    "desperado NEAR banderas",
    "NEAR(desperado banderas, 2)",
    "desperado AND OR NOT",
    "title: desperado",
    "terms : desp* OR kind : nm",
    "{terms kind}: x",
    "^desperado",
    "desperado'); DROP TABLE search_entry; --",
    "' OR 1=1 --",
    "a:* & !b | (c",
    "\\",
    "\x00\x01\x1f\x7f",
    "\ud800zoe\udfff",
    "ǅ\u200b\ufeff",
    "x" * 5_000,
    " ".join(["desperado"] * 500),
    "𝔡𝔢𝔰𝔭𝔢𝔯𝔞𝔡𝔬",
]
QUERIES = st.one_of(st.sampled_from(HOSTILE), st.text(), st.text(alphabet='"*:()^-+ ANDORNEAR'))
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _raw(query: str) -> str:
    """Return ``query`` percent-encoded byte for byte, unpaired surrogates included."""
    return "q=" + quote_from_bytes(query.encode("utf-8", "surrogatepass"))


@FUZZ
@given(query=QUERIES, category=st.sampled_from([*CATEGORIES, "x", "", "%00", "tt%27"]))
def test_find_answers_any_query(query: str, category: str) -> None:
    response = Client().get("/find", QUERY_STRING=f"{_raw(query)}&s={category}")
    assert response.status_code == 200


@pytest.mark.parametrize("category", list(CATEGORIES))
@pytest.mark.parametrize("query", HOSTILE)
def test_find_answers_each_hostile_query_in_each_category(query: str, category: str) -> None:
    response = Client().get("/find", QUERY_STRING=f"{_raw(query)}&s={category}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Results for" in text or "Type a title" in text


@FUZZ
@given(query=QUERIES)
def test_suggest_answers_any_query(query: str) -> None:
    response = Client().get("/suggest", QUERY_STRING=_raw(query))
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 8


@FUZZ
@given(query=QUERIES)
def test_the_search_functions_take_any_text(query: str) -> None:
    find(query, kinds=CATEGORY_ORDER, limit=5)
    suggest(query)
