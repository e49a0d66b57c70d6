"""The Content-Security-Policy every response carries.

Django 5.2 has no Content-Security-Policy of its own; the policy is short and
fixed, so a few lines here set it rather than a dependency.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Only the site's own scripts and stylesheets run: an injected <script> or
# <style>, or one from elsewhere, is refused. Inline style *attributes* are
# allowed: they carry only numbers computed here (a poster's hue, a histogram
# bar's width), and an attribute can neither run script nor select elements
# the way the CSS-exfiltration tricks need. htmx injects no inline <style>
# because base.html turns its indicator styles off.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Send ``CONTENT_SECURITY_POLICY`` with every response that sets none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = policy_for_media(settings.MEDIA_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


def policy_for_media(media_url: str) -> str:
    """Return the policy, letting pictures load from the media bucket's origin when it has one.

    Stored pictures come from the site itself (``/media/``) or, with an
    S3-compatible bucket (docs/images.md), from the bucket's own address.
    """
    parts = urlsplit(media_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return CONTENT_SECURITY_POLICY
    origin = f"{parts.scheme}://{parts.netloc}"
    return CONTENT_SECURITY_POLICY.replace("img-src 'self'", f"img-src 'self' {origin}")
