"""Rate limits protect without punishing: no lock-out of an account, counts shared by workers."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from reeldb.community import ratelimit
from tests.community.factories import PASSWORD, UserFactory
from tests.conftest import run_reeldb

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def _log_in(client: Client, username: str, password: str, address: str) -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_passwords_from_a_stranger_do_not_lock_the_owner_out(client: Client) -> None:
    owner = UserFactory()
    for _ in range(20):
        _log_in(client, owner.username, "guess", ATTACKER)

    response = _log_in(Client(), owner.username, PASSWORD, OWNER)

    assert response.status_code == 302


def test_each_failure_past_the_free_ones_doubles_the_wait(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REELDB_LOGIN_FREE_FAILURES = 2
    # The start of a window, so that the failures all fall in one.
    now = [time.time() // settings.REELDB_LOGIN_WINDOW * settings.REELDB_LOGIN_WINDOW]
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now[0]))
    user = UserFactory()
    answers = []
    for _ in range(8):
        response = _log_in(client, user.username, "guess", ATTACKER)
        answers.append(response.get("Retry-After", response.status_code))
        now[0] += int(response.get("Retry-After", 0))

    assert answers == [200, 200, 200, "1", 200, "2", 200, "4"]
    assert _log_in(client, user.username, PASSWORD, ATTACKER).status_code == 302


def test_a_password_change_is_rate_limited(client: Client, settings: Any) -> None:
    settings.REELDB_LOGIN_ATTEMPTS = 2
    client.force_login(UserFactory())
    wrong = {"old_password": "guess", "new_password1": "x7#long enough", "new_password2": "x"}

    codes = [client.post("/accounts/password/change/", wrong).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


COUNT_ONE = (
    "from reeldb.community import ratelimit; "
    "print(ratelimit.hit('test', 'client', limit=1, window=3600))"
)


def test_two_server_processes_share_one_count(reeldb_env: dict[str, str]) -> None:
    """Each process has its own memory; the default cache must still be one count."""
    assert run_reeldb(reeldb_env, "init").returncode == 0

    answers = [
        run_reeldb(reeldb_env, "manage", "shell", "-v", "0", "-c", COUNT_ONE).stdout.strip()
        for _ in range(2)
    ]

    assert answers == ["True", "False"]
