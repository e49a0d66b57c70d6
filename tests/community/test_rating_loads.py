"""Ratings loaded as columns: the upsert, its checks, and the indexes a bulk load defers."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.db import connection

from reeldb.community.models import Rating
from reeldb.community.services import bulk_rating_load, load_rating_columns
from reeldb.errors import InvalidInput
from tests.catalog.factories import TitleFactory
from tests.community.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JAN_2020 = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC).timestamp()


def _load(users: list[int], titles: list[int], values: list[int], seconds: list[float]) -> int:
    return load_rating_columns(
        user_ids=np.array(users),
        title_ids=np.array(titles),
        values=np.array(values),
        seconds=np.array(seconds, dtype=float),
    )


def _constraints(kind: str) -> set[str]:
    """Return the names of the rating table's constraints of ``kind`` ("index", "foreign_key")."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Rating._meta.db_table)
    return {name for name, info in constraints.items() if info[kind]}


def _indexes() -> set[str]:
    return _constraints("index")


def _foreign_keys() -> set[str]:
    return _constraints("foreign_key")


def test_columns_upsert_and_the_later_of_a_repeated_pair_wins() -> None:
    user, title = UserFactory(), TitleFactory()
    other = TitleFactory()
    assert _load([user.pk] * 3, [title.pk, other.pk, title.pk], [4, 6, 9], [JAN_2020] * 3) == 2
    assert _load([user.pk], [other.pk], [10], [JAN_2020 + 0.5]) == 1
    rows = dict(Rating.objects.values_list("title_id", "value"))
    assert rows == {title.pk: 9, other.pk: 10}
    moment = Rating.objects.get(title=other).rated_at
    assert moment == datetime.datetime(2020, 1, 1, 0, 0, 0, 500_000, tzinfo=datetime.UTC)


def test_a_review_follows_its_authors_loaded_rating() -> None:
    review = ReviewFactory(rating=None)
    _load([review.user_id], [review.title_id], [7], [JAN_2020])
    review.refresh_from_db()
    assert review.rating == 7


@pytest.mark.parametrize(
    ("value", "seconds"), [(0, JAN_2020), (11, JAN_2020), (5, 4_102_444_800.0)]
)
def test_a_value_or_date_out_of_range_fails_the_call(value: int, seconds: float) -> None:
    user, title = UserFactory(), TitleFactory()
    with pytest.raises(InvalidInput):
        _load([user.pk], [title.pk], [value], [seconds])
    assert not Rating.objects.exists()


def test_a_bulk_load_builds_the_secondary_indexes_again_however_it_ends() -> None:
    before, keys = _indexes(), _foreign_keys()
    assert {"rating_title_value_idx", "rating_rated_at_idx"} <= before
    assert len(keys) == 2
    with bulk_rating_load():
        assert not {"rating_title_value_idx", "rating_rated_at_idx"} & _indexes()
    assert _indexes() == before
    assert _foreign_keys() == keys
    with pytest.raises(RuntimeError), bulk_rating_load():
        raise RuntimeError
    assert _indexes() == before
    assert _foreign_keys() == keys


def test_ratings_loaded_in_bulk_still_point_at_real_users_and_titles() -> None:
    user, title = UserFactory(), TitleFactory()
    with bulk_rating_load():
        _load([user.pk], [title.pk], [8], [JAN_2020])
    user.delete()
    assert not Rating.objects.exists()
