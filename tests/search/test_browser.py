"""/find and /search/title as a person uses them: the demo served by `reeldb serve`, in Chromium."""

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


def test_a_visitor_filters_titles_then_fixes_a_value_the_search_cannot_use(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/search/title")
    expect(page.get_by_role("heading", level=1, name="Advanced title search")).to_be_visible()
    filters = page.get_by_test_id("title-filters")
    filters.get_by_role("checkbox", name="Action").check()
    filters.get_by_role("checkbox", name="Crime").check()
    filters.get_by_role("textbox", name="Released from").fill("1990")
    filters.get_by_role("textbox", name="Released to").fill("1999")
    filters.get_by_role("combobox", name="Sort by").select_option("rating")
    filters.get_by_role("button", name="Search").click()

    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Titles 1–4 of 4")
    names = results.locator(".title-row__name")
    expect(names).to_have_text(["Heat", "From Dusk Till Dawn", "El Mariachi", "Assassins"])
    expect(filters.get_by_role("checkbox", name="Crime")).to_be_checked()
    expect(filters.get_by_role("textbox", name="Released from")).to_have_value("1990")
    _shot(page, output_path, "title-search")

    filters.get_by_role("textbox", name="Released to").fill("nineteen")
    filters.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("search-problems")).to_contain_text(
        "Released to “nineteen”: Enter a whole number."
    )
    expect(page.get_by_test_id("search-results")).to_have_count(0)
    _shot(page, output_path, "title-search-problems")

    page.goto(f"{served_demo}/search/title?person=antonio+banderas&sort=year&order=asc")
    expect(page.get_by_text("More filters")).to_be_visible()
    expect(page.get_by_role("textbox", name="Person")).to_have_value("antonio banderas")
    expect(page.get_by_test_id("search-results").locator(".title-row__name").first).to_have_text(
        "Philadelphia"
    )


def test_the_title_search_fits_a_phone(served_demo: str, page: Page, output_path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/search/title?genres=action")
    expect(page.get_by_test_id("search-results")).to_contain_text("Desperado")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    _shot(page, output_path, "title-search-phone")


def test_a_visitor_finds_a_character_a_plot_and_goes_to_the_film(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/find?q=bucho")
    characters = page.get_by_test_id("find-ch")
    expect(characters).to_contain_text("Joaquim de Almeida in Desperado (1995)")
    expect(page.get_by_test_id("find-tt")).to_have_count(0)
    _shot(page, output_path, "find-bucho")

    page.get_by_role("navigation", name="Search categories").get_by_role(
        "link", name="Quotes"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “bucho”")
    expect(page.get_by_text("No quotes match “bucho”.")).to_be_visible()

    page.goto(f"{served_demo}/find?q=guitar&s=pl")
    plots = page.get_by_test_id("find-pl")
    expect(plots.locator("mark").first).to_have_text("guitar")
    _shot(page, output_path, "find-guitar-plots")

    page.goto(f"{served_demo}/find?q=bucho&s=ch")
    page.get_by_test_id("find-ch").get_by_role("link", name="Bucho").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Desperado")


def test_the_find_tabs_fit_a_phone(served_demo: str, page: Page, output_path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/find?q=mariachi")
    expect(page.get_by_test_id("find-pl")).to_contain_text("El Mariachi")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    _shot(page, output_path, "find-phone")
