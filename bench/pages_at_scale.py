"""Render random title pages, person pages and episode guides of a big database through the
real server, and report latency percentiles and query counts.

    python bench/pages_at_scale.py --home /tmp/reeldb-bench/scale-0.1/reeldb-home [--samples 1000]
    DATABASE_URL=postgres://… python bench/pages_at_scale.py [--samples 1000]

Picks the pages at random (seeded) from the database, starts ``reeldb serve`` (one worker) on
it, requests each page after a short warm-up, and times each request from the client. The
first pass reads whatever the page cache does not hold from disk (right after an import, most
of a database larger than memory); ``--passes 2`` (the default) requests the same pages again,
as a server that has been running a while serves them. Query counts are measured in this
process with Django's test client on the first 50 of each kind. Targets: p95 <= 50 ms,
p99 <= 150 ms.
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

COUNTED = 50


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
    base: str, urls: dict[str, list[str]], counts: dict[str, list[int]], passes: int
) -> None:
    """Request every page ``passes`` times (after one warm-up of each kind); print percentiles."""
    for url in [found[0] for found in urls.values() if found]:
        with urlopen(base + url, timeout=30) as warm:  # noqa: S310 - our own local server
            warm.read()
    for number in range(1, passes + 1):
        label = "first request of each page" if number == 1 else "the same pages again"
        print(f"pass {number}: {label}")
        _time_pass(base, urls, counts)


def _time_pass(base: str, urls: dict[str, list[str]], counts: dict[str, list[int]]) -> None:
    print(f"{'page':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  queries")
    for kind, found in urls.items():
        times = []
        for url in found:
            start = time.perf_counter()
            with urlopen(base + url, timeout=30) as response:  # noqa: S310
                response.read()
            times.append((time.perf_counter() - start) * 1000)
        if not times:
            print(f"{kind:<10} {0:>5}  (none in this database)")
            continue
        spread = f"{min(counts[kind])}-{max(counts[kind])}" if counts[kind] else "-"
        print(
            f"{kind:<10} {len(times):>5} {statistics.median(times):8.1f} "
            f"{_percentile(times, 0.95):8.1f} {_percentile(times, 0.99):8.1f} "
            f"{max(times):8.1f}  {spread}"
        )


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
    counts = {kind: _count_queries(found) for kind, found in urls.items()}
    connection.close()
    with _server() as base:
        _time_pages(base, urls, counts, arguments.passes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
