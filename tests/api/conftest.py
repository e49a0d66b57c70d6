"""The API's tests call it through Django's test client, as a program would over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client


@pytest.fixture
def api() -> Iterator[Client]:
    """A client with fresh rate-limit counts."""
    caches["api"].clear()
    yield Client(HTTP_HOST="localhost")
    caches["api"].clear()


def get_json(client: Client, url: str, status: int = 200, **headers: Any) -> Any:
    """GET ``url``; check the status and that the body is JSON; return it."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()
