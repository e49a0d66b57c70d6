"""The site menu on every page, IMDb's URL habits, the favicon, the log-out page, genres."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from reeldb.charts.services import refresh_charts
from reeldb.search.advanced import GENRES
from tests.catalog.factories import TitleFactory, make_rich_title
from tests.community.factories import RatingFactory, UserFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db

MENU = ("Top 250", "Most popular", "Box office", "Browse by genre", "Top TV", "Most popular TV")
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def _menu(response: object) -> str:
    """Return the markup of the menu bar (the phone's fold holds the same menu)."""
    page = response.content.decode()  # type: ignore[attr-defined]
    return page.split('<div class="menu-bar">', 1)[1].split("</nav>", 1)[0]


def _links(response: object) -> dict[str, tuple[str, bool]]:
    return {label: (href, bool(current)) for href, current, label in LINK.findall(_menu(response))}


@pytest.mark.parametrize(
    "path", ["/", "/chart/top", "/find?q=x", "/search/title", "/lists", "/accounts/login/"]
)
def test_every_page_has_the_menu_with_every_destination(client: Client, path: str) -> None:
    links = _links(client.get(path))
    assert set(MENU) | {"People", "Lists"} <= set(links)
    for href, _ in links.values():
        resolve(href.split("#")[0])


def test_the_menu_marks_the_page_it_is_on_and_no_other(client: Client) -> None:
    links = _links(client.get("/chart/toptv"))
    assert links["Top TV"] == ("/chart/toptv", True)
    assert [label for label, (_, current) in links.items() if current] == ["Top TV"]


def test_the_phone_menu_is_a_details_element_holding_the_same_menu(client: Client) -> None:
    page = client.get("/chart/top").content.decode()
    fold = page.split('<details class="menu-fold">', 1)[1].split("</details>", 1)[0]
    assert "<summary" in fold
    assert fold.count('aria-current="page"') == 1
    assert all(label in fold for label in MENU)


def test_a_member_also_finds_their_watchlist_ratings_and_lists(client: Client) -> None:
    client.force_login(UserFactory(username="maria"))
    links = _links(client.get("/"))
    assert links["Watchlist"][0] == "/user/maria/#watchlist"
    assert links["Ratings"][0] == "/user/maria/#ratings"
    assert "/user/maria/#lists" in _menu(client.get("/"))


def test_a_visitor_has_no_menu_of_their_own(client: Client) -> None:
    assert "Watchlist" not in _links(client.get("/"))


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/chart/top/", "/chart/top"),
        ("/chart/top//", "/chart/top"),
        ("/chart/genre/?genres=Action&x=%C3%A9", "/chart/genre?genres=Action&x=%C3%A9"),
        ("/title/tt0112851/plotsummary/", "/title/tt0112851/plotsummary"),
        ("/search/title/?genres=action", "/search/title?genres=action"),
        ("/find/?q=desperado", "/find?q=desperado"),
    ],
)
def test_a_trailing_slash_redirects_for_good_to_the_page_keeping_the_query(
    client: Client, path: str, target: str
) -> None:
    make_rich_title()
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("path", "target"),
    [("/title/tt0112851", "/title/tt0112851/"), ("/user/maria?x=1", "/user/maria/?x=1")],
)
def test_pages_whose_address_ends_in_a_slash_add_it(client: Client, path: str, target: str) -> None:
    make_rich_title()
    UserFactory(username="maria")
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_path_that_names_no_page_either_way_stays_a_404(client: Client) -> None:
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/title/tt0112851/nosuchsection/").status_code == 404


def test_a_post_to_a_slashed_path_is_not_redirected(client: Client) -> None:
    assert client.post("/chart/top/").status_code == 404


def test_the_favicon_is_linked_and_answers_at_the_usual_address(client: Client) -> None:
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == icon.group(1)


def test_the_log_out_address_asks_before_signing_out(client: Client) -> None:
    client.force_login(UserFactory(username="maria"))
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "You are signed in as maria" in text
    assert '<form class="logout-form" method="post" action="/accounts/logout/">' in (
        response.content.decode()
    )
    assert client.get("/").context["user"].is_authenticated


def test_the_log_out_button_signs_out(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_the_log_out_page_tells_a_visitor_they_are_not_signed_in(client: Client) -> None:
    assert "You are not signed in." in visible_text(client.get("/accounts/logout/"))


def test_the_genre_index_links_every_genre_to_its_titles_and_charted_ones_to_their_chart(
    client: Client, settings: Any
) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1
    RatingFactory(title=TitleFactory(genres="Western"), value=8)
    refresh_charts()
    page = client.get("/feature/genre").content.decode()
    for genre in GENRES:
        assert f'href="/search/title?genres={genre}"' in page
    assert page.count('href="/chart/genre?genres=') == 1
    assert 'href="/chart/genre?genres=Western"' in page
