"""Stored charts: the weighted-rating formula, who qualifies, movement between refreshes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from reeldb.catalog.models import BoxOffice, BoxOfficeKind, TitleType
from reeldb.charts.models import Chart, ChartEntry, ChartKind
from reeldb.charts.services import refresh_charts, weighted_rating
from reeldb.community.models import Rating
from tests.catalog.factories import SourceFactory, TitleFactory
from tests.community.factories import RatingFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rate(title: Any, values: list[int], *, when: datetime.datetime | None = None) -> None:
    for value in values:
        rating = RatingFactory(title=title, value=value)
        if when:
            Rating.objects.filter(pk=rating.pk).update(rated_at=when)


def _chart(kind: str, key: str = "") -> list[str]:
    entries = ChartEntry.objects.filter(chart__kind=kind, chart__key=key).select_related("title")
    return [entry.title.primary_title for entry in entries]


def test_the_weighted_rating_pulls_few_votes_towards_the_mean() -> None:
    assert weighted_rating(votes=3, mean=10.0, min_votes=3, overall_mean=6.0) == 8.0
    assert weighted_rating(votes=300, mean=10.0, min_votes=3, overall_mean=6.0) == pytest.approx(
        9.9604, abs=1e-4
    )


def test_top_250_ranks_movies_with_enough_votes_by_weighted_rating(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 3
    many = TitleFactory(primary_title="Many nines")
    few = TitleFactory(primary_title="Few tens")
    too_few = TitleFactory(primary_title="Two tens")
    series = TitleFactory(primary_title="A series", title_type=TitleType.TV_SERIES)
    _rate(many, [9] * 12)
    _rate(few, [10] * 3)
    _rate(too_few, [10] * 2)
    _rate(series, [8] * 4)
    refresh_charts()
    # C = (108 + 30 + 20 + 32) / 21 = 9.05; WR(many) = 12/15·9 + 3/15·C = 9.01, WR(few) = 9.52
    assert _chart(ChartKind.TOP) == ["Few tens", "Many nines"]
    assert _chart(ChartKind.TOP_TV) == ["A series"]
    chart = Chart.objects.get(kind=ChartKind.TOP)
    assert (chart.min_votes, str(chart.mean_rating), chart.basis) == (3, "9.0476", "reeldb")


def test_genre_charts_hold_the_top_movies_of_each_genre(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1
    _rate(TitleFactory(primary_title="Western", genres="Western"), [9])
    _rate(TitleFactory(primary_title="Both", genres="Western,Drama"), [7])
    refresh_charts()
    assert _chart(ChartKind.GENRE, "Western") == ["Western", "Both"]
    assert _chart(ChartKind.GENRE, "Drama") == ["Both"]


def test_the_published_basis_ranks_by_the_sources_ratings_alone(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1000
    settings.REELDB_CHART_BASIS = "published"
    TitleFactory(primary_title="Published", average_rating="7.2", num_votes=144553)
    _rate(TitleFactory(primary_title="Only rated here"), [10] * 3)
    refresh_charts()
    assert _chart(ChartKind.TOP) == ["Published"]


def test_auto_ranks_by_published_ratings_until_users_have_voted_enough(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 3
    settings.REELDB_CHART_BASIS = "auto"
    TitleFactory(primary_title="Published", average_rating="7.2", num_votes=144553)
    rated = TitleFactory(primary_title="Rated here")
    _rate(rated, [9, 9])
    refresh_charts()
    assert _chart(ChartKind.TOP) == ["Published"]
    assert Chart.objects.get(kind=ChartKind.TOP).basis == "published"
    _rate(rated, [9])
    refresh_charts()
    assert _chart(ChartKind.TOP) == ["Rated here"]
    assert Chart.objects.get(kind=ChartKind.TOP).basis == "reeldb"


def test_most_popular_follows_the_published_popularity_until_users_act() -> None:
    TitleFactory(primary_title="Less popular", popularity_rank=2415)
    TitleFactory(primary_title="Most popular", popularity_rank=12)
    TitleFactory(primary_title="A series", title_type=TitleType.TV_SERIES, popularity_rank=1)
    refresh_charts()
    assert _chart(ChartKind.MOVIEMETER) == ["Most popular", "Less popular"]
    assert Chart.objects.get(kind=ChartKind.MOVIEMETER).basis == "published"
    _rate(TitleFactory(primary_title="Rated here"), [7])
    refresh_charts()
    assert _chart(ChartKind.MOVIEMETER) == ["Rated here"]
    assert Chart.objects.get(kind=ChartKind.MOVIEMETER).basis == ""


def test_most_popular_shows_movement_since_the_last_refresh() -> None:
    latest = timezone.now()
    quiet, busy = TitleFactory(primary_title="Quiet"), TitleFactory(primary_title="Busy")
    _rate(quiet, [5, 5], when=latest)
    _rate(busy, [5], when=latest)
    _rate(busy, [5, 5, 5], when=latest - datetime.timedelta(days=30))  # outside the window
    refresh_charts()
    assert _chart(ChartKind.MOVIEMETER) == ["Quiet", "Busy"]
    assert [e.change for e in ChartEntry.objects.filter(chart__kind=ChartKind.MOVIEMETER)] == [
        None,
        None,
    ]
    _rate(busy, [6, 6], when=latest)
    refresh_charts()
    entries = ChartEntry.objects.filter(chart__kind=ChartKind.MOVIEMETER).select_related("title")
    assert [(e.title.primary_title, e.change) for e in entries] == [("Busy", 1), ("Quiet", -1)]


def test_box_office_ranks_by_the_worldwide_gross_where_stated() -> None:
    source = SourceFactory()
    small, big = TitleFactory(primary_title="Small"), TitleFactory(primary_title="Big")
    BoxOffice.objects.create(
        title=small, source=source, kind=BoxOfficeKind.GROSS, amount=9_000_000, region="US"
    )
    BoxOffice.objects.create(
        title=big, source=source, kind=BoxOfficeKind.GROSS, amount=5_000_000, region="US"
    )
    BoxOffice.objects.create(
        title=big, source=source, kind=BoxOfficeKind.GROSS, amount=20_000_000, region="worldwide"
    )
    BoxOffice.objects.create(
        title=small, source=source, kind=BoxOfficeKind.BUDGET, amount=90_000_000
    )
    refresh_charts()
    entries = list(ChartEntry.objects.filter(chart__kind=ChartKind.BOX_OFFICE))
    assert [(e.amount, e.region) for e in entries] == [(20_000_000, "worldwide"), (9_000_000, "US")]


def test_a_refresh_replaces_charts_whole_and_drops_vanished_genres(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1
    title = TitleFactory(genres="Horror")
    _rate(title, [8])
    refresh_charts()
    assert Chart.objects.filter(kind=ChartKind.GENRE, key="Horror").exists()
    Rating.objects.all().delete()
    refresh_charts()
    assert not Chart.objects.filter(kind=ChartKind.GENRE).exists()
    assert not ChartEntry.objects.exists()


def test_a_user_who_rates_twice_counts_once(settings: Any) -> None:
    settings.REELDB_CHART_MIN_VOTES = 1
    title, user = TitleFactory(), UserFactory()
    RatingFactory(title=title, user=user, value=4)
    Rating.objects.filter(user=user).update(value=9)
    refresh_charts()
    entry = ChartEntry.objects.get(chart__kind=ChartKind.TOP)
    assert (entry.votes, float(entry.average)) == (1, 9.0)
