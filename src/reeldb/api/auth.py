"""Who an API request is: the personal token it carries as ``Authorization: Bearer …``.

Reads need no token. Writes do (``TokenAuth`` on their routers): a missing,
unknown or revoked token is a 401 with ``WWW-Authenticate: Bearer``. The
token is looked up once a request, by the rate limiter or by the first
operation that asks, and kept on the request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from reeldb.api.models import ApiToken
from reeldb.api.selectors import find_token
from reeldb.api.services import note_use

FOUND = "_reeldb_api_token"
SCHEME = "bearer"


def bearer_secret(request: HttpRequest) -> str | None:
    """Return the token after ``Bearer`` in the request's Authorization header, if any."""
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != SCHEME or not secret.strip():
        return None
    return secret.strip()


def request_token(request: HttpRequest) -> ApiToken | None:
    """Return the live token the request carries, looked up once and kept on the request."""
    if not hasattr(request, FOUND):
        secret = bearer_secret(request)
        setattr(request, FOUND, find_token(secret) if secret else None)
    found: ApiToken | None = getattr(request, FOUND)
    return found


class TokenAuth(HttpBearer):
    """ninja's bearer scheme over reeldb's tokens: ``request.auth`` is the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = request_token(request)
        if found is None:
            return None
        note_use(found)
        user: User = found.user
        return user
