"""Hypothesis: whatever an extractor hands the store, each document is imported or reported.

Extractors read hostile pages, so the values reaching the store can be
anything a page can print: years of five digits, negative runtimes, ratings of
fifty, names of a thousand characters, NUL bytes (which ``extract_document``
scrubs, but which PostgreSQL refuses should a caller pass one on). Each must
end as an imported document or as a reported failure of that document alone,
on both the batch path and the per-document path.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reeldb.catalog.models import Title
from reeldb.catalog.services import Written
from reeldb.ingest.pages import store
from reeldb.ingest.pages.documents import PageError
from reeldb.ingest.pages.schema import (
    CompanyLine,
    CreditLine,
    Dated,
    DocumentForm,
    DocumentKind,
    Link,
    Membership,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    Spec,
    TitleRef,
)

pytestmark = pytest.mark.django_db

text = st.text(max_size=12) | st.builds(lambda c, n: c * n, st.characters(), st.integers(280, 1100))
names = st.text(min_size=1, max_size=12) | st.sampled_from(["Antonio Banderas", "x\x00y"])
numbers = st.none() | st.integers(-10, 100_000)
extractions = st.builds(
    PageExtraction,
    kind=st.sampled_from(list(DocumentKind)),
    form=st.just(DocumentForm.TEXT),
    title=names,
    lowercased=st.booleans(),
    imdb_id=st.sampled_from(["", "tt0112851", "tt0000001"]),
    title_type=st.sampled_from(["", "movie", "tvSeries", "tvEpisode", "podcast"]),
    year=numbers,
    end_year=numbers,
    runtime_minutes=numbers,
    seasons=numbers,
    episodes=numbers,
    rating=st.none() | st.floats(-5, 50, allow_nan=False),
    votes=numbers,
    metascore=numbers,
    genres=st.lists(text, max_size=3),
    credits=st.lists(
        st.builds(
            CreditLine,
            category=st.sampled_from(["actor", "director", "writer", "stuntman"]),
            person=st.builds(PersonRef, name=names, imdb_id=st.sampled_from(["", "nm0000104"])),
            characters=st.lists(text, max_size=2),
        ),
        max_size=4,
    ),
    plots=st.lists(st.builds(PlotText, kind=st.sampled_from(["synopsis", "blurb"]), text=text)),
    certifications=st.lists(st.builds(Rated, country=text, rating=text, reason=text), max_size=2),
    release_dates=st.lists(
        st.builds(Dated, country=text, date=st.dates(datetime.date(1, 1, 1))), max_size=2
    ),
    box_office=st.lists(
        st.builds(Money, kind=st.sampled_from(["budget", "gross"]), amount=st.integers(-1, 10**20)),
        max_size=2,
    ),
    companies=st.lists(st.builds(CompanyLine, name=names), max_size=2),
    technical_specs=st.lists(st.builds(Spec, kind=st.just("sound_mix"), value=text), max_size=2),
    connections=st.lists(
        st.builds(
            Link, kind=st.just("follows"), target=st.builds(TitleRef, title=names, year=numbers)
        ),
        max_size=2,
    ),
    collections=st.lists(st.builds(Membership, name=names, position=numbers), max_size=1),
)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(batch=st.lists(extractions, min_size=1, max_size=3))
def test_every_document_is_imported_or_reported_alone(batch: list[PageExtraction]) -> None:
    documents = [(f"doc{number}", extraction) for number, extraction in enumerate(batch)]
    outcomes = [outcome for _n, _x, outcome in store.import_extractions(documents)]
    assert len(outcomes) == len(batch)
    for outcome in outcomes:
        assert isinstance(
            outcome, Written | PageError | DatabaseError | ValidationError | ValueError
        )
        if isinstance(outcome, Written):
            assert Title.objects.filter(pk=outcome.title.pk).exists()
