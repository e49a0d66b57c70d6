"""The site menu at desktop and phone widths, and axe-core on every page type, in Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# What a page must not have: axe-core's two worst impacts.
BLOCKING = frozenset({"serious", "critical"})


def _shot(page: Page, output_path: str, name: str) -> None:
    page.screenshot(path=str(Path(output_path) / f"{name}.png"), full_page=True)


def test_the_menu_bar_reaches_every_chart_on_a_desktop_and_tab_reaches_it(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{served_demo}/title/tt0112851/")
    menu = page.get_by_role("navigation", name="Site")
    expect(menu).to_have_count(1)
    for name in ("Top 250", "Most popular", "Box office", "Browse by genre", "Top TV"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    _shot(page, output_path, "menu-desktop")

    # Tab from the top of the page: the skip link, the logo, the search box and its
    # button, the account link, then the menu in the order it reads.
    focused = []
    for _ in range(7):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert focused[0] == "Skip to content", focused
    assert focused[-2:] == ["Top 250", "Most popular"], focused
    assert page.evaluate("document.activeElement.closest('nav').ariaLabel") == "Site"
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_css("outline-style", "solid")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{served_demo}/chart/top")
    expect(menu.get_by_role("link", name="Top 250")).to_have_attribute("aria-current", "page")


# For each item of an inline list that starts a new line: its text, and the
# separator drawn before it, if any ("none" when there is none).
LINE_STARTS = """() => [...document.querySelectorAll('.inline-list, .hero__meta')].flatMap(list => {
  const items = [...list.children];
  return items.slice(1)
    .filter((item, index) => item.offsetTop > items[index].offsetTop)
    .map(item => [item.textContent.trim(), getComputedStyle(item, '::before').content]);
})"""


def test_a_wrapped_keyword_list_starts_no_line_with_a_separator(
    served_demo: str, page: Page, output_path: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{served_demo}/title/tt0112851/")
    starts = page.evaluate(LINE_STARTS)
    assert starts, "the keywords wrap at a phone's width"
    assert all(before == "none" for _, before in starts), starts
    separator = page.locator("#storyline .inline-list > li").first
    assert separator.evaluate("item => getComputedStyle(item, '::after').content") == '"·"'
    _shot(page, output_path, "keywords-phone")


def test_on_a_phone_the_menu_opens_without_javascript_and_search_stays_in_reach(
    served_demo: str, browser: Browser, output_path: str
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served_demo}/title/tt0112851/")
        expect(page.get_by_role("searchbox", name="Search reeldb")).to_be_visible()
        menu = page.get_by_role("navigation", name="Site")
        expect(menu).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(menu).to_be_visible()
        _shot(page, output_path, "menu-phone-open")
        for name in ("Top 250", "Most popular", "Box office", "Top TV", "Most popular TV"):
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        menu.get_by_role("link", name="Most popular TV").click()
        expect(page.get_by_role("heading", level=1, name="Most popular TV shows")).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search reeldb")).to_be_visible()

        # The keyboard opens it too: the summary takes the focus and Enter toggles it.
        page.get_by_text("Menu", exact=True).focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("navigation", name="Site")).to_be_visible()
    finally:
        context.close()


def _violations(page: Page, axe: Axe) -> list[str]:
    results: dict[str, Any] = axe.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_no_page_type_has_a_serious_or_critical_accessibility_violation(
    served_demo: str, page: Page, output_path: str
) -> None:
    axe = Axe()
    anonymous = {
        "home": "/",
        "title": "/title/tt0112851/",
        "plot summary": "/title/tt0112851/plotsummary",
        "full credits": "/title/tt0112851/fullcredits",
        "episode guide": "/title/tt3337194/episodes",
        "sources": "/title/tt0112851/sources",
        "person": "/name/nm0000104/",
        "chart": "/chart/top",
        "people chart": "/chart/starmeter",
        "genre chart": "/chart/genre?genres=Action",
        "genre index": "/feature/genre",
        "find": "/find?q=desperado",
        "advanced search": "/search/title?genres=action",
        "lists": "/lists",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }
    found: dict[str, list[str]] = {}
    for width in (DESKTOP, PHONE):
        page.set_viewport_size(width)
        for name, path in anonymous.items():
            page.goto(f"{served_demo}{path}")
            if problems := _violations(page, axe):
                found[f"{name} at {width['width']}px"] = problems

    page.set_viewport_size(DESKTOP)
    page.goto(f"{served_demo}/accounts/signup/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password:", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password confirmation").fill("a long passphrase 42")
    page.get_by_role("button", name="Create account").click()
    page.goto(f"{served_demo}/list/new")
    page.get_by_label("Name").fill("Mariachi nights")
    page.get_by_role("button", name="Create list").click()
    expect(page.get_by_role("heading", level=1, name="Mariachi nights")).to_be_visible()
    member = {"list": page.url.removeprefix(served_demo), "profile": "/user/ada/"}
    member["log out"] = "/accounts/logout/"
    for name, path in member.items():
        page.goto(f"{served_demo}{path}")
        _shot(page, output_path, f"axe-{name.replace(' ', '-')}")
        if problems := _violations(page, axe):
            found[name] = problems
    assert not found, "\n".join(f"{page}: {problem}" for page, p in found.items() for problem in p)
