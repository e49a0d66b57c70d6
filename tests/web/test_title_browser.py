"""The demo's Desperado as a visitor sees it: its highlights, its folded synopsis, its sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = (1280, 390)


def _shot(page: Page, output_path: str, name: str) -> None:
    page.screenshot(path=str(Path(output_path) / f"{name}.png"), full_page=True)


def test_desperado_shows_awards_popularity_reviews_and_hides_its_synopsis_without_js(
    served_demo: str, browser: Browser, output_path: str
) -> None:
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(f"{served_demo}/title/tt0112851/")
        expect(page.get_by_test_id("awards")).to_contain_text("1 win & 4 nominations")
        popularity = page.get_by_test_id("popularity")
        expect(popularity).to_contain_text("2,415")
        expect(popularity.get_by_role("link")).to_have_attribute("href", "/chart/moviemeter")
        expect(page.get_by_test_id("review-counts")).to_contain_text("203 user reviews")
        expect(page.get_by_test_id("full-cast-link")).to_be_visible()
        synopsis = page.get_by_test_id("synopsis")
        hidden_text = synopsis.locator(".prose")
        expect(hidden_text).to_be_hidden()
        synopsis.get_by_text("Show synopsis").click()
        expect(hidden_text).to_be_visible()
        _shot(page, output_path, f"title-{width}")
        context.close()


def test_the_sources_page_fits_a_phone_and_names_each_source_once(
    served_demo: str, browser: Browser, output_path: str
) -> None:
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{served_demo}/title/tt0112851/sources")
        expect(page.get_by_test_id("source")).to_have_count(1)
        expect(page.get_by_test_id("source")).to_contain_text("Votes 144,553")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, output_path, f"title-sources-{width}")
        page.close()
