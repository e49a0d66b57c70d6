"""The one error type community services raise, with a stable code and an HTTP status."""

from __future__ import annotations

from http import HTTPStatus


class CommunityError(Exception):
    """A write refused for a reason a person can act on.

    ``code`` is stable for programs, ``message`` is for people, ``status`` is
    what a view answers. Objects someone may not see are "not_found" (404),
    never "forbidden": a private list must not be told apart from a missing one.
    """

    def __init__(self, code: str, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def not_found(what: str) -> CommunityError:
    return CommunityError("not_found", f"No such {what}.", HTTPStatus.NOT_FOUND)
