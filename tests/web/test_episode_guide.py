"""The episode guide over HTTP: one season at a time, paged, with notes on what is missing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reeldb.catalog import selectors
from reeldb.catalog.models import Plot, ReleaseDate, Title, TitleType
from tests.catalog.factories import SourceFactory, TitleFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def _series(episodes: dict[int | None, list[int | None]]) -> Title:
    """Create a series with ``episodes`` numbers per season, in one insert."""
    series: Title = TitleFactory(title_type=TitleType.TV_SERIES, primary_title="Dusk")
    source = SourceFactory()
    first = Title.objects.count()
    Title.objects.bulk_create(
        Title(
            tconst=f"tt{7000000 + first + n:07d}",
            title_type=TitleType.TV_EPISODE,
            primary_title=f"Episode {season}.{number}",
            original_title=f"Episode {season}.{number}",
            parent=series,
            season_number=season,
            episode_number=number,
            start_year=2001,
            average_rating=7.5,
            num_votes=40,
            source=source,
        )
        for n, (season, number) in enumerate(
            (season, number) for season, numbers in episodes.items() for number in numbers
        )
    )
    return series


def _guide(client: Client, series: Title, **query: str) -> Any:
    return client.get(f"/title/{series.public_id}/episodes", query)


def test_a_season_with_gaps_in_its_numbers_says_it_is_known_in_part(client: Client) -> None:
    series = _series({1: [1, 2, 5], 2: [1, 2]})
    text = visible_text(_guide(client, series))
    assert (
        "Known in part: 3 numbered episodes of at least 5; 2 numbers below 5 have no episode"
        in text
    )
    assert "Known in part" not in visible_text(_guide(client, series, season="2"))


def test_episodes_without_a_number_are_counted_in_the_note(client: Client) -> None:
    series = _series({1: [None, 1, 2]})
    text = visible_text(_guide(client, series))
    assert "1 episode has no number and is listed first." in text


def test_episodes_sharing_a_number_are_counted_in_the_note(client: Client) -> None:
    series = _series({1: [1, 1, 2, 2, 2]})
    text = visible_text(_guide(client, series))
    assert "Known in part: 3 episodes repeat numbers another episode has." in text


def test_episodes_without_a_season_have_their_own_tab(client: Client) -> None:
    series = _series({1: [1], None: [None, None]})
    markup = _guide(client, series).content.decode()
    assert 'href="?season=unknown"' in markup
    text = visible_text(_guide(client, series, season="unknown"))
    assert "Episodes without a season 2 episodes" in text


def test_a_long_season_is_shown_a_page_at_a_time(client: Client) -> None:
    size = selectors.EPISODES_PAGE_SIZE
    series = _series({1: list(range(1, size + 3))})
    first = _guide(client, series)
    assert first.content.decode().count('class="episode"') == size
    assert "Page 1 of 2" in visible_text(first)
    assert 'href="?season=1&amp;page=2"' in first.content.decode()
    second = _guide(client, series, season="1", page="2")
    assert second.content.decode().count('class="episode"') == 2
    assert _guide(client, series, season="1", page="3").status_code == 404


def test_each_episode_shows_its_air_date_rating_and_plot(client: Client) -> None:
    series = _series({1: [1, 2]})
    first = series.episodes.get(episode_number=1)
    ReleaseDate.objects.create(
        title=first, country="US", release_date=datetime.date(2001, 3, 4), source=first.source
    )
    Plot.objects.create(title=first, kind="outline", text="Dawn breaks.", source=first.source)
    text = visible_text(_guide(client, series))
    assert "Episode 1.1 Sun, 4 Mar 2001 Dawn breaks. ★ 7.5" in text
    # Without a release date the episode's year stands in.
    assert "Episode 1.2 2001 ★ 7.5" in text


@pytest.mark.parametrize("episodes", [5, 500])
def test_the_guide_runs_the_same_queries_however_long_the_season(
    client: Client, episodes: int, django_assert_num_queries: Any
) -> None:
    series = _series({1: list(range(1, episodes + 1))})
    with django_assert_num_queries(5):
        assert _guide(client, series).status_code == 200


def test_a_season_of_unnumbered_episodes_is_paged_through_the_index_without_a_sort() -> None:
    series = _series({None: [None] * 60})
    with CaptureQueriesContext(connection) as queries:
        page = selectors.get_episode_guide_page(series, season="unknown", page=2)
    assert len(page.episodes) == 10
    listing = next(q["sql"] for q in queries if "LIMIT 50 OFFSET 50" in q["sql"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        cursor.execute(f"{explain} {listing}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "title_episode_idx" in plan
    # The index's order is the page's order: no sort on either database.
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
