"""The person page over HTTP: facts, category tabs, anchors and paging."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from reeldb.catalog import selectors
from reeldb.catalog.models import Person
from tests.catalog.factories import PersonFactory
from tests.catalog.test_people_selectors import _credit_titles
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_the_header_names_the_sections_and_links_to_each() -> None:
    person = PersonFactory(primary_profession="actor,soundtrack")
    _credit_titles(person, 3)
    _credit_titles(person, 1, "director")
    markup = Client().get(person.get_absolute_url()).content.decode()
    header = markup.split('class="hero__meta"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', header)
    assert links == [
        (f"{person.get_absolute_url()}#filmography-actor", "Actor"),
        (f"{person.get_absolute_url()}#filmography-director", "Director"),
    ]
    for _url, label in links:
        assert f'id="filmography-{label.lower()}"' in markup


def test_a_large_category_shows_its_first_rows_and_a_show_all_link(client: Client) -> None:
    person = PersonFactory()
    total = selectors.FILMOGRAPHY_SHOWN + 5
    _credit_titles(person, total)
    markup = client.get(person.get_absolute_url()).content.decode()
    assert markup.count('class="title-row"') == selectors.FILMOGRAPHY_SHOWN
    assert 'href="?category=actor" hx-get="?category=actor"' in markup
    assert f"Show all {total}" in markup


def test_show_all_pages_through_the_category_without_javascript(client: Client) -> None:
    person = PersonFactory()
    total = selectors.FILMOGRAPHY_PAGE_SIZE + 3
    _credit_titles(person, total)
    url = person.get_absolute_url()
    first = client.get(url, {"category": "actor"})
    text = visible_text(first)
    assert "Page 1 of 2" in text
    assert first.content.decode().count('class="title-row"') == selectors.FILMOGRAPHY_PAGE_SIZE
    assert 'href="?category=actor&amp;page=2"' in first.content.decode()
    second = client.get(url, {"category": "actor", "page": "2"})
    assert second.content.decode().count('class="title-row"') == 3
    assert "Page 2 of 2" in visible_text(second)


def test_an_htmx_request_for_a_category_gets_only_its_section(client: Client) -> None:
    person = PersonFactory()
    _credit_titles(person, 3)
    response = client.get(person.get_absolute_url(), {"category": "actor"}, HTTP_HX_REQUEST="true")
    markup = response.content.decode()
    assert markup.lstrip().startswith('<div class="filmography-group" id="filmography-actor">')
    assert "<html" not in markup


@pytest.mark.parametrize("query", [{"category": "composer"}, {"category": "actor", "page": "x"}])
def test_a_missing_category_or_a_bad_page_is_not_found(
    client: Client, query: dict[str, str]
) -> None:
    person = PersonFactory()
    _credit_titles(person, 2)
    assert client.get(person.get_absolute_url(), query).status_code == 404


def test_the_page_shows_birth_death_and_height(client: Client) -> None:
    person: Person = PersonFactory(
        primary_name="Alan Rickman",
        birth_year=1946,
        birth_date=datetime.date(1946, 2, 21),
        birth_place="Hammersmith, London, England, UK",
        death_year=2016,
        death_date=datetime.date(2016, 1, 14),
        death_place="London, England, UK",
        height_cm=185,
    )
    text = visible_text(client.get(person.get_absolute_url()))
    assert "Born 21 February 1946 in Hammersmith, London, England, UK" in text
    assert "Died 14 January 2016 in London, England, UK" in text
    assert "Height 6′ 1″ (1.85 m)" in text


def test_only_years_show_when_no_source_states_the_day(client: Client) -> None:
    person = PersonFactory(birth_year=1966)
    text = visible_text(client.get(person.get_absolute_url()))
    assert "Born 1966" in text
    assert "Height" not in text


@pytest.mark.parametrize("credits", [5, 500])
def test_the_person_page_runs_the_same_queries_however_many_credits(
    client: Client, credits: int, django_assert_num_queries: Any
) -> None:
    person = PersonFactory()
    _credit_titles(person, credits)
    # The person, then the selector's four: titles per category, each category's
    # first titles, their credits with the titles, known-for rows. An anonymous
    # visitor without a cookie has no session to read.
    with django_assert_num_queries(5):
        assert client.get(person.get_absolute_url()).status_code == 200
