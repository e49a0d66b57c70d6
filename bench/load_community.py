"""Load on the community writes: concurrent clients rate, review and toggle watchlists.

Usage: ``.venv/bin/python bench/load_community.py [--clients 50] [--seconds 60]
[--database sqlite postgres]``

For each database it prepares a fresh one (SQLite in a temporary ``REELDB_HOME``;
PostgreSQL as a new database on the server in ``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432``, dropped afterwards), loads the demo
catalogue, starts ``reeldb serve`` on 127.0.0.1 (loopback only), and lets the
clients sign up through the site. Then each client, for ``--seconds``, picks a
random title and a random write: rate it 1-10 (htmx), write or rewrite its
review (form post), or put it on or off the watchlist (htmx). Each client's
requests are sequential, so after the run the database must hold exactly each
client's last successful write per title. The server is stopped, every write is
checked against the database, and one line per database reports requests per
second, p50 and p99 latency, errors, and lost and duplicated writes (both must
be zero). A write whose request failed or timed out may or may not have been
applied: it is counted as an error and left out of the check.

Rate limits are raised for the run (``REELDB_WRITE_LIMIT`` and
``REELDB_LOGIN_ATTEMPTS``): the benchmark measures writes, not the limiter.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psycopg

REELDB = Path(sys.executable).with_name("reeldb")
HOST = "127.0.0.1"
PASSWORD = "bench passphrase 2026"  # noqa: S105 - throwaway accounts in a throwaway database
REQUEST_TIMEOUT = 30
CSRF_COOKIE = "csrftoken"
ACTIONS = ("rate", "review", "watchlist")
# Printed by the verification subprocess: every bench user's rows, as JSON.
DUMP = """
import json
from django.db.models import Count
from reeldb.community.models import Rating, Review, WatchlistEntry
def rows(model, *fields):
    return [list(r) for r in model.objects.filter(user__username__startswith="bench").values_list(
        "user__username", "title__tconst", *fields)]
def duplicates(model):
    return model.objects.values("user", "title").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({
    "ratings": rows(Rating, "value"),
    "reviews": rows(Review, "headline"),
    "watchlist": rows(WatchlistEntry),
    "duplicates": sum(duplicates(m) for m in (Rating, Review, WatchlistEntry)),
}))
"""
TITLES = "from reeldb.catalog.models import Title; print(' '.join(Title.objects.exclude(tconst=None).values_list('tconst', flat=True)))"  # noqa: E501


@dataclass
class Client:
    """One simulated user: a cookie jar, what it wrote last, and how each request went."""

    name: str
    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    # (action, tconst) -> the last successfully written state; None: unknown after an error.
    expected: dict[tuple[str, str], object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == CSRF_COOKIE), "")

    def request(self, path: str, data: dict[str, str] | None = None, *, htmx: bool = False) -> int:
        """Send one request; return its status (0 when it failed outright)."""
        headers = {"Referer": self.base + "/"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
            headers["X-CSRFToken"] = self.csrf()
        if htmx:
            headers["HX-Request"] = "true"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            return 0

    def sign_up(self) -> None:
        self.request("/accounts/signup/")
        status = self.request(
            "/accounts/signup/",
            {
                "username": self.name,
                "email": f"{self.name}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        if status != 302:
            raise RuntimeError(f"{self.name} could not sign up: HTTP {status}")

    def write(self, action: str, tconst: str, rng: random.Random) -> None:
        """Make one timed write and remember its outcome."""
        if action == "rate":
            state: object = rng.randint(1, 10)
            path, data, htmx = f"/title/{tconst}/rating", {"value": str(state)}, True
        elif action == "review":
            state = f"{self.name} {uuid.uuid4().hex[:8]}"
            path = f"/title/{tconst}/reviews/write"
            data, htmx = {"headline": str(state), "text": "Benchmark review.", "rating": ""}, False
        else:
            state = rng.random() < 0.5
            path, data, htmx = f"/title/{tconst}/watchlist", {"wanted": "1" if state else "0"}, True
        started = time.perf_counter()
        status = self.request(path, data, htmx=htmx)
        self.latencies.append(time.perf_counter() - started)
        if 200 <= status < 400:
            self.expected[(action, tconst)] = state
        else:
            self.errors += 1
            self.expected[(action, tconst)] = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Count a redirect as the answer: a form post's 302 is its success."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _run(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [str(REELDB), *arguments], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"reeldb {' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


@contextmanager
def database(kind: str) -> Iterator[tuple[dict[str, str], str]]:
    """Yield the environment for a fresh database of ``kind`` and its description."""
    with tempfile.TemporaryDirectory(prefix="reeldb-bench-") as home:
        env = {
            **os.environ,
            "REELDB_HOME": home,
            "REELDB_SECRET_KEY": "bench-only",
            "REELDB_WRITE_LIMIT": "1000000",
            "REELDB_LOGIN_ATTEMPTS": "1000000",
        }
        env.pop("REDIS_URL", None)
        if kind == "sqlite":
            env.pop("DATABASE_URL", None)
            yield env, f"SQLite {_sqlite_version()} (WAL)"
            return
        server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
        server = server.rsplit("/", 1)[0] if server.count("/") > 2 else server
        name = f"reeldb_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            version = admin.execute("SHOW server_version").fetchone()
        env["DATABASE_URL"] = f"{server}/{name}"
        try:
            yield env, f"PostgreSQL {version[0].split()[0] if version else '?'}"
        finally:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_version() -> str:
    return sqlite3.sqlite_version


@contextmanager
def served(env: dict[str, str], *, workers: int, threads: int) -> Iterator[str]:
    """Start ``reeldb serve`` on the loopback interface; stop it on leaving."""
    port = _free_port()
    server = subprocess.Popen(
        [
            *(str(REELDB), "serve", "--host", HOST, "--port", str(port)),
            *("--workers", str(workers), "--threads", str(threads)),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310 - loopback
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("reeldb serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@dataclass
class Result:
    database: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    lost: int
    duplicated: int
    checked: int


def run_load(
    base: str, titles: list[str], *, clients: int, seconds: float, seed: int
) -> tuple[list[Client], float]:
    """Sign the clients up, then let them write until the deadline; return them and the time."""
    users = [Client(f"bench{i}", base) for i in range(clients)]
    for user in users:
        user.sign_up()
    start = threading.Barrier(clients + 1)
    deadline = 0.0

    def work(user: Client, rng: random.Random) -> None:
        start.wait()
        while time.monotonic() < deadline:
            user.write(rng.choice(ACTIONS), rng.choice(titles), rng)

    threads = [
        threading.Thread(target=work, args=(user, random.Random(seed + i)))
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    return users, time.monotonic() - began


def verify(env: dict[str, str], users: list[Client]) -> tuple[int, int, int]:
    """Return (lost, duplicated, checked): every remembered write against the database."""
    stored = json.loads(_run(env, "manage", "shell", "--no-imports", "-c", DUMP))
    ratings = {(u, t): v for u, t, v in stored["ratings"]}
    reviews = {(u, t): h for u, t, h in stored["reviews"]}
    watchlist = {(u, t) for u, t in stored["watchlist"]}
    lost = checked = 0
    for user in users:
        for (action, tconst), state in user.expected.items():
            if state is None:
                continue  # the request failed: it may or may not have been applied
            checked += 1
            key = (user.name, tconst)
            if action == "rate":
                lost += ratings.get(key) != state
            elif action == "review":
                lost += reviews.get(key) != state
            else:
                lost += (key in watchlist) != state
    # Rows no successful or uncertain write of that client explains are duplicates too.
    written = {(u.name, t, a) for u in users for (a, t) in u.expected}
    unexplained = sum((u, t, "rate") not in written for u, t in ratings)
    unexplained += sum((u, t, "review") not in written for u, t in reviews)
    unexplained += sum((u, t, "watchlist") not in written for u, t in watchlist)
    return lost, stored["duplicates"] + unexplained, checked


def bench(kind: str, arguments: argparse.Namespace) -> Result:
    with database(kind) as (env, label):
        _run(env, "demo", "--no-serve")
        titles = _run(env, "manage", "shell", "--no-imports", "-c", TITLES).split()
        with served(env, workers=arguments.workers, threads=arguments.threads) as base:
            users, elapsed = run_load(
                base,
                titles,
                clients=arguments.clients,
                seconds=arguments.seconds,
                seed=arguments.seed,
            )
        lost, duplicated, checked = verify(env, users)
    latencies = [latency for user in users for latency in user.latencies]
    return Result(
        database=label,
        requests=len(latencies),
        seconds=elapsed,
        latencies=latencies,
        errors=sum(user.errors for user in users),
        lost=lost,
        duplicated=duplicated,
        checked=checked,
    )


def _postgres_reachable() -> bool:
    url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "postgres://127.0.0.1:5432"))
    try:
        with socket.create_connection((url.hostname or HOST, url.port or 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="reeldb serve --workers")
    parser.add_argument("--threads", type=int, default=8, help="reeldb serve --threads")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--database", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    arguments = parser.parse_args()
    if not REELDB.exists():
        print(f"{REELDB} is missing: run `make .venv/.installed` first.")
        return 2
    print(
        f"reeldb {metadata.version('reeldb')}, Django {metadata.version('Django')}, "
        f"granian {metadata.version('granian')}, Python {platform.python_version()}, "
        f"{platform.machine()} with {os.cpu_count()} CPUs; {arguments.clients} clients for "
        f"{arguments.seconds:g} s against `reeldb serve --workers {arguments.workers} "
        f"--threads {arguments.threads}` on {HOST}"
    )
    header = (
        f"{'database':<22} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'checked':>7} {'lost':>4} {'dup':>4}"
    )
    print(header)
    failed = False
    for kind in arguments.database:
        if kind == "postgres" and not _postgres_reachable():
            print(f"{'PostgreSQL':<22} not reachable at DATABASE_URL: skipped")
            continue
        result = bench(kind, arguments)
        cuts = statistics.quantiles(result.latencies, n=100) if len(result.latencies) > 1 else []
        p50, p99 = (cuts[49] * 1000, cuts[98] * 1000) if cuts else (0.0, 0.0)
        print(
            f"{result.database:<22} {result.requests:>8} {result.requests / result.seconds:>7.1f} "
            f"{p50:>7.1f} {p99:>7.1f} {result.errors:>6} {result.checked:>7} "
            f"{result.lost:>4} {result.duplicated:>4}"
        )
        failed |= bool(result.lost or result.duplicated)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
