"""Most popular TV and most popular people: computed by `reeldb charts refresh`, read by page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from reeldb.catalog.models import KnownFor, TitleType
from reeldb.charts import services
from reeldb.charts.models import ChartEntry, ChartKind, PersonEntry
from reeldb.charts.selectors import PEOPLE_PAGE_SIZE
from reeldb.charts.services import refresh_charts
from tests.catalog.factories import PersonFactory, SourceFactory, TitleFactory
from tests.community.factories import RatingFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def _know(person: Any, *titles: Any) -> None:
    source = SourceFactory()
    for ordering, title in enumerate(titles):
        KnownFor.objects.create(person=person, title=title, ordering=ordering, source=source)


def _people() -> list[tuple[str, int, str | None]]:
    entries = PersonEntry.objects.select_related("person", "known_for").order_by("rank")
    return [
        (e.person.primary_name, e.votes, e.known_for.primary_title if e.known_for else None)
        for e in entries
    ]


def test_most_popular_tv_ranks_series_by_activity_and_leaves_out_movies() -> None:
    busy = TitleFactory(primary_title="Busy series", title_type=TitleType.TV_SERIES)
    quiet = TitleFactory(primary_title="Quiet mini", title_type=TitleType.TV_MINI_SERIES)
    movie = TitleFactory(primary_title="A movie")
    for title, users in ((busy, 3), (quiet, 1), (movie, 5)):
        for _ in range(users):
            RatingFactory(title=title, value=8)
    refresh_charts()
    tv = ChartEntry.objects.filter(chart__kind=ChartKind.TV_METER).select_related("title")
    movies = ChartEntry.objects.filter(chart__kind=ChartKind.MOVIEMETER).select_related("title")
    assert [entry.title.primary_title for entry in tv] == ["Busy series", "Quiet mini"]
    assert [entry.title.primary_title for entry in movies] == ["A movie"]


def test_most_popular_tv_falls_back_on_the_published_popularity_rank() -> None:
    TitleFactory(primary_title="Second", title_type=TitleType.TV_SERIES, popularity_rank=20)
    TitleFactory(primary_title="First", title_type=TitleType.TV_SERIES, popularity_rank=3)
    TitleFactory(primary_title="Film", popularity_rank=1)
    refresh_charts()
    tv = ChartEntry.objects.filter(chart__kind=ChartKind.TV_METER).select_related("title")
    assert [entry.title.primary_title for entry in tv] == ["First", "Second"]
    assert tv[0].chart.basis == "published"


def test_the_tv_popularity_page_lists_the_chart(client: Client) -> None:
    RatingFactory(title=TitleFactory(primary_title="Tracker", title_type=TitleType.TV_SERIES))
    refresh_charts()
    text = visible_text(client.get("/chart/tvmeter"))
    assert "Most popular TV shows" in text
    assert "1 Tracker 1995" in text
    assert "1 action" in text


def test_people_rank_by_the_votes_of_the_titles_they_are_known_for() -> None:
    hit = TitleFactory(primary_title="Hit", num_votes=1_000)
    cult = TitleFactory(primary_title="Cult", num_votes=300)
    unrated = TitleFactory(primary_title="Unrated", num_votes=None)
    star, director, newcomer, unknown = (
        PersonFactory(primary_name=name) for name in ("Star", "Director", "Newcomer", "Unknown")
    )
    _know(star, hit, cult)
    _know(director, cult, hit)
    _know(newcomer, cult)
    _know(unknown, unrated)
    refresh_charts()
    # A tie in votes goes to the lower id: Star was created first.
    assert _people() == [
        ("Star", 1_300, "Hit"),
        ("Director", 1_300, "Hit"),
        ("Newcomer", 300, "Cult"),
    ]


def test_only_the_most_voted_titles_are_read_and_the_chart_is_cut_to_its_size() -> None:
    titles = [TitleFactory(num_votes=votes) for votes in (500, 400, 300)]
    for index, title in enumerate(titles):
        _know(PersonFactory(primary_name=f"P{index}"), title)
    result = services.compute_people_chart(titles=2, size=1)
    assert [(p.votes, p.known_for_id) for p in result.people] == [(500, titles[0].pk)]


def test_the_people_chart_keeps_each_persons_previous_rank() -> None:
    first, second = TitleFactory(num_votes=100), TitleFactory(num_votes=50)
    rising, falling = PersonFactory(primary_name="Rising"), PersonFactory(primary_name="Falling")
    _know(rising, second)
    _know(falling, first)
    refresh_charts()
    type(second).objects.filter(pk=second.pk).update(num_votes=500)
    refresh_charts()
    entries = PersonEntry.objects.select_related("person")
    changes = {entry.person.primary_name: entry.change for entry in entries}
    assert changes == {"Rising": 1, "Falling": -1}


def test_the_people_page_comes_a_page_at_a_time_in_three_queries(
    client: Client, django_assert_num_queries: Any
) -> None:
    title = TitleFactory(primary_title="Ensemble", num_votes=10)
    for index in range(PEOPLE_PAGE_SIZE + 3):
        _know(PersonFactory(primary_name=f"Member {index:03d}"), title)
    refresh_charts()
    # the chart; the count of its entries; one page of them with people and titles
    with django_assert_num_queries(3):
        response = client.get("/chart/starmeter?page=2")
    text = visible_text(response)
    assert "Most popular people" in text
    # Each row: rank, the portrait's initials, the name.
    assert f"{PEOPLE_PAGE_SIZE + 1} M Member {PEOPLE_PAGE_SIZE:03d}" in text
    assert "Known for Ensemble (1995)" in text
    assert "Page 2 of 2" in text
    assert "Member 000" not in text


def test_the_people_page_of_a_chart_never_computed_says_so(client: Client) -> None:
    assert "This chart has not been computed yet." in visible_text(client.get("/chart/starmeter"))


@pytest.mark.parametrize("page", ["0", "abc", "99", "-1", "1e3"])
def test_a_people_page_out_of_range_or_malformed_is_a_page_not_an_error(
    client: Client, page: str
) -> None:
    _know(PersonFactory(primary_name="Solo"), TitleFactory(num_votes=10))
    refresh_charts()
    response = client.get(f"/chart/starmeter?page={page}")
    assert response.status_code == 200
    assert "1 S Solo" in visible_text(response)
