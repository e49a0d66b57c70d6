"""Fixed-window rate limits counted in Django's cache.

Counts live in the cache so that, with ``REDIS_URL`` set, every server worker
shares them; ``cache.add`` then ``cache.incr`` are atomic in Redis and in the
local-memory cache, so concurrent requests never under-count.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from reeldb.errors import RateLimited


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``key`` in ``scope``; return whether it is within ``limit``."""
    bucket = int(time.time()) // window
    name = f"ratelimit:{scope}:{key}:{bucket}"
    # add() sets the counter only if absent, so two first hits cannot both start at 1.
    cache.add(name, 0, timeout=window + 1)
    try:
        count = cache.incr(name)
    except ValueError:
        # The window expired between add() and incr(): this is its first hit.
        cache.add(name, 1, timeout=window + 1)
        count = 1
    return count <= limit


def check(scope: str, key: str, *, limit: int, window: int) -> None:
    """Count one attempt and raise ``RateLimited`` (429) past the limit."""
    if not hit(scope, key, limit=limit, window=window):
        raise RateLimited(
            f"Too many attempts: wait {window // 60 or 1} minute(s) and try again.",
            retry_after=window,
        )
