"""The demo community: marked, unable to sign in, repeatable, filling every community section."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client

from reeldb.charts.models import ChartEntry, ChartKind
from reeldb.charts.services import refresh_charts
from reeldb.community.models import DEMO_SOURCE, CheckIn, Profile, Rating, Review, TitleList
from reeldb.ingest.demo import load_demo_data
from reeldb.ingest.demo_community import anchor_day, plan_community, read_community_file

pytestmark = pytest.mark.django_db


def _community() -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every community table but the users', to compare two loads."""
    return {
        model.__name__: sorted(map(tuple, model.objects.values_list()), key=repr)
        for model in apps.get_app_config("community").get_models()
    }


def test_the_demo_loads_a_community_of_a_few_dozen_demo_accounts() -> None:
    report = load_demo_data()
    members = Profile.objects.filter(is_imported=True, import_source=DEMO_SOURCE)
    assert 24 <= members.count() <= 60
    assert report.issues == []
    assert Review.objects.count() >= 30
    assert Review.objects.filter(helpful_total__gt=0).exists()
    assert TitleList.objects.filter(is_public=True).count() >= 5
    assert CheckIn.objects.exists()


def test_demo_accounts_cannot_sign_in(client: Client) -> None:
    load_demo_data()
    users = User.objects.filter(profile__import_source=DEMO_SOURCE)
    assert users.exists()
    assert not any(user.has_usable_password() for user in users)
    member = users.first()
    assert member is not None
    response = client.post("/accounts/login/", {"username": member.username, "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_each_review_states_its_authors_one_rating() -> None:
    load_demo_data()
    for review in Review.objects.all():
        rating = Rating.objects.get(user=review.user_id, title=review.title_id)
        assert review.rating == rating.value


def test_loading_the_demo_community_twice_changes_nothing() -> None:
    load_demo_data()
    before = _community()
    users = User.objects.count()
    report = load_demo_data()
    assert _community() == before
    assert User.objects.count() == users
    assert sum(report.changed.values()) == 0


def test_the_draw_is_the_same_every_time() -> None:
    data = read_community_file()
    anchor = anchor_day(data)
    assert plan_community(data, anchor=anchor) == plan_community(data, anchor=anchor)


def test_most_popular_is_not_empty_after_the_demo() -> None:
    load_demo_data()
    refresh_charts()
    entries = ChartEntry.objects.filter(chart__kind=ChartKind.MOVIEMETER)
    assert entries.count() >= 10
    assert entries.order_by("rank").first().votes >= 3  # type: ignore[union-attr]


def test_the_demo_reviews_show_on_the_title_page_marked_as_demo(client: Client) -> None:
    load_demo_data()
    page = client.get("/title/tt0112851/").content.decode()
    assert "demo account" in page
    assert "reeldb users" in page
