"""The community pages over HTTP: accounts, the title page's controls, owners only, limits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client

from reeldb.community.models import DEMO_SOURCE, Rating, Review, TitleList
from reeldb.community.selectors import get_title_community
from reeldb.community.services import ensure_imported_users
from tests.catalog.factories import TitleFactory
from tests.community.factories import (
    PASSWORD,
    RatingFactory,
    ReviewFactory,
    TitleListFactory,
    UserFactory,
)
from tests.html import visible_text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def member(client: Client) -> Any:
    user = UserFactory()
    client.force_login(user)
    return user


def _signup(client: Client, username: str, email: str) -> Any:
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signing_up_creates_an_account_and_signs_in(client: Client) -> None:
    response = _signup(client, "rosa", "rosa@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/user/rosa/"
    user = get_user_model().objects.get(username="rosa")
    assert user.profile.is_imported is False
    assert client.get("/user/rosa/").context["user"] == user


def test_new_passwords_are_hashed_with_argon2(client: Client, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    _signup(client, "rosa", "rosa@example.org")
    assert get_user_model().objects.get(username="rosa").password.startswith("argon2")


def test_signing_up_with_a_known_email_answers_as_with_a_new_one() -> None:
    UserFactory(email="known@example.org")
    known = _signup(Client(), "first", "known@example.org")
    unknown = _signup(Client(), "second", "new@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].replace("first", "X") == unknown["Location"].replace("second", "X")


def test_a_password_reset_answers_alike_for_known_and_unknown_addresses(client: Client) -> None:
    UserFactory(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+", mail.outbox[0].body)
    assert link and "/accounts/password/reset/" in link.group()


def test_logging_in_and_out(client: Client) -> None:
    user = UserFactory()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").context["user"].is_anonymous


def test_log_in_attempts_are_limited(client: Client, settings: Any) -> None:
    settings.REELDB_LOGIN_FREE_FAILURES = 3
    user = UserFactory()
    for _ in range(4):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many log-in attempts" in response.content.decode()


def test_imported_accounts_cannot_log_in(client: Client) -> None:
    ensure_imported_users(source="ml-test", keys=["7"])
    response = client.post("/accounts/login/", {"username": "ml-test-7", "password": ""})
    assert response.status_code == 200
    assert response.context["user"].is_anonymous


def test_every_form_needs_its_csrf_token(member: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    title = TitleFactory()
    assert strict.post(f"/title/{title.tconst}/rating", {"value": 8}).status_code == 403
    assert not Rating.objects.exists()


def test_rating_with_htmx_swaps_the_widget_and_the_histogram(client: Client, member: Any) -> None:
    title = TitleFactory(average_rating="7.2", num_votes=144553)
    RatingFactory(title=title, value=6)
    response = client.post(f"/title/{title.tconst}/rating", {"value": 8}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="rating-widget"' in html
    assert 'hx-swap-oob="outerHTML"' in html
    assert "7.0 /10 from 2 reeldb users" in visible_text(response)
    assert Rating.objects.get(user=member).value == 8


def test_rating_without_javascript_goes_back_to_the_title(client: Client, member: Any) -> None:
    title = TitleFactory()
    response = client.post(f"/title/{title.tconst}/rating", {"value": 8})
    assert response["Location"] == title.get_absolute_url()


def test_a_rating_is_removed_with_remove(client: Client, member: Any) -> None:
    rating = RatingFactory(user=member)
    client.post(f"/title/{rating.title.tconst}/rating", {"remove": "1"}, **HTMX)
    assert not Rating.objects.exists()


def test_a_signed_out_rating_is_sent_to_log_in(client: Client) -> None:
    title = TitleFactory()
    plain = client.post(f"/title/{title.tconst}/rating", {"value": 8})
    assert plain.status_code == 302 and plain["Location"].startswith("/accounts/login/")
    htmx = client.post(f"/title/{title.tconst}/rating", {"value": 8}, **HTMX)
    assert htmx["HX-Redirect"].startswith("/accounts/login/")
    assert not Rating.objects.exists()


def test_writes_are_rate_limited(client: Client, member: Any, settings: Any) -> None:
    settings.REELDB_WRITE_LIMIT = 2
    title = TitleFactory()
    codes = [
        client.post(f"/title/{title.tconst}/rating", {"value": v}, **HTMX).status_code
        for v in (5, 6, 7)
    ]
    assert codes == [200, 200, 429]
    assert Rating.objects.get().value == 6


def test_the_title_page_shows_the_published_rating_and_reeldbs_apart(
    client: Client, member: Any
) -> None:
    title = TitleFactory(average_rating="7.2", num_votes=144553)
    RatingFactory(title=title, value=10)
    RatingFactory(title=title, user=member, value=5)
    text = visible_text(client.get(title.get_absolute_url()))
    assert "7.2 /10 144,553 votes" in text
    assert "7.5 /10 2 votes on reeldb" in text
    assert "Your rating: 5/10" in text


def test_the_community_sections_cost_four_queries_for_a_visitor_nine_signed_in(
    django_assert_num_queries: Any,
) -> None:
    title = TitleFactory()
    ReviewFactory.create_batch(3, title=title)
    RatingFactory.create_batch(3, title=title)
    # histogram, top reviews with their authors, review count, public lists
    with django_assert_num_queries(4):
        get_title_community(title, AnonymousUser())
    member = UserFactory()
    # + own rating, check-ins, watchlist, own review, own lists
    with django_assert_num_queries(9):
        get_title_community(title, member)


def test_the_watchlist_button_sets_the_wanted_state(client: Client, member: Any) -> None:
    title = TitleFactory()
    on = client.post(f"/title/{title.tconst}/watchlist", {"wanted": "1"}, **HTMX)
    assert "✓ In watchlist" in on.content.decode()
    client.post(f"/title/{title.tconst}/watchlist", {"wanted": "1"}, **HTMX)
    assert client.get(f"/user/{member.username}/").context["page"].watchlist[0].title == title
    client.post(f"/title/{title.tconst}/watchlist", {"wanted": "0"}, **HTMX)
    assert not client.get(f"/user/{member.username}/").context["page"].watchlist


def test_a_check_in_shows_on_the_title(client: Client, member: Any) -> None:
    title = TitleFactory()
    response = client.post(f"/title/{title.tconst}/checkin", {"watched_on": "1996-01-05"}, **HTMX)
    assert "You watched this on 5 January 1996" in visible_text(response)


def test_writing_a_review_then_editing_it(client: Client, member: Any) -> None:
    title = TitleFactory()
    form = {
        "headline": "Great",
        "text": "Loud and funny, with a bar fight that earns every broken bottle.",
        "rating": "8",
    }
    response = client.post(f"/title/{title.tconst}/reviews/write", form)
    review = Review.objects.get()
    assert response["Location"] == review.get_absolute_url()
    client.post(f"/title/{title.tconst}/reviews/write", {**form, "headline": "Greater"})
    assert list(Review.objects.values_list("headline", flat=True)) == ["Greater"]


def test_only_the_author_may_delete_a_review(client: Client, member: Any) -> None:
    review = ReviewFactory()
    assert client.post(f"/review/{review.pk}/delete").status_code == 404
    assert Review.objects.exists()


def test_a_helpful_vote_answers_with_the_new_counts(client: Client, member: Any) -> None:
    review = ReviewFactory()
    response = client.post(f"/review/{review.pk}/helpful", {"helpful": "yes"}, **HTMX)
    assert "1 of 1 person found this review helpful" in visible_text(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("helpfulness", ["liked", "recent", "high"]), ("date", ["recent", "high", "liked"]),
     ("rating", ["high", "recent", "liked"])],
)  # fmt: skip
def test_reviews_sort_by_helpfulness_date_or_rating(
    client: Client, sort: str, expected: list[str]
) -> None:
    title = TitleFactory()
    ReviewFactory(title=title, headline="liked", rating=2, helpful_yes=9, helpful_total=9)
    ReviewFactory(title=title, headline="high", rating=10)
    ReviewFactory(title=title, headline="recent", rating=5)
    Review.objects.filter(headline="liked").update(created_at="2001-01-01T00:00Z")
    Review.objects.filter(headline="high").update(created_at="2002-01-01T00:00Z")
    page = client.get(f"/title/{title.tconst}/reviews?sort={sort}").context["page"]
    assert [review.headline for review in page.reviews] == expected


def test_a_private_list_is_a_404_to_everyone_but_its_owner(client: Client) -> None:
    title_list = TitleListFactory(is_public=False)
    assert client.get(title_list.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(title_list.get_absolute_url()).status_code == 404
    assert client.get(f"/list/{title_list.pk}/edit").status_code == 404
    client.force_login(title_list.user)
    assert client.get(title_list.get_absolute_url()).status_code == 200


def test_the_title_page_lists_only_public_lists_containing_it(client: Client) -> None:
    title = TitleFactory()
    public, private = (
        TitleListFactory(name="Shown"),
        TitleListFactory(name="Hidden", is_public=False),
    )
    for title_list in (public, private):
        title_list.items.create(title=title, position=1)
    text = visible_text(client.get(title.get_absolute_url()))
    assert "Shown" in text
    assert "Hidden" not in text


def test_making_a_list_adding_and_reordering(client: Client, member: Any) -> None:
    client.post("/list/new", {"name": "Mariachi", "description": "", "is_public": "on"})
    title_list = TitleList.objects.get()
    first, second = TitleFactory(primary_title="First"), TitleFactory(primary_title="Second")
    for title in (first, second):
        client.post(f"/title/{title.tconst}/lists/add", {"list": title_list.pk})
    response = client.post(
        f"/list/{title_list.pk}/move", {"title": second.pk, "offset": "-1"}, **HTMX
    )
    text = visible_text(response)
    assert text.index("Second") < text.index("First")


def test_a_profile_shows_the_watchlist_and_private_lists_only_to_its_owner(
    client: Client, member: Any
) -> None:
    TitleListFactory(user=member, name="Secret", is_public=False)
    own = visible_text(client.get(f"/user/{member.username}/"))
    assert "Your watchlist" in own and "Secret" in own
    client.force_login(UserFactory())
    other = visible_text(client.get(f"/user/{member.username}/"))
    assert "watchlist" not in other and "Secret" not in other


def test_an_unknown_profile_is_a_404(client: Client) -> None:
    assert client.get("/user/nobody/").status_code == 404


def test_every_title_card_on_the_home_page_has_a_watchlist_button(
    client: Client, member: Any
) -> None:
    title = TitleFactory(num_votes=10)
    client.post(f"/title/{title.tconst}/watchlist", {"wanted": "1"})
    other = TitleFactory(num_votes=5)
    html = client.get("/").content.decode()
    assert html.count('class="watchlist-form"') == 2
    assert f'action="/title/{title.tconst}/watchlist"' in html
    assert f'action="/title/{other.tconst}/watchlist"' in html
    assert "✓ In watchlist" in html


def test_changing_the_password(client: Client, member: Any) -> None:
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 7",
            "new_password2": "another long passphrase 7",
        },
    )
    assert response["Location"] == "/accounts/password/change/done/"
    member.refresh_from_db()
    assert member.check_password("another long passphrase 7")


def test_a_new_review_starts_from_the_users_rating(client: Client, member: Any) -> None:
    rating = RatingFactory(user=member, value=9)
    form = client.get(f"/title/{rating.title.tconst}/reviews/write").context["form"]
    assert form["rating"].value() == 9


# The `next` round trip: "Sign in to rate" → "Create an account" → back on the film.


def test_the_login_pages_create_an_account_link_keeps_next(client: Client) -> None:
    page = client.get("/accounts/login/?next=/title/tt0112851/").content.decode()
    assert 'href="/accounts/signup/?next=/title/tt0112851/"' in page


def _sign_up_rosa(client: Client, *, next_page: str) -> Any:
    form = {"username": "rosa", "email": "rosa@example.org", "password1": PASSWORD}
    return client.post("/accounts/signup/", {**form, "password2": PASSWORD, "next": next_page})


def test_signing_up_with_next_lands_on_that_page(client: Client) -> None:
    title = TitleFactory()
    form = client.get(f"/accounts/signup/?next={title.get_absolute_url()}").content.decode()
    assert f'name="next" value="{title.get_absolute_url()}"' in form
    response = _sign_up_rosa(client, next_page=title.get_absolute_url())
    assert response["Location"] == title.get_absolute_url()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_signing_up_never_follows_a_next_to_another_site(client: Client, target: str) -> None:
    response = _sign_up_rosa(client, next_page=target)
    assert response["Location"] == "/user/rosa/"


# Watchlist buttons of one title change together.


def test_a_watchlist_answer_replaces_every_button_of_that_title(
    client: Client, member: Any
) -> None:
    title = TitleFactory()
    response = client.post(f"/title/{title.tconst}/watchlist", {"wanted": "1"}, **HTMX)
    html = response.content.decode()
    assert f"hx-swap-oob='outerHTML:form[data-watchlist=\"{title.tconst}\"]'" in html
    assert "✓ In watchlist" in html
    page = client.get(title.get_absolute_url()).content.decode()
    assert f'data-watchlist="{title.tconst}"' in page
    assert 'hx-swap="none"' in page


# Errors of htmx actions come back as a short message.


def test_a_future_check_in_by_htmx_answers_400_with_a_plain_message(
    client: Client, member: Any
) -> None:
    title = TitleFactory()
    response = client.post(f"/title/{title.tconst}/checkin", {"watched_on": "2999-01-01"}, **HTMX)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "2999-01-01 is in the future: give the day you watched it."


def test_every_page_loads_the_error_script(client: Client) -> None:
    assert "web/errors.js" in client.get("/accounts/login/").content.decode()


# The review form's rating is the user's rating.


def test_the_review_form_shows_the_users_current_rating(client: Client, member: Any) -> None:
    title = TitleFactory()
    ReviewFactory(user=member, title=title, rating=9)
    RatingFactory(user=member, title=title, value=6)
    form = client.get(f"/title/{title.tconst}/reviews/write").context["form"]
    assert form["rating"].value() == 6


# Lists begun on a title, and added to from their own page.


def test_a_list_begun_from_a_title_holds_it(client: Client, member: Any) -> None:
    title = TitleFactory(primary_title="Desperado")
    form = client.get(f"/list/new?title={title.tconst}").content.decode()
    assert "The list starts with" in form
    response = client.post(
        "/list/new", {"name": "Mexico", "description": "", "is_public": "on", "title": title.tconst}
    )
    title_list = TitleList.objects.get()
    assert response["Location"] == title_list.get_absolute_url()
    assert [item.title for item in title_list.items.all()] == [title]


def test_the_title_page_offers_a_list_with_this_title(client: Client, member: Any) -> None:
    title = TitleFactory()
    page = client.get(title.get_absolute_url()).content.decode()
    assert f'href="/list/new?title={title.tconst}"' in page


def test_adding_from_the_list_page_says_when_a_title_is_already_there(
    client: Client, member: Any
) -> None:
    title_list = TitleListFactory(user=member)
    title = TitleFactory(primary_title="Desperado")
    url = f"/list/{title_list.pk}/add"
    added = client.post(url, {"title": title.tconst}, **HTMX)
    assert "Added Desperado to" in visible_text(added)
    again = client.post(url, {"title": title.tconst}, **HTMX)
    assert f"Desperado is already on {title_list.name}, at number 1." in visible_text(again)
    assert title_list.items.count() == 1


def test_only_the_owner_adds_to_a_list(client: Client, member: Any) -> None:
    title_list = TitleListFactory()
    response = client.post(f"/list/{title_list.pk}/add", {"title": TitleFactory().tconst})
    assert response.status_code == 404
    assert not title_list.items.exists()


def test_a_demo_account_is_marked_on_its_profile_and_reviews(client: Client) -> None:
    ids = ensure_imported_users(source=DEMO_SOURCE, keys=["marisol"])
    demo = get_user_model().objects.get(pk=ids["marisol"])
    review = ReviewFactory(user=demo)
    assert "demo account" in visible_text(client.get(f"/user/{demo.username}/"))
    assert "demo account" in visible_text(client.get(review.get_absolute_url()))
    assert "demo account" in visible_text(client.get(f"/title/{review.title.tconst}/reviews"))
