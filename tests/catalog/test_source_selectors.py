"""The sources page's reads: values typed for display, a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from reeldb.catalog.models import SourceKind
from reeldb.catalog.selectors import get_sources_page
from reeldb.catalog.selectors.sources import SPECIAL_KINDS, display_value
from reeldb.catalog.services import upsert_title
from tests.catalog.factories import SourceFactory, make_rich_title


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("genres", "Action,Thriller", ("list", ["Action", "Thriller"])),
        ("genres", ["Action"], ("list", ["Action"])),
        ("is_adult", False, ("boolean", False)),
        ("num_votes", 144553, ("number", 144553)),
        ("num_votes", "144553", ("number", 144553)),
        ("num_votes", "lots", ("text", "lots")),
        ("num_votes", True, ("text", "True")),
        ("start_year", 1995, ("text", "1995")),
        ("average_rating", "7.2", ("rating", Decimal("7.2"))),
        ("average_rating", "high", ("text", "high")),
        ("runtime_minutes", 104, ("runtime", 104)),
        ("popularity_change", -12, ("change", -12)),
        ("title_type", "tvSeries", ("text", "TV Series")),
        ("title_type", "hologram", ("text", "hologram")),
        ("awards_summary", "1 win & 4 nominations", ("text", "1 win & 4 nominations")),
    ],
)
def test_a_claim_is_typed_for_display_and_a_bad_one_falls_back_to_text(
    field: str, value: object, expected: tuple[str, object]
) -> None:
    assert display_value(field, value) == expected


def test_a_date_column_would_be_shown_as_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SPECIAL_KINDS, "awards_summary", "date")
    assert display_value("awards_summary", "1995-08-25") == ("date", datetime.date(1995, 8, 25))


@pytest.mark.django_db
@pytest.mark.parametrize("sources_count", [1, 2])
def test_the_sources_page_runs_the_same_queries_however_many_sources(
    sources_count: int, django_assert_num_queries: Any
) -> None:
    title = make_rich_title()
    if sources_count == 2:
        page_source = SourceFactory(kind=SourceKind.IMDB_PAGE, name="page")
        upsert_title(source=page_source, key="d", tconst="tt0112851", values={"num_votes": 1})
    # the claims, one count per list kind (credits and 17 fact lists), the
    # box-office figures, the sources = 21.
    with django_assert_num_queries(21):
        page = get_sources_page(title)
    assert len(page.sources) == sources_count
