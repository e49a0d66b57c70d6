"""How many facts that saved film pages state reach reeldb's pages, beside two open-source parsers.

    python -m bench.page_fidelity [--only PATTERN] [--work /tmp/fidelity-peers] [--no-peers]

Reads every fact file in ``bench/fidelity/*.json``: a fixture under ``tests/data/pages`` (IMDb
title, episode, reference, plot and credits pages of every layout since 2008, as HTML and as
text dumps; Wikipedia articles as HTML, copied text, wikitext and exports) with the facts it
states, as a reader reads them. Each document is imported with ``reeldb import pages`` into a
fresh SQLite database of its own (a copy of one made by ``reeldb init`` for the run), and the
title's pages a user gets (the title page, full cast & crew, plot summary, and the episode
guide of a series) are rendered by Django's test client in a child process on that database.
Each fact is looked for on them with the rule of its kind (``bench/fidelity/matching.py``):
inside the row it belongs to, on folded text. A document that fails to import counts all its
facts as missed, and the import's error is printed.

In the same run, the peers: ``cinemagoer==2023.5.1`` (its IMDb HTML parsers, the last release
that has them) and ``cinemagoerng`` (which reads the JSON of today's IMDb pages), installed
once into a virtualenv of their own under ``--work``, read the same IMDb HTML fixtures
(``bench/fidelity/peers.py``); their output is checked with the same rules. Text dumps have no
markup for either peer to read: their columns say n/a.

Prints found / stated per document, per layout, per issue class and overall, the targets of
issue 34 (>= 98 % overall, no class below 95 %, reeldb ahead of both peers on every IMDb
layout) with PASS or MISS, and each missed fact, marked "stored" when the title's
sources page (``/title/<id>/sources``) has its words, so that a fact lost on the way to the
page is told from one never extracted. The exit status is 0 whatever the figures; 1 when the
peers could not be installed or run (after reeldb's figures, and saying why).
"""

from __future__ import annotations

import argparse
import fcntl
import fnmatch
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.fidelity.matching import RULES, Observed, check_date, fact_found, fold
from bench.fidelity.rendered import observe

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FACTS = HERE / "fidelity"
BIN = Path(sys.executable).parent
PEERS = ("cinemagoer", "cinemagoerng")
PEER_REQUIREMENTS = ("cinemagoer==2023.5.1", "cinemagoerng")
OVERALL_TARGET = 0.98
CLASS_TARGET = 0.95
WORKERS = 2
IMPORTED_LINE = re.compile(r"^(\S+)\s+(.+?)\s+(/title/[^/\s]+/)\s+(.+)$", re.MULTILINE)
ENV = {
    "REELDB_SEARCH_BY_MEANING": "0",
    # The test client renders without collectstatic's manifest.
    "REELDB_PLAIN_STATIC": "1",
    # The import's lines are printed by rich, which wraps them at 80 columns without a terminal.
    "COLUMNS": "400",
}


@dataclass
class Document:
    """One fact file: the fixture, its layout and issue class, and the facts it states."""

    key: str
    path: Path
    layout: str
    issue_class: int | None
    title: str
    facts: list[list[str]]

    @property
    def is_imdb_html(self) -> bool:
        return self.layout.startswith("imdb") and not self.layout.endswith("-dump")

    @property
    def name(self) -> str:
        """Return the fact file's name without ".json": the fixture's, or more for an export."""
        return self.key


@dataclass
class Outcome:
    """What reeldb's pages showed of one document: the facts found, or why none could be."""

    found: list[bool] = field(default_factory=list)
    error: str = ""
    stored: list[bool] = field(default_factory=list)


def load_documents(only: str | None) -> list[Document]:
    """Return every fact file's document; a file with an unknown kind, a bad date or no fixture
    is reported and left out."""
    documents = []
    for fact_file in sorted(FACTS.glob("*.json")):
        key = fact_file.name.removesuffix(".json")
        if only and not fnmatch.fnmatch(key, f"*{only}*"):
            continue
        try:
            documents.append(_read_fact_file(fact_file, key))
        except (ValueError, KeyError, TypeError) as error:
            print(f"skipped {fact_file.name}: {error}", file=sys.stderr)
    return documents


def _read_fact_file(fact_file: Path, key: str) -> Document:
    data = json.loads(fact_file.read_text(encoding="utf-8"))
    path = ROOT / data["document"]
    if not path.is_file():
        raise ValueError(f"{data['document']} does not exist")
    facts = [[str(part) for part in fact] for fact in data["facts"]]
    for fact in facts:
        if fact[0] not in RULES:
            raise ValueError(f"unknown fact kind {fact[0]!r}")
        if fact[0] == "release_date":
            check_date(fact[1])
    return Document(key, path, data["layout"], data.get("class"), data.get("title", ""), facts)


def make_template(folder: Path) -> Path:
    """Create an empty, migrated reeldb home in ``folder``; each document imports into a copy.

    The folder is the run's own: another run of the benchmark at the same time makes its own.
    """
    template = folder / "template-home"
    template.mkdir(parents=True)
    env = {**os.environ, **ENV, "REELDB_HOME": str(template)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(BIN / "reeldb"), "init"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"reeldb init failed:\n{done.stderr[-2000:]}")
    with closing(sqlite3.connect(template / "reeldb.sqlite3")) as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
        # Everything into the database file itself: the copies take that file alone.
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if "catalog_source" not in tables:
        raise SystemExit(f"reeldb init left {template} without the catalogue's tables")
    return template


def _title_url(output: str, document: Document) -> str | None:
    lines = IMPORTED_LINE.findall(output)
    for _kind, label, url, _file in lines:
        if document.title and fold(label).startswith(fold(document.title)):
            return str(url)
    return str(lines[0][2]) if lines else None


def run_reeldb(document: Document, template: Path) -> Outcome:
    """Import ``document`` into a copy of ``template``; read its facts off the rendered pages."""
    with tempfile.TemporaryDirectory(prefix="fidelity-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        # The database and the site's key; WAL files are left behind: the template is closed.
        for name in ("reeldb.sqlite3", "secret_key"):
            if (template / name).exists():
                shutil.copy2(template / name, home / name)
        env = {**os.environ, **ENV, "REELDB_HOME": str(home)}
        env.pop("DATABASE_URL", None)
        # --jobs 0: one document needs no extraction worker, which costs a Python start.
        command = [str(BIN / "reeldb"), "import", "pages", "--jobs", "0"]
        done = subprocess.run(
            [*command, str(document.path.relative_to(ROOT))],
            env=env, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        url = _title_url(done.stdout + done.stderr, document)
        if url is None:
            error = (done.stdout + done.stderr).strip().splitlines()
            return Outcome(error=" | ".join(error[-3:]) or f"exit status {done.returncode}")
        rendered = subprocess.run(
            [sys.executable, "-m", "bench.page_fidelity", "--render", url, "--home", str(home)],
            env=env, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        if rendered.returncode != 0:
            return Outcome(error=f"rendering {url} failed: {rendered.stderr[-500:]}")
    pages: dict[str, str] = json.loads(rendered.stdout)
    sources = fold(pages.pop("sources", ""))
    seen = observe(pages)
    found = [fact_found(fact, seen) for fact in document.facts]
    stored = [f" {fold(fact[1])} " in f" {sources} " for fact in document.facts]
    return Outcome(found=found, stored=stored)


def render(url: str, home: Path) -> int:
    """Print, as JSON, the HTML of ``url``'s pages a user reads; run in a child process."""
    os.environ.update({**ENV, "REELDB_HOME": str(home)})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    title = client.get(url)
    if title.status_code != 200:
        raise SystemExit(f"{url}: HTTP {title.status_code}")
    pages = {"title": title.content.decode()}
    names = ["fullcredits", "plotsummary", "sources"]
    if f'href="{url}episodes' in pages["title"]:
        names.append("episodes")
    # A sub-page that fails is left out: its facts are then missed, and the title page's counted.
    for name in names:
        response = client.get(f"{url}{name}")
        if response.status_code == 200:
            pages[name] = response.content.decode()
        else:
            print(f"{url}{name}: HTTP {response.status_code}", file=sys.stderr)
    print(json.dumps(pages))
    return 0


def peer_python(work: Path) -> Path:
    """Return the peers' virtualenv's Python, creating the virtualenv the first time."""
    venv = work / "venv"
    python = venv / "bin" / "python"
    marker = venv / "installed.txt"
    # Two runs at once (the benchmark is shared) must not build the same virtualenv together.
    with (work / "venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and marker.read_text() == "\n".join(PEER_REQUIREMENTS):
            return python
        print(f"creating the peers' virtualenv in {venv} …", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *PEER_REQUIREMENTS],
            check=True, capture_output=True,
        )  # fmt: skip
        marker.write_text("\n".join(PEER_REQUIREMENTS))
    return python


def run_peers(documents: Sequence[Document], work: Path) -> dict[tuple[str, str], Observed | str]:
    """Run both peers on the IMDb HTML pages; return (peer, file) -> what each read, or why not."""
    python = peer_python(work)
    files = sorted({str(document.path) for document in documents if document.is_imdb_html})
    if not files:
        return {}
    done = subprocess.run(
        [str(python), str(FACTS / "peers.py"), *files],
        capture_output=True, text=True, check=False, cwd=work,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the peers' script failed:\n{done.stderr[-3000:]}")
    results: dict[tuple[str, str], Observed | str] = {}
    for line in done.stdout.splitlines():
        row: dict[str, Any] = json.loads(line)
        key = (row["peer"], row["document"])
        results[key] = row["error"] if "error" in row else Observed.from_json(row["observed"])
    return results


def peer_versions(work: Path) -> str:
    python = work / "venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return "unknown"
    installed = {row["name"].lower(): row["version"] for row in json.loads(done.stdout)}
    return ", ".join(f"{peer} {installed.get(peer, '?')}" for peer in PEERS)


def _percent(found: int, stated: int) -> str:
    return f"{100 * found / stated:5.1f}%" if stated else "   n/a"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_documents(documents: Sequence[Document], outcomes: dict[str, Outcome]) -> None:
    print(f"\n{'document':<44} {'layout':<36} {'class':>5} {'found':>11} {'%':>6}")
    for document in documents:
        outcome = outcomes[document.name]
        found = sum(outcome.found)
        label = "-" if document.issue_class is None else str(document.issue_class)
        print(
            f"{document.name:<44} {document.layout:<36} {label:>5} "
            f"{found:>5}/{len(document.facts):<5} {_percent(found, len(document.facts))}"
        )


def _totals(
    documents: Iterable[Document], outcomes: dict[str, Outcome], key: str
) -> dict[Any, tuple[int, int]]:
    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for document in documents:
        group = getattr(document, key)
        totals[group][0] += sum(outcomes[document.name].found)
        totals[group][1] += len(document.facts)
    return {group: (found, stated) for group, (found, stated) in totals.items()}


def print_totals(documents: Sequence[Document], outcomes: dict[str, Outcome]) -> None:
    by_layout = _totals(documents, outcomes, "layout")
    print(f"\n{'layout':<40} {'documents':>9} {'found':>13} {'%':>6}")
    for layout in sorted(by_layout):
        count = sum(1 for document in documents if document.layout == layout)
        found, stated = by_layout[layout]
        print(f"{layout:<40} {count:>9} {found:>6}/{stated:<6} {_percent(found, stated)}")
    by_class = _totals(documents, outcomes, "issue_class")
    print(f"\n{'issue class':<40} {'documents':>9} {'found':>13} {'%':>6}")
    for group in sorted(by_class, key=lambda g: (g is None, g or 0)):
        count = sum(1 for document in documents if document.issue_class == group)
        found, stated = by_class[group]
        label = "none (existing fixtures)" if group is None else f"class {group}"
        print(f"{label:<40} {count:>9} {found:>6}/{stated:<6} {_percent(found, stated)}")
    found = sum(f for f, _ in by_layout.values())
    stated = sum(s for _, s in by_layout.values())
    print(f"{'overall':<40} {len(documents):>9} {found:>6}/{stated:<6} {_percent(found, stated)}")
    print("\ntargets (issue 34):")
    overall = found / stated if stated else 0.0
    verdict = _verdict(overall >= OVERALL_TARGET)
    print(f"  overall >= {OVERALL_TARGET:.0%}: {100 * overall:.1f}%  {verdict}")
    classes = {g: f / s for g, (f, s) in by_class.items() if g is not None and s}
    worst = min(classes.items(), key=lambda item: item[1]) if classes else None
    if worst is None:
        print(f"  no class below {CLASS_TARGET:.0%}: no class documents  MISS")
    else:
        print(
            f"  no class below {CLASS_TARGET:.0%}: lowest class {worst[0]} at "
            f"{100 * worst[1]:.1f}%  {_verdict(worst[1] >= CLASS_TARGET)}"
        )
    if len(documents) < 30:
        print(f"  (only {len(documents)} documents: issue 34 asks for at least 30)")


def print_peers(
    documents: Sequence[Document],
    outcomes: dict[str, Outcome],
    peers: dict[tuple[str, str], Observed | str],
    versions: str,
) -> None:
    print(f"\npeers on the IMDb fixtures ({versions}); text dumps: n/a, no markup for the peers")
    print(
        f"{'layout':<22} {'docs':>4} {'stated':>6} {'reeldb':>6}"
        + "".join(f" {peer:>12}" for peer in PEERS)
        + "".join(f" {'÷ ' + p:>15}" for p in PEERS)
    )
    found = {
        (peer, d.name): _peer_found(d, peers.get((peer, str(d.path))))
        for d in documents
        if d.is_imdb_html
        for peer in PEERS
    }
    ahead = True
    for layout in sorted({d.layout for d in documents if d.layout.startswith("imdb")}):
        members = [d for d in documents if d.layout == layout]
        ours = sum(sum(outcomes[d.name].found) for d in members)
        row = f"{layout:<22} {len(members):>4} {sum(len(d.facts) for d in members):>6} {ours:>6}"
        if layout.endswith("-dump"):
            print(row + f" {'n/a':>12}" * len(PEERS) + f" {'n/a':>15}" * len(PEERS))
            continue
        counts = [sum(found[peer, d.name] for d in members) for peer in PEERS]
        ratios = [f"{ours / count:.2f}x" if count else "inf" for count in counts]
        ahead = ahead and all(ours > count for count in counts)
        print(row + "".join(f" {c:>12}" for c in counts) + "".join(f" {r:>15}" for r in ratios))
    errors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for document in documents:
        for peer in PEERS:
            outcome = peers.get((peer, str(document.path)))
            if document.is_imdb_html and isinstance(outcome, str):
                errors[peer, outcome].append(document.name)
    for (peer, error), names in sorted(errors.items()):
        print(f"  {peer} read nothing from {len(names)} page(s) ({error}): {', '.join(names)}")
    for (peer, name), count in found.items():
        if count and count >= sum(outcomes[name].found):
            print(f"  {peer} found {count} on {name}, reeldb {sum(outcomes[name].found)}")
    print(f"  reeldb more than either peer on every IMDb layout: {_verdict(ahead)}")


def _peer_found(document: Document, seen: Observed | str | None) -> int:
    """Return how many of ``document``'s facts a peer's output holds; 0 if it read nothing."""
    if not isinstance(seen, Observed):
        return 0
    return sum(fact_found(fact, seen) for fact in document.facts)


def print_misses(documents: Sequence[Document], outcomes: dict[str, Outcome]) -> None:
    print("\nmissed facts (stored: the sources page has their words, the title's pages do not):")
    for document in documents:
        outcome = outcomes[document.name]
        if outcome.error:
            stated = len(document.facts)
            print(f"  {document.name}: import failed, all {stated} facts missed: {outcome.error}")
            continue
        missed = [
            (fact, stored)
            for fact, found, stored in zip(
                document.facts, outcome.found, outcome.stored, strict=True
            )
            if not found
        ]
        for fact, stored in missed:
            shown = json.dumps(fact, ensure_ascii=False)
            print(f"  {document.name}: {shown}{'  stored' if stored else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the documents whose file name contains this")
    parser.add_argument("--work", type=Path, default=Path("/tmp/fidelity-peers"))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--render", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.render:
        return render(arguments.render, arguments.home)
    documents = load_documents(arguments.only)
    if not documents:
        print("no fact files match", file=sys.stderr)
        return 2
    started = time.perf_counter()
    arguments.work.mkdir(parents=True, exist_ok=True)
    print(
        f"{len(documents)} documents, {sum(len(d.facts) for d in documents)} facts; "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory(prefix="fidelity-run-") as folder:
        template = make_template(Path(folder))
        with ThreadPoolExecutor(WORKERS) as pool:
            outcomes = dict(
                zip(
                    [d.name for d in documents],
                    pool.map(lambda d: run_reeldb(d, template), documents),
                    strict=True,
                )
            )
    print_documents(documents, outcomes)
    print_totals(documents, outcomes)
    status = 0
    if not arguments.no_peers:
        try:
            peers = run_peers(documents, arguments.work)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
            print(f"\nthe peers could not be run ({error}); --no-peers leaves them out")
            status = 1
        else:
            print_peers(documents, outcomes, peers, peer_versions(arguments.work))
    print_misses(documents, outcomes)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
