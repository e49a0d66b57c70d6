"""Answer the errors views let through with the page their class calls for."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import is_valid_path
from django.utils.http import escape_leading_slashes

from reeldb.errors import NotFound, ReeldbError, TryLater, busy_error, is_busy


class ErrorPageMiddleware:
    """Render a ``ReeldbError`` as an error page with the status its class names.

    This is where the site maps reeldb's errors to HTTP; the API gives the same
    errors the same statuses, with ``ReeldbError.as_dict()`` as its body. A
    ``NotFound`` becomes Django's ``Http404``, so that a missing title looks
    like any other missing page. The database errors that pass with time
    (SQLite's "database is locked", PostgreSQL's lock timeout or deadlock)
    become ``Busy``: a 503 with ``Retry-After``, never a 500.

    An htmx request gets the message alone, as plain text: htmx does not swap
    an error response, and ``web/static/web/errors.js`` shows the text next to
    the control that failed; the ``X-Reeldb-Error`` header carries its code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            exception = busy_error()
        if not isinstance(exception, ReeldbError):
            return None
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if getattr(request, "htmx", False):
            response = HttpResponse(
                exception.message,
                status=exception.status,
                content_type="text/plain; charset=utf-8",
                headers={"X-Reeldb-Error": exception.code},
            )
        else:
            response = render(
                request, "web/error.html", {"error": exception}, status=exception.status
            )
        if isinstance(exception, TryLater):
            response["Retry-After"] = str(exception.retry_after)
        return response


class TrailingSlashMiddleware:
    """Redirect ``/chart/top/`` to ``/chart/top``: IMDb's URLs end in a slash, most of reeldb's not.

    Only a 404 is looked at, so a page that answers costs nothing more: when
    its path without the trailing slashes names a page, a GET or HEAD is
    sent there for good, with its query string. The reverse (``/title/tt0112851``
    to ``/title/tt0112851/``, for the pages whose canonical URL ends in a
    slash) is Django's ``APPEND_SLASH``, in ``CommonMiddleware``. A path
    resolves in one form only, so the two never send a request back and forth.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != HTTPStatus.NOT_FOUND
            or request.method not in ("GET", "HEAD")
            or not request.path_info.endswith("/")
        ):
            return response
        path = request.path_info.rstrip("/")
        if not path or not is_valid_path(path, getattr(request, "urlconf", None)):
            return response
        query = request.META.get("QUERY_STRING", "")
        target = escape_leading_slashes(request.path.rstrip("/"))
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
