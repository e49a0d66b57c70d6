from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from reeldb.catalog.models import Credit, Person, SourceKind, Title, TitleType
from reeldb.catalog.selectors import get_title_page
from reeldb.ingest import demo
from reeldb.ingest.demo import load_demo_data
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every catalogue table, to compare two states exactly."""
    return {
        model.__name__: sorted(map(tuple, model.objects.values_list()), key=repr)
        for model in apps.get_app_config("catalog").get_models()
    }


def test_the_demo_loads_without_skipping_anything() -> None:
    report = load_demo_data()
    assert report.issues == []
    assert report.loaded["titles"] >= 30
    assert Title.objects.filter(title_type=TitleType.TV_EPISODE).count() >= 5


def test_loading_the_demo_twice_changes_nothing() -> None:
    load_demo_data()
    before = _snapshot()
    report = load_demo_data()
    assert _snapshot() == before
    assert sum(report.changed.values()) == 0


def test_the_demo_desperado_has_its_rating_cast_and_crew() -> None:
    load_demo_data()
    desperado = Title.objects.get(tconst="tt0112851")
    assert (desperado.primary_title, desperado.start_year, desperado.runtime_minutes) == (
        "Desperado",
        1995,
        104,
    )
    assert (desperado.genres, desperado.awards_summary) == (
        "Action,Thriller",
        "1 win & 4 nominations",
    )
    assert (desperado.average_rating, desperado.num_votes, desperado.metascore) == (
        Decimal("7.2"),
        144553,
        55,
    )
    page = get_title_page(desperado, top_cast_size=18)
    assert [c.person.primary_name for c in page.directors] == ["Robert Rodriguez"]
    billed = [(c.person.primary_name, c.character_label) for c in page.top_cast[:3]]
    assert billed == [
        ("Antonio Banderas", "El Mariachi"),
        ("Salma Hayek", "Carolina"),
        ("Joaquim de Almeida", "Bucho"),
    ]
    assert page.rating_source and page.rating_source.kind == SourceKind.DEMO


def test_the_demo_desperado_page_shows_the_awards_popularity_and_reviews_imdb_stated(
    client: Client,
) -> None:
    load_demo_data()
    text = visible_text(client.get("/title/tt0112851/"))
    assert "Awards 1 win & 4 nominations" in text
    assert "Popularity Ranked 2,415" in text
    assert "203 user reviews 90 critic reviews" in text


def test_every_demo_episode_belongs_to_a_series_with_numbers() -> None:
    load_demo_data()
    episodes = Title.objects.filter(title_type=TitleType.TV_EPISODE)
    assert not episodes.filter(parent__isnull=True).exists()
    assert not episodes.filter(season_number__isnull=True).exists()


def test_every_demo_film_has_a_director_and_billed_cast() -> None:
    load_demo_data()
    films = Title.objects.filter(title_type=TitleType.MOVIE)
    for film in films:
        categories = set(Credit.objects.filter(title=film).values_list("category", flat=True))
        assert "director" in categories, film
        assert categories & {"actor", "actress"}, film


def _with_records(monkeypatch: pytest.MonkeyPatch, people: list[Any], titles: list[Any]) -> None:
    files = {"people.json": people, "titles.json": titles}
    monkeypatch.setattr(demo, "read_demo_file", lambda name: files[name])


def test_a_bad_record_is_reported_by_file_and_record_and_the_rest_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [{"id": "nm0001675", "primary_name": "Robert Rodriguez"}, {"id": "no-name"}, "junk"]
    good = {
        "id": "tt0104815",
        "title_type": "movie",
        "primary_title": "El Mariachi",
        "start_year": 1992,
        "credits": [{"person": "nm0001675", "category": "director"}],
    }
    bad_type = {"id": "tt0000002", "title_type": "opera", "primary_title": "X", "credits": []}
    orphan = {
        "id": "ep",
        "title_type": "tvEpisode",
        "primary_title": "Y",
        "episode_of": {"series": "nope"},
        "credits": [],
    }
    _with_records(monkeypatch, people, [good, bad_type, orphan])
    report = load_demo_data()
    reasons = [str(issue) for issue in report.issues]
    assert any(r.startswith("demo_data/people.json:record 1 (no-name): KeyError") for r in reasons)
    assert any(r.startswith("demo_data/people.json:record 2: not an object") for r in reasons)
    assert any(
        r.startswith("demo_data/titles.json:record 1 (tt0000002): ValidationError") for r in reasons
    )
    assert any("record 2 (ep)" in r and "unknown series 'nope'" in r for r in reasons)
    assert list(Title.objects.values_list("primary_title", flat=True)) == ["El Mariachi"]
    assert Person.objects.count() == 1
    assert "skipped: 4" in report.summary_lines()


def test_a_credit_naming_an_unknown_person_skips_that_titles_links_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = {
        "id": "tt0104815",
        "title_type": "movie",
        "primary_title": "El Mariachi",
        "credits": [{"person": "ghost", "category": "actor"}],
    }
    _with_records(monkeypatch, [], [title])
    report = load_demo_data()
    assert [issue.reason for issue in report.issues] == [
        "DemoDataError: credit names an unknown person 'ghost'"
    ]
    assert Title.objects.filter(tconst="tt0104815").exists()
    assert not Credit.objects.exists()


def test_a_person_s_dates_places_and_height_load_and_a_bad_date_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = [
        {
            "id": "nm0000161",
            "primary_name": "Salma Hayek",
            "birth_date": "1966-09-02",
            "birth_place": "Coatzacoalcos, Veracruz, Mexico",
            "height_cm": 157,
        },
        {"id": "nm0000104", "primary_name": "Antonio Banderas", "birth_date": "1960-08-32"},
    ]
    _with_records(monkeypatch, people, [])
    report = load_demo_data()
    assert [issue.reason for issue in report.issues] == [
        "DemoDataError: birth_date must be a date as YYYY-MM-DD, got '1960-08-32'"
    ]
    salma = Person.objects.get()
    assert (salma.birth_date, salma.birth_place, salma.height_cm) == (
        datetime.date(1966, 9, 2),
        "Coatzacoalcos, Veracruz, Mexico",
        157,
    )
