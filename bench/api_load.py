"""The API and a title page under load, beside a minimal Starlette endpoint as the ceiling.

    python -m bench.api_load --home /work/load/home [--connections 64] [--duration 30]
    DATABASE_URL=postgres://… python -m bench.api_load [--connections 64] [--duration 30]

Reads a database already filled (``make_imdb_dump.py --scale 0.1`` imported with ``reeldb
import imdb``), picks ``--paths`` random movies from it (seeded), then, one after the other
on 127.0.0.1, with the same granian worker count:

- ``ceiling``: ``bench/api_ceiling.py`` under granian (ASGI): the title endpoint's one SQL
  statement and the same JSON, checked equal to reeldb's on the first 20 titles first;
- ``django floor``: ``bench/api_django_floor.py`` under granian (WSGI) as ``reeldb serve``
  runs it: the same statement and JSON from a Django view with no middleware, no apps and
  one URL, the least any Django endpoint costs (its share of the ceiling bounds what a
  Django endpoint can reach);
- ``api title``: ``reeldb serve`` answering ``/api/v1/titles/{tt…}``;
- ``api match``: ``/api/v1/match?filename=<Title>.<year>.1080p.BluRay.x264.mkv``;
- ``html title``: the title page ``/title/{tt…}/``.

Each is loaded by wrk (Debian's ``wrk``) with ``--connections`` connections for
``--duration`` seconds, every request to a random one of the paths, after a 5 s warm-up;
the API's per-address rate limit is lifted for the run. Prints requests/s, p50/p95/p99 and
each one's requests/s as a share of the ceiling's. Targets (issue 32): API title ≥ 0.5×
the ceiling with p95 ≤ 25 ms; the HTML title page ≥ 0.3×.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

from reeldb.cli import DEFAULT_THREADS

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WARM_UP_SECONDS = 5
CHECKED = 20
TARGETS = {"api title": 0.5, "html title": 0.3}
P95_TARGET_MS = 25.0
# wrk's own report is in microseconds; p95 is not in its summary, so a script prints it.
WRK_SCRIPT = """
local paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "errors": %d, "non_2xx": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3))
end
"""


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    non_2xx: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):  # noqa: S310 - the bench's own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def serving(command: list[str], env: dict[str, str], probe: str) -> Iterator[None]:
    """Run a server until the block ends; wait until ``probe`` answers first."""
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=HERE.parent
    )
    try:
        _wait_for(probe)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def load(base: str, paths: list[str], *, connections: int, duration: int) -> Load:
    """Load ``base`` with wrk over ``paths``; return what it measured after a warm-up."""
    with tempfile.TemporaryDirectory() as folder:
        listing, script = Path(folder) / "paths.txt", Path(folder) / "report.lua"
        listing.write_text("\n".join(paths) + "\n")
        script.write_text(WRK_SCRIPT)
        threads = min(connections, os.cpu_count() or 1)
        common = ["wrk", "-t", str(threads), "-c", str(connections), "-s", str(script)]
        warm = [*common, "-d", f"{WARM_UP_SECONDS}s", base, "--", str(listing)]
        subprocess.run(warm, capture_output=True, check=True)
        timed = [*common, "-d", f"{duration}s", "--timeout", "10s", base, "--", str(listing)]
        done = subprocess.run(timed, capture_output=True, text=True, check=True)
    found = re.search(r"^RESULT (\{.*\})$", done.stdout, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(found.group(1))
    return Load(
        requests_per_second=figures["requests"] / figures["seconds"],
        p50=figures["p50"],
        p95=figures["p95"],
        p99=figures["p99"],
        errors=figures["errors"],
        non_2xx=figures["non_2xx"],
    )


def sample_titles(env: dict[str, str], count: int, seed: int) -> list[tuple[str, str, int]]:
    """Return ``(tconst, primary title, year)`` of ``count`` random movies, from a child process."""
    code = (
        "import django, json, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'reeldb.settings'); django.setup()\n"
        "from reeldb.catalog.models import Title\n"
        "rows = Title.objects.filter(title_type='movie', tconst__isnull=False,"
        " start_year__isnull=False).values_list('tconst', 'primary_title', 'start_year')"
        ".order_by('pk')[:200000]\n"
        "print(json.dumps(list(rows)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    rows = [tuple(row) for row in json.loads(done.stdout)]
    chosen = random.Random(seed).sample(rows, min(count, len(rows)))
    return [(str(t), str(name), int(year)) for t, name, year in chosen]


def file_name(name: str, year: int) -> str:
    dotted = ".".join(re.sub(r"[^\w]+", " ", name).split())
    return quote(f"{dotted}.{year}.1080p.BluRay.x264.mkv")


def check_same_json(reeldb: str, reference: str, tconsts: list[str]) -> None:
    """Stop unless a reference server answers exactly reeldb's JSON for the first titles."""
    for tconst in tconsts[:CHECKED]:
        with urlopen(f"{reeldb}/api/v1/titles/{tconst}") as ours:  # noqa: S310 - local
            expected = json.load(ours)
        with urlopen(f"{reference}/titles/{tconst}") as theirs:  # noqa: S310 - local
            got = json.load(theirs)
        if got != expected:
            raise RuntimeError(f"{reference}'s JSON differs from reeldb's for {tconst}")


def report(results: dict[str, Load]) -> int:
    ceiling = results["ceiling"].requests_per_second
    print(f"{'endpoint':<12} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'non-2xx':>8} {'/ ceiling':>10}")  # fmt: skip
    verdicts = []
    for name, found in results.items():
        share = found.requests_per_second / ceiling
        print(
            f"{name:<12} {found.requests_per_second:9.0f} {found.p50:8.2f} {found.p95:8.2f} "
            f"{found.p99:8.2f} {found.errors:7d} {found.non_2xx:8d} {share:9.2f}x"
        )
    for name, wanted in TARGETS.items():
        share = results[name].requests_per_second / ceiling
        met = share >= wanted and (name != "api title" or results[name].p95 <= P95_TARGET_MS)
        verdicts.append(met)
        extra = (
            f" and p95 {results[name].p95:.1f} <= {P95_TARGET_MS:g} ms"
            if name == "api title"
            else ""
        )
        print(f"target {name}: {share:.2f}x >= {wanted}x{extra}: {'PASS' if met else 'MISS'}")
    return 0 if all(verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="REELDB_HOME of a SQLite database")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: `apt-get install wrk` (Debian's), then run again.")
        return 2
    env = {**os.environ, "REELDB_SEARCH_BY_MEANING": "0"}
    env["REELDB_API_REQUESTS_PER_MINUTE"] = str(10**9)
    if arguments.home:
        env["REELDB_HOME"] = str(arguments.home)
        env.pop("DATABASE_URL", None)
    titles = sample_titles(env, arguments.paths, arguments.seed)
    if not titles:
        print("No movies in this database: import a dump first (see --help).")
        return 2
    tconsts = [tconst for tconst, _name, _year in titles]
    paths = {
        "api title": [f"/api/v1/titles/{t}" for t in tconsts],
        "api match": [f"/api/v1/match?filename={file_name(n, y)}" for _t, n, y in titles],
        "html title": [f"/title/{t}/" for t in tconsts],
    }
    print(
        f"{len(titles)} random movies; {arguments.connections} connections, "
        f"{arguments.duration} s each after {WARM_UP_SECONDS} s of warm-up; "
        f"{arguments.workers} granian workers; database: "
        f"{'PostgreSQL' if 'DATABASE_URL' in env else arguments.home}",
        flush=True,
    )
    results: dict[str, Load] = {}
    reeldb = f"http://127.0.0.1:{_free_port()}"
    # The two references, each its own server answering GET /titles/{tconst}.
    references = {
        "ceiling": ["--interface", "asgi", "bench.api_ceiling:app"],
        "django floor": [
            "--interface", "wsgi", "--blocking-threads", str(DEFAULT_THREADS),
            "--backpressure", str(DEFAULT_THREADS), "bench.api_django_floor:application",
        ],
    }  # fmt: skip
    reeldb_command = [
        str(BIN / "reeldb"), "serve", "--host", "127.0.0.1", "--port", reeldb.rsplit(":", 1)[1],
        "--workers", str(arguments.workers), "--no-worker",
    ]  # fmt: skip
    with serving(reeldb_command, env, f"{reeldb}/api/v1/titles/{tconsts[0]}"):
        for name, server in references.items():
            port = _free_port()
            command = [
                str(BIN / "granian"), "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(arguments.workers), "--no-ws", "--log-level", "warning", *server,
            ]  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            with serving(command, env, f"{base}/titles/{tconsts[0]}"):
                check_same_json(reeldb, base, tconsts)
                results[name] = load(
                    base,
                    [f"/titles/{t}" for t in tconsts],
                    connections=arguments.connections,
                    duration=arguments.duration,
                )
        for name, wanted in paths.items():
            results[name] = load(
                reeldb, wanted, connections=arguments.connections, duration=arguments.duration
            )
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
