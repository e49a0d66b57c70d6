"""Replay the hardening issue's attacks (#33) against a running reeldb, on SQLite and PostgreSQL.

    python -m bench.abuse [--scale 0.01] [--serve-scale 0.002] [--postgres URL]
                          [--attack bomb upload refresh serving] [--work DIR]

Each attack gets its own fresh database (SQLite in its own ``REELDB_HOME``; on
PostgreSQL a database ``abuse_bench_<attack>`` created on the ``--postgres``
server and dropped afterwards) and, where it needs one, its own ``reeldb serve``
on a free loopback port (the default granian workers and threads, with the
background task worker), so that each peak is the attack's alone:

- **zip bomb**: a signed-in user uploads a history zip of 1 GiB of text three
  times: in bzip2 declaring 1,000 bytes (the issue's 1,962-byte bomb), in
  deflate declaring 1,000 bytes, and in deflate declaring its real size (made
  by ``tests/security/bombs.py``). Reported: the answer (status, error code,
  message) and its time, whether the site still answers, and the server's peak
  memory.
- **upload**: on a catalogue imported from the seed-1 dump, three signed-in
  users keep rating titles and putting them on or off their watchlists (the
  title page's htmx posts) while a fourth uploads a 50,000-row Letterboxd diary
  of the catalogue's films (each non-episode title once per name and year, then
  again on other days: rewatches), until its background job is done. Reported:
  the writers' requests, errors (any answer that is not 2xx or 3xx, 503s
  included, or no answer within 30 s), p50 and p99 while the upload runs and,
  for comparison, in the seconds before it; the time until the job was done, as
  the history page polled by the uploader saw it and as the job row records it;
  what the job imported; and the server's peak memory.
- **refresh**: ``reeldb import imdb`` of the ``--scale`` dump of seed 1, then of
  seed 2, into one database, and of seed 2 alone into another; the two
  catalogues are compared with ``bench/fingerprint.py``.
- **serving**: on the demo catalogue under ``reeldb serve``, ``reeldb import
  imdb`` of a ``--serve-scale`` dump while a client keeps getting the home page
  and the demo titles' pages. Reported: the import's exit status (and its last
  line when it fails), the titles the catalogue then holds, the client's
  errors and p99.

Server memory is read from ``/proc``: ``worker MiB`` is the largest peak
(``VmHWM``) of any one process of the server's tree (the supervisor, granian and
its workers, the task worker); ``tree MiB`` is the largest sum of their RSS,
sampled every 0.1 s. Both start again once the users have signed up (Argon2
takes 64 MiB per password hash), so that they are the attack's. Rate limits are
raised for the run (``REELDB_WRITE_LIMIT``, ``REELDB_LOGIN_ATTEMPTS``), as in
``load_community.py``: the writers measure the write path, not the limiter. An
attack the code fails is reported as failed, with what went wrong; nothing is
printed that was not measured in this run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import html
import io
import itertools
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psycopg
from psycopg import sql

from load_community import REQUEST_TIMEOUT, Client

REELDB = Path(sys.executable).with_name("reeldb")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
MIB = 1024 * 1024
ATTACKS = ("bomb", "upload", "refresh", "serving")
BOMB_SIZE = 1024 * MIB
# Each bomb: how it is compressed and the unpacked size its headers declare
# (None: its real size). A forged size was what the bombs relied on.
BOMBS = (("bzip2", 1_000), ("deflate", 1_000), ("deflate", None))
UPLOAD_ROWS = 50_000
WRITERS = 3
# How long a job or a server start may take before the attack is reported as failed.
JOB_TIMEOUT = 900
START_TIMEOUT = 90
POLL_INTERVAL = 0.5
SAMPLE_INTERVAL = 0.1
# The demo catalogue's titles, for the serving attack's client.
DEMO_TITLES = 12
RAISED_LIMIT = "1000000"
DROP = "DROP DATABASE IF EXISTS {} WITH (FORCE)"

# Built with the tests' own bomb makers (run from the repository root, where
# ``tests`` is a package); bzip2 of 1 GiB of one byte is the 1,962-byte
# bomb, and takes seconds to make where ``zip_of``'s rows take minutes in bzip2.
BOMB = """
import io, sys, zipfile
from tests.security.bombs import LETTERBOXD_HEADER, declaring, zip_of
method, size, declared, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
if method == "deflate":
    data = zip_of(size, method=zipfile.ZIP_DEFLATED)
else:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        info = zipfile.ZipInfo("ratings.csv")
        info.compress_type = zipfile.ZIP_BZIP2
        with bundle.open(info, "w") as member:
            member.write(LETTERBOXD_HEADER)
            block = b" " * 2**20
            for _ in range(size // len(block)):
                member.write(block)
    data = archive.getvalue()
with open(out, "wb") as file:
    file.write(declaring(data, declared) if declared else data)
"""
# Fingerprints the database the environment names, then the one named in
# argv[1] (Django's connection reopened on it), and prints their differences.
COMPARE = """
import json, sys
import django
django.setup()
from django.db import connection
from bench.fingerprint import differences, fingerprint
first = fingerprint()
connection.close()
connection.settings_dict["NAME"] = sys.argv[1]
second = fingerprint()
print(json.dumps({
    "rows": [sum(sum(t.values()) for t in f.values()) for f in (first, second)],
    "differences": differences(first, second),
}))
"""
# Titles a Letterboxd diary can name: not episodes, with a year, one per name and year
# (the history import matches by those two).
TITLES = """
import json
from reeldb.catalog.models import Title
titles = Title.objects.exclude(tconst=None).exclude(start_year=None).exclude(title_type="tvEpisode")
named = {{}}
for tconst, name, year, folded in titles.order_by("id").values_list(
    "tconst", "primary_title", "start_year", "folded_title"
).iterator():
    named.setdefault((folded, year), (tconst, name, year))
print(json.dumps(list(named.values())[:{limit}]))
"""
COUNT_TITLES = "from reeldb.catalog.models import Title; print(Title.objects.count())"
JOB = """
import json
from reeldb.community.models import CheckIn, HistoryImport, Rating
job = HistoryImport.objects.filter(user__username={name!r}).order_by("-created_at").first()
print(json.dumps(None if job is None else {{
    "status": job.status,
    "seconds": (job.finished_at - job.created_at).total_seconds() if job.finished_at else None,
    "report": job.report,
    "error": job.error,
    "ratings": Rating.objects.filter(user=job.user).count(),
    "check_ins": CheckIn.objects.filter(user=job.user).count(),
}}))
"""
DIARY_HEADER = ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags",
                "Watched Date")  # fmt: skip
ERROR_PAGE = re.compile(r'data-code="([^"]*)">\s*<h1>[^<]*</h1>\s*<p>(.*?)</p>', re.DOTALL)
JOB_STATUS = re.compile(r'data-testid="import-job" data-status="(\w+)"')
FORM_ERROR = re.compile(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', re.DOTALL)


@dataclass
class Row:
    """One line of the table; ``None`` is a figure this attack does not measure."""

    attack: str
    database: str
    worker_mib: float | None = None
    tree_mib: float | None = None
    errors: int | None = None
    p99_ms: float | None = None
    equals_clean: bool | None = None
    note: str = ""
    details: list[str] = field(default_factory=list)
    # The attack succeeded against the site, or the bench could not finish it.
    failed: bool = False


# Processes and their memory


def _children() -> dict[int, list[int]]:
    """Return each running process's children, read from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # ended while the folder was read
        # The name in brackets may hold spaces: the fields after it are split safely.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _tree(root: int) -> dict[int, int]:
    """Return ``root`` and its descendants, each with its parent."""
    children, found, waiting = _children(), {root: 0}, [root]
    while waiting:
        parent = waiting.pop()
        for pid in children.get(parent, []):
            found[pid] = parent
            waiting.append(pid)
    return found


def _role(pid: int, parent: int, root: int) -> str:
    """Name a process of ``reeldb serve``'s tree by what it does."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return f"process {pid}"
    if pid == root:
        return "reeldb serve"
    if "reeldb.cli worker" in command:
        return "task worker"
    if "granian" in command:
        return "granian" if parent == root else "web worker"
    return command.split(" ", 1)[0]


def _memory_kib(pid: int) -> tuple[int, int] | None:
    """Return a process's (VmRSS, VmHWM) in KiB, or None once it has ended."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    try:
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except KeyError:
        return None  # a zombie has no memory lines


class MemoryWatch(threading.Thread):
    """Sample a process tree's memory until stopped; keep each process's peak and the tree's."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.tree_kib = 0
        self.peak_kib: dict[int, int] = {}
        self.roles: dict[int, str] = {}
        self._done = threading.Event()
        self._lock = threading.Lock()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_INTERVAL):
            self.sample()

    def sample(self) -> None:
        total = 0
        with self._lock:
            for pid, parent in _tree(self.root).items():
                memory = _memory_kib(pid)
                if memory is None:
                    continue
                rss, peak = memory
                total += rss
                self.peak_kib[pid] = max(self.peak_kib.get(pid, 0), peak)
                if pid not in self.roles:
                    self.roles[pid] = _role(pid, parent, self.root)
            self.tree_kib = max(self.tree_kib, total)

    def reset(self) -> str:
        """Start the peaks again from what each process holds now; return the peaks so far.

        Signing up hashes a password with Argon2 (64 MiB): the attack's peaks
        must not be that. Writing 5 to ``clear_refs`` resets a process's VmHWM.
        """
        before = f"before the attack: tree {self.tree_mib:,.0f} MiB, {self.describe()}"
        with self._lock:
            for pid in _tree(self.root):
                with contextlib.suppress(OSError):
                    Path(f"/proc/{pid}/clear_refs").write_text("5")
            self.tree_kib = 0
            self.peak_kib.clear()
        self.sample()
        return before

    def stop(self) -> None:
        self.sample()
        self._done.set()
        self.join()

    @property
    def worker_mib(self) -> float:
        return max(self.peak_kib.values(), default=0) / 1024

    @property
    def tree_mib(self) -> float:
        return self.tree_kib / 1024

    def describe(self) -> str:
        with self._lock:
            peaks = sorted(self.peak_kib.items(), key=lambda item: -item[1])
        each = ", ".join(f"{self.roles[pid]} {kib / 1024:,.0f}" for pid, kib in peaks)
        return f"peak RSS by process (MiB): {each}"


@dataclass
class Run:
    """How one command ended: exit status, wall seconds, its own peak RSS, its output."""

    status: int
    seconds: float
    peak_mib: float
    output: str

    @property
    def last_line(self) -> str:
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        return lines[-1][:160] if lines else ""

    @property
    def ok(self) -> bool:
        """Say whether the command went through.

        reeldb exits 1 when it skipped bad rows, each reported; Python also exits 1
        on an uncaught exception, after a traceback.
        """
        crashed = "Traceback (most recent call last)" in self.output
        return self.status == 0 or (self.status == 1 and not crashed)

    def describe(self) -> str:
        ended = f"exit {self.status} in {self.seconds:.1f} s, {self.peak_mib:,.0f} MiB"
        phases = re.search(r"^time: (.*)$", self.output, re.MULTILINE)
        if phases:
            ended += f" ({phases.group(1)})"
        return ended if self.ok else f"{ended}: {self.last_line}"


def measured(command: list[str], env: dict[str, str], log: Path) -> Run:
    """Run ``command`` with its output in ``log``; return how it ended."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace")
    return Run(process.returncode, seconds, usage.ru_maxrss / 1024, output)


# Databases and servers


@dataclass
class Database:
    """One attack's database: the environment that selects it and its NAME in Django's settings."""

    kind: str
    env: dict[str, str]
    name: str
    logs: Path

    def reeldb(self, *arguments: str) -> str:
        """Run ``reeldb`` on this database; return its output, or raise with its end."""
        run = subprocess.run(
            [str(REELDB), *arguments], env=self.env, capture_output=True, text=True, check=False
        )
        if run.returncode:
            end = (run.stderr or run.stdout)[-1500:]
            raise RuntimeError(f"reeldb {' '.join(arguments)} exited {run.returncode}:\n{end}")
        return run.stdout

    def shell(self, code: str) -> str:
        return self.reeldb("manage", "shell", "--no-imports", "-c", code)

    def import_imdb(self, dump: Path, label: str) -> Run:
        log = self.logs / f"import-{label}.log"
        return measured([str(REELDB), "import", "imdb", str(dump)], self.env, log)


def base_env() -> dict[str, str]:
    env = {
        **os.environ,
        "REELDB_SECRET_KEY": "abuse-bench-only",
        "REELDB_WRITE_LIMIT": RAISED_LIMIT,
        "REELDB_LOGIN_ATTEMPTS": RAISED_LIMIT,
    }
    for name in ("DATABASE_URL", "REDIS_URL", "REELDB_HOME"):
        env.pop(name, None)
    return env


@contextmanager
def fresh_database(kind: str, label: str, server: str | None, work: Path) -> Iterator[Database]:
    """Yield a new, migrated, empty database of ``kind``; remove it on leaving."""
    home = work / "homes" / f"{kind}-{label}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {**base_env(), "REELDB_HOME": str(home)}
    name = str(home / "reeldb.sqlite3")
    if kind == "postgresql":
        assert server is not None
        name = f"abuse_bench_{label}"
        _postgres(server, DROP, name)
        _postgres(server, "CREATE DATABASE {}", name)
        env["DATABASE_URL"] = f"{server}/{name}"
    database = Database(kind, env, name, home)
    try:
        database.reeldb("init")
        yield database
    finally:
        if kind == "postgresql" and server is not None:
            _postgres(server, DROP, name)
        # The logs stay beside the bench's other files; the database goes.
        for path in home.glob("reeldb.sqlite3*"):
            path.unlink()
        shutil.rmtree(home / "static", ignore_errors=True)


def _postgres(server: str, statement: str, name: str) -> None:
    """Run ``statement`` on the server's ``postgres`` database with ``name`` as its {} part."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL(statement).format(sql.Identifier(name)))


def _postgres_version(server: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        found = admin.execute("SHOW server_version").fetchone()
    return str(found[0]).split()[0] if found else "?"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    base: str
    watch: MemoryWatch


@contextmanager
def serving(database: Database, label: str) -> Iterator[Server]:
    """Start ``reeldb serve`` with its task worker on a free port; stop it on leaving."""
    port = _free_port()
    log = (database.logs / f"serve-{label}.log").open("wb")
    process = subprocess.Popen(
        [str(REELDB), "serve", "--host", HOST, "--port", str(port)],
        env=database.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    watch = MemoryWatch(process.pid)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"reeldb serve did not start: see {log.name}")
            time.sleep(0.2)
        watch.start()
        yield Server(base, watch)
    finally:
        if watch.is_alive():
            watch.stop()
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/", timeout=5) as response:  # noqa: S310 - loopback
            return int(response.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


# Clients


@dataclass
class Member(Client):
    """A signed-up user (``load_community``'s client) who also reads pages and uploads files."""

    def fetch(
        self, path: str, *, htmx: bool = False, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str]:
        """Send one request; return its status (0 when it failed outright) and its body."""
        headers = {"Referer": self.base + "/"}
        if htmx:
            headers["HX-Request"] = "true"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return int(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return 0, str(error)

    def upload(self, path: str, file_name: str, content: bytes) -> tuple[int, str]:
        """Post ``content`` as the history form's file, as a browser sends it."""
        boundary = uuid.uuid4().hex
        fields = (("csrfmiddlewaretoken", "", self.csrf().encode()), ("export", file_name, content))
        parts = []
        for name, file, value in fields:
            disposition = f'form-data; name="{name}"' + (f'; filename="{file}"' if file else "")
            parts += [f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()]
            parts += [value, b"\r\n"]
        body = b"".join([*parts, f"--{boundary}--\r\n".encode()])
        return self.fetch(path, body=body, content_type=f"multipart/form-data; boundary={boundary}")


def signed_up(base: str, name: str) -> Member:
    member = Member(f"{name}{uuid.uuid4().hex[:6]}", base)
    member.sign_up()
    return member


@dataclass(frozen=True)
class Timing:
    started: float
    seconds: float
    status: int


class Load(threading.Thread):
    """Call ``send`` (which returns an HTTP status) over and over until stopped, timing each."""

    def __init__(self, send: Callable[[], int]) -> None:
        super().__init__(daemon=True)
        self.send = send
        self.timings: list[Timing] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            started = time.monotonic()
            status = self.send()
            self.timings.append(Timing(started, time.monotonic() - started, status))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _failed(status: int) -> bool:
    return not 200 <= status < 400


@dataclass
class Latencies:
    requests: int
    errors: Counter[int]
    p50_ms: float | None
    p99_ms: float | None

    def describe(self) -> str:
        p50 = f"{self.p50_ms:,.0f}" if self.p50_ms is not None else "-"
        p99 = f"{self.p99_ms:,.0f}" if self.p99_ms is not None else "-"
        return f"{self.requests:,} requests, p50 {p50} ms, p99 {p99} ms, {self.errors_text()}"

    def errors_text(self) -> str:
        if not self.errors:
            return "no errors"
        kinds = ", ".join(
            f"{'no answer' if status == 0 else f'HTTP {status}'} x{count}"
            for status, count in sorted(self.errors.items())
        )
        return f"errors: {kinds}"


def latencies(loads: list[Load], start: float, end: float) -> Latencies:
    """Summarise the requests the loads started between ``start`` and ``end``."""
    timings = [t for load in loads for t in load.timings if start <= t.started < end]
    errors = Counter(t.status for t in timings if _failed(t.status))
    seconds = sorted(t.seconds for t in timings)
    if len(seconds) < 2:
        only = seconds[0] * 1000 if seconds else None
        return Latencies(len(timings), errors, only, only)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return Latencies(len(timings), errors, cuts[49] * 1000, cuts[98] * 1000)


def _writer(member: Member, titles: list[str], rng: random.Random) -> Callable[[], int]:
    """Return one write of a user on a title page: a rating, or a watchlist toggle (htmx)."""

    def write() -> int:
        tconst = rng.choice(titles)
        if rng.random() < 0.5:
            data = {"value": str(rng.randint(1, 10))}
            return member.request(f"/title/{tconst}/rating", data, htmx=True)
        data = {"wanted": rng.choice(("0", "1"))}
        return member.request(f"/title/{tconst}/watchlist", data, htmx=True)

    return write


def _reader(member: Member, paths: list[str]) -> Callable[[], int]:
    pages = itertools.cycle(paths)

    def read() -> int:
        return member.fetch(next(pages))[0]

    return read


def _answer(status: int, body: str) -> str:
    """Say how the site answered an upload: its error page's code and message, or the form's."""
    page = ERROR_PAGE.search(body)
    if page:
        return f"HTTP {status} {page.group(1)}: “{html.unescape(page.group(2)).strip()}”"
    form = FORM_ERROR.search(body)
    if form:
        return f"HTTP {status}, form error: “{html.unescape(form.group(1)).strip()}”"
    job = JOB_STATUS.search(body)
    return f"HTTP {status}" + (f", import {job.group(1)}" if job else "")


# Inputs


def prepare_dump(work: Path, scale: float, seed: int) -> Path:
    """Return a dump's folder under ``work``, written first if it is not there yet."""
    data = work / "dumps" / f"scale-{scale}-seed-{seed}"
    if not data.exists():
        print(f"writing the IMDb dump at scale {scale}, seed {seed}…", file=sys.stderr)
        # Written aside and renamed when whole: an interrupted run never leaves a short dump.
        partial = data.with_name(data.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        generate = [sys.executable, str(HERE / "make_imdb_dump.py"), "--out", str(partial)]
        subprocess.run(
            [*generate, "--scale", str(scale), "--seed", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        partial.rename(data)
    return data


def prepare_bomb(work: Path, method: str, declared: int | None) -> Path:
    path = work / "bombs" / f"{method}-{BOMB_SIZE // MIB}MiB-declaring-{declared or 'all'}.zip"
    if not path.exists():
        print(f"making the {method} zip bomb…", file=sys.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        arguments = [method, str(BOMB_SIZE), str(declared or 0), str(partial)]
        subprocess.run([sys.executable, "-c", BOMB, *arguments], cwd=ROOT, check=True)
        partial.rename(path)
    return path


def diary(titles: list[tuple[str, str, int]], rows: int) -> bytes:
    """Return a Letterboxd diary of ``rows`` rated viewings of ``titles`` in 2023 and 2024.

    With fewer titles than rows, titles come round again on other days: rewatches.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DIARY_HEADER)
    first = datetime.date(2023, 1, 1)
    for index in range(rows):
        _tconst, name, year = titles[index % len(titles)]
        day = (first + datetime.timedelta(days=index % 731)).isoformat()
        stars = (index % 10 + 1) / 2
        writer.writerow((day, name, year, f"https://boxd.it/{index:x}", stars, "", "", day))
    return out.getvalue().encode()


def _size(size: int) -> str:
    return f"{size / MIB:.1f} MiB" if size >= MIB else f"{size:,} B"


# Attacks


def attack_bombs(kind: str, server: str | None, work: Path) -> list[Row]:
    rows = []
    with fresh_database(kind, "bombs", server, work) as database:
        for method, declared in BOMBS:
            bomb = prepare_bomb(work, method, declared).read_bytes()
            said = f"says {declared:,} B" if declared else "says 1 GiB"
            label = f"zip bomb: {method}, 1 GiB, {said}, {_size(len(bomb))}"
            with serving(database, f"bomb-{method}-{declared or 'all'}") as site:
                member = signed_up(site.base, "bomber")
                before = site.watch.reset()
                started = time.monotonic()
                status, body = member.upload("/accounts/history/", "letterboxd.zip", bomb)
                seconds = time.monotonic() - started
                answer = _answer(status, body)
                # A bomb that passed would now be in the task worker's hands.
                time.sleep(2)
                home, _ = member.fetch("/")
                site.watch.stop()
                refused = 400 <= status < 500
                rows.append(
                    Row(
                        label,
                        kind,
                        site.watch.worker_mib,
                        site.watch.tree_mib,
                        note=f"{'refused' if refused else 'NOT REFUSED'}: {answer} in "
                        f"{seconds:.2f} s; then home page HTTP {home}",
                        details=[f"during: {site.watch.describe()}", before],
                        failed=not refused or home != 200,
                    )
                )
    return rows


def attack_upload(
    kind: str, server: str | None, work: Path, dump: Path, baseline: float
) -> list[Row]:
    label = f"{UPLOAD_ROWS:,}-row Letterboxd diary, {WRITERS} users writing"
    with fresh_database(kind, "upload", server, work) as database:
        loaded = database.import_imdb(dump, "catalogue")
        if not loaded.ok:
            note = f"catalogue import failed: {loaded.describe()}"
            return [Row(label, kind, note=note, failed=True)]
        titles = [
            (str(tconst), str(name), int(year))
            for tconst, name, year in json.loads(database.shell(TITLES.format(limit=UPLOAD_ROWS)))
        ]
        content = diary(titles, UPLOAD_ROWS)
        tconsts = [tconst for tconst, _name, _year in titles]
        with serving(database, "upload") as site:
            uploader = signed_up(site.base, "uploader")
            writers = [
                Load(_writer(signed_up(site.base, "writer"), tconsts, random.Random(index)))
                for index in range(WRITERS)
            ]
            began = time.monotonic()
            for writer in writers:
                writer.start()
            time.sleep(baseline)
            memory_before = site.watch.reset()
            uploaded = time.monotonic()
            status, body = uploader.upload("/accounts/history/", "diary.csv", content)
            answered = time.monotonic() - uploaded
            job, done = _follow(uploader, status, body)
            finished = time.monotonic()
            for writer in writers:
                writer.stop()
            site.watch.stop()
        stored = json.loads(database.shell(JOB.format(name=uploader.name)))
    during = latencies(writers, uploaded, finished)
    before = latencies(writers, began, uploaded)
    took = finished - uploaded
    seen = (
        f"job {job} {took:.1f} s after the upload"
        if done
        else f"JOB NOT DONE ({job}, {took:.0f} s)"
    )
    if stored and stored["seconds"]:
        seen += f" (its row: {stored['seconds']:.1f} s)"
    return [
        Row(
            label,
            kind,
            site.watch.worker_mib,
            site.watch.tree_mib,
            errors=sum(during.errors.values()),
            p99_ms=during.p99_ms,
            note=f"{seen}; writers: {during.describe()}",
            details=[
                f"upload of {len(content) / MIB:.1f} MiB ({UPLOAD_ROWS:,} rows naming "
                f"{len(titles):,} titles) answered {_answer(status, body)} in {answered:.1f} s",
                _imported(stored),
                f"writers in the {baseline:g} s before the upload: {before.describe()}",
                f"during: {site.watch.describe()}",
                memory_before,
            ],
            failed=not done or bool(during.errors),
        )
    ]


def _follow(uploader: Member, status: int, body: str) -> tuple[str, bool]:
    """Poll the uploader's history page until the import is done; return its last status."""
    if status != 302:
        return "not queued", False
    deadline = time.monotonic() + JOB_TIMEOUT
    state = "not seen"
    while time.monotonic() < deadline:
        answer, page = uploader.fetch("/accounts/history/", htmx=True)
        found = JOB_STATUS.search(page)
        state = found.group(1) if found else f"not seen (HTTP {answer})"
        if state in {"done", "failed"}:
            return state, state == "done"
        time.sleep(POLL_INTERVAL)
    return state, False


def _imported(stored: dict[str, object] | None) -> str:
    if not stored:
        return "no job row found"
    report = stored["report"]
    if not isinstance(report, dict):
        return f"job {stored['status']}, no report; {stored['error']}"
    counts = ", ".join(f"{count:,} {kind}" for kind, count in sorted(report["imported"].items()))
    unmatched, skipped = report["unmatched"]["count"], report["skipped"]["count"]
    error = f"; error: {stored['error']}" if stored["error"] else ""
    first = [f"{file}:{line}: {reason}" for kind in ("unmatched", "skipped")
             for file, line, reason in report[kind]["shown"][:2]]  # fmt: skip
    return (
        f"job {stored['status']}: {report['matched']:,} of {UPLOAD_ROWS:,} rows matched, "
        f"{unmatched:,} unmatched, {skipped:,} not read; imported {counts or 'nothing'}; the "
        f"uploader then holds {stored['ratings']:,} ratings, {stored['check_ins']:,} check-ins"
        f"{error}" + (f"; first issues: {'; '.join(first)}" if first else "")
    )


def attack_refresh(kind: str, server: str | None, work: Path, dumps: tuple[Path, Path]) -> Row:
    first, second = dumps
    label = "IMDb refresh: seed 1 then 2 = clean 2?"
    with (
        fresh_database(kind, "refreshed", server, work) as refreshed,
        fresh_database(kind, "clean", server, work) as clean,
    ):
        runs = [
            refreshed.import_imdb(first, "seed-1"),
            refreshed.import_imdb(second, "seed-2-after-1"),
            clean.import_imdb(second, "seed-2"),
        ]
        named = list(zip(("seed 1", "then seed 2", "clean seed 2"), runs, strict=True))
        ran = "; ".join(f"{what} {run.describe()}" for what, run in named)
        took = ", ".join(
            f"{what} {run.seconds:.1f} s" + ("" if run.ok else " FAILED") for what, run in named
        )
        compare = subprocess.run(
            [sys.executable, "-c", COMPARE, clean.name],
            env={**refreshed.env, "DJANGO_SETTINGS_MODULE": "reeldb.settings"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if compare.returncode:
        note = f"{ran}; fingerprint failed: {compare.stderr[-300:]}"
        return Row(label, kind, note=note, failed=True)
    found = json.loads(compare.stdout)
    differences: dict[str, str] = found["differences"]
    summary = ", ".join(f"{table}: {text.split(',')[0]}" for table, text in differences.items())
    note = f"imports: {took}; fingerprints of {found['rows'][0]:,} / {found['rows'][1]:,} rows"
    note += f"; differs in {summary}" if summary else ""
    return Row(
        label,
        kind,
        equals_clean=not differences,
        note=note,
        details=[
            ran,
            *(
                f"{table} (first: refreshed, second: clean): {text}"
                for table, text in differences.items()
            ),
        ],
        failed=bool(differences) or not all(run.ok for run in runs),
    )


def attack_serving(kind: str, server: str | None, work: Path, dump: Path) -> Row:
    label = f"import imdb while serving ({dump.name.split('-seed')[0]})"
    with fresh_database(kind, "serving", server, work) as database:
        database.reeldb("demo", "--no-serve")
        demo = json.loads(database.shell(TITLES.format(limit=DEMO_TITLES)))
        paths = ["/", *(f"/title/{tconst}/" for tconst, _name, _year in demo)]
        with serving(database, "serving") as site:
            client = Load(_reader(Member("reader", site.base), paths))
            client.start()
            time.sleep(1)
            memory_before = site.watch.reset()
            started = time.monotonic()
            run = database.import_imdb(dump, "while-serving")
            ended = time.monotonic()
            client.stop()
            site.watch.stop()
        titles = int(database.shell(COUNT_TITLES))
    during = latencies([client], started, ended)
    verdict = "import done" if run.ok else "IMPORT FAILED"
    return Row(
        label,
        kind,
        site.watch.worker_mib,
        site.watch.tree_mib,
        errors=sum(during.errors.values()),
        p99_ms=during.p99_ms,
        note=f"{verdict}: {run.describe()}; catalogue then holds {titles:,} titles",
        details=[
            f"client during the import: {during.describe()}",
            f"during: {site.watch.describe()}",
            memory_before,
        ],
        failed=not run.ok or bool(during.errors),
    )


# Report


HEADER = (
    f"{'attack':<48} {'database':<10} {'worker MiB':>10} {'tree MiB':>8} {'errors':>6} "
    f"{'p99 ms':>7} {'= clean':>7}  note"
)
LEGEND = (
    "worker MiB: the largest peak RSS of one process of reeldb serve's tree during the attack; "
    "tree MiB: the largest sum of the tree's RSS, sampled every 0.1 s;\nerrors, p99 ms: the other "
    "users' writes while the upload runs, the reading client's requests while the import runs; "
    "= clean: the refreshed catalogue's fingerprint equals a clean import's"
)


def _cell(value: float | None, width: int) -> str:
    return f"{'-' if value is None else f'{value:,.0f}':>{width}}"


def table_row(row: Row) -> str:
    equals = "-" if row.equals_clean is None else ("yes" if row.equals_clean else "NO")
    return (
        f"{row.attack:<48} {row.database:<10} {_cell(row.worker_mib, 10)} "
        f"{_cell(row.tree_mib, 8)} {_cell(row.errors, 6)} {_cell(row.p99_ms, 7)} "
        f"{equals:>7}  {row.note}"
    )


def progress(rows: list[Row]) -> list[Row]:
    """Print rows to stderr as they are measured: a run cut short still shows what it got."""
    for row in rows:
        print(table_row(row), file=sys.stderr, flush=True)
    return rows


def _versions(server: str | None) -> str:
    probe = subprocess.run(
        [sys.executable, "-c", "import reeldb; print(reeldb.__file__)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    source = Path(probe.stdout.strip()).parent
    commit = subprocess.run(
        ["git", "-C", str(source), "log", "-1", "--format=%h"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    dirty = subprocess.run(
        ["git", "-C", str(source), "status", "--porcelain", "--", "."],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    state = f"commit {commit}" + (" with uncommitted changes" if dirty else "")
    state = state if commit else "not a git checkout"
    postgres = f", PostgreSQL {_postgres_version(server)}" if server else ""
    return (
        f"reeldb {metadata.version('reeldb')} from {source} ({state}), Django "
        f"{metadata.version('Django')}, granian {metadata.version('granian')}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}{postgres}"
    )


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"machine: {platform.platform()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=0.01, help="the refresh's and the catalogue's dumps"
    )
    parser.add_argument(
        "--serve-scale", type=float, default=0.002, help="the dump imported while serving"
    )
    parser.add_argument("--postgres", help="server URL, e.g. postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--attack", nargs="+", choices=ATTACKS, default=list(ATTACKS), help="the attacks to run"
    )
    parser.add_argument(
        "--baseline", type=float, default=5, help="seconds the writers write before the upload"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/reeldb-abuse"),
        help="dumps, bombs and each attack's logs (default /tmp/reeldb-abuse)",
    )
    return parser.parse_args(argv)


def _server(url: str | None) -> tuple[str | None, str]:
    """Return the PostgreSQL server URL without a database, or None and why it is skipped."""
    if not url:
        return None, "PostgreSQL: skipped, no --postgres URL given"
    parts = urllib.parse.urlsplit(url)
    server = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    try:
        _postgres_version(server)
    except psycopg.Error as error:
        reason = (str(error).strip() or repr(error)).splitlines()[0]
        return None, f"PostgreSQL: skipped, {server} not reachable ({reason})"
    return server, ""


def run_attacks(
    kind: str, server: str | None, arguments: argparse.Namespace, dumps: dict[str, Path]
) -> list[Row]:
    """Run the chosen attacks on one kind of database, each printed as it is measured."""
    work: Path = arguments.work
    steps: dict[str, Callable[[], list[Row]]] = {
        "bomb": lambda: attack_bombs(kind, server, work),
        "upload": lambda: attack_upload(kind, server, work, dumps["first"], arguments.baseline),
        "refresh": lambda: [attack_refresh(kind, server, work, (dumps["first"], dumps["second"]))],
        "serving": lambda: [attack_serving(kind, server, work, dumps["serving"])],
    }
    rows = []
    for name in (name for name in ATTACKS if name in arguments.attack):
        try:
            rows += progress(steps[name]())
        except (RuntimeError, OSError, ValueError, psycopg.Error) as error:
            # The bench itself could not go on; the row says so rather than inventing figures.
            first_line = (str(error).strip() or repr(error)).splitlines()[0]
            rows += progress(
                [Row(name, kind, note=f"BENCH STOPPED: {first_line[:200]}", failed=True)]
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if not REELDB.exists():
        print(f"{REELDB} is missing: install reeldb in this virtualenv first.", file=sys.stderr)
        return 2
    load_at_start = _load()
    server, skipped = _server(arguments.postgres)
    if skipped:
        print(skipped, file=sys.stderr)
    work: Path = arguments.work
    work.mkdir(parents=True, exist_ok=True)
    wanted = set(arguments.attack)
    dumps = {}
    if wanted & {"upload", "refresh"}:
        dumps["first"] = prepare_dump(work, arguments.scale, 1)
    if "refresh" in wanted:
        dumps["second"] = prepare_dump(work, arguments.scale, 2)
    if "serving" in wanted:
        dumps["serving"] = prepare_dump(work, arguments.serve_scale, 3)
    print(HEADER, file=sys.stderr)
    rows = run_attacks("sqlite", None, arguments, dumps)
    if server:
        rows += run_attacks("postgresql", server, arguments, dumps)
    print(f"Attacks of issue 33 against reeldb serve; dumps at scale {arguments.scale} "
          f"(serving: {arguments.serve_scale}); logs under {work / 'homes'}")  # fmt: skip
    print(_versions(server))
    print(f"{_machine()}; load average {load_at_start} at start, {_load()} at end")
    print(LEGEND)
    print(HEADER)
    for row in rows:
        print(table_row(row))
    if skipped:
        print(skipped)
    for row in rows:
        for line in row.details:
            print(f"{row.attack} [{row.database}]: {line}")
    return 1 if any(row.failed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
