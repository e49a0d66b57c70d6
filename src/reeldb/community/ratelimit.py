"""Rate limits counted in Django's cache: fixed windows, and growing delays after failures.

Counts live in the cache, which every server worker shares: a table in the
database by default, Redis with ``REDIS_URL`` (``reeldb.settings.cache_settings``).
``cache.add`` then ``cache.incr`` never start a count twice; Redis increments
atomically, while the database cache reads then writes, so requests landing in
the same instant may each miss the other's count.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import BaseCache, cache

from reeldb.errors import RateLimited

# Waits stop doubling at 2**20 s (12 days): a wait never exceeds one window
# anyway, and the bound keeps the power small.
MAX_DOUBLINGS = 20


def _name(scope: str, key: str, part: str) -> str:
    """Return the cache key of ``part`` of ``key``'s state in ``scope``.

    ``key`` holds what a client sent (a username), so it is hashed: any
    characters and any length make a short key every cache backend takes.
    """
    digest = hashlib.sha256(key.encode(errors="surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{part}"


def _window_name(scope: str, key: str, window: int) -> str:
    """Return the cache key of ``key``'s count in the current window of ``window`` seconds."""
    return _name(scope, key, str(int(time.time()) // window))


def count(scope: str, key: str, *, window: int, store: BaseCache = cache) -> int:
    """Count one event for ``key`` in ``scope`` in the current window; return the window's count.

    ``store`` is the cache that keeps the counts: the default one, or the API's.
    """
    name = _window_name(scope, key, window)
    # add() sets the counter only if absent, so two first hits cannot both start at 1.
    store.add(name, 0, timeout=window + 1)
    try:
        found: int = store.incr(name)
    except ValueError:
        # The window expired between add() and incr(): this is its first hit.
        store.add(name, 1, timeout=window + 1)
        found = 1
    return found


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``key`` in ``scope``; return whether it is within ``limit``."""
    return count(scope, key, window=window) <= limit


def check(scope: str, key: str, *, limit: int, window: int) -> None:
    """Count one attempt and raise ``RateLimited`` (429) past the limit."""
    if not hit(scope, key, limit=limit, window=window):
        raise RateLimited(
            f"Too many attempts: wait {window // 60 or 1} minute(s) and try again.",
            retry_after=window,
        )


def check_write(user_id: int) -> None:
    """Count one write by a user, from the site's forms or the API alike; 429 past
    ``REELDB_WRITE_LIMIT`` in ``REELDB_WRITE_WINDOW`` seconds."""
    check(
        "write",
        str(user_id),
        limit=settings.REELDB_WRITE_LIMIT,
        window=settings.REELDB_WRITE_WINDOW,
    )


def _wait_name(scope: str, key: str) -> str:
    return _name(scope, key, "wait")


def wait_left(scope: str, key: str) -> int:
    """Return the seconds ``key`` must still wait after its failures in ``scope``; 0 if none."""
    until: float | None = cache.get(_wait_name(scope, key))
    return max(0, math.ceil(until - time.time())) if until else 0


def fail(scope: str, key: str, *, free: int, window: int) -> int:
    """Count a failure of ``key``; past ``free`` in a window, make it wait; return the wait.

    The wait doubles with each further failure (1 s, 2 s, 4 s…) up to one
    window, so a person who mistypes is barely slowed while guessing stays
    slow, and nothing is ever locked for longer than a window.
    """
    failures = count(scope, key, window=window)
    if failures <= free:
        return 0
    delay = min(1 << min(failures - free - 1, MAX_DOUBLINGS), window)
    # Kept a window, though read only until it passes: the wait ends by the clock here.
    cache.set(_wait_name(scope, key), time.time() + delay, timeout=window)
    return delay


def forget(scope: str, key: str, *, window: int) -> None:
    """Clear ``key``'s failures in ``scope``: it succeeded."""
    cache.delete_many([_window_name(scope, key, window), _wait_name(scope, key)])
