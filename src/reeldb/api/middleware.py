"""What every API answer shares: rate limits, CORS for reads, caching headers, JSON errors.

Kept in one middleware, outside the views, so that no endpoint can forget one:

- each client gets its requests a minute, counted in the "api" cache: a
  request with a live personal token counts against that token
  (``REELDB_API_TOKEN_REQUESTS_PER_MINUTE``, wherever it comes from), any
  other against its IP address (``REELDB_API_REQUESTS_PER_MINUTE``; an
  unknown token counts there too, so made-up tokens buy nothing); past it,
  429 with ``Retry-After`` until the minute is over;
- reads (GET, HEAD) may be made from any web page (``Access-Control-Allow-Origin: *``,
  no credentials), and the preflight of a cross-origin read is answered here;
- a successful read carries an ``ETag`` (a hash of its body) and
  ``Cache-Control``: public, or private and revalidated when the request
  carries a token (its answer may be that user's own); a request whose
  ``If-None-Match`` holds that tag gets a 304 with no body;
- any error that reached here as something other than the API's JSON (Django's
  404 for an unknown path, a 405) is turned into the API's error body.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from reeldb.api.auth import request_token
from reeldb.api.errors import (
    Body,
    Failure,
    error_response,
    failure_response,
    reeldb_body,
    tmdb_body,
)
from reeldb.community.ratelimit import count
from reeldb.errors import RateLimited

# The paths this middleware answers for, and the error body each speaks.
BODIES: dict[str, Body] = {"/api/": reeldb_body, "/tmdb/": tmdb_body}
READS = ("GET", "HEAD")
WINDOW = 60
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


def client_limit(request: HttpRequest) -> tuple[str, int]:
    """Return whom a request is counted against, and how many requests a minute they get."""
    token = request_token(request)
    if token is not None:
        return f"token:{token.pk}", settings.REELDB_API_TOKEN_REQUESTS_PER_MINUTE
    return f"ip:{request.META.get('REMOTE_ADDR', '')}", settings.REELDB_API_REQUESTS_PER_MINUTE


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.store = caches["api"]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        body = next((b for prefix, b in BODIES.items() if request.path.startswith(prefix)), None)
        if body is None:
            return self.get_response(request)
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers=PREFLIGHT_HEADERS)
        client, limit = client_limit(request)
        used = count("api", client, window=WINDOW, store=self.store)
        response: HttpResponse
        if used > limit:
            wait = WINDOW - int(time.time()) % WINDOW
            response = error_response(
                RateLimited(
                    f"More than {limit} requests in a minute: wait {wait} s.", retry_after=wait
                ),
                body,
            )
        else:
            response = self._answer(request, body)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(0, limit - used))
        return response

    def _answer(self, request: HttpRequest, body: Body) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            failure = Failure.of_status(response.status_code)
            return failure_response(failure, body, headers=_kept_headers(response))
        if request.method not in READS or response.status_code != 200 or response.streaming:
            return response
        if "Authorization" in request.headers:
            # An answer for a token's user (their ratings, their lists) is theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.REELDB_API_MAX_AGE)
        patch_vary_headers(response, ["Authorization"])
        set_response_etag(response)
        return (
            get_conditional_response(request, etag=response["ETag"], response=response) or response
        )


def _kept_headers(response: HttpResponse) -> dict[str, str]:
    return {name: response[name] for name in ("Allow", "Retry-After") if response.has_header(name)}
