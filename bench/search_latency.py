"""Time reeldb's search box and /find on a database of IMDb's size, against the raw word index.

    python -m bench.search_latency --scale 0.01 [--work DIR] [--reuse [--keep-index]]
                                   [--postgres URL] [--no-sqlite] [--queries 2000] [--seed 12]

Prepares the synthetic IMDb dump once (``make_imdb_dump.py``, gzip level 1, under ``--work``,
shared with ``import_imdb.py``), imports it with ``reeldb import imdb`` in a subprocess (into
``--work``'s ``search-home`` on SQLite; with ``--postgres``, into ``bench_search_latency_<scale>``
on that server as well), then measures, each database in its own subprocess:

- the index build: the seconds ``reeldb import imdb`` reports for its search rebuild; with
  ``--reuse``, an existing database is kept and ``reeldb search rebuild`` is timed instead
  (with ``--keep-index`` too, its index is measured as it is, which at scale 1.0 saves the
  half hour a rebuild takes when only the queries changed);
- the index size: on SQLite, ``dbstat``'s pages of every ``search_*`` table (entries, words,
  stored prefixes, long texts, their indexes and FTS5's) against the whole file; on PostgreSQL,
  ``pg_total_relation_size`` of every ``search_*`` table (indexes included) against
  ``pg_database_size``;
- ``--queries`` queries (default 2,000) drawn by ``--seed`` from the database's own titles and
  people, so they have answers. ``suggest``: the name cut after 1-12 characters, through
  ``suggest(q)`` (the search box). ``find``, through ``find(q, kinds=<every /find
  category>, limit=8)`` as /find's "All" does: one full word of a name; a whole name of
  several words; one typo (a letter changed, dropped, added or a swap) in a word of 5+
  letters; diacritics (an accented name without its accents, an ASCII name with an accent
  added); quotes; a few hostile strings (FTS5 and tsquery syntax, SQL, 200 characters);
- the floor, for each query: the raw word-index lookup of the same folded words (the last as a
  prefix), run per name kind as reeldb does: on SQLite ``SELECT rowid FROM search_fts WHERE
  search_fts MATCH '("…") AND ("…"*) AND ("_tt")' ORDER BY rowid LIMIT 8``, on PostgreSQL
  ``SELECT id FROM search_entry WHERE search_entry_words(…) @@ '…' & 'des*' & ('_tt')::tsquery
  ORDER BY id LIMIT 8`` over the whole GIN index (a prefix of 4+ letters as ``'desp':*``). No
  typo lookup, no ranking, no titles' or people's details: what the index alone costs.
  Queries with no word left after folding have no floor.

Each query is timed alone with ``time.perf_counter``, warm: every query runs once untimed first.
Prints p50/p95/p99 per kind of query and per side, the ratio of p95s, the build time, the
sizes, and the issue's targets (set for scale 1.0, about 26 million titles and people): on
SQLite, suggest p95 <= 10 ms and p99 <= 30 ms, find p95 <= 50 ms and p99 <= 150 ms, at most
1.5x the floor, the build <= 5 minutes and <= 40% of the database; on PostgreSQL, suggest p95
<= 25 ms and find p95 <= 100 ms. Databases are kept for ``--reuse``: delete them when done.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.import_imdb import pg_size, prepare_dump
from bench.search_relevance import misspell, reeldb_command, strip_accents

SUGGESTED = ("tt", "nm")
SHOWN = 8
# The share of each kind of query in the mix.
MIX = {
    "prefix": 0.40,
    "word": 0.12,
    "multi-word": 0.18,
    "typo": 0.14,
    "diacritics": 0.08,
    "quotes": 0.05,
    "hostile": 0.03,
}
HOSTILE = (
    '"{w}',
    "{w}*",
    "{w} OR",
    "NEAR({w} x)",
    "title:{w}",
    "{w}' OR '1'='1",
    "^{w} -- ; DROP TABLE search_entry",
    "{w}:* & !",
    "\\{w}",
    "{w} " * 40,
)
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"}
REBUILT = re.compile(r"Search index rebuilt: ([0-9,]+) entries in ([0-9.]+) s\.")
# (side, category): (p95 ms, p99 ms or None) at scale 1.0.
TARGETS: dict[tuple[str, str], tuple[float, float | None]] = {
    ("sqlite", "suggest"): (10, 30),
    ("sqlite", "find"): (50, 150),
    ("postgresql", "suggest"): (25, None),
    ("postgresql", "find"): (100, None),
}
MAX_FLOOR_RATIO = 1.5
MAX_BUILD_S = 300
MAX_INDEX_SHARE = 0.40


@dataclass(frozen=True)
class Query:
    category: str
    kind: str
    text: str


def _cut(rng: random.Random, name: str) -> str:
    return name[: rng.randint(1, 12)]


def _word(rng: random.Random, name: str) -> str:
    return rng.choice(name.split())


def _typo(rng: random.Random, name: str) -> str:
    return misspell(rng, name, edits=1, longer_than=5) or name


def _diacritics(rng: random.Random, name: str) -> str:
    """Return an accented name without its accents, or an ASCII name with one added."""
    if not name.isascii():
        return strip_accents(name)
    places = [i for i, char in enumerate(name) if char in ACCENTED]
    if not places:
        return name
    place = rng.choice(places)
    return name[:place] + ACCENTED[name[place]] + name[place + 1 :]


def _quotes(rng: random.Random, name: str) -> str:
    words = name.split()
    if len(words) > 1 and rng.random() < 0.5:
        return f'{words[0]} "{" ".join(words[1:])}"'
    return f'"{name}"'


def _hostile(rng: random.Random, name: str) -> str:
    return rng.choice(HOSTILE).format(w=_word(rng, name))[:300]


MAKERS: dict[str, Callable[[random.Random, str], str]] = {
    "prefix": _cut,
    "word": _word,
    "multi-word": lambda _rng, name: name,
    "typo": _typo,
    "diacritics": _diacritics,
    "quotes": _quotes,
    "hostile": _hostile,
}


def sample_names(rng: random.Random, wanted: int) -> list[str]:
    """Return ``wanted`` names of titles and people picked at random (seeded) from the database.

    Ids are drawn within each table's range and read back, rather than
    ``ORDER BY RANDOM()``, which would sort millions of rows.
    """
    from reeldb.catalog.models import Person, Title

    names: list[str] = []
    for model, field in ((Title, "primary_title"), (Person, "primary_name")):
        manager = model._default_manager
        top = manager.order_by("-pk").values_list("pk", flat=True).first() or 0
        ids = sorted({rng.randint(1, top) for _ in range(wanted)}) if top else []
        names += manager.filter(pk__in=ids).order_by("pk").values_list(field, flat=True)
    rng.shuffle(names)
    return names


def make_queries(rng: random.Random, names: list[str], count: int) -> list[Query]:
    """Return ``count`` queries in the proportions of ``MIX``, multi-word ones from longer names."""
    several = [name for name in names if len(name.split()) > 1] or names
    queries = []
    for kind, share in MIX.items():
        pool = several if kind in ("multi-word", "quotes") else names
        for _ in range(round(count * share)):
            text = MAKERS[kind](rng, rng.choice(pool))
            queries.append(Query("suggest" if kind == "prefix" else "find", kind, text))
    return queries[:count]


def _fts5_expression(words: list[str], kind_filter: tuple[str, ...]) -> str:
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    kinds = " OR ".join(f'"_{kind}"' for kind in kind_filter)
    return f"({' AND '.join(quoted)}) AND ({kinds})"


def found_kinds() -> tuple[str, ...]:
    """Return what ``/find`` searches for "All": every category, names and long texts."""
    from reeldb.search.views import CATEGORIES

    return tuple(CATEGORIES["all"])


def _tsquery(words: list[str], kinds: tuple[str, ...]) -> str:
    from reeldb.search.index.backends import ENTRY_TSQUERY

    quoted = [ENTRY_TSQUERY.quote(word) for word in words[:-1]]
    quoted.append(ENTRY_TSQUERY.prefix(words[-1]))
    kind_words = " | ".join(ENTRY_TSQUERY.quote(f"_{kind}") for kind in kinds)
    return f"{' & '.join(quoted)} & ({kind_words})"


def floor_lookup(query: Query) -> Callable[[], object] | None:
    """Return the raw word-index lookup for ``query``'s folded words, None when none is left."""
    from django.db import connection

    from reeldb.catalog.folding import fold

    # The same cut reeldb makes: 200 characters, 10 words.
    words = fold(query.text[:200]).split()[:10]
    if not words:
        return None
    from reeldb.search.index.backends import POSTGRES_WORDS
    from reeldb.search.models import EntryKind

    names = [kind for kind in found_kinds() if kind in EntryKind.values]
    groups = [SUGGESTED] if query.category == "suggest" else [(kind,) for kind in names]

    def sqlite() -> object:
        with connection.cursor() as cursor:
            for kinds in groups:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    "ORDER BY rowid LIMIT %s",
                    [_fts5_expression(words, kinds), SHOWN],
                )
                cursor.fetchall()
        return None

    def postgresql() -> object:
        with connection.cursor() as cursor:
            for kinds in groups:
                cursor.execute(
                    f"SELECT id FROM search_entry WHERE {POSTGRES_WORDS} "  # noqa: S608
                    "@@ %s::tsquery ORDER BY id LIMIT %s",
                    [_tsquery(words, kinds), SHOWN],
                )
                cursor.fetchall()
        return None

    return sqlite if connection.vendor == "sqlite" else postgresql


def reeldb_lookup(query: Query) -> Callable[[], object]:
    from reeldb.search.index.finding import find, suggest

    if query.category == "suggest":
        return lambda: suggest(query.text)
    kinds = found_kinds()
    return lambda: find(query.text, kinds=kinds, limit=SHOWN)


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(count: int, seed: int) -> dict[str, object]:
    """Run the queries warm through reeldb and the floor; return times in ms by side and kind."""
    from reeldb.search.models import SearchEntry

    rng = random.Random(seed)
    queries = make_queries(rng, sample_names(rng, count), count)
    calls = [(query, reeldb_lookup(query), floor_lookup(query)) for query in queries]
    for _query, ours, floor in calls:  # the untimed warm-up pass
        ours()
        if floor:
            floor()
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for query, ours, floor in calls:
        times["reeldb"][f"{query.category}/{query.kind}"].append(timed(ours))
        if floor:
            times["floor"][f"{query.category}/{query.kind}"].append(timed(floor))
    return {"entries": SearchEntry.objects.count(), "times": times}


def _measure_here(count: int, seed: int) -> int:
    """The child's side: set Django up on the environment's database and print times as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    import django

    django.setup()
    json.dump(measure(count, seed), sys.stdout)
    return 0


def run_reeldb(env: dict[str, str], *arguments: str) -> str:
    run = subprocess.run(
        reeldb_command(*arguments), env=env, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise RuntimeError(f"reeldb {' '.join(arguments)} failed:\n{run.stderr[-3000:]}")
    # reeldb's console writes to stderr.
    return run.stderr


def build_index(env: dict[str, str], dump: Path, *, fresh: bool, keep: bool) -> float | None:
    """Import ``dump`` into a fresh database, or rebuild a reused one's index; return its seconds.

    The import rebuilds the index as its last step and reports that step's
    time, which is the build measured; a reused database is rebuilt alone,
    or with ``keep`` (``--keep-index``) left as it is (``None``).
    """
    if keep and not fresh:
        return None
    if fresh:
        run_reeldb(env, "init")
        output = run_reeldb(env, "import", "imdb", str(dump))
    else:
        output = run_reeldb(env, "search", "rebuild")
    found = REBUILT.search(output)
    if found is None:
        raise RuntimeError(f"no 'Search index rebuilt' line in reeldb's output:\n{output[-2000:]}")
    return float(found[2])


SQLITE_INDEX_SIZE = r"""
SELECT COALESCE(SUM(pgsize), 0) FROM dbstat JOIN sqlite_master USING (name)
WHERE tbl_name LIKE 'search\_%' ESCAPE '\'
"""


def sqlite_sizes(database: Path) -> tuple[int, int]:
    """Return the search index's bytes and the database file's, after a checkpoint."""
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        index = db.execute(SQLITE_INDEX_SIZE).fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    return int(index), int(pages * page_size)


def postgres_sizes(server: str, name: str) -> tuple[int, int]:
    query = (
        "SELECT SUM(pg_total_relation_size(oid)) FROM pg_class "
        "WHERE relkind = 'r' AND relname LIKE 'search%'"
    )
    run = subprocess.run(
        ["psql", f"{server}/{name}", "-tAc", query], capture_output=True, text=True, check=True
    )
    return int(run.stdout.strip()), pg_size(server, name)


Times = dict[str, dict[str, list[float]]]


@dataclass
class Side:
    """One database's figures."""

    side: str
    build_s: float | None
    index_bytes: int
    database_bytes: int
    entries: int
    times: Times


def measure_side(side: str, env: dict[str, str], count: int, seed: int) -> tuple[int, Times]:
    command = [sys.executable, "-m", "bench.search_latency", "--measure-here"]
    command += ["--queries", str(count)]
    run = subprocess.run(
        [*command, "--seed", str(seed)], env=env, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise RuntimeError(f"{side}: measuring failed:\n{run.stderr[-3000:]}")
    found = json.loads(run.stdout)
    return int(found["entries"]), found["times"]


def run_sqlite(dump: Path, work: Path, arguments: argparse.Namespace) -> Side:
    home = work / "search-home"
    database = home / "reeldb.sqlite3"
    fresh = not (arguments.reuse and database.exists())
    if fresh and home.exists():
        for old in home.glob("reeldb.sqlite3*"):
            old.unlink()
    env = {**os.environ, "REELDB_HOME": str(home), "REELDB_SECRET_KEY": "bench"}
    env.pop("DATABASE_URL", None)
    build_s = build_index(env, dump, fresh=fresh, keep=arguments.keep_index)
    index_bytes, database_bytes = sqlite_sizes(database)
    entries, times = measure_side("sqlite", env, arguments.queries, arguments.seed)
    return Side("sqlite", build_s, index_bytes, database_bytes, entries, times)


def postgres_database_exists(server: str, name: str) -> bool:
    """Return whether ``name`` exists and holds an imported catalogue: its search table answers."""
    run = subprocess.run(
        ["psql", f"{server}/{name}", "-tAc", "SELECT count(*) > 0 FROM search_entry"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return run.stdout.strip() == "t"


def run_postgres(dump: Path, server: str, arguments: argparse.Namespace) -> Side:
    name = f"bench_search_latency_{str(arguments.scale).replace('.', '_')}"
    fresh = not (arguments.reuse and postgres_database_exists(server, name))
    if fresh:
        for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", f"{server}/postgres", "-qc", statement], check=True)
    env = {**os.environ, "DATABASE_URL": f"{server}/{name}", "REELDB_SECRET_KEY": "bench"}
    build_s = build_index(env, dump, fresh=fresh, keep=arguments.keep_index)
    index_bytes, database_bytes = postgres_sizes(server, name)
    entries, times = measure_side("postgresql", env, arguments.queries, arguments.seed)
    return Side("postgresql", build_s, index_bytes, database_bytes, entries, times)


def percentiles(values: list[float]) -> tuple[float, float, float] | None:
    """Return p50, p95 and p99 of ``values``, None for fewer than two."""
    if len(values) < 2:
        return None
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def _cells(found: tuple[float, float, float] | None) -> str:
    if found is None:
        return f"{'-':>7} {'-':>7} {'-':>7}"
    return " ".join(f"{value:7.1f}" for value in found)


def _pooled(times: dict[str, list[float]], category: str) -> list[float]:
    return [t for key, values in times.items() if key.startswith(f"{category}/") for t in values]


def _check(label: str, value: float, limit: float) -> str:
    return f"{label} {value:.1f} <= {limit:g} {'PASS' if value <= limit else 'FAIL'}"


def report(side: Side) -> list[str]:
    lines = [
        f"{side.side}: {side.entries:,} entries",
        f"{'queries':<22} {'n':>5} {'reeldb p50':>10} {'p95':>7} {'p99':>7}"
        f" {'floor p50':>9} {'p95':>7} {'p99':>7} {'p95 ratio':>9}  (ms)",
    ]
    ours, floor = side.times["reeldb"], side.times.get("floor", {})
    rows = [(key, ours[key], floor.get(key, [])) for key in sorted(ours)]
    rows += [(f"{c} (all)", _pooled(ours, c), _pooled(floor, c)) for c in ("suggest", "find")]
    for label, mine, raw in rows:
        a, b = percentiles(mine), percentiles(raw)
        ratio = f"{a[1] / b[1]:9.2f}" if a and b and b[1] else f"{'-':>9}"
        lines.append(f"{label:<22} {len(mine):>5} {_cells(a)[:7]:>10} {_cells(a)[8:]}"
                     f" {_cells(b)[:7]:>9} {_cells(b)[8:]} {ratio}")  # fmt: skip
    checks = []
    for category in ("suggest", "find"):
        a, b = percentiles(_pooled(ours, category)), percentiles(_pooled(floor, category))
        p95_limit, p99_limit = TARGETS[side.side, category]
        if a:
            checks.append(_check(f"{category} p95", a[1], p95_limit))
            if p99_limit is not None:
                checks.append(_check(f"{category} p99", a[2], p99_limit))
            if side.side == "sqlite" and b and b[1]:
                checks.append(_check(f"{category} p95 / floor", a[1] / b[1], MAX_FLOOR_RATIO))
    share = side.index_bytes / side.database_bytes if side.database_bytes else 0.0
    built = "not rebuilt in this run" if side.build_s is None else f"{side.build_s:.1f} s"
    lines.append(
        f"index build {built}; index {side.index_bytes / 2**20:,.1f} MiB of "
        f"{side.database_bytes / 2**20:,.1f} MiB ({share:.0%})"
    )
    if side.side == "sqlite" and side.build_s is not None:
        checks.append(_check("build s", side.build_s, MAX_BUILD_S))
    if side.side == "sqlite":
        checks.append(_check("index share %", share * 100, MAX_INDEX_SHARE * 100))
    lines.append("targets (set for scale 1.0): " + "; ".join(checks))
    return lines


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, help="1.0 = IMDb's full size (required)")
    parser.add_argument("--seed", type=int, default=12, help="the dump's and the queries' seed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reeldb-bench"))
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an existing database from an earlier run and time `reeldb search rebuild`",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="with --reuse, measure the queries on the index as it is (no rebuild)",
    )
    parser.add_argument(
        "--sqlite",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure SQLite (default); --no-sqlite with --postgres measures PostgreSQL alone",
    )
    parser.add_argument("--postgres", help="server URL, e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--queries", type=int, default=2000, help="queries per database")
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.scale is None and not arguments.measure_here:
        parser.error("--scale is required")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.measure_here:
        return _measure_here(arguments.queries, arguments.seed)
    work = arguments.work / f"scale-{arguments.scale}"
    dump = prepare_dump(work, arguments.scale, arguments.seed)
    sides = [run_sqlite(dump, work, arguments)] if arguments.sqlite else []
    if arguments.postgres:
        sides.append(run_postgres(dump, arguments.postgres.rstrip("/"), arguments))
    print(f"Search latency, scale {arguments.scale} (seed {arguments.seed}), "
          f"{arguments.queries:,} queries a database, warm, one at a time")  # fmt: skip
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")  # fmt: skip
    for side in sides:
        print("\n".join(report(side)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
