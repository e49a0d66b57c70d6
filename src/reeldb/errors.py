"""The one error type every reeldb domain raises, and how it maps to HTTP and to exit codes.

A ``ReeldbError`` carries a stable ``code`` for programs, a ``message`` for
people, and optional ``details`` (which field, which file and line). Its class
says what kind of failure it is, and the class alone decides the HTTP status a
page or the API answers with and the exit status a ``reeldb`` command ends
with: callers tell failures apart by class, never by parsing messages.

Exit statuses, the same for every subcommand (``docs/cli.md``):

- ``0``: done;
- ``1``: done, but some records were skipped (each one reported);
- ``2``: a usage or input error: nothing, or only what was valid, was done;
- ``3``: a failure: the command stopped part-way (a resumed run picks it up).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import ClassVar

from django.db import OperationalError

EXIT_DONE = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3
# A run stopped with Ctrl-C exits as the shell expects of SIGINT.
EXIT_INTERRUPTED = 130


class ReeldbError(Exception):
    """A failure reeldb can name: a stable code, a message for people, and where it happened.

    Subclasses set ``status`` (the HTTP answer) and ``exit_status`` (the CLI's);
    ``code`` defaults to the class's and may be narrowed per raise
    (``InvalidInput("A rating is 1 to 10.", code="invalid_rating")``).
    """

    default_code: ClassVar[str] = "error"
    status: ClassVar[HTTPStatus] = HTTPStatus.INTERNAL_SERVER_ERROR
    exit_status: ClassVar[int] = EXIT_FAILURE

    def __init__(
        self, message: str, *, code: str | None = None, details: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details: dict[str, object] = dict(details or {})

    def as_dict(self) -> dict[str, object]:
        """Return the error as the API's and the error pages' body: code, message, details."""
        return {"code": self.code, "message": self.message, "details": self.details}


class NotFound(ReeldbError):
    """Nothing by that id, or nothing this user may see.

    Objects someone may not see are "not found", never "forbidden": a private
    list must not be told apart from a missing one.
    """

    default_code = "not_found"
    status = HTTPStatus.NOT_FOUND
    exit_status = EXIT_USAGE


class InvalidInput(ReeldbError):
    """A request, argument or file that cannot be used as it is; the message says what to change."""

    default_code = "invalid"
    status = HTTPStatus.BAD_REQUEST
    exit_status = EXIT_USAGE


class Unauthorized(ReeldbError):
    """A request that needs to say who makes it (an API token) and did not, or not validly."""

    default_code = "unauthorized"
    status = HTTPStatus.UNAUTHORIZED
    exit_status = EXIT_USAGE


class Conflict(ReeldbError):
    """A write that clashes with what is stored (a username taken, a vote on one's own review)."""

    default_code = "conflict"
    status = HTTPStatus.CONFLICT
    exit_status = EXIT_USAGE


class TryLater(ReeldbError):
    """A request refused for now; ``retry_after`` says how many seconds until it may succeed."""

    exit_status = EXIT_FAILURE

    def __init__(self, message: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(message, code=code, details={"retry_after": retry_after})
        self.retry_after = retry_after


class RateLimited(TryLater):
    """Too many attempts in a window."""

    default_code = "rate_limited"
    status = HTTPStatus.TOO_MANY_REQUESTS


class Busy(TryLater):
    """The database stayed locked by another writer for longer than a request waits."""

    default_code = "busy"
    status = HTTPStatus.SERVICE_UNAVAILABLE


# SQLite's busy timeout and PostgreSQL's lock timeout are 5 s (settings.py): a
# write that waited that long finds the lock free again a few seconds later.
BUSY_RETRY_AFTER = 5
# PostgreSQL's states of a statement that would succeed if run again: a lock not
# had within the lock timeout, a deadlock, a serialization failure.
RETRYABLE_STATES = frozenset({"55P03", "40P01", "40001"})


def is_busy(error: BaseException) -> bool:
    """Return whether ``error`` is the database being busy, which passes with time.

    SQLite says "database is locked" when another connection held the write
    lock past the busy timeout, through Django's driver and ADBC's alike (the
    IMDb importer raises ADBC's as Django's). The site answers it with
    ``Busy``'s 503 and ``Retry-After``, a command with ``Busy``'s exit status.
    """
    if not isinstance(error, OperationalError):
        return False
    if "database is locked" in str(error):
        return True
    return getattr(error.__cause__, "sqlstate", None) in RETRYABLE_STATES


def busy_error() -> Busy:
    """Return the ``Busy`` a request answers when ``is_busy`` says the database was locked."""
    return Busy(
        "The site is busy writing: try again in a few seconds.", retry_after=BUSY_RETRY_AFTER
    )


class ImportProblem(ReeldbError):
    """A source that cannot be imported: unreadable, of an unknown layout, cut short, or refused.

    ``details`` names the file and, where known, the line. An import reports a
    bad record and goes on; it raises this only when it cannot go on with a file.
    """

    default_code = "import_problem"
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    exit_status = EXIT_USAGE
