"""Pages render under the Content-Security-Policy: no violation on any page, signed in or out."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Runs in each document before its own scripts, so no violation goes unseen.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""

PAGES = {
    "/": "Featured titles",
    "/find?q=Desperado": "Results for “Desperado”",
    "/title/tt0112851/": "Desperado",
    "/title/tt0112851/fullcredits": "Full cast & crew",
    "/name/nm0000104/": "Antonio Banderas",
    "/chart/top": "Top 250 movies",
    "/chart/moviemeter": "Most popular movies",
    "/accounts/login/": "Sign in",
    "/accounts/password/reset/": "Reset your password",
}
# The title page last: its rating widget is then swapped by htmx.
MEMBER_PAGES = {
    "/user/csp/": "csp",
    "/accounts/password/change/": "Change password",
    "/title/tt0112851/": "Desperado",
}


def _visit_all(page: Page, base: str, pages: dict[str, str]) -> list[str]:
    """Open each page, wait for its heading, and return the violations seen on it."""
    seen = []
    for path, heading in pages.items():
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        seen += [f"{path}: {violation}" for violation in page.evaluate("window.cspViolations")]
    return seen


def test_no_page_breaks_the_content_security_policy(served_demo: str, page: Page) -> None:
    console_errors: list[str] = []

    def keep_csp_errors(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            console_errors.append(message.text)

    page.on("console", keep_csp_errors)
    page.add_init_script(RECORD_VIOLATIONS)

    violations = _visit_all(page, served_demo, PAGES)
    page.goto(f"{served_demo}/accounts/signup/")
    page.get_by_label("Username").fill("csp")
    page.get_by_label("Email").fill("csp@example.org")
    page.get_by_label("Password:", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password confirmation").fill("a long passphrase 42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1, name="csp")).to_be_visible()
    violations += _visit_all(page, served_demo, MEMBER_PAGES)
    # An htmx swap (the rating widget, with its histogram bars) under the policy too.
    page.get_by_test_id("community-rating").get_by_role("button", name="Rate 8 out of 10").click()
    expect(page.get_by_test_id("your-rating")).to_have_text("8/10")
    violations += page.evaluate("window.cspViolations")

    assert violations == []
    assert console_errors == []
