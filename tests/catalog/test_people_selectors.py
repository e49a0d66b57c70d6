"""The person page's filmography: counts per category and one page of credits at a time."""

from __future__ import annotations

from typing import Any

import pytest

from reeldb.catalog import selectors
from reeldb.catalog.models import Credit, Person, Title, TitleType
from reeldb.errors import NotFound
from tests.catalog.factories import CreditFactory, PersonFactory, SourceFactory, TitleFactory

pytestmark = pytest.mark.django_db


def _credit_titles(person: Person, count: int, category: str = "actor") -> list[Title]:
    """Credit ``person`` on ``count`` new films in ``category``, in two inserts."""
    source = SourceFactory()
    first = Title.objects.count()
    titles = Title.objects.bulk_create(
        Title(
            tconst=f"tt{8000000 + first + n:07d}",
            title_type=TitleType.MOVIE,
            primary_title=f"{category} film {n}",
            original_title=f"{category} film {n}",
            start_year=1950 + n % 70,
            source=source,
        )
        for n in range(count)
    )
    Credit.objects.bulk_create(
        Credit(title=title, person=person, category=category, source=source) for title in titles
    )
    return titles


@pytest.mark.parametrize("credits", [5, 500])
def test_the_person_page_runs_four_queries_however_many_credits(
    credits: int, django_assert_num_queries: Any
) -> None:
    person = PersonFactory()
    _credit_titles(person, credits)
    _credit_titles(person, 3, "director")
    # 1. titles per category and 2. each category's first titles (the index
    # alone); 3. their credits with the titles and series; 4. the known-for rows.
    with django_assert_num_queries(4):
        page = selectors.get_person_page(person)
    actor = page.filmography[0]
    assert (actor.category, actor.count) == ("actor", credits)
    assert len(actor.entries) == min(credits, selectors.FILMOGRAPHY_SHOWN)
    assert actor.is_partial is (credits > selectors.FILMOGRAPHY_SHOWN)


def test_the_tabs_list_every_category_largest_first_and_the_header_names_three() -> None:
    person = PersonFactory()
    for category, count in (("writer", 1), ("actor", 4), ("producer", 2), ("director", 2)):
        _credit_titles(person, count, category)
    page = selectors.get_person_page(person)
    assert [(tab.label, tab.count) for tab in page.tabs] == [
        ("Actor", 4),
        ("Director", 2),
        ("Producer", 2),
        ("Writer", 1),
    ]
    assert [tab.anchor for tab in page.professions] == [
        "filmography-actor",
        "filmography-director",
        "filmography-producer",
    ]


def test_a_category_page_walks_every_credit_once_then_ends() -> None:
    person = PersonFactory()
    size = selectors.FILMOGRAPHY_PAGE_SIZE
    titles = _credit_titles(person, size * 2 + 7)
    seen: list[int] = []
    for number in (1, 2, 3):
        page = selectors.get_person_page(person, category="actor", page=number)
        (group,) = page.filmography
        assert (group.page, group.page_count) == (number, 3)
        seen += [entry.title.pk for entry in group.entries]
    assert sorted(seen) == sorted(title.pk for title in titles)
    with pytest.raises(NotFound):
        selectors.get_person_page(person, category="actor", page=4)


def test_a_category_the_person_has_no_credit_in_is_not_found() -> None:
    person = PersonFactory()
    _credit_titles(person, 2)
    with pytest.raises(NotFound):
        selectors.get_person_page(person, category="director")


def test_a_title_two_sources_credit_counts_once() -> None:
    person = PersonFactory()
    title = TitleFactory()
    CreditFactory(person=person, title=title, source=SourceFactory(name="one"))
    CreditFactory(person=person, title=title, source=SourceFactory(name="two"))
    page = selectors.get_person_page(person)
    assert page.tabs[0].count == 1
    assert len(page.filmography[0].entries) == 1
