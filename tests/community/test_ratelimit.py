"""Rate limits count in Django's cache: a database table by default, or Redis."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest
from django.core.cache import caches

from reeldb.community import ratelimit
from reeldb.settings import cache_settings

REDIS_URL = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.django_db


def test_attempts_within_the_limit_pass_and_the_next_is_refused() -> None:
    results = [ratelimit.hit("test", "client", limit=3, window=60) for _ in range(4)]
    assert results == [True, True, True, False]


def test_each_key_counts_apart() -> None:
    assert ratelimit.hit("test", "a", limit=1, window=60)
    assert ratelimit.hit("test", "b", limit=1, window=60)
    assert not ratelimit.hit("test", "a", limit=1, window=60)


def test_redis_url_selects_the_redis_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    monkeypatch.delenv("REDIS_URL")
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_two_workers_share_their_counts_through_redis(settings: Any) -> None:
    if not _redis_reachable():
        pytest.skip("No Redis on 127.0.0.1:6379: start one to test shared rate limits.")
    prefix = f"reeldb-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        # A second client with its own connection, as another worker process would have.
        "other": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    try:
        assert ratelimit.hit("test", "client", limit=2, window=60)
        assert caches["other"].get(next(iter(_keys(prefix)))) == 1
        assert ratelimit.hit("test", "client", limit=2, window=60)
        assert not ratelimit.hit("test", "client", limit=2, window=60)
    finally:
        # Only this test's keys: clear() would flush the whole Redis database.
        caches["default"].delete_many(_keys(prefix))


def _keys(prefix: str) -> list[str]:
    """Return this test's cache keys as Django names them (without prefix and version)."""
    client = caches["default"]._cache.get_client()  # type: ignore[attr-defined]
    return [key.decode().split(":", 2)[2] for key in client.keys(f"{prefix}:*")]
