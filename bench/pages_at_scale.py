"""Render random title pages, person pages and episode guides of a big database, and its
worst cases, through the real server, and report latency percentiles and query counts.

    python bench/pages_at_scale.py --home /tmp/reeldb-bench/scale-0.1/reeldb-home [--samples 1000]
    DATABASE_URL=postgres://… python bench/pages_at_scale.py [--samples 1000]

Picks the pages at random (seeded) from the database, starts ``reeldb serve`` (one worker) on
it, requests each page after a short warm-up, and times each request from the client. The
first pass reads whatever the page cache does not hold from disk (right after an import, most
of a database larger than memory); ``--passes 2`` (the default) requests the same pages again,
as a server that has been running a while serves them. Query counts are measured in this
process with Django's test client on the first 50 of each kind.

Beside the random pages it times the worst cases: the 20 most-credited people, the episode
guides of the 20 series with the most episodes (at their largest season), the 20 titles
with the most credits, AKAs and facts, the home page, every chart page and browse pages
(``/search/title`` by a common genre and by three genres few titles share, in each indexed
sort, and by year, as a title page links them). Choosing them counts over the largest
tables (at S=1.0 that takes minutes); the time it took is printed. Targets: p95 <= 50 ms for
random titles and people, p99 <= 150 ms for each worst-case group; each row says PASS or FAIL.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

COUNTED = 50
WORST = 20
# Times each page of a one-page group (the home page, a chart) is requested.
REPEATS = 20
BROWSE_GENRES = ("Drama", "Comedy", "Documentary", "Action", "Horror")
BROWSE_SORTS = ("popularity", "rating", "votes")
# Few titles have all of them: the pages that used to read every title to count a few.
RARE_GENRE_SETS = ("Film-Noir,Western,Musical", "News,Sport,War", "Game-Show,History,Horror")
# A title page links its year to the titles of that year.
BROWSE_YEARS = (1925, 1960, 1995, 2015, 2024)
FACT_TABLES = (
    "catalog_keyword",
    "catalog_trivia",
    "catalog_goof",
    "catalog_quote",
    "catalog_releasedate",
    "catalog_filminglocation",
    "catalog_companycredit",
    "catalog_plot",
    "catalog_technicalspec",
    "catalog_certification",
    "catalog_connection",
    "catalog_soundtrack",
)


@dataclass(frozen=True)
class Target:
    """A group's target: ``percentile`` of its times at most ``ms``."""

    percentile: float
    ms: float

    @property
    def label(self) -> str:
        return f"p{round(self.percentile * 100)} <= {self.ms:.0f}"


RANDOM_TARGET = Target(0.95, 50)
WORST_TARGET = Target(0.99, 150)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _sample(seed: int, samples: int) -> dict[str, list[str]]:
    """Return URLs per page kind, chosen at random among the imported rows."""
    from reeldb.catalog.models import Person, Title

    rng = random.Random(seed)

    def pick(ids: list[str]) -> list[str]:
        return rng.sample(ids, min(samples, len(ids)))

    def ids_between(model: type[Title | Person], field: str) -> list[str]:
        # Random pks by range, not ORDER BY RANDOM(): a page of ids, not a sort of millions.
        top = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
        wanted = {rng.randint(1, top) for _ in range(samples * 3)}
        found = model._default_manager.filter(pk__in=wanted).exclude(**{f"{field}__isnull": True})
        return [str(value) for value in found.values_list(field, flat=True)]

    series = list(
        Title.objects.filter(episodes__isnull=False)
        .values_list("tconst", flat=True)
        .distinct()[: samples * 20]
    )
    return {
        "title": [f"/title/{t}/" for t in pick(ids_between(Title, "tconst"))],
        "person": [f"/name/{n}/" for n in pick(ids_between(Person, "nconst"))],
        "episodes": [f"/title/{t}/episodes" for t in pick(series)],
    }


def _most(table: str, column: str, where: str = "") -> list[int]:
    """Return the ``WORST`` values of ``column`` that have the most rows in ``table``."""
    from django.db import connection

    sql = (
        f"SELECT {column}, COUNT(*) FROM {table} {where} "  # noqa: S608 - this module's names
        f"GROUP BY {column} ORDER BY 2 DESC LIMIT {WORST}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def _public_ids(model_name: str, pks: list[int]) -> list[str]:
    """Return the URL ids of rows ``pks`` of ``Title`` or ``Person``, in the order given."""
    from reeldb.catalog.models import Person, Title

    model: type[Title | Person] = Title if model_name == "title" else Person
    found = {row.pk: row.public_id for row in model._default_manager.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def _largest_seasons(series_pks: list[int]) -> dict[int, int | None]:
    """Return each series' season with the most episodes (read through ``title_episode_idx``)."""
    from django.db.models import Count

    from reeldb.catalog.models import Title

    best: dict[int, tuple[int, int | None]] = {}
    rows = (
        Title.objects.filter(parent_id__in=series_pks)
        .values_list("parent_id", "season_number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for parent, season, n in rows:
        if parent not in best or n > best[parent][0]:
            best[parent] = (n, season)
    return {parent: season for parent, (_n, season) in best.items()}


def _worst_cases() -> dict[str, list[str]]:
    """Return the URLs of each worst-case group, printing how long choosing each took."""
    from django.urls import reverse

    from reeldb.charts.models import Chart

    facts = " UNION ALL ".join(
        f"SELECT title_id FROM {table}"  # noqa: S608 - this module's table names
        for table in FACT_TABLES
    )

    def titles(pks: list[int]) -> list[str]:
        return [f"/title/{tconst}/" for tconst in _public_ids("title", pks)]

    groups: dict[str, Callable[[], list[str]]] = {
        "most-credited people": lambda: [
            f"/name/{nconst}/"
            for nconst in _public_ids("person", _most("catalog_credit", "person_id"))
        ],
        "most-episodes series": _most_episodes,
        "most-credited titles": lambda: titles(_most("catalog_credit", "title_id")),
        "most-AKA titles": lambda: titles(_most("catalog_aka", "title_id")),
        "most-fact titles": lambda: titles(_most(f"({facts}) AS facts", "title_id")),
        "home page": lambda: ["/"] * REPEATS,
        "chart pages": lambda: (
            [reverse(f"charts:{name}") for name in ("top", "toptv", "moviemeter", "boxoffice")]
            + [
                f"{reverse('charts:genre')}?genre={key}"
                for key in Chart.objects.filter(kind="genre").values_list("key", flat=True)
            ]
        ),
        "browse pages": lambda: [
            *(
                f"/search/title?genres={genre}&sort={sort}"
                for genre in (*BROWSE_GENRES, *RARE_GENRE_SETS)
                for sort in BROWSE_SORTS
            ),
            *(f"/search/title?year_from={year}&year_to={year}" for year in BROWSE_YEARS),
        ],
    }
    chosen = {}
    for group, choose in groups.items():
        start = time.perf_counter()
        chosen[group] = choose()
        print(f"chose {group:<22} {len(chosen[group]):>4} in {time.perf_counter() - start:7.1f} s")
    return chosen


def _most_episodes() -> list[str]:
    series = _most("catalog_title", "parent_id", "WHERE parent_id IS NOT NULL")
    seasons = _largest_seasons(series)
    found = dict(zip(series, _public_ids("title", series), strict=True))
    return [
        f"/title/{tconst}/episodes?season={'unknown' if seasons[pk] is None else seasons[pk]}"
        for pk, tconst in found.items()
    ]


def _count_queries(urls: list[str]) -> list[int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = []
    for url in urls[:COUNTED]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        counts.append(len(queries))
    return counts


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def _server() -> Iterator[str]:
    """Start ``reeldb serve`` (one worker) on the configured database; yield its URL."""
    port = _free_port()
    reeldb = str(Path(sys.executable).parent / "reeldb")
    server = subprocess.Popen(
        [reeldb, "serve", "--port", str(port), "--workers", "1"],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(f"{base}/", timeout=5):  # noqa: S310 - our own local server
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("reeldb serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _time_pages(
    base: str,
    urls: dict[str, list[str]],
    counts: dict[str, list[int]],
    targets: dict[str, Target],
    passes: int,
) -> None:
    """Request every page ``passes`` times (after one warm-up of each kind); print percentiles."""
    for url in [found[0] for found in urls.values() if found]:
        with urlopen(base + url, timeout=60) as warm:  # noqa: S310 - our own local server
            warm.read()
    for number in range(1, passes + 1):
        label = "first request of each page" if number == 1 else "the same pages again"
        print(f"pass {number}: {label}")
        _time_pass(base, urls, counts, targets)


def _time_pass(
    base: str, urls: dict[str, list[str]], counts: dict[str, list[int]], targets: dict[str, Target]
) -> None:
    print(
        f"{'group':<22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'queries':>8}  {'target':<13} result"
    )
    slowest = []
    for kind, found in urls.items():
        times = []
        for url in found:
            start = time.perf_counter()
            with urlopen(base + url, timeout=60) as response:  # noqa: S310
                response.read()
            times.append((time.perf_counter() - start) * 1000)
        if not times:
            print(f"{kind:<22} {0:>5}  (none in this database)")
            continue
        spread = f"{min(counts[kind])}-{max(counts[kind])}" if counts[kind] else "-"
        target = targets[kind]
        verdict = "PASS" if _percentile(times, target.percentile) <= target.ms else "FAIL"
        print(
            f"{kind:<22} {len(times):>5} {statistics.median(times):8.1f} "
            f"{_percentile(times, 0.95):8.1f} {_percentile(times, 0.99):8.1f} "
            f"{max(times):8.1f} {spread:>8}  {target.label:<13} {verdict}"
        )
        slowest.append(f"slowest {kind}: {max(zip(times, found, strict=True))[1]}")
    print("\n".join(slowest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="REELDB_HOME of an SQLite database")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--passes", type=int, default=2, help="times each page is requested")
    arguments = parser.parse_args(argv)
    os.environ.setdefault("REELDB_SECRET_KEY", "bench")
    if arguments.home:
        os.environ["REELDB_HOME"] = str(arguments.home)
        os.environ.pop("DATABASE_URL", None)
    elif not os.environ.get("DATABASE_URL"):
        print("Give --home (SQLite) or set DATABASE_URL.", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    os.environ["REELDB_ALLOWED_HOSTS"] = "127.0.0.1,testserver,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    # The test client renders with the same hashed static names `reeldb serve` uses.
    call_command("collectstatic", interactive=False, verbosity=0)
    urls = _sample(arguments.seed, arguments.samples)
    if not urls["title"]:
        print("The database has no titles: import a dump first.", file=sys.stderr)
        return 2
    targets = dict.fromkeys(urls, RANDOM_TARGET)
    worst = _worst_cases()
    urls.update(worst)
    targets.update(dict.fromkeys(worst, WORST_TARGET))
    counts = {kind: _count_queries(found) for kind, found in urls.items()}
    connection.close()
    with _server() as base:
        _time_pages(base, urls, counts, targets, arguments.passes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
