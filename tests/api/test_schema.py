"""Schemathesis against the served OpenAPI schema: every operation, answered within its schema.

Each operation gets a bounded number of generated requests (``MAX_EXAMPLES``), valid and
invalid, on the demo catalogue; a test fails on any 5xx, on a status the schema does not
list, and on a body that does not match the schema of its status.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reeldb.api.services import create_token
from reeldb.wsgi import application
from tests.community.factories import UserFactory

MAX_EXAMPLES = 15
# Operations whose parameters have rules an OpenAPI schema cannot state (a range's start
# before its end, a cursor this API gave, a file name with a title in it): a request the
# schema allows may get a 400 there, which the check that valid data is accepted would flag.
SEMANTIC_RULES = frozenset(
    {
        "/api/v1/titles",
        "/api/v1/match",
        "/api/v1/lists",
        "/api/v1/lists/{list_id}",
        "/api/v1/titles/{title_id}/reviews",
    }
)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    """Start each operation with no rate-limit counts: generated requests come by the hundred."""
    caches["api"].clear()


@pytest.fixture(autouse=True)
def connection_kept_across_requests() -> Iterator[None]:
    """Keep the test's database connection open between requests, as Django's test client does.

    Called through WSGI, Django closes the connection when a request ends, and
    with it the transaction the test runs in.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_index")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={"Host": "localhost"},
        excluded_checks=[positive_data_acceptance] if case.path in SEMANTIC_RULES else [],
    )


@pytest.fixture
def token_header() -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user=UserFactory(), name='schema').secret}"}


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_index")
@schema.include(path_regex=r"^/api/v1/(me|reviews/)").parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_write_keeps_to_its_schema_with_a_token(
    case: schemathesis.Case, token_header: dict[str, str]
) -> None:
    """The writes, with a live token: any title id or review text may be generated, so a
    valid-looking request may be a 404 or a 400, but never a 5xx or an answer off its schema."""
    caches["default"].clear()  # the write limit: generated writes come by the hundred
    case.call_and_validate(
        headers={"Host": "localhost", **token_header},
        excluded_checks=[positive_data_acceptance],
    )
