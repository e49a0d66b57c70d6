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

from reeldb.wsgi import application

MAX_EXAMPLES = 15
# Operations whose parameters have rules an OpenAPI schema cannot state (a range's start
# before its end, a cursor this API gave, a file name with a title in it): a request the
# schema allows may get a 400 there, which the check that valid data is accepted would flag.
SEMANTIC_RULES = frozenset({"/api/v1/titles", "/api/v1/match"})

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
