"""What a person sees: the demo served by `reeldb serve`, driven in Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}


def _shot(page: Page, output_path: str, name: str) -> None:
    page.screenshot(path=str(Path(output_path) / f"{name}.png"), full_page=True)


def test_a_visitor_browses_from_the_home_page_to_a_title_its_credits_and_a_person(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(served_demo)
    expect(page.get_by_role("heading", name="Featured titles")).to_be_visible()
    _shot(page, output_path, "home")

    page.get_by_role("searchbox").first.fill("Desperado")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page.get_by_role("heading", name="Results for “Desperado”")).to_be_visible()
    page.get_by_role("link", name="Desperado", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Desperado")).to_be_visible()
    expect(page.get_by_test_id("rating")).to_contain_text("7.2/10")
    expect(page.get_by_test_id("rating")).to_contain_text("144,553 votes")
    cast = page.locator("#cast")
    expect(cast.get_by_role("link", name="Antonio Banderas")).to_be_visible()
    expect(cast).to_contain_text("El Mariachi")
    expect(page.locator("#box-office")).to_contain_text("$7,000,000")
    _shot(page, output_path, "title")

    page.get_by_role("link", name="Full cast & crew", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Full cast & crew")).to_be_visible()
    expect(page.get_by_role("heading", name="Directed by")).to_be_visible()
    expect(page.locator("tr", has_text="Salma Hayek")).to_contain_text("Carolina")
    _shot(page, output_path, "fullcredits")

    page.locator("tr", has_text="Antonio Banderas").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name="Antonio Banderas")).to_be_visible()
    expect(page.get_by_role("heading", name="Known for")).to_be_visible()
    expect(page.get_by_role("heading", name="Filmography")).to_be_visible()
    _shot(page, output_path, "person")


def test_a_visitor_reads_the_plot_summary_and_the_episode_guide(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/title/tt0112851/plotsummary")
    expect(page.get_by_role("heading", name="Summaries")).to_be_visible()
    expect(page.get_by_role("heading", name="Synopsis")).to_be_visible()
    _shot(page, output_path, "plotsummary")

    page.goto(f"{served_demo}/title/tt3337194/episodes")
    expect(page.get_by_role("heading", name="Season 1")).to_be_visible()
    first_episode = page.locator(".episode").first
    expect(first_episode).to_contain_text("S1.E1")
    _shot(page, output_path, "episodes")
    seasons = page.get_by_role("list", name="Seasons").get_by_role("link")
    if seasons.count() > 1:
        seasons.nth(1).click()
        expect(page.get_by_role("heading", name="Season 2")).to_be_visible()
        expect(page).to_have_url(f"{served_demo}/title/tt3337194/episodes?season=2")
    first_episode.get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="Episode navigation")).to_contain_text("Next:")


def test_the_title_page_fits_a_phone(served_demo: str, page: Page, output_path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/title/tt0112851/")
    expect(page.get_by_role("heading", level=1, name="Desperado")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    _shot(page, output_path, "title-phone")


def test_a_missing_page_is_a_finished_404(served_demo: str, page: Page, output_path: str) -> None:
    response = page.goto(f"{served_demo}/title/x'\"<>/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="404")).to_be_visible()
    _shot(page, output_path, "not-found")
