"""Pages reach the catalogue through its writer: a batch writes what single documents write."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, models
from django.test import Client

from reeldb.catalog.models import ExternalSite, Person, Title
from reeldb.catalog.selectors import get_external_ids
from reeldb.catalog.services import Written, batches
from reeldb.ingest.pages import store
from reeldb.ingest.pages.schema import (
    CompanyLine,
    CreditLine,
    Dated,
    DocumentForm,
    DocumentKind,
    Link,
    Membership,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    TitleRef,
)

pytestmark = pytest.mark.django_db


def _film(
    title: str,
    year: int,
    *,
    page: str = "",
    cast: Iterable[tuple[str, str]] = (),
    director: str = "Robert Rodriguez",
    lowercased: bool = False,
    **facts: Any,
) -> PageExtraction:
    kind = DocumentKind.IMDB_TITLE if lowercased else DocumentKind.WIKIPEDIA_FILM
    extraction = PageExtraction(
        kind=kind,
        form=DocumentForm.TEXT,
        title=title,
        wikipedia_page=page,
        title_type="movie",
        year=year,
        lowercased=lowercased,
        genres=["Action"],
        runtime_minutes=100,
        credits=[
            CreditLine(category="director", person=PersonRef(director)),
            CreditLine(category="writer", person=PersonRef(director)),
            *(
                CreditLine(category="actor", person=PersonRef(name), characters=[character])
                for name, character in cast
            ),
        ],
        plots=[PlotText(kind="synopsis", text=f"The whole story of {title}.")],
        companies=[CompanyLine(name="Los Hooligans Productions")],
        release_dates=[Dated(country="United States", date=datetime.date(year, 8, 25))],
    )
    for name, value in facts.items():
        setattr(extraction, name, value)
    return extraction


def _documents() -> list[tuple[str, PageExtraction]]:
    """Documents that exercise every rule the two paths share."""
    trilogy = [Membership(name="Mexico Trilogy", position=n) for n in (1, 2, 3)]
    documents = [
        _film(
            "El Mariachi",
            1992,
            page="El Mariachi",
            cast=[("Carlos Gallardo", "El Mariachi")],
            collections=[trilogy[0]],
        ),
        _film(
            "Desperado",
            1995,
            page="Desperado (film)",
            cast=[("Antonio Banderas", "El Mariachi"), ("Carlos Gallardo", "Campa")],
            collections=[trilogy[1]],
            connections=[
                Link("follows", TitleRef("El Mariachi", 1992)),
                Link("followed_by", TitleRef("Once Upon a Time in Mexico", 2003)),
                Link("followed_by", TitleRef("Once Upon a Time in Mexico", 2003)),
            ],
        ),
        # The same film as a lower-cased IMDb dump: one title, one Antonio Banderas.
        _film(
            "desperado",
            1995,
            cast=[("antonio banderas", "el mariachi"), ("salma hayek", "carolina")],
            director="robert rodriguez",
            lowercased=True,
            imdb_id="tt0112851",
            companies=[CompanyLine(name="los hooligans productions")],
            rating=7.2,
            votes=144_553,
        ),
        # Created as a connection above, then described by its own article.
        _film(
            "Once Upon a Time in Mexico",
            2003,
            page="Once Upon a Time in Mexico",
            cast=[("Antonio Banderas", "El Mariachi"), ("Johnny Depp", "Sands")],
            collections=[trilogy[2]],
        ),
        # One name on two films, nothing else known: taken for one person, as on one path.
        _film(
            "Planet Terror",
            2007,
            page="Planet Terror",
            cast=[("John Smith", "Deputy")],
            # A page's own certificate, of no country it names.
            certifications=[Rated(country="", rating="R")],
        ),
        _film("Machete", 2010, page="Machete", cast=[("John Smith", "Guard")], director="Ethan"),
        # A bad document: its runtime is no number of minutes.
        _film("Broken", 2000, page="Broken", runtime_minutes=-5),
    ]
    return [(f"doc{number}", extraction) for number, extraction in enumerate(documents)]


def _label(value: models.Model) -> object:
    """Name a related row by what it is, not by its id, which differs between runs."""
    if isinstance(value, Title):
        return ("title", value.primary_title, value.start_year)
    if isinstance(value, Person):
        return ("person", value.primary_name, value.nconst)
    return (type(value).__name__, str(value) if not hasattr(value, "name") else value.name)


def _snapshot() -> dict[str, Counter[tuple[object, ...]]]:
    """Return every catalogue row as its values, related rows by name, without ids or times."""
    skipped = {"id", "created_at", "updated_at"}
    snapshot = {}
    for model in apps.get_app_config("catalog").get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.name not in skipped and not (f.is_relation and f.related_model is model)
        ]
        rows: Counter[tuple[object, ...]] = Counter()
        for row in model._default_manager.all():
            rows[
                tuple(
                    _label(getattr(row, f.name)) if f.is_relation and getattr(row, f.name) else
                    repr(getattr(row, f.attname))
                    for f in fields
                )
            ] += 1  # fmt: skip
        snapshot[model.__name__] = rows
    return snapshot


def _clear() -> None:
    for model in reversed(list(apps.get_app_config("catalog").get_models())):
        model._default_manager.all()._raw_delete(model._default_manager.db)


def test_a_batch_writes_what_one_document_at_a_time_writes() -> None:
    outcomes = [outcome for _name, _extraction, outcome in store.import_extractions(_documents())]
    by_batch = _snapshot()
    _clear()
    for _name, extraction in _documents():
        try:
            store.import_extraction(extraction)
        except Exception:  # noqa: S112 - the bad document fails on both paths, checked below
            continue
    assert _snapshot() == by_batch
    assert [isinstance(outcome, Written) for outcome in outcomes] == [True] * 6 + [False]


def test_the_bad_document_of_a_batch_is_named_and_the_rest_imported() -> None:
    outcomes = {name: outcome for name, _x, outcome in store.import_extractions(_documents())}
    assert "runtime_minutes" in str(outcomes["doc6"])
    assert Title.objects.filter(primary_title="Broken").count() == 0
    desperado = Title.objects.get(folded_title="desperado")
    assert (desperado.tconst, str(desperado.average_rating)) == ("tt0112851", "7.2")
    assert Person.objects.filter(folded_name="john smith").count() == 1


def test_a_batch_imported_again_changes_nothing() -> None:
    list(store.import_extractions(_documents()))
    before = _snapshot()
    again = [outcome for _n, _x, outcome in store.import_extractions(_documents())]
    assert not any(isinstance(outcome, Written) and outcome.changed for outcome in again)
    assert _snapshot() == before


def test_a_batch_whose_write_fails_falls_back_to_one_document_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*_arguments: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(batches, "_write", fail)
    outcomes = [outcome for _n, _x, outcome in store.import_extractions(_documents())]
    assert [isinstance(outcome, Written) for outcome in outcomes] == [True] * 6 + [False]
    assert Title.objects.filter(folded_title="desperado").count() == 1


def test_a_series_keeps_its_stated_counts_and_a_month_only_release_date() -> None:
    series = _film(
        "The Salt Road",
        1998,
        page="The Salt Road",
        title_type="tvSeries",
        seasons=5,
        episodes=62,
        release_dates=[
            Dated(country="India", date=datetime.date(1998, 9, 1), precision="month"),
        ],
    )
    [(_name, _extraction, outcome)] = store.import_extractions([("doc", series)])
    assert isinstance(outcome, Written)
    title = Title.objects.get(primary_title="The Salt Road")
    assert (title.stated_seasons, title.stated_episodes) == (5, 62)
    release = title.release_dates.get()
    assert (release.release_date, release.precision) == (datetime.date(1998, 9, 1), "month")


def test_a_wikidata_item_is_stored_and_linked_from_the_title_page(client: Client) -> None:
    film = _film("The Quiet Orchard", 1987, page="The Quiet Orchard", wikidata_id="Q90000001")
    [(_name, _extraction, outcome)] = store.import_extractions([("doc", film)])
    assert isinstance(outcome, Written)
    title = outcome.title
    assert get_external_ids(title) == {ExternalSite.WIKIDATA: "Q90000001"}
    page = client.get(title.get_absolute_url())
    assert b'href="https://www.wikidata.org/wiki/Q90000001"' in page.content
