"""What every API write shares: the token's user, held to the site's own write limit."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest

from reeldb.community import ratelimit
from reeldb.errors import Unauthorized


def token_user(request: HttpRequest) -> User:
    """Return the user whose token ``auth.TokenAuth`` accepted for this request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise Unauthorized("This needs a personal API token.", code="token_required")
    return user


def writer(request: HttpRequest) -> User:
    """Return the user a write is made as, counted against the limit their pages' writes share.

    Raises ``RateLimited`` past ``REELDB_WRITE_LIMIT`` writes in the window,
    the same count whether the writes come from the site or the API.
    """
    user = token_user(request)
    ratelimit.check_write(user.pk)
    return user
