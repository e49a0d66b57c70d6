"""`reeldb import imdb` beside a running `reeldb serve`: the import completes, the site answers."""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from http.client import HTTPException
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, build_opener

import pytest
from bench.make_imdb_dump import write_dump

from reeldb.ingest.imdb_datasets import import_datasets
from tests.conftest import run_reeldb, start_serve
from tests.ingest.test_imdb_targets import write_lock_held

# 6,000 titles, 7,000 people, 45,000 principals: a few seconds of import.
SCALE = 0.0005
PASSWORD = "a long test password"  # noqa: S105 - a test account only
# A synthetic dump numbers its ids from 1: these pages exist once their file is merged.
TITLES = [f"tt{number:07d}" for number in range(1, 41)]
PEOPLE = [f"nm{number:07d}" for number in range(1, 21)]
# Seconds between two ratings: the writer stays under the write rate limit.
WRITE_INTERVAL = 0.6

CATALOGUE = """
from reeldb.catalog.models import Aka, Credit, KnownFor, Person, Title
print(Title.objects.count(), Person.objects.count(), Credit.objects.count(),
      Aka.objects.count(), KnownFor.objects.count(), Title.objects.exclude(parent=None).count(),
      Title.objects.exclude(num_votes=None).count())
"""
CHARTS_AND_INTEGRITY = """
from django.db import connection
from reeldb.charts.models import Chart
print(Chart.objects.count())
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        print(cursor.fetchone()[0])
else:
    print("ok")
"""


@dataclass
class Answer:
    """One request made during the import and what came back."""

    method: str
    path: str
    status: int | str
    retry_after: str | None = None


def ask(opener: OpenerDirector, url: str, path: str, form: dict[str, int] | None = None) -> Answer:
    """GET ``path``, or POST ``form`` to it; a refused connection is an answer too."""
    method, data = ("GET", None) if form is None else ("POST", urlencode(form).encode())
    try:
        with opener.open(url + path, data, timeout=60) as response:
            return Answer(method, path, response.status)
    except HTTPError as error:
        return Answer(method, path, error.code, error.headers["Retry-After"])
    except (URLError, HTTPException, OSError) as error:
        return Answer(method, path, repr(error))


@dataclass
class Visitors:
    """Readers and one signed-in writer, requesting the site until stopped."""

    url: str
    member: OpenerDirector
    answers: list[Answer] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def read(self, offset: int) -> None:
        reader = build_opener()
        pages = ["/", *(f"/title/{t}/" for t in TITLES), *(f"/name/{p}/" for p in PEOPLE)]
        turn = offset
        while not self.stop.is_set():
            self.answers.append(ask(reader, self.url, pages[turn % len(pages)]))
            turn += 1

    def write(self) -> None:
        turn = 0
        while not self.stop.wait(WRITE_INTERVAL):
            title = TITLES[turn % len(TITLES)]
            rating = {"value": 1 + turn % 10}
            self.answers.append(ask(self.member, self.url, f"/title/{title}/rating", rating))
            turn += 1

    @contextmanager
    def running(self) -> Iterator[None]:
        threads = [threading.Thread(target=self.read, args=(n * 7,)) for n in range(2)]
        threads.append(threading.Thread(target=self.write))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self.stop.set()
            for thread in threads:
                thread.join()


def _signed_in(url: str) -> OpenerDirector:
    """Log in through the form; return an opener that sends the session and the CSRF token."""
    cookies = CookieJar()
    member = build_opener(HTTPCookieProcessor(cookies))
    member.open(f"{url}/accounts/login/", timeout=30).close()
    form = {"username": "critic", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(cookies)}
    member.open(f"{url}/accounts/login/", urlencode(form).encode(), timeout=30).close()
    assert any(cookie.name == "sessionid" for cookie in cookies)
    member.addheaders.append(("X-CSRFToken", _csrf(cookies)))
    return member


def _csrf(cookies: CookieJar) -> str:
    return next(str(cookie.value) for cookie in cookies if cookie.name == "csrftoken")


@contextmanager
def _serving(env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """Run `reeldb serve`; yield its URL and its output, read as it comes so it never blocks."""
    server, url = start_serve(env)
    output: list[str] = []
    assert server.stdout is not None
    drain = threading.Thread(target=lambda: output.extend(server.stdout or ()), daemon=True)
    drain.start()
    try:
        yield url, output
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        drain.join(timeout=5)


def _shell(env: dict[str, str], code: str) -> str:
    result = run_reeldb(env, "manage", "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_an_imdb_import_completes_while_the_server_answers_every_request(
    reeldb_env: dict[str, str], tmp_path: Path
) -> None:
    dump = tmp_path / "dump"
    write_dump(dump, scale=SCALE)
    assert run_reeldb(reeldb_env, "init").returncode == 0
    created = run_reeldb(
        {**reeldb_env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "manage", "createsuperuser", "--noinput", "--username", "critic",
        "--email", "critic@example.com",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr

    with _serving(reeldb_env) as (url, server_output):
        visitors = Visitors(url, _signed_in(url))
        with visitors.running():
            time.sleep(1)  # the readers and the writer are at it before the import starts
            started = len(visitors.answers)
            imported = run_reeldb(reeldb_env, "import", "imdb", str(dump))
            during = len(visitors.answers) - started

    assert imported.returncode == 0, imported.stderr[-3000:]
    assert "Traceback" not in imported.stderr
    assert during > 20, "the import ended before the site was asked anything"
    broken = [
        answer
        for answer in visitors.answers
        if not (
            answer.status in (200, 404)
            or (answer.method == "POST" and answer.status == 503 and answer.retry_after)
        )
    ]
    assert broken == [], "".join(server_output)[-3000:]
    assert any(a.status == 200 and a.path.startswith("/title/") for a in visitors.answers)

    # The whole dump is in the catalogue, as a clean import without a server writes it.
    served = _shell(reeldb_env, CATALOGUE)
    import_datasets(dump)
    clean = io.StringIO()
    with redirect_stdout(clean):
        exec(CATALOGUE)  # noqa: S102 (the snippet above, run here too)
    assert served == clean.getvalue()

    # What the command wrote after the bulk load (the charts) reached the other connections.
    charts, integrity = _shell(reeldb_env, CHARTS_AND_INTEGRITY).split()
    assert f"Charts refreshed: {charts} charts" in imported.stderr
    assert integrity == "ok"


def test_an_import_that_finds_the_database_locked_stops_with_a_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    """Another writer holds SQLite's write lock past the busy timeout: exit status 3, and why."""
    env = {**os.environ, "REELDB_HOME": str(tmp_path / "home"), "REELDB_SECRET_KEY": "test-only"}
    env.pop("DATABASE_URL", None)
    assert run_reeldb(env, "init").returncode == 0
    dump = tmp_path / "dump"
    write_dump(dump, scale=1e-6)
    database = tmp_path / "home" / "reeldb.sqlite3"

    with write_lock_held(database):
        imported = run_reeldb(env, "import", "imdb", str(dump))

    assert imported.returncode == 3
    assert "The database stayed locked by another writer" in imported.stderr
    assert "Traceback" not in imported.stderr


def test_the_site_and_its_worker_outlast_a_write_lock_held_past_the_busy_timeout(
    reeldb_env: dict[str, str], tmp_path: Path
) -> None:
    """An import holds SQLite's write lock while it writes a file: `reeldb serve` stays up."""
    if "DATABASE_URL" in reeldb_env:
        pytest.skip("PostgreSQL has no database-wide write lock; its locks are the tables'")
    assert run_reeldb(reeldb_env, "init").returncode == 0
    database = tmp_path / "home" / "reeldb.sqlite3"

    answers: list[Answer] = []
    with _serving(reeldb_env) as (url, server_output):
        with write_lock_held(database):
            # Past the worker's busy timeout (5 s) and the second it sleeps between looks.
            until = time.monotonic() + 8
            while time.monotonic() < until:
                answers.append(ask(build_opener(), url, "/"))
                time.sleep(0.2)
        time.sleep(2)
        answers.append(ask(build_opener(), url, "/"))

    assert {answer.status for answer in answers} == {200}, "".join(server_output)[-3000:]
    assert "The database is busy" in "".join(server_output)
