from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from reeldb.catalog.models import Credit, Title, TitleType
from tests.catalog.factories import CreditFactory, PersonFactory, TitleFactory


def test_a_title_with_an_imdb_id_uses_it_in_its_url() -> None:
    title = TitleFactory.build(tconst="tt0112851", pk=7)
    assert title.get_absolute_url() == "/title/tt0112851/"


def test_a_title_without_an_imdb_id_gets_a_local_id() -> None:
    title = TitleFactory.build(tconst=None, pk=42)
    assert title.public_id == "rt42"
    assert title.get_absolute_url() == "/title/rt42/"


def test_a_person_without_an_imdb_id_gets_a_local_id() -> None:
    person = PersonFactory.build(nconst=None, pk=5)
    assert person.get_absolute_url() == "/name/rn5/"


@pytest.mark.parametrize(
    ("title_type", "start", "end", "label"),
    [
        (TitleType.MOVIE, 1995, None, "1995"),
        (TitleType.TV_SERIES, 2014, 2016, "2014–2016"),
        (TitleType.TV_SERIES, 2014, None, "2014–"),
        (TitleType.TV_MINI_SERIES, 2020, 2020, "2020"),
        (TitleType.MOVIE, None, None, ""),
    ],
)
def test_the_year_label_shows_a_series_range(
    title_type: str, start: int | None, end: int | None, label: str
) -> None:
    title = TitleFactory.build(title_type=title_type, start_year=start, end_year=end)
    assert title.year_label == label


def test_an_episode_code_reads_like_imdbs() -> None:
    episode = TitleFactory.build(title_type=TitleType.TV_EPISODE, season_number=1, episode_number=2)
    assert episode.episode_code == "S1.E2"


def test_an_episode_without_numbers_has_no_code() -> None:
    assert TitleFactory.build(season_number=None, episode_number=3).episode_code == ""


@pytest.mark.parametrize(
    ("minutes", "label"), [(104, "1h 44m"), (45, "45m"), (120, "2h"), (None, "")]
)
def test_the_runtime_reads_in_hours_and_minutes(minutes: int | None, label: str) -> None:
    assert TitleFactory.build(runtime_minutes=minutes).runtime_label == label


def test_genres_split_from_imdbs_comma_form() -> None:
    assert TitleFactory.build(genres="Action,Crime,Thriller").genre_list == [
        "Action",
        "Crime",
        "Thriller",
    ]
    assert TitleFactory.build(genres="").genre_list == []


def test_a_credit_lists_several_characters_with_slashes() -> None:
    credit = CreditFactory.build(characters=["El Mariachi", "Narrator"])
    assert credit.character_label == "El Mariachi / Narrator"


@pytest.mark.django_db
def test_the_database_rejects_a_rating_above_ten() -> None:
    with pytest.raises(IntegrityError):
        TitleFactory(average_rating=Decimal("10.5"))


@pytest.mark.django_db
def test_the_database_rejects_a_series_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError):
        TitleFactory(title_type=TitleType.TV_SERIES, start_year=2016, end_year=2014)


@pytest.mark.django_db
def test_deleting_a_title_deletes_its_credits_and_episodes() -> None:
    series = TitleFactory(title_type=TitleType.TV_SERIES)
    TitleFactory(title_type=TitleType.TV_EPISODE, parent=series)
    CreditFactory(title=series)
    series.delete()
    assert not Title.objects.exists()
    assert not Credit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "column"), [("catalog_title", "tconst"), ("catalog_person", "nconst")]
)
def test_an_imdb_id_column_has_its_unique_index_and_no_other(table: str, column: str) -> None:
    # PostgreSQL's backend would add a LIKE-pattern index that a dataset import builds for nothing.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    holding = [found for found in constraints.values() if column in found["columns"]]
    assert [(found["columns"], found["unique"]) for found in holding] == [([column], True)]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["catalog_credit", "catalog_aka"])
def test_credits_and_akas_are_found_by_title_through_one_index(table: str) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    by_title = [
        found
        for found in constraints.values()
        if found["columns"][:1] == ["title_id"] and not found["foreign_key"]
    ]
    if connection.vendor == "postgresql":
        # The key leads with the title (migration 0009): it is the title's index too.
        assert [(found["columns"], found["primary_key"]) for found in by_title] == [
            (["title_id", "id"], True)
        ]
    else:
        # SQLite's id is the rowid, which costs no index: the title has its own.
        assert len(by_title) == 1
        assert not by_title[0]["primary_key"]


@pytest.mark.django_db
def test_known_for_titles_are_keyed_by_person_title_and_source() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "catalog_knownfor")
    keys = {
        name: (found["columns"], found["primary_key"])
        for name, found in constraints.items()
        if found["primary_key"] or found["unique"]
    }
    if connection.vendor == "postgresql":
        # The unique constraint is the key (migration 0009): no index on id beside it.
        assert keys == {"known_for_unique": (["person_id", "title_id", "source_id"], True)}
    else:
        assert keys["known_for_unique"] == (["person_id", "title_id", "source_id"], False)
        assert (["id"], True) in keys.values()
