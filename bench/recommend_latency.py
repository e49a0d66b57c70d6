"""Time "More like this" and "For you" as pages read them, beside the raw reads as the floor.

    python -m bench.recommend_latency [--scale 0.1] [--work /tmp/rec-latency] [--postgres URL]
                                      [--no-sqlite] [--requests 1000] [--seed 7]

Writes a synthetic MovieLens release (``make_movielens.py`` at ``--scale``; 0.1 is 8,653
movies, 33,097 users and 3.4 million ratings, each user's ratings as skewed as ml-latest's),
imports it with ``reeldb import movielens`` (which trains the related titles) into a fresh
SQLite file under ``--work`` and, with ``--postgres``, into a fresh database on that server,
then, in a subprocess per database, times each call warm (every call runs once untimed first):

- ``related``: ``get_related_titles(title)`` for ``--requests`` titles drawn by ``--seed``
  from those with stored neighbours: the twelve cards a title page shows, with their titles.
  Floor: the one SQL statement that reads the same twelve rows joined to their titles.
- ``for you``: ``get_recommendations_for(user)`` for ``--requests`` users drawn by ``--seed``,
  half uniformly (most users rated a few dozen titles) and half from the 5% who rated most
  (hundreds to thousands of ratings). Users with ``REELDB_RECOMMEND_STORED_USERS_FROM``
  ratings or more have their list stored at training; the others are scored on request.
  Floor: the SQL reads each path cannot do without, with no Python work: the stored list
  joined to its titles; or the user's ratings and the stored neighbours of their latest 500.

Prints p50/p95/p99 per call and side and the ratio of p95s. Targets (issue 31): related
titles p95 < 5 ms, "For you" p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REELDB = str(Path(sys.executable).parent / "reeldb")
TARGETS_MS = {"related": 5.0, "for you": 50.0}
HEAVY_SHARE = 0.05

RELATED_FLOOR = """
    SELECT r.rank, r.reason, r.reason_detail, t.*
    FROM recommend_relatedtitle r JOIN catalog_title t ON t.id = r.related_id
    WHERE r.title_id = %s ORDER BY r.rank LIMIT 12
"""
RATINGS_FLOOR = "SELECT title_id, value, rated_at FROM community_rating WHERE user_id = %s"
STORED_FLOOR = """
    SELECT p.score, p.because_id, p.because_score, t.*
    FROM recommend_userpick p JOIN catalog_title t ON t.id = p.title_id
    WHERE p.user_id = %s ORDER BY p.rank
"""
NEIGHBOURS_FLOOR = """
    SELECT title_id, related_id, taste FROM recommend_relatedtitle WHERE title_id IN ({})
"""


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _raw(sql: str, parameters: list[object]) -> list[tuple[object, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def _for_you_floor(user_id: int, *, stored: bool) -> object:
    if stored:
        return _raw(STORED_FLOOR, [user_id])
    ratings = _raw(RATINGS_FLOOR, [user_id])
    latest = sorted(ratings, key=lambda row: row[2], reverse=True)[:500]  # type: ignore[arg-type, return-value]
    ids = [row[0] for row in latest]
    if not ids:
        return ratings
    return _raw(NEIGHBOURS_FLOOR.format(", ".join(["%s"] * len(ids))), ids)


def draw_users(rng: random.Random, count: int) -> list[int]:
    """Half uniform over users with ratings, half from the heaviest raters."""
    from django.db.models import Count

    from reeldb.community.models import Rating

    counted = list(
        Rating.objects.values("user_id").annotate(n=Count("id")).order_by("-n", "user_id")
    )
    heavy = [row["user_id"] for row in counted[: max(1, int(len(counted) * HEAVY_SHARE))]]
    everyone = [row["user_id"] for row in counted]
    return [rng.choice(heavy) for _ in range(count // 2)] + [
        rng.choice(everyone) for _ in range(count - count // 2)
    ]


def measure(count: int, seed: int) -> dict[str, dict[str, list[float]]]:
    """Time each call and its floor, warm; return ms by call and side."""
    from django.contrib.auth.models import User

    from reeldb.catalog.models import Title
    from reeldb.recommend.models import RelatedTitle, UserPick
    from reeldb.recommend.selectors import get_recommendations_for, get_related_titles

    rng = random.Random(seed)
    related_ids = sorted(set(RelatedTitle.objects.values_list("title_id", flat=True)))
    titles = Title.objects.in_bulk(rng.sample(related_ids, min(count, len(related_ids))))
    user_ids = draw_users(rng, count)
    users = User.objects.in_bulk(user_ids)
    stored = set(UserPick.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    print(
        f"for you: {sum(pk in stored for pk in user_ids)} of {len(user_ids)} calls "
        "for users with a list stored at training",
        file=sys.stderr,
    )
    calls: dict[str, list[tuple[Callable[[], object], Callable[[], object]]]] = {
        "related": [
            (
                lambda t=title: get_related_titles(t),
                lambda pk=pk: _raw(RELATED_FLOOR, [pk]),
            )
            for pk, title in titles.items()
        ],
        "for you": [
            (
                lambda u=users[pk]: get_recommendations_for(u),
                lambda pk=pk: _for_you_floor(pk, stored=pk in stored),
            )
            for pk in user_ids
        ],
    }
    for pairs in calls.values():  # the untimed warm-up pass
        for ours, floor in pairs:
            ours()
            floor()
    times: dict[str, dict[str, list[float]]] = {}
    for name, pairs in calls.items():
        times[name] = {"reeldb": [], "floor": []}
        for ours, floor in pairs:
            times[name]["reeldb"].append(timed(ours))
            times[name]["floor"].append(timed(floor))
    return times


def _measure_here(count: int, seed: int) -> int:
    """The child's side: set Django up on the environment's database and print times as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    import django

    django.setup()
    json.dump(measure(count, seed), sys.stdout)
    return 0


def prepare(data: Path, env: dict[str, str]) -> None:
    """Import the release into the environment's empty database; the import trains."""
    for command in (["init"], ["import", "movielens", str(data)]):
        run = subprocess.run(
            [REELDB, *command], env=env, capture_output=True, text=True, check=False
        )
        if run.returncode not in (0, 1):
            raise RuntimeError(f"reeldb {' '.join(command)} failed:\n{run.stderr[-3000:]}")


def measure_side(env: dict[str, str], count: int, seed: int) -> dict[str, dict[str, list[float]]]:
    command = [sys.executable, "-m", "bench.recommend_latency", "--measure-here"]
    command += ["--requests", str(count), "--seed", str(seed)]
    run = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, cwd=HERE.parent
    )
    if run.returncode != 0:
        raise RuntimeError(f"measuring failed:\n{run.stderr[-3000:]}")
    print(run.stderr.strip())
    times: dict[str, dict[str, list[float]]] = json.loads(run.stdout)
    return times


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(side: str, times: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n{side}: ms, warm, {len(times['related']['reeldb'])} calls each")
    print(f"  {'call':<10} {'side':<7} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, sides in times.items():
        p95s = {}
        for label, values in sides.items():
            p50, p95, p99 = percentiles(values)
            p95s[label] = p95
            print(f"  {name:<10} {label:<7} {p50:7.2f} {p95:7.2f} {p99:7.2f}")
        target = TARGETS_MS[name]
        verdict = "PASS" if p95s["reeldb"] < target else "MISS"
        print(
            f"  {name:<10} p95 ratio to the floor {p95s['reeldb'] / p95s['floor']:.2f}x; "
            f"target p95 < {target:g} ms: {verdict}"
        )


def psql(url: str, statement: str) -> None:
    subprocess.run(["psql", url, "-qc", statement], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rec-latency"))
    parser.add_argument("--postgres", help="a server URL, e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure_here:
        return _measure_here(arguments.requests, arguments.seed)

    data = arguments.work / f"ml-{arguments.scale}"
    if not (data / "ratings.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_movielens.py"),
                *("--out", str(data)),
                *("--scale", str(arguments.scale)),
            ],
            check=True,
        )
    base = {**os.environ, "REELDB_SEARCH_BY_MEANING": "0"}
    base.pop("DATABASE_URL", None)
    if not arguments.no_sqlite:
        home = arguments.work / f"home-{arguments.scale}"
        env = {**base, "REELDB_HOME": str(home)}
        if not (home / "reeldb.sqlite3").exists():
            prepare(data, env)
        report("sqlite", measure_side(env, arguments.requests, arguments.seed))
    if arguments.postgres:
        name = f"bench_recommend_latency_{str(arguments.scale).replace('.', '_')}"
        psql(f"{arguments.postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
        psql(f"{arguments.postgres}/postgres", f"CREATE DATABASE {name}")
        env = {**base, "DATABASE_URL": f"{arguments.postgres}/{name}"}
        try:
            prepare(data, env)
            report("postgresql", measure_side(env, arguments.requests, arguments.seed))
        finally:
            psql(f"{arguments.postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
