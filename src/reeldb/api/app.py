"""The API: django-ninja's ``NinjaAPI`` at ``/api/``, one router per domain, and its errors.

Routers live beside this module and read through the domains' selectors, the
same reads the pages use. Every failure is answered by ``errors.error_response``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from reeldb.api import charts, community, lookup, me, people, titles
from reeldb.api.errors import (
    Body,
    Failure,
    as_reeldb_error,
    error_response,
    failure_response,
    reeldb_body,
    validation_details,
)
from reeldb.errors import InvalidInput, NotFound, Unauthorized

TOKEN_PAGE = "/accounts/tokens/"  # noqa: S105 - a page, not a secret


def answer_errors_in(ninja_api: NinjaAPI, body: Body) -> None:
    """Make every failure of ``ninja_api``'s operations an error answer written in ``body``."""

    @ninja_api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
        problem = InvalidInput(
            "Some parameters are missing or not valid.",
            code="invalid_parameters",
            details=validation_details(list(error.errors)),
        )
        return error_response(problem, body)

    @ninja_api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return error_response(NotFound(str(error) or "Not found."), body)

    @ninja_api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        problem = Unauthorized(
            "This needs a personal API token, sent as 'Authorization: Bearer <token>'; "
            f"create one at {TOKEN_PAGE}. A revoked token no longer works.",
            code="token_required",
        )
        response = error_response(problem, body)
        response["WWW-Authenticate"] = 'Bearer realm="reeldb"'
        return response

    @ninja_api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return failure_response(Failure.of_status(error.status_code), body)

    @ninja_api.exception_handler(Exception)
    def any_error(request: HttpRequest, error: Exception) -> HttpResponse:
        return error_response(as_reeldb_error(request, error), body)


api = NinjaAPI(
    title="reeldb API",
    version="1",
    description=(
        "The catalogue, search, charts, recommendations and community of this reeldb as "
        "JSON. Reads need no token; writes (`/v1/me`, votes) need a personal token from "
        f"{TOKEN_PAGE}, sent as `Authorization: Bearer <token>`. "
        'Errors are `{"error": {"code", "message", "details"}}`. See docs/api.md.'
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/v1/titles", titles.router)
api.add_router("/v1/people", people.router)
api.add_router("/v1/charts", charts.router)
api.add_router("/v1/me", me.router)
api.add_router("/v1", lookup.router)
api.add_router("/v1", community.router)


answer_errors_in(api, reeldb_body)
