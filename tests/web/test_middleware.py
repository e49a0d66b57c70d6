"""reeldb's errors reach people as pages with the status their class names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.catalog.factories import TitleFactory
from tests.community.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_rate_limited_write_answers_429_with_retry_after(client: Client, settings: Any) -> None:
    settings.REELDB_WRITE_LIMIT = 1
    settings.REELDB_WRITE_WINDOW = 60
    client.force_login(UserFactory())
    title = TitleFactory()
    client.post(f"/title/{title.tconst}/rating", {"value": 5}, **HTMX)

    response = client.post(f"/title/{title.tconst}/rating", {"value": 6}, **HTMX)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response["X-Reeldb-Error"] == "rate_limited"
    assert response.content.decode().startswith("Too many")


def test_a_vote_on_ones_own_review_is_a_409_naming_its_code(client: Client) -> None:
    review = ReviewFactory()
    client.force_login(review.user)

    response = client.post(f"/review/{review.pk}/helpful", {"helpful": "yes"}, **HTMX)

    assert response.status_code == 409
    assert response["X-Reeldb-Error"] == "own_review"
    assert response.content.decode() == "You cannot vote on your own review."


def test_invalid_input_is_a_400_with_its_message(client: Client) -> None:
    client.force_login(UserFactory())
    title = TitleFactory()

    response = client.post(f"/title/{title.tconst}/rating", {"value": 11})

    assert response.status_code == 400
    assert "A rating is a whole number from 1 to 10." in response.content.decode()


def test_a_missing_object_is_the_sites_404_page(client: Client) -> None:
    response = client.get("/review/999999/")

    assert response.status_code == 404
    assert "There is no such page here." in response.content.decode()
