"""Shared fixtures: Debian's Chromium for Playwright, and a database for `reeldb serve`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import psycopg
import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from reeldb.ingest.demo import load_demo_data
from reeldb.search.services import rebuild_index

# No hypothesis deadline: timings belong to the benchmarks, and two xdist workers sharing two
# cores with Chromium and servers make any per-example deadline a coin toss.
hypothesis_settings.register_profile("reeldb", deadline=None)
hypothesis_settings.load_profile("reeldb")

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request: pytest.FixtureRequest) -> None:
    """Give each pytest-xdist worker its own PostgreSQL test database.

    SQLite's test database is in memory, so each worker's process has its own
    already; pytest-django would instead name a file after the settings' path,
    which does not exist.
    """
    from django.conf import settings  # noqa: PLC0415 - Django is set up by the time it runs

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    database = settings.DATABASES["default"]
    if worker and "postgresql" in database["ENGINE"]:
        test_name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
        database.setdefault("TEST", {})["NAME"] = f"{test_name}_{worker}"


@pytest.fixture(autouse=True)
def plain_static_files(settings: Any) -> None:
    """Serve static files by their plain names: tests run without `collectstatic`'s manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Hash test passwords with MD5: argon2's deliberate slowness only slows the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive Debian's Chromium; Playwright must never download a browser here."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it.")
    quiet_network = [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": quiet_network}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def database_env(folder: Path) -> Iterator[dict[str, str]]:
    """Give the environment for a `reeldb` subprocess with a database of its own.

    On SQLite that is a fresh REELDB_HOME under ``folder``; when the suite runs
    against PostgreSQL (DATABASE_URL set) a fresh database on the same server,
    dropped afterwards, so the served site runs on the database under test.

    Search by meaning is off there: each `reeldb demo` would load the model
    (7-9 s) and embed the demo's plots; tests/search/test_meaning*.py test it
    in the test process, where the model loads once.
    """
    env = {
        **os.environ,
        "REELDB_HOME": str(folder / "home"),
        "REELDB_SECRET_KEY": "test-only",
        "REELDB_SEARCH_BY_MEANING": "off",
    }
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    name = f"reeldb_cli_{uuid.uuid4().hex[:12]}"
    server_url = database_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{server_url}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def reeldb_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Return the environment for a `reeldb` subprocess with a fresh database (``database_env``)."""
    with database_env(tmp_path) as env:
        yield env


def run_reeldb(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `reeldb` command and return its result."""
    reeldb = Path(sys.executable).parent / "reeldb"
    return subprocess.run(
        [str(reeldb), *arguments], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Load the demo with `reeldb demo --no-serve` once per test process, for tests to copy."""
    with database_env(tmp_path_factory.mktemp("demo-template")) as env:
        loaded = run_reeldb(env, "demo", "--no-serve")
        assert loaded.returncode == 0, loaded.stderr
        yield env


def copy_database(source: dict[str, str], target: dict[str, str]) -> None:
    """Make ``target``'s database a copy of ``source``'s (neither may be in use)."""
    if "DATABASE_URL" not in target:
        shutil.copytree(source["REELDB_HOME"], target["REELDB_HOME"], dirs_exist_ok=True)
        return
    server_url, name = target["DATABASE_URL"].rsplit("/", 1)
    template = source["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


@pytest.fixture
def demo_env(reeldb_env: dict[str, str], demo_template: dict[str, str]) -> dict[str, str]:
    """Return ``reeldb_env`` with the demo loaded: a copy of ``demo_template``'s database."""
    copy_database(demo_template, reeldb_env)
    return reeldb_env


@pytest.fixture
def served_demo(demo_env: dict[str, str]) -> Iterator[str]:
    """Start `reeldb serve` on a copy of the loaded demo; return its URL."""
    with serving(demo_env) as url:
        yield url


@contextmanager
def serving(env: dict[str, str], *, workers: int = 1) -> Iterator[str]:
    """Run `reeldb serve` on a free port for the block; give its URL, stop it after."""
    server, url = start_serve(env, workers=workers)
    try:
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def start_serve(env: dict[str, str], *, workers: int = 1) -> tuple[subprocess.Popen[str], str]:
    """Start `reeldb serve` on a free port; return it and its URL once up."""
    port = _free_port()
    reeldb = Path(sys.executable).parent / "reeldb"
    server = subprocess.Popen(
        [str(reeldb), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
    except BaseException:
        server.kill()
        raise
    return server, url


def _wait_until_up(url: str, server: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read() if server.stdout else ""
            pytest.fail(f"`reeldb serve` exited with {server.returncode}:\n{output}")
        try:
            with urlopen(f"{url}/", timeout=2):  # noqa: S310 - our own local server
                return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"`reeldb serve` did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def demo_index(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load and index the demo data in a transaction rolled back after the module's tests.

    Each test's own transaction nests inside it, as a savepoint, so tests
    still cannot see each other's writes; the demo loads once, not per test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        rebuild_index()
        yield
        transaction.set_rollback(True)
