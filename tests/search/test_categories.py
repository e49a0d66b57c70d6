"""Companies, keywords and characters on the demo: found by name, like titles and people."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.search.index.category_hits import CharacterHit, CompanyHit, KeywordHit
from reeldb.search.index.finding import find
from reeldb.search.models import EntryKind
from reeldb.search.views import CATEGORY_ORDER
from tests.html import find_results_text, visible_text
from tests.search.queries import completion_reads, word_index_reads


def hits(query: str, kind: str) -> list:  # type: ignore[type-arg]
    return list(find(query, kinds=(kind,), limit=10).groups[0].hits)


@pytest.mark.usefixtures("demo_index")
@pytest.mark.django_db
class TestOnTheDemo:
    def test_bucho_is_the_first_character_and_names_actor_and_film(self) -> None:
        first = hits("bucho", EntryKind.CHARACTER)[0]
        assert isinstance(first, CharacterHit)
        assert first.name == "<mark>Bucho</mark>"
        assert first.summary.person.primary_name == "Joaquim de Almeida"
        assert first.summary.title.primary_title == "Desperado"
        assert "Joaquim de Almeida</a> in <a" in first.detail
        assert first.detail.endswith("Desperado</a> (1995)")

    def test_the_characters_page_shows_bucho_with_links_to_film_and_actor(self) -> None:
        response = Client().get("/find", {"q": "bucho", "s": "ch"})
        results = find_results_text(response)
        assert "Bucho Joaquim de Almeida in Desperado (1995)" in results
        html = response.content.decode()
        assert 'href="/title/tt0112851/"' in html
        assert "/name/" in html.split("Joaquim de Almeida")[0].rsplit("<a", 1)[1]

    def test_all_shows_bucho_under_characters_and_hides_empty_categories(self) -> None:
        results = find_results_text(Client().get("/find", {"q": "bucho"}))
        assert results.split("Bucho")[0].strip().startswith("Characters")
        assert "Bucho Joaquim de Almeida in Desperado (1995)" in results
        assert "Titles" not in results
        assert "Companies" not in results

    def test_the_tabs_list_all_ten_categories_in_imdbs_order(self) -> None:
        text = visible_text(Client().get("/find", {"q": "bucho", "s": "ch"}))
        tabs = "All Titles TV episodes People Companies Keywords Characters Quotes Bios Plots"
        assert tabs in text
        assert len(CATEGORY_ORDER) == 9

    def test_a_character_played_in_several_films_is_one_hit_per_film(self) -> None:
        films = [
            hit.summary.title.primary_title for hit in hits("el mariachi", EntryKind.CHARACTER)
        ]
        assert len(films) == len(set(films))
        assert "El Mariachi" in films
        assert "Desperado" in films

    def test_a_company_shows_its_roles_country_and_best_known_titles(self) -> None:
        found = hits("columbia", EntryKind.COMPANY)
        names = [str(hit.summary.company.name) for hit in found]
        assert set(names) == {"Columbia Pictures", "Columbia Pictures Corporation"}
        pictures = found[names.index("Columbia Pictures")]
        assert isinstance(pictures, CompanyHit)
        assert pictures.detail == "Distributors · United States"
        assert "El Mariachi (1992)" in pictures.known_for
        assert pictures.url == "/search/title?company=Columbia+Pictures"

    def test_a_keyword_shows_how_many_titles_have_it_and_links_to_them(self) -> None:
        first = hits("guitar", EntryKind.KEYWORD)[0]
        assert isinstance(first, KeywordHit)
        assert (first.keyword, first.detail) == ("guitar case", "2 titles")
        assert first.url == "/search/title?keywords=guitar+case"
        linked = visible_text(Client().get(first.url))
        assert "El Mariachi" in linked
        assert "Desperado" in linked

    def test_keywords_are_ranked_by_how_many_titles_have_them(self) -> None:
        found = hits("m", EntryKind.KEYWORD)
        counts = [hit.titles for hit in found]
        assert counts == sorted(counts, reverse=True)
        assert found[0].keyword == "mexico"

    def test_a_misspelt_company_or_keyword_is_still_found(self) -> None:
        assert hits("hooligns", EntryKind.COMPANY)[0].summary.company.name == (
            "Los Hooligans Productions"
        )
        assert hits("vampyre", EntryKind.KEYWORD)[0].keyword == "vampire"


@pytest.mark.usefixtures("demo_index")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "expected"),
    [
        # 1 the vocabulary ("bucho" is a known word: no correction), 1 exact
        # names, 1 word match, 1 the credits with their titles and people.
        ("ch", 4),
        # 1 the vocabulary, 1 exact names, 1 word match, 2 the companies and their credits.
        ("co", 5),
        # 1 the vocabulary, 1 the passages, 1 their titles.
        ("pl", 3),
    ],
)
def test_a_category_page_costs_a_fixed_number_of_queries(
    category: str, expected: int, django_assert_num_queries: Any
) -> None:
    query = {"ch": "bucho", "co": "columbia", "pl": "guitar"}[category]
    # The word index and its completions; plots are read from passages.
    reads = 0 if category == "pl" else 1
    completing = completion_reads(query) if reads else 0
    with django_assert_num_queries(expected - reads + word_index_reads(reads) + completing):
        find(query, kinds=(category,), limit=50)
