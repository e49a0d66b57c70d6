"""One error type: codes, messages, details, and the statuses each class maps to."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from reeldb.errors import (
    EXIT_FAILURE,
    EXIT_USAGE,
    Conflict,
    ImportProblem,
    InvalidInput,
    NotFound,
    RateLimited,
    ReeldbError,
)


@pytest.mark.parametrize(
    ("error", "status", "exit_status"),
    [
        (NotFound("No such list."), HTTPStatus.NOT_FOUND, EXIT_USAGE),
        (InvalidInput("Give a date."), HTTPStatus.BAD_REQUEST, EXIT_USAGE),
        (Conflict("That username is taken."), HTTPStatus.CONFLICT, EXIT_USAGE),
        (RateLimited("Wait.", retry_after=60), HTTPStatus.TOO_MANY_REQUESTS, EXIT_FAILURE),
        (ImportProblem("Unknown layout."), HTTPStatus.UNPROCESSABLE_ENTITY, EXIT_USAGE),
        (ReeldbError("Download failed."), HTTPStatus.INTERNAL_SERVER_ERROR, EXIT_FAILURE),
    ],
)
def test_each_class_names_its_http_and_exit_status(
    error: ReeldbError, status: HTTPStatus, exit_status: int
) -> None:
    assert error.status == status
    assert error.exit_status == exit_status


def test_the_code_defaults_to_the_classs_and_can_be_narrowed() -> None:
    assert InvalidInput("Give a date.").code == "invalid"
    assert InvalidInput("In the future.", code="future_date").code == "future_date"


def test_as_dict_is_the_error_body_with_code_message_and_details() -> None:
    error = ImportProblem("Cut short.", details={"path": "title.basics.tsv.gz", "line": 12})

    assert error.as_dict() == {
        "code": "import_problem",
        "message": "Cut short.",
        "details": {"path": "title.basics.tsv.gz", "line": 12},
    }
    assert str(error) == "Cut short."


def test_a_rate_limit_says_when_to_retry() -> None:
    error = RateLimited("Too many attempts.", retry_after=900)

    assert error.retry_after == 900
    assert error.as_dict()["details"] == {"retry_after": 900}
