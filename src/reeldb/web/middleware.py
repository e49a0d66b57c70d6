"""Answer the errors views let through with the page their class calls for."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reeldb.errors import Busy, NotFound, ReeldbError, TryLater

# SQLite's busy timeout and PostgreSQL's lock timeout are 5 s (settings.py): a
# write that waited that long finds the lock free again a few seconds later.
BUSY_RETRY_AFTER = 5
# PostgreSQL's states of a statement that would succeed if run again: a lock not
# had within the lock timeout, a deadlock, a serialization failure.
RETRYABLE_STATES = frozenset({"55P03", "40P01", "40001"})


def is_busy(exception: Exception) -> bool:
    """Return whether ``exception`` is the database being busy, which passes with time."""
    if not isinstance(exception, OperationalError):
        return False
    if "database is locked" in str(exception):
        return True
    return getattr(exception.__cause__, "sqlstate", None) in RETRYABLE_STATES


class ErrorPageMiddleware:
    """Render a ``ReeldbError`` as an error page with the status its class names.

    This is where the site maps reeldb's errors to HTTP; the API gives the same
    errors the same statuses, with ``ReeldbError.as_dict()`` as its body. A
    ``NotFound`` becomes Django's ``Http404``, so that a missing title looks
    like any other missing page. The database errors that pass with time
    (SQLite's "database is locked", PostgreSQL's lock timeout or deadlock)
    become ``Busy``: a 503 with ``Retry-After``, never a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            exception = Busy(
                "The site is busy writing: try again in a few seconds.",
                retry_after=BUSY_RETRY_AFTER,
            )
        if not isinstance(exception, ReeldbError):
            return None
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        response = render(request, "web/error.html", {"error": exception}, status=exception.status)
        if isinstance(exception, TryLater):
            response["Retry-After"] = str(exception.retry_after)
        return response
