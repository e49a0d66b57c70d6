"""Import a MovieLens release of ml-latest's size with reeldb, beside the raw load as the floor.

    python -m bench.import_movielens [--scale 1.0] [--work /tmp/ml-bench] [--postgres URL]
                                     [--no-sqlite]

Writes the release once (``make_movielens.py``, ``--scale 1.0``: 86,537 movies, 330,975 users,
33.8 million ratings, 2.3 million tags, in ml-latest's format) under ``--work``, then runs each
phase in its own subprocess under ``/usr/bin/time`` (wall time, peak RSS):

- ``reeldb sqlite``: ``reeldb init``, then ``reeldb import movielens`` into a fresh SQLite file.
  The import runs with ``--no-refresh``; then ``reeldb charts refresh``, ``reeldb recommend
  train`` and ``reeldb search rebuild`` each run and are measured on their own.
- ``floor sqlite``: the sqlite3 shell's ``.import --csv`` of ``ratings.csv`` alone into one
  unindexed table: what SQLite takes to store the ratings at all.
- ``reeldb postgresql`` and ``floor postgresql`` (``--postgres``, a server URL; a fresh database
  is created for each and dropped after): the same import, and psql's ``\\copy`` of
  ``ratings.csv`` into one unindexed table.

Targets (issue 31): the load in 5 minutes or less, with a peak under 2 GiB, on both databases.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.measure import measured

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 300
TARGET_MIB = 2048
LOADED = re.compile(r"MovieLens loaded in ([0-9.]+) s\.")


REELDB = str(Path(sys.executable).parent / "reeldb")
# What an import refreshes after it loads, each command measured on its own.
REFRESH = (
    ("charts", ["charts", "refresh"]),
    ("related titles", ["recommend", "train"]),
    ("search index", ["search", "rebuild"]),
)


def reeldb_import(
    data: Path, env: dict[str, str], *, refresh: bool = True
) -> tuple[float, float, str, list[str]]:
    """Load with ``--no-refresh``, then run each refresh; return the load's figures and theirs."""
    subprocess.run([REELDB, "init"], env=env, check=True, capture_output=True)
    wall, rss, output = measured(
        [REELDB, "import", "movielens", "--no-refresh", str(data)], env, ok=(0, 1)
    )
    refreshes = []
    for name, command in REFRESH if refresh else ():
        seconds, peak, _ = measured([REELDB, *command], env)
        refreshes.append(f"  then {name}: {seconds:.1f} s, peak {peak:,.0f} MiB")
    return wall, rss, output, refreshes


def report(label: str, result: tuple[float, float, str, list[str]], floor: float) -> None:
    wall, rss, output, refreshes = result
    loaded = LOADED.search(output)
    load = float(loaded.group(1)) if loaded else wall
    verdict = "PASS" if load <= TARGET_SECONDS and rss <= TARGET_MIB else "MISS"
    print(f"{label}: load {load:.1f} s, command {wall:.1f} s in all, peak {rss:,.0f} MiB")
    for line in refreshes:
        print(line)
    print(
        f"  load / floor: {load / floor:.1f}x; target load <= {TARGET_SECONDS} s and peak "
        f"<= {TARGET_MIB} MiB: {verdict}"
    )
    for line in output.splitlines():
        if line.startswith(("ratings:", "movies:", "users:", "titles:", "skipped")):
            print(f"  {line}")


def run_sqlite(data: Path, work: Path, *, keep: bool, refresh: bool) -> None:
    floor_db = work / "floor.sqlite3"
    floor_db.unlink(missing_ok=True)
    floor, _rss, _ = measured(
        [
            "sqlite3",
            str(floor_db),
            "CREATE TABLE ratings (user_id INTEGER, movie_id INTEGER, rating REAL, ts INTEGER)",
            f".import --csv --skip 1 {data / 'ratings.csv'} ratings",
        ]
    )
    floor_db.unlink()
    print(f"floor sqlite: sqlite3 .import of ratings.csv into one unindexed table: {floor:.1f} s")
    home = work / "reeldb-home"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "REELDB_HOME": str(home), "REELDB_SEARCH_BY_MEANING": "0"}
    env.pop("DATABASE_URL", None)
    report("reeldb sqlite", reeldb_import(data, env, refresh=refresh), floor)
    if not keep:
        shutil.rmtree(home, ignore_errors=True)


def psql(url: str, *statements: str) -> None:
    for statement in statements:
        subprocess.run(["psql", url, "-q", "-c", statement], check=True, capture_output=True)


def run_postgres(data: Path, server: str, *, refresh: bool) -> None:
    base = server.rsplit("/", 1)[0]
    floor_url, reeldb_url = f"{base}/bench_ml_floor", f"{base}/bench_ml_reeldb"
    for name in ("bench_ml_floor", "bench_ml_reeldb"):
        psql(server, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    psql(floor_url, "CREATE TABLE ratings (user_id int, movie_id int, rating real, ts bigint)")
    floor, _rss, _ = measured(
        ["psql", floor_url, "-c", f"\\copy ratings FROM '{data / 'ratings.csv'}' CSV HEADER"]
    )
    print(f"floor postgresql: psql \\copy of ratings.csv into one unindexed table: {floor:.1f} s")
    env = {**os.environ, "DATABASE_URL": reeldb_url, "REELDB_SEARCH_BY_MEANING": "0"}
    env["REELDB_HOME"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-ml-pg-home")
    report("reeldb postgresql", reeldb_import(data, env, refresh=refresh), floor)
    for name in ("bench_ml_floor", "bench_ml_reeldb"):
        psql(server, f"DROP DATABASE IF EXISTS {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ml-bench"))
    parser.add_argument(
        "--postgres",
        help="a PostgreSQL server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep reeldb's SQLite database under --work"
    )
    parser.add_argument(
        "--load-only", action="store_true", help="measure the load, not the refreshes after it"
    )
    arguments = parser.parse_args()
    data = arguments.work / f"ml-synthetic-{arguments.scale:g}"
    if not (data / "ratings.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_movielens.py"),
                "--out",
                str(data),
                "--scale",
                str(arguments.scale),
            ],
            check=True,
        )
    ratings = sum(1 for _ in (data / "ratings.csv").open("rb")) - 1
    print(f"release: {data} ({ratings:,} ratings)")
    if not arguments.no_sqlite:
        run_sqlite(data, arguments.work, keep=arguments.keep, refresh=not arguments.load_only)
    if arguments.postgres:
        run_postgres(data, arguments.postgres, refresh=not arguments.load_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
