"""Reads of the API's own: a user's tokens, and the token a request presents."""

from __future__ import annotations

from django.contrib.auth.models import User

from reeldb.api.models import ApiToken
from reeldb.api.services import TOKEN_PREFIX, digest_of

# Longer than any token this API gives: a longer one is refused unread.
TOKEN_MAX = 100


def list_tokens(user: User) -> list[ApiToken]:
    """Return ``user``'s tokens, newest first (one query)."""
    return list(ApiToken.objects.filter(user=user))


def find_token(secret: str) -> ApiToken | None:
    """Return the live token ``secret`` is, with its user, or None (one indexed query)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > TOKEN_MAX:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(secret), user__is_active=True)
        .first()
    )
