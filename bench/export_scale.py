"""Time ``reeldb export imdb`` and ``reeldb export jsonl`` on a filled database, beside floors.

    python -m bench.export_scale --home /work/load/home [--out /work/load/export]
                                 [--skip-jsonl | --skip-imdb]

The database is one ``make_imdb_dump.py --scale 0.1`` imported with ``reeldb import imdb``
(SQLite, ``--home``). Each command runs in its own process under ``/usr/bin/time`` (wall
time and peak memory). The floors, in the same run:

- ``imdb`` floor: the export's own SQL statements (``catalog.selectors.exports.STATEMENTS``),
  each row's values joined by tabs and written to a gzip file at the same level, with none of the
  export's work on the values (no IMDb conventions, no crew places, no renumbering);
- ``jsonl`` floor: every table a title's document reads from, streamed whole in id order and
  written to gzip as JSON lists: what reading everything once costs, without building one
  document per title.

Prints seconds and peak MiB of each, their ratio, rows written, and the exported files' sizes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TIME = "/usr/bin/time"
GZIP_LEVEL = 1
JSONL_TABLES = (
    "catalog_title", "catalog_credit", "catalog_aka", "catalog_plot", "catalog_keyword",
    "catalog_tagline", "catalog_certification", "catalog_releasedate",
    "catalog_filminglocation", "catalog_companycredit", "catalog_trivia", "catalog_goof",
    "catalog_quote", "catalog_connection", "catalog_soundtrack", "catalog_titleclaim",
    "recommend_relatedtitle",
)  # fmt: skip


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run ``command`` under /usr/bin/time; return wall seconds, peak MiB and its output."""
    done = subprocess.run(
        [TIME, "-f", "TIME %e %M", *command], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    found = re.search(r"^TIME ([\d.]+) (\d+)$", done.stderr, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no timing in:\n{done.stderr[-2000:]}")
    return float(found.group(1)), int(found.group(2)) / 1024, done.stdout + done.stderr


def imdb_floor(database: Path, out: Path) -> int:
    """Write each export statement's rows, tab-joined, to gzip; return the rows written."""
    from reeldb.catalog.selectors.exports import STATEMENTS

    written = 0
    connection = sqlite3.connect(database)
    out.mkdir(parents=True, exist_ok=True)
    for name, statement in STATEMENTS.items():
        with gzip.open(out / f"{name}.tsv.gz", "wt", compresslevel=GZIP_LEVEL) as file:
            for row in connection.execute(statement):
                file.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
                written += 1
    return written


def jsonl_floor(database: Path, out: Path) -> int:
    """Stream every table a document reads, whole, to gzip as JSON lists; return rows."""
    written = 0
    connection = sqlite3.connect(database)
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "floor.jsonl.gz", "wt", compresslevel=GZIP_LEVEL) as file:
        for table in JSONL_TABLES:
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY id"):  # noqa: S608
                file.write(json.dumps(row, default=str) + "\n")
                written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("/tmp/reeldb-export"))
    skipped = parser.add_mutually_exclusive_group()
    skipped.add_argument("--skip-jsonl", action="store_true")
    skipped.add_argument("--skip-imdb", action="store_true")
    parser.add_argument("--floor-only", choices=("imdb", "jsonl"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    database = arguments.home / "reeldb.sqlite3"
    env = {**os.environ, "REELDB_HOME": str(arguments.home), "REELDB_SEARCH_BY_MEANING": "0"}
    env.pop("DATABASE_URL", None)
    if arguments.floor_only:
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
        import django

        django.setup()
        started = time.perf_counter()
        floor = imdb_floor if arguments.floor_only == "imdb" else jsonl_floor
        rows = floor(database, arguments.out / f"floor-{arguments.floor_only}")
        print(f"FLOOR {rows} {time.perf_counter() - started:.1f}")
        return 0
    size = database.stat().st_size / 2**20
    print(f"database: {database} ({size:,.0f} MiB)")
    kinds = [
        kind
        for kind, skip in (("imdb", arguments.skip_imdb), ("jsonl", arguments.skip_jsonl))
        if not skip
    ]
    for kind in kinds:
        target = arguments.out / kind
        seconds, peak, output = measured([str(BIN / "reeldb"), "export", kind, str(target)], env)
        floor_seconds, floor_peak, floor_output = measured(
            [sys.executable, "-m", "bench.export_scale", "--home", str(arguments.home),
             "--out", str(arguments.out), "--floor-only", kind],
            env,
        )  # fmt: skip
        floor_rows = int(re.search(r"^FLOOR (\d+)", floor_output, re.MULTILINE).group(1))  # type: ignore[union-attr]
        written = sum(path.stat().st_size for path in target.iterdir()) / 2**20
        print(
            f"\nreeldb export {kind}: {seconds:.1f} s, peak {peak:,.0f} MiB, "
            f"{written:,.0f} MiB written"
        )
        for line in output.splitlines():
            if re.match(r"^\S+\.(tsv|jsonl)\.gz: |^left out|^title\.|^name\.", line):
                print(f"  {line}")
        print(
            f"floor {kind}: {floor_seconds:.1f} s, peak {floor_peak:,.0f} MiB, {floor_rows:,} rows"
        )
        print(f"  export / floor: {seconds / floor_seconds:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
