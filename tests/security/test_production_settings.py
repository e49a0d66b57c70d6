"""Production switches: REELDB_HTTPS makes `check --deploy` clean; every page sends a CSP."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client

from reeldb.web.security import CONTENT_SECURITY_POLICY
from tests.catalog.factories import TitleFactory
from tests.conftest import run_reeldb


def test_reeldb_https_makes_the_deploy_check_clean(reeldb_env: dict[str, str]) -> None:
    env = {**reeldb_env, "REELDB_HTTPS": "1", "REELDB_SECRET_KEY": secrets.token_urlsafe(50)}
    # The browser tests' switch for Playwright, never set in a deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    checked = run_reeldb(env, "manage", "check", "--deploy", "--fail-level", "WARNING")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


SHOW_SETTINGS = (
    "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
)


def test_reeldb_https_trusts_the_proxy_for_tls_and_keeps_cookies_on_it(
    reeldb_env: dict[str, str],
) -> None:
    shown = run_reeldb(
        {**reeldb_env, "REELDB_HTTPS": "1"}, "manage", "shell", "-v", "0", "-c", SHOW_SETTINGS
    )

    assert shown.stdout.split() == [
        "True", "True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')"
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/find?q=film", "/chart/top", "/accounts/login/", "/nope"])
def test_every_page_sends_the_content_security_policy(client: Client, path: str) -> None:
    response = client.get(path)

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_the_title_page_allows_no_inline_script_or_style_element(client: Client) -> None:
    title = TitleFactory()

    policy = client.get(f"/title/{title.tconst}/")["Content-Security-Policy"]

    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
