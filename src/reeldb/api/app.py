"""The API: django-ninja's ``NinjaAPI`` at ``/api/``, one router per domain, and its errors.

Routers live beside this module and read through the domains' selectors, the
same reads the pages use. Every failure is answered by ``errors.error_response``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from reeldb.api import charts, lookup, people, titles
from reeldb.api.errors import as_reeldb_error, error_response, status_response, validation_details
from reeldb.errors import InvalidInput, NotFound

api = NinjaAPI(
    title="reeldb API",
    version="1",
    description=(
        "The catalogue, search, charts and recommendations of this reeldb as JSON. "
        'Reads need no token. Errors are `{"error": {"code", "message", "details"}}`. '
        "See docs/api.md."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/v1/titles", titles.router)
api.add_router("/v1/people", people.router)
api.add_router("/v1/charts", charts.router)
api.add_router("/v1", lookup.router)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return error_response(
        InvalidInput(
            "Some parameters are missing or not valid.",
            code="invalid_parameters",
            details=validation_details(list(error.errors)),
        )
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(NotFound(str(error) or "Not found."))


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return status_response(401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return status_response(error.status_code)


@api.exception_handler(Exception)
def any_error(request: HttpRequest, error: Exception) -> HttpResponse:
    return error_response(as_reeldb_error(request, error))
