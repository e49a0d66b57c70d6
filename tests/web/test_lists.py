"""A list's own search box: titles by name from the search index, each with an Add button."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.search.services import rebuild_index
from tests.catalog.factories import TitleFactory
from tests.community.factories import TitleListFactory, UserFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owned(client: Client) -> Any:
    user = UserFactory()
    client.force_login(user)
    return TitleListFactory(user=user)


def test_the_owner_finds_titles_to_add(client: Client, owned: Any) -> None:
    TitleFactory(primary_title="Desperado", start_year=1995)
    rebuild_index()
    response = client.get(f"/list/{owned.pk}/find?q=desper", **HTMX)
    assert "Desperado" in visible_text(response)
    assert f'action="/list/{owned.pk}/add"' in response.content.decode()


def test_a_title_already_on_the_list_is_marked_not_offered(client: Client, owned: Any) -> None:
    title = TitleFactory(primary_title="Desperado", start_year=1995)
    owned.items.create(title=title, position=1)
    rebuild_index()
    response = client.get(f"/list/{owned.pk}/find?q=desperado", **HTMX)
    assert "already on the list" in visible_text(response)
    assert f'value="{title.tconst}"' not in response.content.decode()


def test_without_javascript_the_search_is_a_page(client: Client, owned: Any) -> None:
    TitleFactory(primary_title="Desperado", start_year=1995)
    rebuild_index()
    response = client.get(f"/list/{owned.pk}/find?q=desperado")
    assert response.templates[0].name == "web/list_search.html"
    assert "Desperado" in visible_text(response)


def test_no_one_else_searches_a_list(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(f"/list/{TitleListFactory().pk}/find?q=x").status_code == 404


def test_the_list_page_has_the_search_box_for_its_owner_only(client: Client, owned: Any) -> None:
    assert "Find a film or series" in client.get(owned.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Find a film or series" not in client.get(owned.get_absolute_url()).content.decode()


def test_adding_from_the_search_box_updates_the_lists_title_count(
    client: Client, owned: Any
) -> None:
    title = TitleFactory(primary_title="Desperado", start_year=1995)
    response = client.post(f"/list/{owned.pk}/add", {"title": title.tconst}, **HTMX)
    page = response.content.decode()
    assert 'id="list-items"' in page
    assert '<span id="list-size" hx-swap-oob="true">1 title</span>' in page
    # The full page shows the count in its header, not swapped.
    assert (
        '<span id="list-size">1 title</span>'
        in client.get(owned.get_absolute_url()).content.decode()
    )
