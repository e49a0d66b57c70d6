"""Bring your own history: IMDb and Letterboxd exports in and out, as untrusted input."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from reeldb.catalog.models import ReleaseDate
from reeldb.community.history import (
    Entry,
    Issue,
    check_upload,
    export_history,
    import_history,
    importing,
    read_upload,
)
from reeldb.community.models import CheckIn, Rating, TitleList, WatchlistEntry
from reeldb.errors import InvalidInput
from tests.catalog.factories import CreditFactory, PersonFactory, TitleFactory
from tests.community.factories import RatingFactory, UserFactory

IMDB_RATINGS = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
    "tt0112851,8,2024-05-01,Desperado,Desperado,https://www.imdb.com/title/tt0112851/,Movie,"
    "7.2,104,1995,Action,144553,1995-08-25,Robert Rodriguez\n"
    "tt9999999,6,2024-05-02,Not Here,Not Here,,Movie,,,2001,,,,\n"
    "tt0104815,11,2024-05-03,El Mariachi,El Mariachi,,Movie,,,1992,,,,\n"
)
IMDB_WATCHLIST = (
    "Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,"
    "IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,"
    "Date Rated\n1,tt0104815,2024-01-02,2024-01-02,,El Mariachi,,,Movie,,,1992,,,,,,\n"
)
LETTERBOXD_RATINGS = (
    "Date,Name,Year,Letterboxd URI,Rating\n"
    "2024-02-01,Desperado,1995,https://boxd.it/abc,3.5\n"
    "2024-02-02,Unheard Of,1950,https://boxd.it/def,4\n"
    "2024-02-03,El Mariachi,1992,https://boxd.it/ghi,2.25\n"
)
LETTERBOXD_DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2024-03-02,El Mariachi,1992,https://boxd.it/x,4.5,,,2024-03-01\n"
)
LETTERBOXD_LIST = (
    "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
    "2024-04-01,Mexico Trilogy,,https://boxd.it/list,Rodriguez\n\n"
    "Position,Name,Year,URL,Description\n1,El Mariachi,1992,https://boxd.it/a,\n"
    "2,Desperado,1995,https://boxd.it/b,\n"
)


@pytest.fixture
def films(db: None) -> dict[str, Any]:
    return {
        "desperado": TitleFactory(tconst="tt0112851", primary_title="Desperado", start_year=1995),
        "mariachi": TitleFactory(tconst="tt0104815", primary_title="El Mariachi", start_year=1992),
    }


def _import(user: Any, name: str, text: str | bytes) -> Any:
    data = text.encode() if isinstance(text, str) else text
    return import_history(user=user, upload=check_upload(name=name, data=data))


@pytest.mark.django_db
def test_imdb_ratings_match_by_id_and_report_what_did_not(films: dict[str, Any]) -> None:
    user = UserFactory()
    report = _import(user, "ratings.csv", IMDB_RATINGS)
    assert report.matched == 1
    assert [str(issue) for issue in report.unmatched] == [
        "ratings.csv:3: “Not Here” (2001) is not in the catalogue (IMDb id tt9999999)"
    ]
    assert [str(issue) for issue in report.skipped] == [
        "ratings.csv:4: not a rating from 1 to 10: '11'"
    ]
    rating = Rating.objects.get(user=user)
    assert (rating.title, rating.value, rating.rated_at.date().isoformat()) == (
        films["desperado"],
        8,
        "2024-05-01",
    )


@pytest.mark.django_db
def test_a_title_rewatched_across_batches_is_counted_as_one_rating(
    films: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "BATCH", 2)
    rewatches = "".join(
        f"2024-03-0{day},El Mariachi,1992,https://boxd.it/x,4,Yes,,2024-03-0{day}\n"
        for day in range(1, 6)
    )
    user = UserFactory()
    report = _import(user, "diary.csv", LETTERBOXD_DIARY.splitlines()[0] + "\n" + rewatches)
    assert (report.imported["ratings"], report.imported["check-ins"]) == (1, 5)
    assert Rating.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_an_imdb_watchlist_fills_the_watchlist(films: dict[str, Any]) -> None:
    user = UserFactory()
    report = _import(user, "WATCHLIST.csv", IMDB_WATCHLIST)
    assert report.imported["watchlist"] == 1
    assert WatchlistEntry.objects.get(user=user).title == films["mariachi"]


@pytest.mark.django_db
def test_letterboxd_half_stars_double_and_names_match_by_title_and_year(
    films: dict[str, Any],
) -> None:
    user = UserFactory()
    report = _import(user, "ratings.csv", LETTERBOXD_RATINGS)
    assert Rating.objects.get(user=user).value == 7
    assert [str(i) for i in report.unmatched] == [
        "ratings.csv:3: “Unheard Of” (1950) is not in the catalogue"
    ]
    assert [str(i) for i in report.skipped] == [
        "ratings.csv:4: not a rating of ½ to 5 stars: '2.25'"
    ]


@pytest.mark.django_db
def test_a_letterboxd_zip_brings_diary_check_ins_and_lists_and_twice_changes_nothing(
    films: dict[str, Any],
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("diary.csv", LETTERBOXD_DIARY)
        bundle.writestr("lists/mexico-trilogy.csv", LETTERBOXD_LIST)
        bundle.writestr("likes/films.csv", LETTERBOXD_RATINGS)
    user = UserFactory()
    for _ in range(2):
        _import(user, "letterboxd.zip", archive.getvalue())
    check_in = CheckIn.objects.get(user=user)
    assert (check_in.title, check_in.watched_on.isoformat()) == (films["mariachi"], "2024-03-01")
    assert Rating.objects.get(user=user).value == 9
    trilogy = TitleList.objects.get(user=user)
    assert trilogy.name == "Mexico Trilogy" and not trilogy.is_public
    assert [item.title for item in trilogy.items.order_by("position")] == [
        films["mariachi"],
        films["desperado"],
    ]


@pytest.mark.django_db
def test_an_unknown_file_is_reported_not_imported() -> None:
    report = _import(UserFactory(), "notes.csv", "a,b\n1,2\n")
    assert [str(issue) for issue in report.skipped] == [
        "notes.csv:1: not an IMDb or Letterboxd export (unknown header)"
    ]


@pytest.mark.django_db
def test_exports_read_back_in_as_the_same_history(films: dict[str, Any]) -> None:
    user = UserFactory()
    RatingFactory(user=user, title=films["desperado"], value=7)
    WatchlistEntry.objects.create(user=user, title=films["mariachi"])
    imdb = export_history(user=user, export="imdb-ratings", base_url="http://x")
    letterboxd = export_history(user=user, export="letterboxd-ratings", base_url="http://x")
    watchlist = export_history(user=user, export="imdb-watchlist", base_url="http://x")
    assert next(csv.DictReader(io.StringIO(letterboxd)))["Rating"] == "3.5"
    other = UserFactory()
    for name, content in (("r.csv", imdb), ("l.csv", letterboxd), ("w.csv", watchlist)):
        assert not _import(other, name, content).unmatched
    assert list(Rating.objects.filter(user=other).values_list("title", "value")) == [
        (films["desperado"].pk, 7)
    ]
    assert WatchlistEntry.objects.get(user=other).title == films["mariachi"]


@pytest.mark.django_db
def test_an_exported_cell_never_starts_a_spreadsheet_formula() -> None:
    user = UserFactory()
    RatingFactory(user=user, title=TitleFactory(primary_title="=HYPERLINK(1)"))
    assert "'=HYPERLINK(1)" in export_history(user=user, export="letterboxd-ratings", base_url="")


@given(st.binary(max_size=3_000), st.sampled_from(["ratings.csv", "watchlist.csv", "x.zip"]))
@settings(max_examples=60)
def test_any_upload_reads_as_entries_or_issues_or_is_refused(data: bytes, name: str) -> None:
    try:
        upload = check_upload(name=name, data=data)
    except InvalidInput:
        return
    for item in read_upload(upload):
        assert isinstance(item, Entry | Issue)


@given(st.lists(st.lists(st.text(max_size=30), max_size=6), max_size=8))
@settings(max_examples=60)
def test_any_rows_under_a_real_header_read_as_entries_or_issues(rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating"])
    writer.writerows(rows)
    for item in read_upload(check_upload(name="ratings.csv", data=out.getvalue().encode())):
        if isinstance(item, Entry):
            assert item.name
            assert item.value is None or 1 <= item.value <= 10


@pytest.mark.django_db
def test_the_history_page_imports_an_upload_and_shows_what_matched(
    client: Client, films: dict[str, Any]
) -> None:
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("ratings.csv", IMDB_RATINGS.encode(), "text/csv")
    response = client.post("/accounts/history/", {"export": upload})
    page = response.content.decode()
    assert "1 matched" in page
    assert "<li>1 rating</li>" in page
    assert "“Not Here” (2001) is not in the catalogue (IMDb id tt9999999)" in page


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused(client: Client, settings: Any) -> None:
    settings.REELDB_UPLOAD_MAX_BYTES = 100
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("ratings.csv", IMDB_RATINGS.encode(), "text/csv")
    response = client.post("/accounts/history/", {"export": upload})
    assert response.status_code == 400
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_the_export_downloads_as_csv_for_the_signed_in_user_only(client: Client) -> None:
    assert client.get("/accounts/history/imdb-ratings.csv").status_code == 302
    client.force_login(UserFactory())
    response = client.get("/accounts/history/letterboxd-watchlist.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("Date,Name,Year,Letterboxd URI")
    assert client.get("/accounts/history/nope.csv").status_code == 400


# Conflicts: a history never replaces a newer rating with an older one.


def _rated(user: Any, title: Any, value: int, day: str) -> None:
    RatingFactory(
        user=user,
        title=title,
        value=value,
        rated_at=datetime.datetime.fromisoformat(f"{day}T12:00Z"),
    )


@pytest.mark.django_db
def test_an_older_imported_rating_never_replaces_a_newer_one_and_is_listed(
    films: dict[str, Any],
) -> None:
    user = UserFactory()
    _rated(user, films["desperado"], 9, "2025-06-01")  # newer than the file's 2024-05-01

    report = _import(user, "ratings.csv", IMDB_RATINGS)

    assert Rating.objects.get(user=user, title=films["desperado"]).value == 9
    assert [str(issue) for issue in report.conflicts] == [
        "ratings.csv:2: Desperado (1995): kept your 9/10 of 2025-06-01, "
        "newer than the file's 8/10 of 2024-05-01"
    ]


@pytest.mark.django_db
def test_a_newer_imported_rating_replaces_an_older_one_and_is_listed(
    films: dict[str, Any],
) -> None:
    user = UserFactory()
    _rated(user, films["desperado"], 5, "2020-01-01")

    report = _import(user, "ratings.csv", IMDB_RATINGS)

    assert Rating.objects.get(user=user, title=films["desperado"]).value == 8
    assert [str(issue) for issue in report.conflicts] == [
        "ratings.csv:2: Desperado (1995): the file's 8/10 of 2024-05-01 replaced "
        "your 5/10 of 2020-01-01, which is older"
    ]


@pytest.mark.django_db
def test_an_imported_rating_equal_to_the_users_is_no_conflict(films: dict[str, Any]) -> None:
    user = UserFactory()
    _rated(user, films["desperado"], 8, "2025-06-01")
    report = _import(user, "ratings.csv", IMDB_RATINGS)
    assert report.conflicts.count == 0
    assert Rating.objects.get(user=user, title=films["desperado"]).value == 8


@pytest.mark.django_db
def test_within_one_file_the_latest_dated_rating_of_a_title_wins(films: dict[str, Any]) -> None:
    diary = (
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-03-09,El Mariachi,1992,,5,Yes,,2024-03-09\n"
        "2019-03-02,El Mariachi,1992,,2,,,2019-03-01\n"
    )
    user = UserFactory()
    report = _import(user, "diary.csv", diary)
    assert Rating.objects.get(user=user).value == 10
    assert report.conflicts.count == 0


@pytest.mark.django_db
def test_the_conflicts_survive_a_background_jobs_report(films: dict[str, Any]) -> None:
    user = UserFactory()
    _rated(user, films["desperado"], 9, "2025-06-01")
    report = _import(user, "ratings.csv", IMDB_RATINGS)
    again = importing.HistoryReport.from_json(report.as_json())
    assert [str(issue) for issue in again.conflicts] == [str(i) for i in report.conflicts]


@pytest.mark.django_db
def test_the_history_page_lists_each_conflict(client: Client, films: dict[str, Any]) -> None:
    user = UserFactory()
    _rated(user, films["desperado"], 9, "2025-06-01")
    client.force_login(user)
    upload = SimpleUploadedFile("ratings.csv", IMDB_RATINGS.encode(), "text/csv")
    page = client.post("/accounts/history/", {"export": upload}).content.decode()
    assert "Ratings in conflict" in page
    assert "kept your 9/10 of 2025-06-01" in page


# Letterboxd's years


@pytest.mark.django_db
def test_letterboxd_matches_an_exact_title_one_year_off(films: dict[str, Any]) -> None:
    ratings = "Date,Name,Year,Letterboxd URI,Rating\n2024-02-01,Desperado,1996,,4\n"
    report = _import(UserFactory(), "ratings.csv", ratings)
    assert report.unmatched.count == 0
    assert Rating.objects.get().title == films["desperado"]


@pytest.mark.django_db
def test_a_year_off_match_needs_a_unique_title(films: dict[str, Any]) -> None:
    TitleFactory(primary_title="Desperado", start_year=1997)
    ratings = "Date,Name,Year,Letterboxd URI,Rating\n2024-02-01,Desperado,1996,,4\n"
    report = _import(UserFactory(), "ratings.csv", ratings)
    assert [str(issue) for issue in report.unmatched] == [
        "ratings.csv:2: “Desperado” (1996) is not in the catalogue"
    ]
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_year_off_match_needs_the_exact_title(films: dict[str, Any]) -> None:
    ratings = "Date,Name,Year,Letterboxd URI,Rating\n2024-02-01,Desperado!,1996,,4\n"
    report = _import(UserFactory(), "ratings.csv", ratings)
    assert report.unmatched.count == 1


@pytest.mark.django_db
def test_two_years_off_is_not_a_match(films: dict[str, Any]) -> None:
    ratings = "Date,Name,Year,Letterboxd URI,Rating\n2024-02-01,Desperado,1997,,4\n"
    assert _import(UserFactory(), "ratings.csv", ratings).unmatched.count == 1


# Exports fill every column


@pytest.mark.django_db
def test_imdb_exports_state_directors_and_release_date(films: dict[str, Any]) -> None:
    desperado = films["desperado"]
    director = PersonFactory(primary_name="Robert Rodriguez")
    CreditFactory(title=desperado, person=director, category="director")
    ReleaseDate.objects.create(
        title=desperado,
        country="US",
        release_date=datetime.date(1995, 8, 25),
        source=desperado.source,
    )
    ReleaseDate.objects.create(
        title=desperado,
        country="MX",
        release_date=datetime.date(1995, 9, 1),
        source=desperado.source,
    )
    user = UserFactory()
    RatingFactory(user=user, title=desperado)
    WatchlistEntry.objects.create(user=user, title=desperado)

    for export in ("imdb-ratings", "imdb-watchlist"):
        rows = list(
            csv.DictReader(io.StringIO(export_history(user=user, export=export, base_url="")))
        )
        assert (rows[0]["Directors"], rows[0]["Release Date"]) == ("Robert Rodriguez", "1995-08-25")


@pytest.mark.django_db
def test_letterboxd_exports_state_a_letterboxd_uri_that_reads_back(
    films: dict[str, Any],
) -> None:
    user = UserFactory()
    RatingFactory(user=user, title=films["desperado"], value=7)
    CheckIn.objects.create(
        user=user, title=films["desperado"], watched_on=datetime.date(2024, 1, 1)
    )
    WatchlistEntry.objects.create(user=user, title=films["mariachi"])
    for export in ("letterboxd-ratings", "letterboxd-diary", "letterboxd-watchlist"):
        rows = list(
            csv.DictReader(io.StringIO(export_history(user=user, export=export, base_url="")))
        )
        assert all(
            row["Letterboxd URI"].startswith("https://letterboxd.com/imdb/tt") for row in rows
        )

    # The URI names the IMDb id, so a renamed title still matches on the way back in.
    films["desperado"].primary_title = "Desperado (renamed)"
    films["desperado"].save()
    exported = export_history(user=user, export="letterboxd-ratings", base_url="")
    other = UserFactory()
    report = _import(other, "ratings.csv", exported.replace("Desperado (renamed)", "Renamed"))
    assert report.unmatched.count == 0
    assert Rating.objects.get(user=other).title == films["desperado"]
