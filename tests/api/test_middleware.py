"""What every API answer shares: caching headers, CORS for reads, rate limits, JSON errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
import redis
from django.test import Client
from django.test.utils import override_settings

from tests.api.conftest import get_json
from tests.catalog.factories import make_rich_title
from tests.conftest import serving

pytestmark = pytest.mark.django_db
TITLE = "/api/v1/titles/tt0112851"


def test_a_read_carries_an_etag_and_a_repeat_with_it_gets_304(api: Client) -> None:
    make_rich_title()

    first = api.get(TITLE)
    again = api.get(TITLE, headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_title_gets_a_new_etag(api: Client) -> None:
    title = make_rich_title()
    first = api.get(TITLE)["ETag"]

    title.runtime_minutes = 105
    title.save()

    assert api.get(TITLE, headers={"If-None-Match": first}).status_code == 200


def test_any_page_may_read_the_api_across_origins(api: Client) -> None:
    make_rich_title()

    read = api.get(TITLE, headers={"Origin": "https://elsewhere.example"})
    preflight = api.options(
        TITLE,
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert read["Access-Control-Allow-Origin"] == "*"
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_a_method_the_endpoint_lacks_is_a_405_in_the_error_format(api: Client) -> None:
    make_rich_title()

    response = api.delete(TITLE)

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@override_settings(REELDB_API_REQUESTS_PER_MINUTE=3)
def test_past_the_limit_a_client_gets_429_with_retry_after(api: Client) -> None:
    make_rich_title()

    answers = [api.get(TITLE) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    refused = answers[3]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert answers[0]["X-RateLimit-Remaining"] == "2"


def test_another_client_keeps_its_own_count(api: Client) -> None:
    make_rich_title()
    with override_settings(REELDB_API_REQUESTS_PER_MINUTE=1):
        assert api.get(TITLE, REMOTE_ADDR="10.0.0.1").status_code == 200
        assert api.get(TITLE, REMOTE_ADDR="10.0.0.1").status_code == 429
        assert api.get(TITLE, REMOTE_ADDR="10.0.0.2").status_code == 200


REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def clean_redis() -> Iterator[redis.Redis]:
    """Redis on 127.0.0.1:6379 with no API counts left from an earlier run."""
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("No Redis at 127.0.0.1:6379 (CI and the dev machines have one).")

    def clear() -> None:
        for key in server.scan_iter("reeldb-api:*"):
            server.delete(key)

    clear()
    yield server
    clear()


# Seconds of the current minute the requests of one window are given.
WINDOW_ROOM = 20


def wait_for_room_in_this_minute() -> None:
    """Sleep into the next minute unless this one has ``WINDOW_ROOM`` seconds left.

    Counts are kept per calendar minute: requests that straddle its end are
    counted in two windows, and more of them are answered.
    """
    left = 60 - time.time() % 60
    if left < WINDOW_ROOM:
        time.sleep(left + 0.1)


@pytest.mark.usefixtures("clean_redis")
def test_with_redis_the_limit_holds_across_server_workers(demo_env: dict[str, str]) -> None:
    """Two granian workers, one count: the sixth request in a minute is refused by either."""
    env = {**demo_env, "REDIS_URL": REDIS_URL, "REELDB_API_REQUESTS_PER_MINUTE": "5"}
    statuses = []
    with serving(env, workers=2) as url:
        wait_for_room_in_this_minute()
        for _ in range(12):
            try:
                with urlopen(f"{url}{TITLE}", timeout=10) as answer:  # noqa: S310 - local
                    statuses.append(answer.status)
            except HTTPError as refused:
                statuses.append(refused.code)

    assert statuses.count(200) == 5
    assert statuses.count(429) == 7


def test_the_openapi_schema_and_its_docs_are_served(api: Client) -> None:
    schema = get_json(api, "/api/openapi.json")
    docs = api.get("/api/docs")

    assert schema["info"]["title"] == "reeldb API"
    assert "/api/v1/titles/{title_id}" in schema["paths"]
    assert "/api/v1/match" in schema["paths"]
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
