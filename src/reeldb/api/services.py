"""Writes of the API's own: creating and revoking personal tokens, and noting their use."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from reeldb.api.models import ApiToken
from reeldb.errors import Conflict, InvalidInput, NotFound

TOKEN_PREFIX = "rdb_"  # noqa: S105 - what every token starts with, not one
PREFIX_SHOWN = len(TOKEN_PREFIX) + 6
NAME_MAX = 100
# A token's last use is written at most this often: a write per request would
# make every read a write.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created: the row, and the token itself, which is never shown again."""

    token: ApiToken
    secret: str


def create_token(*, user: User, name: str) -> NewToken:
    """Create a token named ``name`` for ``user``; at most ``REELDB_API_TOKENS_PER_USER``."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Give the token a name: where it will be used.", code="token_name")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"A token's name is {NAME_MAX} characters at most.", code="token_name")
    limit = settings.REELDB_API_TOKENS_PER_USER
    if ApiToken.objects.filter(user=user).count() >= limit:
        raise Conflict(
            f"You have {limit} tokens, the most there can be: revoke one first.",
            code="too_many_tokens",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:PREFIX_SHOWN], digest=digest_of(secret)
    )
    return NewToken(token=token, secret=secret)


def revoke_token(*, user: User, token_id: int) -> None:
    """Delete one of ``user``'s tokens; anyone else's is "not found"."""
    deleted, _ = ApiToken.objects.filter(pk=token_id, user=user).delete()
    if not deleted:
        raise NotFound("No such token.")


def note_use(token: ApiToken) -> None:
    """Record that ``token`` was used now, at most once every ``LAST_USED_EVERY``."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
