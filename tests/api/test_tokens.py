"""Personal API tokens: made and revoked on the account page, stored hashed; writes need one."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from reeldb.api.models import ApiToken
from reeldb.api.services import create_token
from reeldb.catalog.models import Title
from reeldb.community.models import CheckIn, Rating, Review, TitleList, WatchlistEntry
from tests.catalog.factories import TitleFactory
from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db
REVIEW_TEXT = "A guitar case full of guns, and a town that will not forget the mariachi."


@pytest.fixture(autouse=True)
def fresh_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def film() -> Title:
    return TitleFactory(tconst="tt0112851", primary_title="Desperado", start_year=1995)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def call(api: Client, method: str, url: str, secret: str | None = None, body: Any = None) -> Any:
    """Send ``body`` as JSON with ``method``; return the response."""
    headers = bearer(secret) if secret else {}
    send = getattr(api, method.lower())
    if body is None:
        return send(url, headers=headers)
    return send(url, body, content_type="application/json", headers=headers)


def test_a_token_is_shown_once_and_stored_only_as_its_hash(api: Client) -> None:
    user = UserFactory()
    assert api.get("/accounts/tokens/").status_code == 302  # signed out: to the log-in page
    api.force_login(user)

    made = api.post("/accounts/tokens/", {"name": "  Living-room   Jellyfin "})

    page = made.content.decode()
    token = ApiToken.objects.get(user=user)
    secret = page.split('data-testid="token-secret">')[1].split("<")[0]
    assert secret.startswith("rdb_") and len(secret) > 40
    assert token.name == "Living-room Jellyfin"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.digest, token.prefix, token.name}
    assert "no-store" in made["Cache-Control"]
    listing = api.get("/accounts/tokens/").content.decode()
    assert secret not in listing
    assert f"{token.prefix}…" in listing and "never" in listing


def test_a_revoked_token_stops_working_and_only_its_owner_can_revoke_it(
    api: Client, film: Title
) -> None:
    owner, other = UserFactory(), UserFactory()
    new = create_token(user=owner, name="script")
    assert call(api, "GET", "/api/v1/me", new.secret).json()["username"] == owner.username

    api.force_login(other)
    assert api.post("/accounts/tokens/", {"revoke": str(new.token.pk)}).status_code == 404
    assert call(api, "GET", "/api/v1/me", new.secret).status_code == 200
    api.force_login(owner)
    assert api.post("/accounts/tokens/", {"revoke": str(new.token.pk)}).status_code == 302

    refused = call(api, "GET", "/api/v1/me", new.secret)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "token_required"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_a_token_page_refuses_a_blank_name_and_more_tokens_than_allowed(api: Client) -> None:
    api.force_login(UserFactory())
    blank = api.post("/accounts/tokens/", {"name": "   "})
    assert blank.status_code == 400
    assert "Give the token a name" in blank.content.decode()
    with override_settings(REELDB_API_TOKENS_PER_USER=1):
        assert api.post("/accounts/tokens/", {"name": "one"}).status_code == 200
        assert api.post("/accounts/tokens/", {"name": "two"}).status_code == 409
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer",
        "Bearer rdb_made-up",
        "Token rdb_x",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
    ],
)
def test_writes_without_a_live_token_are_401_in_the_apis_error_body(
    api: Client, film: Title, authorization: str
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    answer = api.put(
        "/api/v1/me/ratings/tt0112851",
        {"value": 9},
        content_type="application/json",
        headers=headers,
    )
    assert answer.status_code == 401
    assert set(answer.json()["error"]) == {"code", "message", "details"}
    assert not Rating.objects.exists()


def test_rating_through_the_api_is_the_sites_rating(api: Client, film: Title) -> None:
    user = UserFactory()
    secret = create_token(user=user, name="kodi").secret

    rated = call(api, "PUT", "/api/v1/me/ratings/tt0112851", secret, {"value": 9})
    assert rated.status_code == 200
    assert rated.json()["value"] == 9 and rated.json()["title"]["imdb_id"] == "tt0112851"
    assert Rating.objects.get(user=user, title=film).value == 9
    assert (
        call(api, "PUT", "/api/v1/me/ratings/tt0112851", secret, {"value": 11}).status_code == 400
    )
    listed = call(api, "GET", "/api/v1/me/ratings", secret).json()
    assert [(r["title"]["title"], r["value"]) for r in listed["results"]] == [("Desperado", 9)]
    assert call(api, "DELETE", "/api/v1/me/ratings/tt0112851", secret).status_code == 204
    assert not Rating.objects.exists()
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_watchlist_and_check_ins_through_the_api(api: Client, film: Title) -> None:
    user = UserFactory()
    secret = create_token(user=user, name="phone").secret

    assert call(api, "PUT", "/api/v1/me/watchlist/tt0112851", secret).status_code == 204
    assert call(api, "PUT", "/api/v1/me/watchlist/tt0112851", secret).status_code == 204
    assert WatchlistEntry.objects.filter(user=user).count() == 1
    watchlist = call(api, "GET", "/api/v1/me/watchlist", secret).json()["results"]
    assert [entry["title"]["title"] for entry in watchlist] == ["Desperado"]
    assert call(api, "DELETE", "/api/v1/me/watchlist/tt0112851", secret).status_code == 204
    assert not WatchlistEntry.objects.exists()

    watched = call(api, "POST", "/api/v1/me/check-ins/tt0112851", secret, {})
    assert watched.status_code == 201
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    refused = call(api, "POST", "/api/v1/me/check-ins/tt0112851", secret, {"watched_on": future})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "future_date"
    assert CheckIn.objects.filter(user=user).count() == 1


def test_a_review_written_through_the_api_is_read_and_voted_on_by_others(
    api: Client, film: Title
) -> None:
    author, reader = UserFactory(), UserFactory()
    author_secret = create_token(user=author, name="a").secret
    reader_secret = create_token(user=reader, name="r").secret

    short = call(api, "PUT", "/api/v1/me/reviews/tt0112851", author_secret, {
        "headline": "Loud", "text": "Too short.", "rating": 8,
    })  # fmt: skip
    assert short.status_code == 400
    written = call(api, "PUT", "/api/v1/me/reviews/tt0112851", author_secret, {
        "headline": "Loud and proud", "text": REVIEW_TEXT, "rating": 8,
    })  # fmt: skip
    assert written.status_code == 200
    review = written.json()
    assert Rating.objects.get(user=author).value == 8  # a review's rating is the user's rating

    voted = call(api, "POST", f"/api/v1/reviews/{review['id']}/vote", reader_secret, {
        "helpful": True,
    })  # fmt: skip
    assert (voted.json()["helpful_yes"], voted.json()["helpful_total"]) == (1, 1)
    own_vote = call(api, "POST", f"/api/v1/reviews/{review['id']}/vote", author_secret, {
        "helpful": True,
    })  # fmt: skip
    assert own_vote.status_code == 409

    public = api.get("/api/v1/titles/tt0112851/reviews").json()
    assert [(r["author"], r["headline"], r["helpful_yes"]) for r in public["results"]] == [
        (author.username, "Loud and proud", 1)
    ]
    assert call(api, "DELETE", "/api/v1/me/reviews/tt0112851", author_secret).status_code == 204
    assert call(api, "DELETE", "/api/v1/me/reviews/tt0112851", author_secret).status_code == 404
    assert not Review.objects.exists()


def test_lists_through_the_api_keep_private_lists_private(api: Client, film: Title) -> None:
    owner, other = UserFactory(), UserFactory()
    secret = create_token(user=owner, name="o").secret
    other_secret = create_token(user=other, name="x").secret

    made = call(api, "POST", "/api/v1/me/lists", secret, {"name": "Mexico", "is_public": False})
    assert made.status_code == 201
    list_id = made.json()["id"]
    url = f"/api/v1/me/lists/{list_id}/titles/tt0112851"
    assert call(api, "PUT", url, secret).status_code == 204
    assert call(api, "PUT", url, other_secret).status_code == 404
    assert api.get(f"/api/v1/lists/{list_id}").status_code == 404
    own = call(api, "GET", f"/api/v1/me/lists/{list_id}", secret).json()
    assert [entry["title"]["title"] for entry in own["titles"]] == ["Desperado"]

    changed = call(api, "PUT", f"/api/v1/me/lists/{list_id}", secret, {
        "name": "Mexico trilogy", "is_public": True,
    })  # fmt: skip
    assert changed.json()["size"] == 1
    public = api.get(f"/api/v1/lists/{list_id}").json()
    assert (public["name"], public["owner"], public["size"]) == (
        "Mexico trilogy",
        owner.username,
        1,
    )
    assert [row["id"] for row in api.get("/api/v1/lists").json()["results"]] == [list_id]
    assert call(api, "DELETE", url, secret).status_code == 204
    assert call(api, "DELETE", f"/api/v1/me/lists/{list_id}", other_secret).status_code == 404
    assert call(api, "DELETE", f"/api/v1/me/lists/{list_id}", secret).status_code == 204
    assert not TitleList.objects.exists()


@override_settings(REELDB_API_TOKEN_REQUESTS_PER_MINUTE=3, REELDB_API_REQUESTS_PER_MINUTE=5)
def test_a_token_has_its_own_limit_and_made_up_tokens_count_against_the_address(
    api: Client, film: Title
) -> None:
    secret = create_token(user=UserFactory(), name="busy").secret
    with_token = [call(api, "GET", "/api/v1/me", secret).status_code for _ in range(4)]
    assert with_token == [200, 200, 200, 429]
    # The address's own count is untouched by the token's requests...
    assert api.get("/api/v1/titles/tt0112851").status_code == 200
    # ...and a made-up token is counted as the address, not as a fresh client.
    made_up = [
        api.get("/api/v1/titles/tt0112851", headers=bearer(f"rdb_fake{n}")).status_code
        for n in range(5)
    ]
    assert made_up == [200, 200, 200, 200, 429]


@override_settings(REELDB_WRITE_LIMIT=2)
def test_api_writes_share_the_sites_write_limit(api: Client, film: Title) -> None:
    user: User = UserFactory()
    secret = create_token(user=user, name="loop").secret
    statuses = [
        call(api, "PUT", "/api/v1/me/ratings/tt0112851", secret, {"value": value}).status_code
        for value in (5, 6, 7)
    ]
    assert statuses == [200, 200, 429]
    assert Rating.objects.get(user=user).value == 6


def test_an_answer_for_a_token_is_never_cached_as_public(api: Client, film: Title) -> None:
    secret = create_token(user=UserFactory(), name="cache").secret
    mine = call(api, "GET", "/api/v1/me", secret)
    public = api.get("/api/v1/titles/tt0112851")
    assert "private" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]
    assert "public" in public["Cache-Control"]
    assert "Authorization" in mine["Vary"] and "Authorization" in public["Vary"]
