"""``/find`` and ``/suggest`` over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from reeldb.search import views
from reeldb.search.services import rebuild_index
from tests.catalog.factories import CreditFactory, PersonFactory, TitleFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    desperado = TitleFactory(primary_title="Desperado", num_votes=100)
    banderas = PersonFactory(primary_name="Antonio Banderas", primary_profession="actor")
    CreditFactory(title=desperado, person=banderas, category="actor")
    CreditFactory(title=desperado, person__primary_name="Robert Rodriguez", category="director")
    TitleFactory(primary_title="Desperado <script>alert(1)</script>", num_votes=1)
    rebuild_index()


@pytest.mark.usefixtures("catalogue")
def test_all_groups_results_by_category_with_credits() -> None:
    text = visible_text(Client().get("/find", {"q": "desperado"}))
    assert "Results for “desperado”" in text
    assert "Titles Desperado 1995" in text
    assert "Dir. Robert Rodriguez · Antonio Banderas" in text
    assert "People" not in text.split("Titles", 1)[0]


@pytest.mark.usefixtures("catalogue")
def test_a_category_shows_only_its_results_and_an_unknown_one_shows_all() -> None:
    people = visible_text(Client().get("/find", {"q": "desperado", "s": "nm"}))
    assert "No people match “desperado”" in people
    names = visible_text(Client().get("/find", {"q": "banderas", "s": "nm"}))
    assert "People AB Antonio Banderas Actor" in names
    unknown = visible_text(Client().get("/find", {"q": "desperado", "s": "zz"}))
    assert "Titles Desperado 1995" in unknown


@pytest.mark.usefixtures("catalogue")
def test_matched_words_are_marked_and_names_escaped() -> None:
    html = Client().get("/find", {"q": "desperado"}).content.decode()
    assert "<mark>Desperado</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;<mark>script</mark>&gt;" not in html  # "script" is no query word
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.usefixtures("catalogue")
def test_a_typo_finds_the_title_and_says_so() -> None:
    text = visible_text(Client().get("/find", {"q": "desparado"}))
    assert "Including results for similar spellings" in text
    assert "Desperado 1995" in text


@pytest.mark.usefixtures("catalogue")
def test_suggest_answers_json_for_the_search_box(django_assert_num_queries: Any) -> None:
    # From the stored prefixes: 2 reads of them (the first at or after "desp",
    # then the complete "d" above it), 1 their entries, 1 exact name per kind
    # (titles, people), 1 the titles matched. No word index, no typo lookup,
    # no people query (none matched).
    with django_assert_num_queries(6):
        response = Client().get("/suggest", {"q": "desp"})
    assert response["Content-Type"] == "application/json"
    first = response.json()["results"][0]
    assert first == {
        "id": first["id"],
        "kind": "tt",
        "name": "Desperado",
        "year": 1995,
        "url": f"/title/{first['id']}/",
        "subtitle": "1995",
    }


def test_an_empty_query_asks_for_one_and_offers_the_advanced_search() -> None:
    page = Client().get("/find", {"q": "  "})
    assert "Type a title, a name, a character or words from a quote" in visible_text(page)
    assert 'href="/search/title"' in page.content.decode()
    assert Client().get("/suggest").json() == {"results": []}


def test_the_search_box_offers_suggestions_through_the_sites_own_script() -> None:
    html = Client().get("/find").content.decode()
    assert 'data-suggest="/suggest"' in html
    assert "web/suggest.js" in html


def test_find_and_suggest_are_the_search_apps_pages() -> None:
    assert (reverse("search:find"), reverse("search:suggest")) == ("/find", "/suggest")
    assert resolve("/find").func is views.find_view
    assert resolve("/suggest").func is views.suggest_view
