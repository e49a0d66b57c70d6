"""The home page reads a bounded, indexed list: the most-voted titles."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.catalog.models import TitleType
from tests.catalog.factories import TitleFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_the_home_page_features_the_most_voted_titles_but_no_episode(client: Client) -> None:
    TitleFactory(primary_title="Quiet", num_votes=5)
    TitleFactory(primary_title="Loud", num_votes=500)
    TitleFactory(primary_title="Unrated", num_votes=None)
    TitleFactory(primary_title="Big episode", num_votes=9000, title_type=TitleType.TV_EPISODE)
    text = visible_text(client.get("/")).split("Featured titles", 1)[1]
    assert text.index("Loud") < text.index("Quiet")
    assert "Unrated" not in text
    assert "Big episode" not in text


@pytest.mark.parametrize("titles", [3, 60])
def test_the_home_page_runs_two_queries_however_many_titles(
    client: Client, titles: int, django_assert_num_queries: Any
) -> None:
    TitleFactory.create_batch(titles, num_votes=10)
    # The featured titles (LIMIT 12 through title_votes_idx); the collections.
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200
