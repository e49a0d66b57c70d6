"""Data from users is bounded: dates from 1888 to tomorrow only; no one account moves a chart."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reeldb.charts.models import Chart, ChartEntry, ChartKind
from reeldb.charts.services import refresh_charts
from reeldb.community import services
from reeldb.community.history import check_upload, import_history
from reeldb.community.models import CheckIn, Rating
from reeldb.errors import InvalidInput
from tests.catalog.factories import TitleFactory
from tests.community.factories import RatingFactory, UserFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


def test_an_imported_rating_dated_far_in_the_future_is_refused() -> None:
    user, title = UserFactory(), TitleFactory()
    row = services.ImportedRating(user_id=user.pk, title_id=title.pk, value=8, rated_at=FAR_FUTURE)

    with pytest.raises(InvalidInput, match="9999-12-31 is in the future"):
        services.upsert_ratings([row])

    assert not Rating.objects.exists()


def test_an_imported_rating_from_before_films_is_refused() -> None:
    user, title = UserFactory(), TitleFactory()
    early = datetime.datetime(1887, 12, 31, tzinfo=datetime.UTC)
    row = services.ImportedRating(user_id=user.pk, title_id=title.pk, value=8, rated_at=early)

    with pytest.raises(InvalidInput, match=r"1887-12-31 is before the first film \(1888\)"):
        services.upsert_ratings([row])


def test_a_check_in_in_2099_or_before_1888_is_refused() -> None:
    user, title = UserFactory(), TitleFactory()
    for day in (datetime.date(2099, 1, 1), datetime.date(1887, 12, 31)):
        with pytest.raises(InvalidInput):
            services.check_in(user=user, title=title, watched_on=day)

    services.check_in(user=user, title=title, watched_on=datetime.date(1888, 1, 1))
    assert CheckIn.objects.count() == 1


def test_one_account_cannot_take_over_most_popular() -> None:
    """A far-future rating and a hundred check-ins by one user rank below two users' ratings."""
    pushed, liked = TitleFactory(primary_title="Pushed"), TitleFactory(primary_title="Liked")
    pusher = UserFactory()
    rating = RatingFactory(user=pusher, title=pushed)
    # Stored before dates were checked, or written past the services.
    Rating.objects.filter(pk=rating.pk).update(rated_at=FAR_FUTURE)
    CheckIn.objects.bulk_create(
        CheckIn(user=pusher, title=pushed, watched_on=datetime.date(2026, 1, 1)) for _ in range(100)
    )
    RatingFactory.create_batch(2, title=liked)

    refresh_charts()

    entries = ChartEntry.objects.filter(chart__kind=ChartKind.MOVIEMETER).select_related("title")
    assert [(entry.title.primary_title, entry.votes) for entry in entries] == [
        ("Liked", 2),
        ("Pushed", 1),
    ]
    chart = Chart.objects.get(kind=ChartKind.MOVIEMETER)
    assert chart.window_end is not None
    assert chart.window_end <= timezone.now()


def test_an_imported_diary_line_dated_2099_is_skipped_and_the_rest_imported() -> None:
    user = UserFactory()
    TitleFactory(tconst="tt0104815", primary_title="El Mariachi", start_year=1992)
    TitleFactory(tconst="tt0112851", primary_title="Desperado", start_year=1995)
    diary = (
        b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        b"2024-03-02,El Mariachi,1992,https://boxd.it/x,4.5,,,2024-03-01\n"
        b"2099-01-02,Desperado,1995,https://boxd.it/y,4,,,2099-01-01\n"
    )

    report = import_history(user=user, upload=check_upload(name="diary.csv", data=diary))

    assert [str(issue) for issue in report.skipped] == [
        "diary.csv:3: 2099-01-01 is in the future: give the day you watched it."
    ]
    assert list(CheckIn.objects.values_list("watched_on", flat=True)) == [datetime.date(2024, 3, 1)]
    assert Rating.objects.get().title.primary_title == "El Mariachi"
