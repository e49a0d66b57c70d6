"""A person signs up, rates, reviews, keeps a watchlist and finds it all on their profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _shot(page: Page, output_path: str, name: str) -> None:
    page.screenshot(path=str(Path(output_path) / f"{name}.png"), full_page=True)


def test_a_visitor_signs_up_rates_reviews_and_sees_it_all_on_the_profile(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/accounts/signup/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Password:", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password confirmation").fill("a long passphrase 42")
    _shot(page, output_path, "signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1, name="rosa")).to_be_visible()

    page.goto(f"{served_demo}/title/tt0112851/")
    widget = page.get_by_test_id("community-rating")
    # The demo community has rated it already; this vote adds one.
    votes = int(widget.locator(".score__votes").inner_text().split()[0].replace(",", ""))
    widget.get_by_role("button", name="Rate 8 out of 10").click()
    # htmx swaps the widget in place: the page is not reloaded.
    expect(page.get_by_test_id("your-rating")).to_have_text("8/10")
    expect(widget).to_contain_text(f"{votes + 1} votes on reeldb")
    expect(page.get_by_test_id("rating-histogram")).to_contain_text(
        f"from {votes + 1} reeldb users"
    )
    expect(page.get_by_test_id("rating")).to_contain_text("7.2/10")

    page.get_by_role("button", name="+ Watchlist").first.click()
    expect(page.get_by_role("button", name="✓ In watchlist").first).to_be_visible()
    _shot(page, output_path, "title-rated")

    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("Headline").fill("Banderas with a guitar case")
    page.get_by_label("Review").fill("Loud, funny and stylish: the bar fight alone is worth it.")
    page.get_by_label("Your rating").select_option("8")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_role("heading", name="Banderas with a guitar case")).to_be_visible()
    _shot(page, output_path, "review")

    page.get_by_test_id("account").click()
    expect(page.get_by_role("heading", level=1, name="rosa")).to_be_visible()
    expect(page.locator("#watchlist")).to_contain_text("Desperado")
    expect(page.locator("#ratings")).to_contain_text("Rated 8/10")
    expect(page.locator("#reviews")).to_contain_text("Banderas with a guitar case")
    _shot(page, output_path, "profile")


def test_the_charts_page_explains_its_formula(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/chart/top")
    expect(page.get_by_role("heading", level=1, name="Top 250 movies")).to_be_visible()
    formula = page.get_by_test_id("formula")
    expect(formula).to_be_hidden()
    page.get_by_text("How is this ranked?").click()
    expect(formula).to_be_visible()
    _shot(page, output_path, "chart-top")
    page.get_by_role("navigation", name="Charts").get_by_role("link", name="Box office").click()
    expect(page.get_by_test_id("chart")).to_contain_text("Desperado")
    _shot(page, output_path, "chart-boxoffice")
