"""The demo catalogue, indexed once per module: the data the issue's examples are about."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from reeldb.ingest.demo import load_demo_data
from reeldb.search.services import rebuild_index


@pytest.fixture(scope="module")
def demo_index(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load and index the demo data in a transaction rolled back after the module's tests.

    Each test's own transaction nests inside it, as a savepoint, so tests
    still cannot see each other's writes; the demo loads once, not per test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        rebuild_index()
        yield
        transaction.set_rollback(True)
