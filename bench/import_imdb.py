"""Import the same synthetic IMDb dump with reeldb, with the peer imdb-sqlite, and with floors.

    python -m bench.import_imdb --scale 0.1 [--peer-python /tmp/peer/bin/python]
                                [--arrow-python /tmp/arrow/bin/python] [--postgres URL]

Prepares the dump once (``make_imdb_dump.py``, under ``--work``), then runs each phase in
its own subprocess under ``/usr/bin/time`` (wall time and peak RSS), and prints one table:

- ``reeldb sqlite``: ``reeldb init`` then ``reeldb import imdb`` into a fresh SQLite file,
  fully indexed and ready to serve pages.
- ``imdb-sqlite``: the peer (PyPI ``imdb-sqlite==2.1.0``, installed in its own virtualenv,
  ``--peer-python``) reading the same files from its ``--cache-dir`` (no network call).
- ``floor executemany``: only the ``executemany`` calls of pre-parsed tuples into unindexed
  one-table-per-file SQLite tables (parsing is not timed): what SQLite costs at least.
- ``floor adbc``: pyarrow reads each file, ADBC's SQLite driver ingests it (``--arrow-python``,
  a virtualenv with ``pyarrow``, ``polars`` and ``adbc-driver-sqlite``).
- ``parse …``: title.principals parsed by ``str.split``, ``csv``, pyarrow and polars.
- ``reeldb postgresql`` against ``postgres copy``: psql's ``\\copy`` of the raw files into
  unindexed tables plus the same kind of indexes (``--postgres``, a server URL). With
  ``--postgres-only``, only these two run: the pair that the PostgreSQL target compares.

A phase whose tool is missing is reported as skipped; no figure is printed that was not measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import TIME, measured

HERE = Path(__file__).resolve().parent
NAMES = (
    "title.basics",
    "name.basics",
    "title.episode",
    "title.ratings",
    "title.akas",
    "title.principals",
    "title.crew",
)


@dataclass
class Result:
    phase: str
    wall_s: float | None = None
    rows: int = 0
    rss_mib: float | None = None
    db_bytes: int | None = None
    note: str = ""


def count_rows(data: Path) -> int:
    total = 0
    for name in NAMES:
        with subprocess.Popen(["zcat", str(data / f"{name}.tsv.gz")], stdout=subprocess.PIPE) as p:
            assert p.stdout is not None
            total += sum(1 for _ in p.stdout) - 1
    return total


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*") if p.is_file())


PHASES = re.compile(r"^time: (.*)$", re.MULTILINE)
CHARTS = re.compile(r"Charts refreshed: .* in ([0-9.]+) s\.")
SEARCH = re.compile(r"Search index rebuilt: .* in ([0-9.]+) s\.")


def reeldb_phases(label: str, stderr: str) -> list[Result]:
    """The phases ``reeldb import imdb`` reports: its ``time:`` line, charts, search index."""
    results = []
    found = PHASES.search(stderr)
    for phase in found.group(1).split(", ") if found else []:
        name, seconds, _ = phase.rsplit(" ", 2)
        results.append(Result(f"  {label}: {name}", float(seconds)))
    charts = CHARTS.search(stderr)
    if charts:
        results.append(Result(f"  {label}: charts", float(charts.group(1))))
    search = SEARCH.search(stderr)
    if search:
        results.append(Result(f"  {label}: search index", float(search.group(1))))
    return results


def run_reeldb_sqlite(data: Path, work: Path) -> list[Result]:
    home = work / "reeldb-home"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "REELDB_HOME": str(home), "REELDB_SECRET_KEY": "bench"}
    env.pop("DATABASE_URL", None)
    reeldb = str(Path(sys.executable).parent / "reeldb")
    subprocess.run([reeldb, "init"], env=env, check=True, capture_output=True)
    wall, rss, stderr = measured([reeldb, "import", "imdb", str(data)], env)
    database = home / "reeldb.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = Result("reeldb sqlite", wall, rss_mib=rss, db_bytes=sqlite_size(database))
    return [total, *reeldb_phases("sqlite", stderr)]


def run_peer(data: Path, work: Path, python: str | None) -> Result:
    if not python or not Path(python).exists():
        return Result("imdb-sqlite", note="skipped: no --peer-python with imdb-sqlite==2.1.0")
    database = work / "imdb-sqlite.db"
    for old in work.glob("imdb-sqlite.db*"):
        old.unlink()
    command = [python, "-m", "imdb_sqlite", "--db", str(database), "--cache-dir", str(data)]
    wall, rss, _ = measured(command)
    size = sqlite_size(database)
    remove_sqlite(database)
    return Result("imdb-sqlite 2.1.0", wall, rss_mib=rss, db_bytes=size)


def remove_sqlite(database: Path) -> None:
    """Delete a measured database: at full scale each takes about 20 GB of disk."""
    for path in database.parent.glob(f"{database.name}*"):
        path.unlink()


FLOOR = """
import gzip, sqlite3, sys, time
data, database = sys.argv[1], sys.argv[2]
db = sqlite3.connect(database, isolation_level=None)
db.execute("PRAGMA journal_mode=OFF"); db.execute("PRAGMA synchronous=OFF")
spent = 0.0
for name in {names!r}:
    with gzip.open(f"{{data}}/{{name}}.tsv.gz", "rt", encoding="utf-8") as lines:
        header = next(lines).rstrip("\\n").split("\\t")
        table = name.replace(".", "_")
        db.execute(f"CREATE TABLE {{table}} ({{', '.join(header)}})")
        sql = f"INSERT INTO {{table}} VALUES ({{', '.join('?' * len(header))}})"
        batch = []
        for line in lines:
            batch.append(tuple(line.rstrip("\\n").split("\\t")))
            if len(batch) == 200_000:
                start = time.perf_counter(); db.execute("BEGIN"); db.executemany(sql, batch)
                db.execute("COMMIT"); spent += time.perf_counter() - start; batch.clear()
        start = time.perf_counter(); db.execute("BEGIN"); db.executemany(sql, batch)
        db.execute("COMMIT"); spent += time.perf_counter() - start
print(spent, file=sys.stderr)
"""


def run_floor_executemany(data: Path, work: Path, *, wanted: bool) -> Result:
    if not wanted:
        return Result("floor executemany", note="skipped: --no-floor")
    database = work / "floor.db"
    database.unlink(missing_ok=True)
    _, rss, stderr = measured(
        [sys.executable, "-c", FLOOR.format(names=NAMES), str(data), str(database)]
    )
    size = sqlite_size(database)
    remove_sqlite(database)
    return Result(
        "floor executemany",
        float(stderr.split()[-1]),
        rss_mib=rss,
        db_bytes=size,
        note="executemany calls only, parsing untimed",
    )


ADBC = """
import sys, pyarrow as pa, pyarrow.csv as csv, adbc_driver_sqlite.dbapi as adbc
data, database = sys.argv[1], sys.argv[2]
with adbc.connect(database) as db, db.cursor() as cursor:
    for name in {names!r}:
        table = csv.read_csv(f"{{data}}/{{name}}.tsv.gz",
            parse_options=csv.ParseOptions(delimiter="\\t", quote_char=False),
            convert_options=csv.ConvertOptions(column_types=None, strings_can_be_null=False,
                                               auto_dict_encode=False))
        strings = pa.schema([(column, pa.string()) for column in table.column_names])
        table = table.cast(strings)
        cursor.adbc_ingest(name.replace(".", "_"), table, mode="create")
        del table
    db.commit()
"""

PARSERS = """
import csv, gzip, io, sys, time
path = sys.argv[1]
def timed(label, function):
    start = time.perf_counter(); rows = function(); print(label, time.perf_counter() - start, rows)
def split():
    with gzip.open(path, "rb") as lines:
        return sum(1 for line in lines if line.decode("utf-8").rstrip("\\n").split("\\t"))
def with_csv():
    with gzip.open(path, "rt", encoding="utf-8", newline="") as lines:
        return sum(1 for _ in csv.reader(lines, delimiter="\\t", quoting=csv.QUOTE_NONE))
def with_pyarrow():
    import pyarrow.csv as pc
    options = pc.ParseOptions(delimiter="\\t", quote_char=False)
    return pc.read_csv(path, parse_options=options).num_rows
def with_polars():
    import polars as pl
    return pl.read_csv(path, separator="\\t", quote_char=None, infer_schema=False).height
for label, function in (("parse str.split", split), ("parse csv module", with_csv),
                        ("parse pyarrow", with_pyarrow), ("parse polars", with_polars)):
    timed(label, function)
"""


def run_arrow(data: Path, work: Path, python: str | None, *, parsers: bool) -> list[Result]:
    if not python or not Path(python).exists():
        note = "skipped: no --arrow-python with pyarrow, polars, adbc-driver-sqlite"
        return [Result("floor adbc", note=note)]
    database = work / "adbc.db"
    database.unlink(missing_ok=True)
    results = []
    try:
        wall, rss, _ = measured([python, "-c", ADBC.format(names=NAMES), str(data), str(database)])
        size = sqlite_size(database)
        remove_sqlite(database)
        results.append(
            Result(
                "floor adbc", wall, rss_mib=rss, db_bytes=size, note="pyarrow read + ADBC ingest"
            )
        )
    except RuntimeError as error:
        results.append(Result("floor adbc", note=f"failed: {str(error).splitlines()[-1][:80]}"))
    if not parsers:
        return results
    principals = data / "title.principals.tsv.gz"
    run = subprocess.run(
        [python, "-c", PARSERS, str(principals)], capture_output=True, text=True, check=True
    )
    for line in run.stdout.splitlines():
        label, seconds, rows = line.rsplit(" ", 2)
        results.append(Result(label, float(seconds), rows=int(rows), note="title.principals only"))
    return results


def run_postgres(data: Path, url: str | None, scale: float) -> list[Result]:
    if not url or not shutil.which("psql"):
        return [Result("reeldb postgresql", note="skipped: no --postgres URL or no psql")]
    server = url.rstrip("/")
    suffix = str(scale).replace(".", "_")
    results = []
    reeldb = str(Path(sys.executable).parent / "reeldb")
    for name in (f"bench12_reeldb_{suffix}", f"bench12_raw_{suffix}"):
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True
        )
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True
        )
    env = {**os.environ, "DATABASE_URL": f"{server}/bench12_reeldb_{suffix}"}
    subprocess.run([reeldb, "init"], env=env, check=True, capture_output=True)
    wall, rss, stderr = measured([reeldb, "import", "imdb", str(data)], env)
    results.append(
        Result(
            "reeldb postgresql",
            wall,
            rss_mib=rss,
            db_bytes=pg_size(server, f"bench12_reeldb_{suffix}"),
        )
    )
    results += reeldb_phases("postgresql", stderr)
    # Dropped once measured: at full scale the two databases together outgrow this disk.
    drop_database(server, f"bench12_reeldb_{suffix}")
    raw = f"{server}/bench12_raw_{suffix}"
    script = []
    for name in NAMES:
        with subprocess.Popen(
            ["zcat", str(data / f"{name}.tsv.gz")], stdout=subprocess.PIPE, text=True
        ) as p:
            assert p.stdout is not None
            header = p.stdout.readline().rstrip("\n").split("\t")
            p.kill()
        table = name.replace(".", "_")
        script.append(f"CREATE TABLE {table} ({', '.join(f'{c} text' for c in header)});")
        script.append(f"\\copy {table} FROM PROGRAM 'zcat {data / name}.tsv.gz | tail -n +2'")
    script += [
        "CREATE UNIQUE INDEX ON title_basics (tconst);",
        "CREATE INDEX ON title_basics (primaryTitle);",
        "CREATE INDEX ON title_basics (titleType, startYear);",
        "CREATE UNIQUE INDEX ON name_basics (nconst);",
        "CREATE INDEX ON name_basics (primaryName);",
        "CREATE INDEX ON title_episode (parentTconst, seasonNumber, episodeNumber);",
        "CREATE INDEX ON title_akas (titleId);",
        "CREATE INDEX ON title_principals (tconst, ordering);",
        "CREATE INDEX ON title_principals (nconst, category);",
    ]
    script_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-copy-{os.getpid()}.sql"
    script_path.write_text("\n".join(script) + "\n")
    wall, rss, _ = measured(["psql", raw, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script_path)])
    script_path.unlink()
    results.append(
        Result(
            "postgres \\copy + indexes",
            wall,
            rss_mib=rss,
            db_bytes=pg_size(server, f"bench12_raw_{suffix}"),
            note="raw text columns",
        )
    )
    drop_database(server, f"bench12_raw_{suffix}")
    return results


def drop_database(server: str, name: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'DROP DATABASE "{name}"'], check=True)


def pg_size(server: str, name: str) -> int:
    run = subprocess.run(
        ["psql", f"{server}/postgres", "-tAc", f"SELECT pg_database_size('{name}')"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(run.stdout.strip())


HEADER = f"{'phase':<28} {'wall s':>9} {'rows/s':>11} {'peak RSS MiB':>13} {'DB MiB':>9}  note"


def table_row(result: Result, rows: int) -> str:
    count = result.rows or rows
    wall = f"{result.wall_s:9.1f}" if result.wall_s is not None else f"{'-':>9}"
    rate = f"{count / result.wall_s:11,.0f}" if result.wall_s else f"{'-':>11}"
    rss = f"{result.rss_mib:13,.0f}" if result.rss_mib is not None else f"{'-':>13}"
    size = f"{result.db_bytes / 2**20:9,.0f}" if result.db_bytes is not None else f"{'-':>9}"
    return f"{result.phase:<28} {wall} {rate} {rss} {size}  {result.note}"


def progress(results: list[Result], rows: int) -> list[Result]:
    """Print phases to stderr as they are measured: a run cut short still shows what it got."""
    for result in results:
        print(table_row(result, rows), file=sys.stderr, flush=True)
    return results


def table(results: list[Result], rows: int, baseline: dict[str, float]) -> str:
    lines = [HEADER, *(table_row(result, rows) for result in results), ""]
    for label, value in baseline.items():
        lines.append(f"{label}: {value:.2f}")
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--work", type=Path, default=Path("/tmp/reeldb-bench"))
    parser.add_argument("--peer-python", help="python of a virtualenv with imdb-sqlite==2.1.0")
    parser.add_argument(
        "--arrow-python", help="python of a virtualenv with pyarrow, polars, adbc-driver-sqlite"
    )
    parser.add_argument("--postgres", help="server URL, e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--no-parsers",
        action="store_true",
        help="skip timing four parsers on title.principals (minutes at full scale)",
    )
    parser.add_argument(
        "--no-floor",
        action="store_true",
        help="skip the executemany floor (minutes at full scale), when the peer is measured",
    )
    parser.add_argument(
        "--postgres-only",
        action="store_true",
        help="run only reeldb on PostgreSQL and its \\copy floor (needs --postgres)",
    )
    arguments = parser.parse_args(argv)
    if arguments.postgres_only and not arguments.postgres:
        parser.error("--postgres-only needs --postgres")
    if arguments.no_floor and not arguments.peer_python and not arguments.postgres_only:
        parser.error("--no-floor needs --peer-python: reeldb is measured against one or the other")
    return arguments


def prepare_dump(work: Path, scale: float, seed: int) -> Path:
    """Return the dump's folder under ``work``, written first if it is not there yet."""
    data = work / "dump"
    work.mkdir(parents=True, exist_ok=True)
    if not data.exists():
        print(f"writing the dump at scale {scale} into {data}…", file=sys.stderr)
        start = time.perf_counter()
        # Written aside and renamed when whole: an interrupted run never leaves a short dump.
        partial = work / "dump.partial"
        generate = [sys.executable, str(HERE / "make_imdb_dump.py"), "--out", str(partial)]
        generate += ["--scale", str(scale), "--seed", str(seed)]
        subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
        partial.rename(data)
        print(f"  {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return data


def ratios(results: list[Result]) -> dict[str, float]:
    """reeldb against the peer and the floors that were measured."""
    by_phase = {result.phase: result for result in results}
    ours = by_phase.get("reeldb sqlite")
    found = {}
    peer = by_phase.get("imdb-sqlite 2.1.0")
    if ours and peer and peer.wall_s and ours.wall_s:
        found["imdb-sqlite wall / reeldb wall (target >= 2.5)"] = peer.wall_s / ours.wall_s
        found["reeldb DB size / imdb-sqlite DB size (target <= 1)"] = (ours.db_bytes or 0) / (
            peer.db_bytes or 1
        )
    floor = by_phase.get("floor executemany")
    if ours and floor and floor.wall_s and ours.wall_s:
        found["reeldb wall / executemany floor"] = ours.wall_s / floor.wall_s
    pg, copy = by_phase.get("reeldb postgresql"), by_phase.get("postgres \\copy + indexes")
    if pg and copy and pg.wall_s and copy.wall_s:
        found["reeldb postgresql wall / \\copy + indexes"] = pg.wall_s / copy.wall_s
    return found


def run_sqlite_phases(
    data: Path, work: Path, arguments: argparse.Namespace, rows: int
) -> list[Result]:
    """reeldb on SQLite, the peer, the floors and the parsers, printed as each is measured."""
    results = progress(run_reeldb_sqlite(data, work), rows)
    results += progress([run_peer(data, work, arguments.peer_python)], rows)
    floor_wanted = not arguments.no_floor
    results += progress([run_floor_executemany(data, work, wanted=floor_wanted)], rows)
    parsers = not arguments.no_parsers
    results += progress(run_arrow(data, work, arguments.arrow_python, parsers=parsers), rows)
    return results


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if not Path(TIME).exists():
        print(
            f"{TIME} is missing (apt-get install time): cannot measure peak RSS.", file=sys.stderr
        )
        return 2
    work = arguments.work / f"scale-{arguments.scale}"
    data = prepare_dump(work, arguments.scale, arguments.seed)
    rows = count_rows(data)
    dump_mib = sum(p.stat().st_size for p in data.glob("*.tsv.gz")) / 2**20
    print(HEADER, file=sys.stderr)
    results = [] if arguments.postgres_only else run_sqlite_phases(data, work, arguments, rows)
    results += progress(run_postgres(data, arguments.postgres, arguments.scale), rows)
    print(f"IMDb datasets import, scale {arguments.scale} (seed {arguments.seed}): {rows:,} rows, "
          f"{dump_mib:,.0f} MiB gzip")  # fmt: skip
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")  # fmt: skip
    print(table(results, rows, ratios(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
