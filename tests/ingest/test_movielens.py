"""The MovieLens importer on tiny files of each layout, and on ml-100k when it is present."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from reeldb.catalog.models import ExternalId, ExternalSite, Keyword, Title
from reeldb.catalog.selectors import find_by_external_id
from reeldb.charts.models import ChartEntry, ChartKind
from reeldb.charts.services import refresh_charts
from reeldb.community.models import Rating
from reeldb.community.selectors import get_rating_summary
from reeldb.ingest.movielens import import_movielens
from reeldb.ingest.movielens.readers import LayoutError
from tests.catalog.factories import TitleFactory
from tests.conftest import SHARED, run_reeldb
from tests.html import visible_text

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "movielens"
ML_100K = SHARED / "data" / "ml-100k"


def _ratings(title: Title) -> dict[int, int]:
    return get_rating_summary(title).counts


def test_ml_100k_users_ratings_and_movies_load_with_bad_lines_reported() -> None:
    desperado = TitleFactory(primary_title="Desperado", start_year=1995, tconst="tt0112851")
    report = import_movielens(DATA / "ml-100k-mini")
    assert (report.loaded["movies"], report.loaded["users"], report.loaded["ratings"]) == (3, 3, 5)
    assert [str(issue) for issue in report.issues] == [
        "u.item:4: movie 4 has no title",
        "u.item:5: expected 24 fields, found 3",
        "u.data:6: not a rating: 'x'",
        "u.data:5: rating of unknown movie 9",
    ]
    assert "1 matched by title and year, 2 created" in report.notes[0]
    assert "match rate 33.3%" in report.notes[0]
    # ml-100k's whole stars double: 4 -> 8, 5 -> 10.
    assert _ratings(desperado) == {8: 1, 10: 1}
    suspects = Title.objects.get(primary_title="The Usual Suspects")
    assert (suspects.start_year, suspects.genres) == (1995, "Crime,Thriller")
    assert Title.objects.filter(primary_title="La Cité des enfants perdus").exists()


def test_importing_again_changes_nothing() -> None:
    import_movielens(DATA / "ml-100k-mini")
    ratings = list(Rating.objects.order_by("pk").values_list("user_id", "title_id", "value"))
    again = import_movielens(DATA / "ml-100k-mini")
    assert again.changed["movies"] == 0
    assert "3 already imported" in again.notes[0]
    assert list(Rating.objects.order_by("pk").values_list("user_id", "title_id", "value")) == (
        ratings
    )


def test_imported_users_are_marked_and_cannot_log_in() -> None:
    import_movielens(DATA / "ml-100k-mini")
    rating = Rating.objects.select_related("user__profile").first()
    assert rating is not None
    assert rating.user.username.startswith("ml-100k-mini-")
    assert rating.user.profile.is_imported
    assert not rating.user.has_usable_password()


def test_ml_latest_matches_by_imdb_id_halves_stars_and_keeps_tags_as_keywords() -> None:
    desperado = TitleFactory(primary_title="Desperado", start_year=1995, tconst="tt0112851")
    report = import_movielens(DATA / "ml-latest-mini")
    assert "1 matched by IMDb id" in report.notes[0]
    assert [str(issue) for issue in report.issues] == [
        "ratings.csv:6: rating '7.0' is not 0.5 to 5 stars in halves"
    ]
    assert _ratings(desperado) == {9: 1, 6: 1}
    toy_story = Title.objects.get(tconst="tt0114709")
    assert (toy_story.primary_title, toy_story.genres) == (
        "Toy Story",
        "Adventure,Animation,Family,Comedy,Fantasy",
    )
    assert _ratings(toy_story) == {1: 1}
    assert list(Keyword.objects.filter(title=desperado).values_list("keyword", flat=True)) == [
        "mariachi"
    ]
    lost = Title.objects.get(tconst="tt0112682")
    assert (lost.primary_title, lost.original_title) == (
        "The City of Lost Children",
        "La Cité des enfants perdus",
    )


def test_ml_latest_links_give_each_movie_its_tmdb_id_and_a_bad_one_is_reported(
    tmp_path: Path,
) -> None:
    release = tmp_path / "ml-latest-mini"
    shutil.copytree(DATA / "ml-latest-mini", release)
    with (release / "links.csv").open("a") as links:
        links.write("4,0000004,tt99\n")
    report = import_movielens(release)
    assert "links.csv:5: tmdbId is not a number: 'tt99'" in [str(i) for i in report.issues]
    assert [t.tconst for t in find_by_external_id(ExternalSite.TMDB, "8068")] == ["tt0112851"]
    assert [t.tconst for t in find_by_external_id(ExternalSite.TMDB, "862")] == ["tt0114709"]
    import_movielens(release)
    assert ExternalId.objects.count() == 3  # the release's ids replaced, never doubled


def test_recbole_atomic_files_load_and_a_bad_year_falls_back_to_the_title() -> None:
    report = import_movielens(DATA / "recbole-mini" / "mini.inter")
    assert report.loaded["ratings"] == 3
    assert [str(issue) for issue in report.issues] == [
        "mini.item:4: movie 3 has no title",
        "mini.inter:4: rating of unknown movie 3",
    ]
    land = Title.objects.get(primary_title="Land Before Time III: The Time of the Great Giving")
    assert (land.start_year, land.genres) == (1995, "Animation,Family")


def test_a_folder_without_movielens_files_says_what_it_expects(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match=r"expected u\.data and u\.item"):
        import_movielens(tmp_path)


def test_the_command_imports_and_refreshes_the_charts(reeldb_env: dict[str, str]) -> None:
    assert run_reeldb(reeldb_env, "init").returncode == 0
    result = run_reeldb(reeldb_env, "import", "movielens", str(DATA / "ml-latest-mini"))
    assert result.returncode == 1, result.stderr  # done, one line skipped
    assert "ratings: 5 read, 4 loaded" in result.stderr
    assert "ratings.csv:6:" in result.stderr
    assert "Charts refreshed" in result.stderr
    missing = run_reeldb(reeldb_env, "import", "movielens", str(DATA))
    assert missing.returncode == 2
    assert "holds no MovieLens files" in missing.stderr


def _ml_100k() -> Path:
    if not (ML_100K / "ml-100k.inter").is_file():
        pytest.skip(f"ml-100k is not in {ML_100K} (its licence forbids shipping it with reeldb).")
    return ML_100K


def test_with_ml_100k_star_wars_shows_every_rating_in_the_file(
    client: Client, settings: Any
) -> None:
    path = _ml_100k()
    with (path / "ml-100k.inter").open() as inter:
        expected = sum(1 for line in inter if line.split("\t")[1:2] == ["50"])
    import_movielens(path)
    refresh_charts()
    star_wars = Title.objects.get(primary_title="Star Wars", start_year=1977)
    assert get_rating_summary(star_wars).total == expected == 583
    assert f"{expected} votes on reeldb" in visible_text(client.get(star_wars.get_absolute_url()))
    top = ChartEntry.objects.filter(chart__kind=ChartKind.TOP)
    assert top.count() == min(settings.REELDB_CHART_SIZE, top.count())
    entry = top.get(title=star_wars)
    assert entry.votes == expected
    assert f"★ {entry.average:.1f} ({expected})" in visible_text(client.get("/chart/top"))
