"""Writes: validation, one row per user and title, owners only, exact aggregates."""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from reeldb.community import services
from reeldb.community.models import CheckIn, ListItem, Rating, Review, WatchlistEntry
from reeldb.community.selectors import get_rating_summary
from reeldb.errors import ReeldbError
from tests.catalog.factories import TitleFactory
from tests.community.factories import PASSWORD, ReviewFactory, TitleListFactory, UserFactory

pytestmark = pytest.mark.django_db
# A review's text is at least REVIEW_MIN_CHARS long.
LONG_ENOUGH = "Loud and funny, with a bar fight that earns every broken bottle."


def test_a_second_rating_replaces_the_first() -> None:
    user, title = UserFactory(), TitleFactory()
    services.set_rating(user=user, title=title, value=6)
    services.set_rating(user=user, title=title, value=9)
    assert list(Rating.objects.values_list("value", flat=True)) == [9]


@pytest.mark.parametrize("value", [0, 11, -3])
def test_it_rejects_a_rating_outside_one_to_ten(value: int) -> None:
    with pytest.raises(ReeldbError) as error:
        services.set_rating(user=UserFactory(), title=TitleFactory(), value=value)
    assert error.value.code == "invalid"
    assert not Rating.objects.exists()


def test_removing_a_rating_leaves_the_others() -> None:
    title, keeper, leaver = TitleFactory(), UserFactory(), UserFactory()
    services.set_rating(user=keeper, title=title, value=7)
    services.set_rating(user=leaver, title=title, value=3)
    services.remove_rating(user=leaver, title=title)
    assert get_rating_summary(title).counts == {7: 1}


def test_the_rating_summary_counts_each_value_and_rounds_the_mean_half_up() -> None:
    title = TitleFactory()
    for value in (10, 9, 9, 1):
        services.set_rating(user=UserFactory(), title=title, value=value)
    summary = get_rating_summary(title)
    assert summary.total == 4
    assert str(summary.average) == "7.3"  # 29 / 4 = 7.25
    assert [bar.count for bar in summary.bars] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]


def test_one_review_per_user_and_title_editing_rewrites_it() -> None:
    user, title = UserFactory(), TitleFactory()
    services.save_review(
        user=user, title=title, headline="First", text=LONG_ENOUGH, is_spoiler=False, rating=7
    )
    review = services.save_review(
        user=user, title=title, headline="Second", text=LONG_ENOUGH, is_spoiler=True, rating=None
    )
    assert Review.objects.count() == 1
    assert (review.headline, review.is_spoiler, review.rating) == ("Second", True, None)


def test_a_review_needs_a_headline() -> None:
    with pytest.raises(ReeldbError):
        services.save_review(
            user=UserFactory(), title=TitleFactory(), headline=" ", text="x", is_spoiler=False,
            rating=None,
        )  # fmt: skip


def test_only_the_author_deletes_a_review() -> None:
    review = ReviewFactory()
    with pytest.raises(ReeldbError) as error:
        services.delete_review(user=UserFactory(), review_id=review.pk)
    assert error.value.code == "not_found"
    services.delete_review(user=review.user, review_id=review.pk)
    assert not Review.objects.exists()


def test_helpful_votes_count_each_voter_once_and_a_changed_mind_moves_the_count() -> None:
    review = ReviewFactory()
    voters = [UserFactory() for _ in range(3)]
    for voter in voters:
        services.vote_review(user=voter, review_id=review.pk, is_helpful=True)
    updated = services.vote_review(user=voters[0], review_id=review.pk, is_helpful=False)
    assert (updated.helpful_yes, updated.helpful_total) == (2, 3)


def test_an_author_cannot_vote_on_their_own_review() -> None:
    review = ReviewFactory()
    with pytest.raises(ReeldbError) as error:
        services.vote_review(user=review.user, review_id=review.pk, is_helpful=True)
    assert error.value.code == "own_review"


def test_the_watchlist_holds_a_title_once_and_lets_it_go() -> None:
    user, title = UserFactory(), TitleFactory()
    services.set_watchlisted(user=user, title=title, wanted=True)
    services.set_watchlisted(user=user, title=title, wanted=True)
    assert WatchlistEntry.objects.count() == 1
    services.set_watchlisted(user=user, title=title, wanted=False)
    assert not WatchlistEntry.objects.exists()


def test_a_check_in_cannot_be_in_the_future() -> None:
    user, title = UserFactory(), TitleFactory()
    services.check_in(user=user, title=title, watched_on=datetime.date(1996, 1, 5))
    services.check_in(user=user, title=title, watched_on=timezone.now().date())
    with pytest.raises(ReeldbError):
        services.check_in(
            user=user, title=title, watched_on=timezone.now().date() + datetime.timedelta(days=3)
        )
    assert CheckIn.objects.count() == 2


def _positions(list_id: int) -> list[str]:
    items = ListItem.objects.filter(title_list_id=list_id).order_by("position")
    return [f"{item.position}:{item.title.primary_title}" for item in items]


def test_a_list_keeps_its_order_through_additions_moves_and_removals() -> None:
    title_list = TitleListFactory()
    titles = [TitleFactory(primary_title=name) for name in ("A", "B", "C")]
    for title in titles:
        services.add_to_list(user=title_list.user, list_id=title_list.pk, title=title)
    services.add_to_list(user=title_list.user, list_id=title_list.pk, title=titles[0])
    assert _positions(title_list.pk) == ["1:A", "2:B", "3:C"]
    services.move_in_list(
        user=title_list.user, list_id=title_list.pk, title_id=titles[2].pk, offset=-1
    )
    assert _positions(title_list.pk) == ["1:A", "2:C", "3:B"]
    services.remove_from_list(user=title_list.user, list_id=title_list.pk, title_id=titles[0].pk)
    assert _positions(title_list.pk) == ["1:C", "2:B"]


def test_someone_elses_list_is_not_found_for_every_change() -> None:
    title_list, stranger, title = TitleListFactory(), UserFactory(), TitleFactory()
    attempts: list[Callable[[], object]] = [
        lambda: services.add_to_list(user=stranger, list_id=title_list.pk, title=title),
        lambda: services.update_list(
            user=stranger, list_id=title_list.pk, name="Mine", description="", is_public=True
        ),
        lambda: services.delete_list(user=stranger, list_id=title_list.pk),
    ]
    for attempt in attempts:
        with pytest.raises(ReeldbError) as error:
            attempt()
        assert error.value.status == 404


def test_imported_users_cannot_log_in_and_are_made_once() -> None:
    first = services.ensure_imported_users(source="ml-test", keys=["1", "2"])
    again = services.ensure_imported_users(source="ml-test", keys=["2", "3"])
    assert first["2"] == again["2"]
    user = UserFactory._meta.model.objects.get(pk=again["3"])
    assert user.username == "ml-test-3"
    assert not user.has_usable_password()
    assert user.profile.is_imported


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_of_one_title_neither_lose_nor_duplicate_a_vote() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared in-memory test database locks whole tables across threads; "
            "the load benchmark checks concurrency on a real SQLite file."
        )
    title = TitleFactory()
    users = [UserFactory() for _ in range(8)]
    start = threading.Barrier(len(users) * 2)
    errors: list[BaseException] = []

    def rate(user: object, value: int) -> None:
        try:
            start.wait()
            services.set_rating(user=user, title=title, value=value)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=rate, args=(user, value))
        for user in users
        for value in (4, 4)  # each user twice at once: one row, never two
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert get_rating_summary(title).counts == {4: len(users)}


def test_a_taken_username_is_refused_whatever_its_case() -> None:
    UserFactory(username="rosa")
    with pytest.raises(ReeldbError) as error:
        services.create_account(username="Rosa", email="r@example.org", password=PASSWORD)
    assert error.value.code == "username_taken"


def test_an_imported_user_steps_aside_for_a_member_with_the_same_name() -> None:
    member = UserFactory(username="ml-test-1")
    imported = services.ensure_imported_users(source="ml-test", keys=["1"])["1"]
    assert imported != member.pk
    assert UserFactory._meta.model.objects.get(pk=imported).username == "ml-test-1-imported"


# One rating per user and title: a review's rating is the user's rating.


def test_a_review_with_a_rating_sets_the_users_rating() -> None:
    user, title = UserFactory(), TitleFactory()
    services.set_rating(user=user, title=title, value=6)
    services.save_review(
        user=user, title=title, headline="Mine", text=LONG_ENOUGH, is_spoiler=False, rating=9
    )
    assert Rating.objects.get(user=user, title=title).value == 9


def test_rating_a_reviewed_title_changes_the_reviews_rating() -> None:
    user, title = UserFactory(), TitleFactory()
    services.save_review(
        user=user, title=title, headline="Mine", text=LONG_ENOUGH, is_spoiler=False, rating=9
    )
    services.set_rating(user=user, title=title, value=4)
    assert Review.objects.get().rating == 4
    services.remove_rating(user=user, title=title)
    assert Review.objects.get().rating is None


def test_an_imported_rating_changes_the_reviews_rating_too() -> None:
    user, title = UserFactory(), TitleFactory()
    services.save_review(
        user=user, title=title, headline="Mine", text=LONG_ENOUGH, is_spoiler=False, rating=9
    )
    services.upsert_ratings([services.ImportedRating(user.pk, title.pk, 3, timezone.now())])
    assert Review.objects.get().rating == 3


def test_a_review_shorter_than_the_minimum_is_refused() -> None:
    with pytest.raises(ReeldbError, match="at least 50 characters"):
        services.save_review(
            user=UserFactory(),
            title=TitleFactory(),
            headline="Short",
            text="x" * 49,
            is_spoiler=False,
            rating=None,
        )
    assert not Review.objects.exists()


# Lists


def test_a_list_can_start_with_a_title() -> None:
    user, title = UserFactory(), TitleFactory()
    title_list = services.create_list(
        user=user, name="Rainy days", description="", is_public=True, first_title=title
    )
    assert [(i.title, i.position) for i in title_list.items.all()] == [(title, 1)]


def test_adding_a_title_already_on_a_list_says_so_and_keeps_its_place() -> None:
    title_list, title = TitleListFactory(), TitleFactory(primary_title="Desperado")
    first = services.add_to_list(user=title_list.user, list_id=title_list.pk, title=title)
    again = services.add_to_list(user=title_list.user, list_id=title_list.pk, title=title)
    assert (first.is_new, again.is_new) == (True, False)
    assert again.message == f"Desperado is already on {title_list.name}, at number 1."
    assert ListItem.objects.count() == 1


def test_syncing_a_list_twice_changes_nothing() -> None:
    user, titles = UserFactory(), TitleFactory.create_batch(3)
    first = services.sync_list(user=user, name="L", description="d", is_public=True, titles=titles)
    stamp = first.updated_at
    again = services.sync_list(user=user, name="L", description="d", is_public=True, titles=titles)
    again.refresh_from_db()
    assert (again.pk, again.updated_at) == (first.pk, stamp)
    assert list(again.items.values_list("title_id", flat=True)) == [t.pk for t in titles]


# Dates


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (datetime.date(1887, 12, 31), "1887-12-31 is before the first film (1888)"),
        (datetime.date(2999, 1, 1), "2999-01-01 is in the future"),
    ],
)
def test_a_check_in_before_1888_or_in_the_future_is_refused_with_a_message(
    day: datetime.date, says: str
) -> None:
    with pytest.raises(ReeldbError, match=re.escape(says)):
        services.check_in(user=UserFactory(), title=TitleFactory(), watched_on=day)
    assert not CheckIn.objects.exists()


def test_checking_in_the_same_viewings_twice_adds_them_once() -> None:
    user, title = UserFactory(), TitleFactory()
    viewings = [(title.pk, datetime.date(2024, 5, 1)), (title.pk, datetime.date(2024, 6, 1))]
    assert services.add_check_ins(user=user, viewings=viewings) == 2
    assert services.add_check_ins(user=user, viewings=viewings) == 0
    assert CheckIn.objects.count() == 2
