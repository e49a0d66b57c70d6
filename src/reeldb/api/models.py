"""Personal API tokens: what a script or media server sends to write as its user.

Only a token's SHA-256 digest is stored, so a copy of the database gives no
one a working token; the token itself is shown once, when it is created. A
token is random (``secrets``, 256 bits), so a plain digest is enough: there is
no password to guess behind it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """One named token of a user's; revoking it deletes the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the user calls it: where it is used.")
    prefix = models.CharField(
        max_length=16, help_text="The token's first characters, to tell tokens apart in a list."
    )
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, hex.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of user {self.user_id}"
