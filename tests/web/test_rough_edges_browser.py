"""In a browser: a failed htmx action says why beside its control, watchlist buttons of one
title change together, and "Sign in to rate" → "Create an account" lands back on the film."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
FILM = "/title/tt0112851/"


def _shot(page: Page, output_path: str, name: str) -> None:
    page.screenshot(path=str(Path(output_path) / f"{name}.png"), full_page=True)


def _sign_up(page: Page, name: str) -> None:
    page.get_by_label("Username").fill(name)
    page.get_by_label("Email").fill(f"{name}@example.org")
    page.get_by_label("Password:", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password confirmation").fill("a long passphrase 42")
    page.get_by_role("button", name="Create account").click()


def test_sign_in_to_rate_then_create_an_account_lands_back_on_the_film(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}{FILM}")
    page.get_by_role("link", name="Sign in to rate").click()
    page.get_by_role("link", name="Create an account").click()
    _sign_up(page, "rosa")
    expect(page).to_have_url(f"{served_demo}{FILM}")
    expect(page.get_by_role("button", name="Rate 8 out of 10")).to_be_visible()
    _shot(page, output_path, "next-round-trip")


def test_a_refused_check_in_says_why_next_to_the_form(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/accounts/signup/?next={FILM}")
    _sign_up(page, "rosa")
    check_in = page.locator("#check-in")
    check_in.get_by_label("I watched this on").fill("2999-01-01")
    check_in.get_by_role("button", name="Check in").click()
    error = check_in.get_by_role("alert")
    expect(error).to_have_text("2999-01-01 is in the future: give the day you watched it.")
    _shot(page, output_path, "check-in-error")
    # A good date clears the message and checks in.
    check_in.get_by_label("I watched this on").fill("2020-02-02")
    check_in.get_by_role("button", name="Check in").click()
    expect(page.locator("#check-in")).to_contain_text("You watched this on 2 February 2020")
    expect(page.locator("#check-in").get_by_role("alert")).to_have_count(0)


def test_every_watchlist_button_of_a_title_changes_together(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/accounts/signup/?next={FILM}")
    _sign_up(page, "rosa")
    page.get_by_role("button", name="Rate 8 out of 10").click()
    expect(page.get_by_test_id("your-rating")).to_have_text("8/10")
    desperado = page.locator('form[data-watchlist="tt0112851"]')
    desperado.first.get_by_role("button", name="+ Watchlist").click()
    expect(desperado.get_by_role("button", name="✓ In watchlist")).to_have_count(desperado.count())

    # The profile lists Desperado twice, as rated and as on the watchlist.
    page.get_by_test_id("account").click()
    expect(desperado).to_have_count(2)
    expect(desperado.get_by_role("button", name="✓ In watchlist")).to_have_count(2)
    desperado.first.get_by_role("button").click()
    expect(desperado.get_by_role("button", name="+ Watchlist")).to_have_count(2)
    _shot(page, output_path, "watchlist-synced")
    desperado.last.get_by_role("button").click()
    expect(desperado.get_by_role("button", name="✓ In watchlist")).to_have_count(2)
