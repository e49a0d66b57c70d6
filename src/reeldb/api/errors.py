"""The API's one error body, ``{"error": {"code", "message", "details"}}``, for every 4xx and 5xx.

Statuses come from ``ReeldbError``'s classes (``reeldb.errors``), as on the
site's pages; only the body differs. Failures raised by Django or by
django-ninja (a missing page, parameters that do not validate, a method not
allowed) are turned into the matching ``ReeldbError`` first.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse

from reeldb.errors import BUSY_RETRY_AFTER, Busy, ReeldbError, TryLater, is_busy

logger = logging.getLogger(__name__)


class Unexpected(ReeldbError):
    """A failure reeldb did not foresee: a 500 whose details stay in the server's log."""

    default_code = "server_error"


def error_response(error: ReeldbError) -> JsonResponse:
    """Return ``error`` as the API answers it: its status, its body, and any ``Retry-After``."""
    response = JsonResponse({"error": error.as_dict()}, status=int(error.status))
    if isinstance(error, TryLater):
        response["Retry-After"] = str(error.retry_after)
    return response


def status_response(status: int, headers: dict[str, str] | None = None) -> JsonResponse:
    """Return the error body for a bare HTTP status that Django or a client library answered."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {"code": phrase.lower().replace(" ", "_"), "message": f"{phrase}.", "details": {}}
    return JsonResponse({"error": body}, status=status, headers=headers)


def as_reeldb_error(request: HttpRequest, exception: Exception) -> ReeldbError:
    """Return the ``ReeldbError`` an exception from a view stands for."""
    if isinstance(exception, ReeldbError):
        return exception
    if is_busy(exception):
        return Busy(
            "The database is busy: try again in a few seconds.", retry_after=BUSY_RETRY_AFTER
        )
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
