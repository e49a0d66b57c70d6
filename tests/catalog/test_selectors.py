from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from reeldb.catalog import selectors
from reeldb.catalog.models import Credit, Keyword, SourceKind, Title, TitleType
from reeldb.catalog.services import get_source, sync_facts
from reeldb.errors import NotFound
from tests.catalog.factories import (
    CreditFactory,
    PersonFactory,
    SourceFactory,
    TitleFactory,
    make_rich_title,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad_id", ["x'\"<>", "tt12", "nm0000104", "rtabc", "tt0112851x", ""])
def test_a_malformed_title_id_is_a_404(bad_id: str) -> None:
    with pytest.raises(NotFound):
        selectors.get_title_or_404(bad_id)


def test_a_title_is_found_by_its_local_id() -> None:
    title = TitleFactory(tconst=None)
    assert selectors.get_title_or_404(f"rt{title.pk}") == title


def test_a_title_read_by_its_id_has_every_field_and_an_episode_its_series(
    django_assert_num_queries: Any,
) -> None:
    series = TitleFactory(title_type=TitleType.TV_SERIES, primary_title="El Show")
    episode = TitleFactory(
        title_type=TitleType.TV_EPISODE, parent=series, season_number=2, average_rating="7.2"
    )
    with django_assert_num_queries(2):
        found = selectors.get_title_or_404(episode.tconst)
    assert Title.parent.field.is_cached(found)
    assert found.parent.primary_title == "El Show"
    assert found.average_rating == Decimal("7.2")
    stored = Title.objects.get(pk=episode.pk)
    assert [getattr(found, f.attname) for f in Title._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in Title._meta.concrete_fields
    ]
    with django_assert_num_queries(1):
        assert selectors.get_title_or_404(series.tconst).parent is None


@pytest.mark.parametrize("missing", ["tt0000001", "rt999999999"])
def test_an_unknown_title_id_is_a_404(missing: str) -> None:
    TitleFactory()
    with pytest.raises(NotFound):
        selectors.get_title_or_404(missing)


def test_a_person_is_found_by_either_id_and_an_unknown_one_is_a_404() -> None:
    person = PersonFactory(nconst="nm0000104")
    assert selectors.get_person_or_404("nm0000104") == person
    assert selectors.get_person_or_404(f"rn{person.pk}") == person
    with pytest.raises(NotFound):
        selectors.get_person_or_404("nm0000105")


def test_the_title_page_has_every_section_of_a_rich_title() -> None:
    page = selectors.get_title_page(make_rich_title(), top_cast_size=18)
    assert [c.person.primary_name for c in page.directors] == ["Robert Rodriguez"]
    assert [c.person.primary_name for c in page.top_cast] == ["Antonio Banderas", "Carlos Gómez"]
    assert page.plots.outline and page.plots.outline.text == "A gunslinger seeks revenge."
    assert [p.author for p in page.plots.summaries] == ["Film Fan"]
    assert page.plots.synopsis and page.plots.synopsis.paragraphs == ["First part.", "Second part."]
    assert page.certificate and page.certificate.rating == "R"
    assert page.budget and page.budget.amount == 7_000_000
    assert list(page.companies) == ["production"]
    assert list(page.technical_specs) == ["sound_mix", "aspect_ratio"]
    assert list(page.connections) == ["followed_by"]
    assert page.collections[0][0].collection.name == "Mexico Trilogy"
    assert page.rating_source and page.rating_source.kind == SourceKind.DEMO


def test_a_fact_two_sources_state_is_listed_once() -> None:
    title = make_rich_title()
    page_source = get_source(kind=SourceKind.IMDB_PAGE, name="desperado.html")
    sync_facts(
        owner=title,
        source=page_source,
        model=Keyword,
        rows=[{"keyword": "guitar case"}, {"keyword": "bar"}],
    )
    page = selectors.get_title_page(title, top_cast_size=18)
    assert [k.keyword for k in page.keywords] == ["guitar case", "bar"]
    assert page.keywords[0].source == page_source


def test_the_cast_comes_whole_from_the_best_source_that_lists_one() -> None:
    title = TitleFactory()
    demo = SourceFactory(kind=SourceKind.DEMO)
    dataset = SourceFactory(kind=SourceKind.IMDB_DATASET, name="dump")
    CreditFactory(title=title, source=demo, person__primary_name="Demo Star", ordering=0)
    CreditFactory(title=title, source=dataset, person__primary_name="Dataset Star", ordering=5)
    page = selectors.get_title_page(title, top_cast_size=18)
    assert [c.person.primary_name for c in page.top_cast] == ["Dataset Star"]


def test_each_crew_department_comes_from_the_best_source_that_names_it() -> None:
    title = TitleFactory()
    wikipedia = SourceFactory(kind=SourceKind.WIKIPEDIA, name="article")
    imdb_page = SourceFactory(kind=SourceKind.IMDB_PAGE, name="title page")
    CreditFactory(title=title, source=imdb_page, category="director", person__primary_name="Page")
    CreditFactory(title=title, source=wikipedia, category="director", person__primary_name="Wiki")
    CreditFactory(title=title, source=wikipedia, category="composer", person__primary_name="Lobos")
    page = selectors.get_full_credits_page(title)
    assert [(d.label, [c.person.primary_name for c in d.credits]) for d in page.crew] == [
        ("Directed by", ["Page"]),
        ("Music by", ["Lobos"]),
    ]


def _title_with_cast(size: int) -> Any:
    title = TitleFactory()
    source = title.source
    people = PersonFactory.create_batch(size, source=source)
    Credit.objects.bulk_create(
        Credit(
            title=title,
            person=person,
            category="actor",
            ordering=i,
            source=source,
            characters=["X"],
        )
        for i, person in enumerate(people)
    )
    CreditFactory(title=title, category="director", source=source)
    return title


@pytest.mark.parametrize("cast_size", [5, 500])
def test_the_title_page_runs_the_same_queries_for_any_cast_size(
    cast_size: int, django_assert_num_queries: Any
) -> None:
    title = _title_with_cast(cast_size)
    # Which of the 20 lists of facts hold rows (none here, so none is read), the
    # credits' best source, directors/writers, top cast, cast count, title claims.
    with django_assert_num_queries(6):
        page = selectors.get_title_page(title, top_cast_size=18)
        assert len(page.top_cast) == min(cast_size, 18)
        assert page.cast_count == cast_size


def test_the_title_page_reads_only_the_lists_of_facts_that_hold_rows(
    django_assert_num_queries: Any,
) -> None:
    title = make_rich_title()
    stated = [
        name
        for name in [
            *selectors.titles.FACT_MODELS,
            "company_credits",
            "connections",
            "recommendations",
            "collection_entries",
        ]
        if getattr(title, name).exists()
    ]
    assert len(stated) > 10
    # The probe, the title with the stated lists (one query each), the five queries for
    # credits and claims above, and the other titles of its collection.
    with django_assert_num_queries(2 + len(stated) + 5 + 1):
        page = selectors.get_title_page(title, top_cast_size=18)
    assert page.trivia and page.goofs and page.companies and page.akas


def test_full_credits_list_the_cast_then_crew_by_department_in_imdbs_order() -> None:
    page = selectors.get_full_credits_page(make_rich_title())
    assert [c.characters for c in page.cast] == [["El Mariachi"], ["Right Hand"]]
    assert [d.label for d in page.crew] == ["Directed by", "Writing credits", "Film editing by"]


def _series_with_episodes() -> Any:
    series = TitleFactory(title_type=TitleType.TV_SERIES, start_year=2014, end_year=2016)
    for season, count in ((1, 3), (2, 2)):
        for number in range(1, count + 1):
            TitleFactory(
                title_type=TitleType.TV_EPISODE,
                parent=series,
                season_number=season,
                episode_number=number,
                primary_title=f"S{season} episode {number}",
            )
    return series


def test_the_episode_guide_shows_the_first_season_by_default() -> None:
    page = selectors.get_episode_guide_page(_series_with_episodes(), season=None)
    assert page.season == 1
    assert [s.episode_count for s in page.seasons] == [3, 2]
    assert [e.primary_title for e in page.episodes] == [
        "S1 episode 1",
        "S1 episode 2",
        "S1 episode 3",
    ]


def test_the_episode_guide_refuses_a_season_the_series_lacks() -> None:
    with pytest.raises(NotFound):
        selectors.get_episode_guide_page(_series_with_episodes(), season=9)


def test_an_episode_knows_its_neighbours_across_seasons() -> None:
    series = _series_with_episodes()
    last_of_first = series.episodes.get(season_number=1, episode_number=3)
    page = selectors.get_title_page(last_of_first, top_cast_size=18)
    position = page.series_position
    assert position and position.series == series
    assert position.previous and position.previous.primary_title == "S1 episode 2"
    assert position.next and position.next.primary_title == "S2 episode 1"


def test_the_filmography_groups_by_category_newest_first_and_folds_episodes() -> None:
    person = PersonFactory()
    old = TitleFactory(start_year=1992, primary_title="Old")
    new = TitleFactory(start_year=2010, primary_title="New")
    series = _series_with_episodes()
    for title in (old, new):
        CreditFactory(person=person, title=title, characters=["Hero"])
    for episode in series.episodes.filter(season_number=1):
        CreditFactory(person=person, title=episode, characters=["Guest"])
    CreditFactory(person=person, title=new, category="director", characters=[])
    page = selectors.get_person_page(person)
    assert [group.label for group in page.filmography] == ["Actor", "Director"]
    acting = page.filmography[0].entries
    assert [entry.title.primary_title for entry in acting] == [series.primary_title, "New", "Old"]
    assert acting[0].episode_count == 3
    assert acting[0].characters == "Guest"


def test_the_person_page_runs_the_same_queries_for_any_filmography(
    django_assert_num_queries: Any,
) -> None:
    person = PersonFactory()
    for _ in range(30):
        CreditFactory(person=person)
    # titles per category; each category's first titles; their credits with the
    # titles; known-for rows.
    with django_assert_num_queries(4):
        selectors.get_person_page(person)


def test_genre_combinations_are_each_stored_value_once_in_order() -> None:
    for genres in ("Drama", "Action,Crime", "Drama", "", "Action,Crime", "Comedy,Drama"):
        TitleFactory(genres=genres)
    assert selectors.list_genre_combinations() == ["", "Action,Crime", "Comedy,Drama", "Drama"]
