"""Time the upgrade of a big SQLite database across a schema migration, against Django's check.

    python bench/upgrade_sqlite.py --home /tmp/reeldb-bench/scale-1.0/reeldb-home

Unapplies and reapplies ``--migration`` (default ``catalog 0011``: it adds an index over
every credit and five nullable person columns) with ``reeldb init``, the way an upgrade
runs it, and times both. Beside it, as the peer, it times what Django's own SQLite schema
editor adds after every migration: ``PRAGMA foreign_key_check`` over the whole database,
stopped after ``--peer-limit`` seconds (at full size it runs for hours).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def _reeldb(*arguments: str) -> float:
    reeldb = str(Path(sys.executable).parent / "reeldb")
    start = time.perf_counter()
    run = subprocess.run([reeldb, *arguments], capture_output=True, text=True, check=False)
    if run.returncode:
        sys.exit(f"reeldb {' '.join(arguments)} failed:\n{run.stderr}")
    return time.perf_counter() - start


def _full_foreign_key_check(database: Path, limit: float) -> tuple[float, bool]:
    """Time ``PRAGMA foreign_key_check`` with the site's cache; return (seconds, finished)."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA cache_size=-65536")
    connection.execute("PRAGMA mmap_size=268435456")
    start = time.perf_counter()
    deadline = start + limit
    connection.set_progress_handler(lambda: time.perf_counter() > deadline, 100_000)
    try:
        connection.execute("PRAGMA foreign_key_check").fetchall()
        finished = True
    except sqlite3.OperationalError:
        finished = False
    connection.close()
    return time.perf_counter() - start, finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="REELDB_HOME of the database")
    parser.add_argument("--migration", nargs=2, default=["catalog", "0011"])
    parser.add_argument("--peer-limit", type=float, default=600.0)
    options = parser.parse_args()
    os.environ["REELDB_HOME"] = str(options.home)
    os.environ.pop("DATABASE_URL", None)
    app, number = options.migration
    previous = f"{int(number) - 1:04d}"
    database = options.home / "reeldb.sqlite3"

    print(f"database: {database} ({database.stat().st_size / 2**20:,.0f} MiB)")
    down = _reeldb("manage", "migrate", app, previous, "--noinput", "-v0")
    print(f"reeldb: unapply {app} {number}+          {down:8.1f} s")
    up = _reeldb("init")
    print(f"reeldb: reeldb init (reapply)          {up:8.1f} s")
    peer, finished = _full_foreign_key_check(database, options.peer_limit)
    shown = f"{peer:8.1f} s" if finished else f"> {peer:6.0f} s (stopped)"
    print(f"Django's check: PRAGMA foreign_key_check {shown}")
    ratio = f"{'' if finished else '> '}{peer / up:.1f}"
    print(f"Django's check alone / reeldb's whole upgrade: {ratio}")


if __name__ == "__main__":
    main()
