"""The API's one error body, ``{"error": {"code", "message", "details"}}``, for every 4xx and 5xx.

Statuses come from ``ReeldbError``'s classes (``reeldb.errors``), as on the
site's pages; only the body differs. Failures raised by Django or by
django-ninja (a missing page, parameters that do not validate, a method not
allowed) are turned into the matching ``ReeldbError`` first. The TMDB-compatible
subset (``tmdb.py``) answers the same failures in TMDB's body instead
(``tmdb_body``), so that TMDB's clients understand them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse

from reeldb.errors import ReeldbError, TryLater, busy_error, is_busy

logger = logging.getLogger(__name__)


class Unexpected(ReeldbError):
    """A failure reeldb did not foresee: a 500 whose details stay in the server's log."""

    default_code = "server_error"


@dataclass(frozen=True)
class Failure:
    """What an error answer says, whichever body it is written in."""

    status: int
    code: str
    message: str
    details: dict[str, object]
    retry_after: int | None = None

    @classmethod
    def of(cls, error: ReeldbError) -> Failure:
        retry_after = error.retry_after if isinstance(error, TryLater) else None
        return cls(int(error.status), error.code, error.message, error.details, retry_after)

    @classmethod
    def of_status(cls, status: int) -> Failure:
        """Return the failure a bare HTTP status stands for (Django's 404, a 405)."""
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        return cls(status, phrase.lower().replace(" ", "_"), f"{phrase}.", {})


Body = Callable[[Failure], dict[str, object]]


def reeldb_body(failure: Failure) -> dict[str, object]:
    return {"error": {"code": failure.code, "message": failure.message, "details": failure.details}}


# TMDB's own status codes (developer.themoviedb.org/docs/errors), by HTTP status.
TMDB_STATUS_CODES = {400: 5, 401: 7, 404: 34, 405: 3, 429: 25, 503: 9}


def tmdb_body(failure: Failure) -> dict[str, object]:
    return {
        "success": False,
        "status_code": TMDB_STATUS_CODES.get(failure.status, 11),
        "status_message": failure.message,
    }


def failure_response(
    failure: Failure, body: Body = reeldb_body, headers: dict[str, str] | None = None
) -> JsonResponse:
    """Return ``failure`` in ``body``'s format, with ``Retry-After`` when it has one."""
    response = JsonResponse(body(failure), status=failure.status, headers=headers)
    if failure.retry_after is not None:
        response["Retry-After"] = str(failure.retry_after)
    return response


def error_response(error: ReeldbError, body: Body = reeldb_body) -> JsonResponse:
    """Return ``error`` as the API answers it: its status, its body, and any ``Retry-After``."""
    return failure_response(Failure.of(error), body)


def as_reeldb_error(request: HttpRequest, exception: Exception) -> ReeldbError:
    """Return the ``ReeldbError`` an exception from a view stands for."""
    if isinstance(exception, ReeldbError):
        return exception
    if is_busy(exception):
        return busy_error()
    logger.exception("API request failed: %s %s", request.method, request.path)
    return Unexpected("Something went wrong on our side; it has been logged.")


def validation_details(errors: list[dict[str, Any]]) -> dict[str, object]:
    """Return pydantic's errors as the error body's details: where, and what is wrong."""
    return {
        "fields": [
            {
                "location": ".".join(str(part) for part in error.get("loc", ())),
                "problem": str(error.get("msg", "invalid")),
            }
            for error in errors
        ]
    }
