"""The search box suggests as a person types, keyboard alone; results are listed by category."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_typing_desp_suggests_desperado_and_arrows_and_enter_open_it(
    served_demo: str, page: Page, output_path: str
) -> None:
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if "/suggest?" in r.url else None)
    page.goto(f"{served_demo}/chart/top")
    box = page.get_by_role("searchbox")
    box.press_sequentially("desp", delay=50)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option").first).to_contain_text("Desperado")
    page.screenshot(path=str(Path(output_path) / "suggest.png"), full_page=True)
    box.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Desperado")).to_be_visible()
    assert answers and set(answers) == {200}


def test_the_results_page_groups_by_category_and_marks_the_words(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo}/find?q=zoe+bell")
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("link", name="Zoë Bell")).to_be_visible()
    expect(people.locator("mark").first).to_have_text("Zoë")
    page.get_by_role("link", name="Titles", exact=True).click()
    expect(page.get_by_role("link", name="Titles", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    page.screenshot(path=str(Path(output_path) / "find.png"), full_page=True)
