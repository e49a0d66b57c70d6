"""Training stores related titles with reasons; "For you" and "Not interested" read them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reeldb.catalog.models import Collection, CollectionEntry, CreditCategory, Keyword
from reeldb.community.models import Rating, WatchlistEntry
from reeldb.recommend.models import RelatedTitle, UserPick
from reeldb.recommend.selectors import get_recommendations_for, get_related_titles
from reeldb.recommend.services import set_not_interested, train
from tests.catalog.factories import CreditFactory, PersonFactory, SourceFactory, TitleFactory
from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTION = ("Desperado", "El Mariachi", "Heat")
COMEDIES = ("Airplane", "Top Secret", "Hot Shots")
START = timezone.now() - datetime.timedelta(days=30)


def _rate(user: Any, title: Any, value: int, minute: int) -> None:
    Rating.objects.create(
        user=user, title=title, value=value, rated_at=START + datetime.timedelta(minutes=minute)
    )


@pytest.fixture
def catalogue() -> dict[str, Any]:
    """Two tastes: three action films liked together, three comedies liked together."""
    titles = {
        name: TitleFactory(primary_title=name, genres=genres, num_votes=votes, average_rating=7.5)
        for name, genres, votes in [
            ("Desperado", "Action,Crime", 900),
            ("El Mariachi", "Action,Crime", 500),
            ("Heat", "Action,Crime", 800),
            ("Airplane", "Comedy", 700),
            ("Top Secret", "Comedy", 300),
            ("Hot Shots", "Comedy", 400),
        ]
    }
    director = PersonFactory(primary_name="Robert Rodriguez")
    for name in ("Desperado", "El Mariachi"):
        CreditFactory(title=titles[name], person=director, category=CreditCategory.DIRECTOR)
    source = SourceFactory()
    trilogy = Collection.objects.create(name="Mexico Trilogy")
    for position, name in enumerate(("El Mariachi", "Desperado"), start=1):
        CollectionEntry.objects.create(
            title=titles[name], collection=trilogy, position=position, source=source
        )
    for word in ("mariachi", "revenge"):
        for name in ("Desperado", "Heat"):
            Keyword.objects.create(title=titles[name], keyword=word, source=source)
    for index in range(12):
        user = UserFactory()
        group = ACTION if index < 6 else COMEDIES
        for minute, name in enumerate(group):
            _rate(user, titles[name], 9, minute)
    return titles


def _related(title: Any) -> list[tuple[str, str]]:
    return [(pick.title.primary_title, pick.reason) for pick in get_related_titles(title)]


def test_related_titles_come_with_the_strongest_reason(catalogue: dict[str, Any]) -> None:
    summary = train()
    assert summary.ratings == 36
    related = dict(_related(catalogue["Desperado"]))
    assert related["El Mariachi"] == "same series: Mexico Trilogy"
    assert related["Heat"] == "liked by 100% of those who rated it 8+"
    assert list(related)[:2] == ["El Mariachi", "Heat"]  # the series first, then the co-liked
    comedies = {name for name, _ in _related(catalogue["Airplane"])[:2]}
    assert comedies == {"Hot Shots", "Top Secret"}


def test_a_series_sibling_comes_first_even_without_ratings(catalogue: dict[str, Any]) -> None:
    sequel = TitleFactory(
        primary_title="Once Upon a Time in Mexico", genres="Western", num_votes=50
    )
    trilogy = Collection.objects.get(name="Mexico Trilogy")
    CollectionEntry.objects.create(
        title=sequel, collection=trilogy, position=3, source=SourceFactory()
    )
    train()
    first = [name for name, _reason in _related(catalogue["Desperado"])][:2]
    assert set(first) == {"El Mariachi", "Once Upon a Time in Mexico"}
    assert dict(_related(catalogue["Desperado"]))["Heat"].startswith("liked by")


def test_training_twice_stores_the_same_neighbours(catalogue: dict[str, Any]) -> None:
    def stored() -> list[tuple[int, int, int, str]]:
        rows = RelatedTitle.objects.order_by("title", "rank")
        return list(rows.values_list("title_id", "related_id", "rank", "reason"))

    train()
    first = stored()
    train()
    assert stored() == first
    assert first


def test_for_you_follows_ratings_and_leaves_out_what_the_user_has_seen_or_declined(
    catalogue: dict[str, Any],
) -> None:
    train()
    user = UserFactory()
    _rate(user, catalogue["Airplane"], 9, 0)
    WatchlistEntry.objects.create(user=user, title=catalogue["Hot Shots"])
    picks = get_recommendations_for(user)
    names = [pick.title.primary_title for pick in picks.picks]
    assert names[0] == "Top Secret"
    assert picks.picks[0].reason == "because you rated Airplane 9/10"
    assert "Airplane" not in names and "Hot Shots" not in names
    assert picks.is_personal and picks.wants_more_ratings
    set_not_interested(user=user, title=catalogue["Top Secret"], not_interested=True)
    assert "Top Secret" not in [p.title.primary_title for p in get_recommendations_for(user).picks]
    set_not_interested(user=user, title=catalogue["Top Secret"], not_interested=False)
    assert get_recommendations_for(user).picks[0].title.primary_title == "Top Secret"


def test_a_rating_of_9_counts_nine_times_a_rating_of_1() -> None:
    loved, disliked, near_loved, near_disliked = (TitleFactory() for _ in range(4))
    RelatedTitle.objects.create(
        title=loved, related=near_loved, rank=1, score=0.3, taste=0.3, reason="similar"
    )
    RelatedTitle.objects.create(
        title=disliked, related=near_disliked, rank=1, score=0.9, taste=0.9, reason="similar"
    )
    user = UserFactory()
    _rate(user, loved, 9, 0)
    _rate(user, disliked, 1, 1)

    picks = get_recommendations_for(user).picks

    assert [pick.title for pick in picks[:2]] == [near_loved, near_disliked]
    assert picks[0].reason == f"because you rated {loved.primary_title} 9/10"
    assert picks[1].reason == f"because you rated {disliked.primary_title} 1/10"


def test_for_you_follows_what_the_ratings_say_not_the_order_shown() -> None:
    seen, alike, co_watched = (TitleFactory() for _ in range(3))
    # "More like this" shows the alike title first; its raters went on to the other.
    RelatedTitle.objects.create(
        title=seen, related=alike, rank=1, score=1.0, taste=0.2, reason="similar"
    )
    RelatedTitle.objects.create(
        title=seen, related=co_watched, rank=2, score=0.6, taste=1.0, reason="liked"
    )
    user = UserFactory()
    _rate(user, seen, 8, 0)

    picks = get_recommendations_for(user).picks

    assert [pick.title for pick in picks[:2]] == [co_watched, alike]


def test_a_new_user_gets_popular_titles_and_a_prompt(catalogue: dict[str, Any]) -> None:
    train()
    picks = get_recommendations_for(UserFactory())
    assert not picks.is_personal and picks.wants_more_ratings
    assert picks.picks[0].title.primary_title == "Desperado"
    assert picks.picks[0].reason == "popular and highly rated"


def test_the_title_page_shows_related_titles_with_reasons(
    client: Client, catalogue: dict[str, Any]
) -> None:
    train()
    page = client.get(catalogue["Desperado"].get_absolute_url()).content.decode()
    assert "More like this" in page
    assert "same series: Mexico Trilogy" in page


def test_only_the_user_sees_their_recommendations_and_can_dismiss_one(
    client: Client, catalogue: dict[str, Any]
) -> None:
    train()
    user = UserFactory()
    _rate(user, catalogue["Airplane"], 9, 0)
    url = f"/user/{user.username}/recommendations"
    assert client.get(url).status_code == 404
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "because you rated Airplane 9/10" in page
    dismiss = f"/title/{catalogue['Top Secret'].public_id}/not-interested"
    response = client.post(dismiss, {"not_interested": "1", "next": url})
    assert response.status_code == 302
    assert "Top Secret" not in client.get(url).content.decode().split("For you")[1]
    fragment = client.post(dismiss, {"not_interested": "0"}, headers={"HX-Request": "true"})
    assert "Top Secret" in fragment.content.decode()
    assert "Top Secret" in client.get(url).content.decode()


def test_a_for_you_list_stored_at_training_is_the_one_scored_on_request(
    catalogue: dict[str, Any], settings: Any
) -> None:
    user = UserFactory()
    for minute, name in enumerate(("Airplane", "Desperado", "Top Secret")):
        _rate(user, catalogue[name], 9 - minute, minute)

    def for_you() -> list[tuple[str, str]]:
        return [(p.title.primary_title, p.reason) for p in get_recommendations_for(user).picks]

    settings.REELDB_RECOMMEND_STORED_USERS_FROM = 1_000
    train()
    assert not UserPick.objects.exists()
    on_request = for_you()
    settings.REELDB_RECOMMEND_STORED_USERS_FROM = 3
    train()
    assert UserPick.objects.filter(user=user).exists()
    with CaptureQueriesContext(connection) as queries:
        assert for_you() == on_request
    assert not any("recommend_relatedtitle" in query["sql"] for query in queries)
    assert on_request[0] == ("Hot Shots", "because you rated Airplane 9/10")

    # A rating made after training adds its neighbours' scores to the stored ones:
    # the same list as scoring every rating on request.
    _rate(user, catalogue["El Mariachi"], 10, 60 * 24 * 60)
    with_newer = for_you()
    assert "El Mariachi" not in [name for name, _reason in with_newer]
    assert with_newer != on_request
    UserPick.objects.all().delete()
    assert for_you() == with_newer
