"""The Content-Security-Policy every response carries.

Django 5.2 has no Content-Security-Policy of its own; the policy is short and
fixed, so a few lines here set it rather than a dependency.
"""

from __future__ import annotations

from collections.abc import Callable

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

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
