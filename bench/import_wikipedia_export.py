"""How fast reeldb takes in a Wikipedia export, against the floor of parsing it at all.

Usage: ``.venv/bin/python bench/import_wikipedia_export.py [--articles 2000]``

It writes a seeded export of invented film and TV articles with non-film pages
mixed in (``make_wikipedia_export.py``), plain and bz2, into a temporary folder.
Then, each in its own subprocess so that memory is measured alone:

* **floor**: ``xml.etree.ElementTree.iterparse`` over the export and
  ``mwparserfromhell.parse`` of every page's text, nothing else: no reader
  can be faster than the parsing it must do;
* **reeldb extract**: the extraction alone (``reeldb extract``);
* **reeldb import pages**: extraction and the catalogue writes, into a fresh
  SQLite database under its own ``REELDB_HOME``.

It prints one table of wall time, articles per second, peak RSS and the ratio
of each time to the floor's on the same file, with versions and the machine.
Every figure is measured in this run; nothing is estimated.
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
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from make_wikipedia_export import write_export

REELDB = Path(sys.executable).with_name("reeldb")
# The floor: stream the export, parse each page's wikitext, count the pages.
FLOOR = """
import sys
import mwparserfromhell
from xml.etree import ElementTree
import bz2
path = sys.argv[1]
stream = bz2.open(path, "rb") if path.endswith(".bz2") else open(path, "rb")
pages = 0
for _event, element in ElementTree.iterparse(stream):
    if element.tag.rsplit("}", 1)[-1] == "page":
        for child in element.iter():
            if child.tag.rsplit("}", 1)[-1] == "text":
                mwparserfromhell.parse(child.text or "")
        pages += 1
        element.clear()
print(f"pages: {pages}")
"""
SUMMARY = re.compile(r"documents: ([\d,]+) read, ([\d,]+) loaded")


@dataclass
class Run:
    name: str
    file: str
    articles: int
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float


def _measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run ``command``; return its wall and CPU seconds, its own peak RSS in MiB, its output.

    CPU time (user and system, the command's and its waited-for children's) is
    less disturbed than wall time by other work on a shared machine.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, output  # ru_maxrss is in KiB on Linux


def _loaded(output: str) -> int:
    match = SUMMARY.search(output)
    if match is None:
        sys.exit(f"reeldb printed no summary:\n{output[-3000:]}")
    return int(match.group(2).replace(",", ""))


def _best(
    name: str, export: Path, command: list[str], repeat: int, home: Path, *, fresh: bool
) -> Run:
    """Run ``command`` ``repeat`` times and keep the fastest run (the least disturbed one).

    With ``fresh``, each run gets a new, migrated, empty database: an import
    into a database that already holds the titles would measure updates.
    """
    best: Run | None = None
    for attempt in range(repeat):
        env = {**os.environ, "REELDB_HOME": str(home / str(attempt))}
        if fresh:
            subprocess.run([str(REELDB), "init"], env=env, check=True, capture_output=True)
        seconds, cpu, rss, output = _measure(command, env)
        count = (
            int(output.rsplit("pages: ", 1)[1].split()[0])
            if name.startswith("floor")
            else _loaded(output)
        )
        if best is None or seconds < best.seconds:
            best = Run(name, export.name, count, seconds, cpu, rss)
    assert best is not None
    return best


def run_all(folder: Path, articles: int, repeat: int) -> list[Run]:
    runs = []
    for export in (folder / "export.xml", folder / "export.xml.bz2"):
        write_export(export, articles=articles)
        home = folder / f"home-{export.name}"
        for name, command, fresh in (
            ("floor: iterparse + mwparserfromhell", [sys.executable, "-c", FLOOR], False),
            ("reeldb extract", [str(REELDB), "extract"], False),
            ("reeldb extract --jobs 0", [str(REELDB), "extract", "--jobs", "0"], False),
            ("reeldb import pages", [str(REELDB), "import", "pages"], True),
            ("reeldb import pages --jobs 0", [str(REELDB), "import", "pages", "--jobs", "0"], True),
        ):
            target = [*command, str(export)]
            folder_name = re.sub(r"\W+", "-", name)
            runs.append(_best(name, export, target, repeat, home / folder_name, fresh=fresh))
    return runs


def print_table(runs: list[Run], articles: int, repeat: int) -> None:
    floors = {run.file: run.seconds for run in runs if run.name.startswith("floor")}
    print(
        f"{'run':<36} {'file':<14} {'pages/articles':>14} {'wall s':>7} {'CPU s':>7} "
        f"{'articles/s':>10} {'art./CPU s':>10} {'peak RSS MiB':>12} {'x floor':>7}"
    )
    for run in runs:
        print(
            f"{run.name:<36} {run.file:<14} {run.articles:>14,} {run.seconds:>7.2f} "
            f"{run.cpu_seconds:>7.2f} {articles / run.seconds:>10,.0f} "
            f"{articles / run.cpu_seconds:>10,.0f} {run.peak_rss_mib:>12,.0f} "
            f"{run.seconds / floors[run.file]:>7.2f}"
        )
    print(
        f"\nFastest of {repeat} runs each. The floor parses every page (articles and the other "
        f"pages); articles/s is {articles:,} film/TV articles over each run's wall time, "
        "start-up included, art./CPU s over its CPU time (workers included);\nimport pages "
        "writes into a fresh SQLite database each run; --jobs 0 extracts in the main process, "
        "without it reeldb picks its default number of extraction workers."
    )


def print_versions() -> None:
    packages = ["reeldb", "Django", "mwparserfromhell", "selectolax", "defusedxml", "rich"]
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in packages)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    print(f"Python {platform.python_version()}, {versions}, SQLite {sqlite3.sqlite_version}")
    print(f"{platform.system()} {platform.release()}, {cpu}, nproc {os.cpu_count()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="film/TV articles (2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, fastest kept (3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args()
    if not REELDB.exists():
        sys.exit(f"{REELDB} is missing: install reeldb into this virtualenv first.")
    try:
        metadata.version("mwparserfromhell")
    except metadata.PackageNotFoundError:
        sys.exit("mwparserfromhell, the floor's parser, is not installed.")
    folder = Path(tempfile.mkdtemp(prefix="reeldb-bench-"))
    try:
        load_before = os.getloadavg()[0]
        runs = run_all(folder, arguments.articles, max(1, arguments.repeat))
        load_after = os.getloadavg()[0]
        print_table(runs, arguments.articles, max(1, arguments.repeat))
        print_versions()
        # Other work on the machine slows every run; the one-minute load average says how much.
        print(f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}")
    finally:
        if arguments.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
