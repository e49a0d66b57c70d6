"""A history import never holds the write lock while it reads or matches, and writes in batches."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import psycopg.errors
import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reeldb.community import services
from reeldb.community.history import check_upload, import_history, importing
from reeldb.community.models import Rating
from tests.catalog.factories import TitleFactory
from tests.community.factories import UserFactory
from tests.conftest import run_reeldb

REPO = Path(__file__).resolve().parent.parent.parent
HEADER = "Date,Name,Year,Letterboxd URI,Rating\n"


def _ratings_csv(rows: int) -> bytes:
    """Return a Letterboxd ratings file naming ``rows`` films, half of them in the catalogue."""
    lines = (f"2024-02-01,Film {n},{1950 + n % 50},,{1 + n % 5}\n" for n in range(rows))
    return (HEADER + "".join(lines)).encode()


def _catalogue(films: int) -> None:
    for n in range(0, films, 2):
        TitleFactory(tconst=None, primary_title=f"Film {n}", start_year=1950 + n % 50)


@pytest.mark.django_db(transaction=True)
def test_reading_and_matching_run_outside_any_transaction(monkeypatch: Any) -> None:
    _catalogue(200)
    seen: list[bool] = []

    def matching(pairs: Any) -> Any:
        seen.append(connection.in_atomic_block)
        return find(pairs)

    find = importing.find_titles_by_names
    monkeypatch.setattr(importing, "find_titles_by_names", matching)
    upload = check_upload(name="ratings.csv", data=_ratings_csv(2_500))

    report = import_history(user=UserFactory(), upload=upload)

    assert seen == [False, False, False]
    assert report.matched == 100


@pytest.mark.django_db
def test_an_import_takes_a_few_queries_per_thousand_rows_not_one_per_row() -> None:
    _catalogue(200)
    user = UserFactory()
    counts = []
    for rows in (1_000, 4_000):
        upload = check_upload(name="ratings.csv", data=_ratings_csv(rows))
        with CaptureQueriesContext(connection) as queries:
            import_history(user=user, upload=upload)
        counts.append(len(queries))

    # Per batch of 1,000 rows: the titles by name and the titles a year off
    # (Letterboxd's years), then the batch's transaction (a savepoint inside the
    # test's) that reads the user's ratings of the batch's titles (the newer one
    # wins) and, in its own savepoint, upserts them and brings the reviews'
    # ratings along: 9 queries. Only the first batch names films in the
    # catalogue; the others write nothing: 4 queries each. The second import
    # finds the same ratings already there, at the same dates: 5 queries for its
    # first batch, nothing to write.
    assert counts == [9, 5 + 3 * 4]
    assert Rating.objects.filter(user=user).count() == 100


def test_another_users_rating_is_written_while_an_import_matches(
    reeldb_env: dict[str, str],
) -> None:
    """On SQLite a transaction around the import held the one write lock; here it must be free."""
    assert run_reeldb(reeldb_env, "init").returncode == 0
    script = textwrap.dedent(
        """
        import os, threading
        import django
        os.environ["DJANGO_SETTINGS_MODULE"] = "reeldb.settings"
        django.setup()
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment
        from reeldb.community import services
        from reeldb.community.history import importing
        from tests.catalog.factories import TitleFactory
        from tests.community.factories import UserFactory
        from tests.security.test_upload_locks import _catalogue, _ratings_csv

        setup_test_environment()
        _catalogue(200)
        member, other, title = UserFactory(), UserFactory(), TitleFactory()
        outcome = []

        def rate():
            try:
                services.set_rating(user=other, title=title, value=7)
                outcome.append("written")
            except Exception as error:
                outcome.append(repr(error))
            finally:
                connection.close()

        def paused(find):
            def matching(*args, **kwargs):
                if not outcome:
                    writer = threading.Thread(target=rate)
                    writer.start()
                    writer.join()
                return find(*args, **kwargs)
            return matching

        # The selector the import matches names with, then and now.
        for name in ("find_title_by_name", "find_titles_by_names"):
            if hasattr(importing, name):
                setattr(importing, name, paused(getattr(importing, name)))
        client = Client()
        client.force_login(member)
        upload = SimpleUploadedFile("ratings.csv", _ratings_csv(3_000), "text/csv")
        response = client.post("/accounts/history/", {"export": upload})
        print(response.status_code, outcome[0])
        """
    )
    env = {**reeldb_env, "REELDB_UPLOAD_INLINE_ROWS": "100000", "REELDB_PLAIN_STATIC": "1"}
    env["PYTHONPATH"] = f"{REPO}:{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["200", "written"]


@pytest.mark.django_db
def test_a_statement_waits_5_seconds_for_a_lock_at_most() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == ("5s",)
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (5000,)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cause",
    [
        None,  # SQLite's "database is locked"
        psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"),
        psycopg.errors.DeadlockDetected("deadlock detected"),
    ],
)
def test_a_locked_database_answers_503_with_retry_after(
    client: Client, monkeypatch: Any, cause: Exception | None
) -> None:
    def locked(**_kwargs: Any) -> None:
        if cause is None:
            raise OperationalError("database is locked")
        raise OperationalError(str(cause)) from cause

    monkeypatch.setattr(services, "set_rating", locked)
    client.force_login(UserFactory())
    title = TitleFactory()

    response = client.post(f"/title/{title.tconst}/rating", {"value": 5})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert 'data-code="busy"' in response.content.decode()
