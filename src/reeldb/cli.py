"""The ``reeldb`` command: wires settings, migrations, importers and the server together.

Each subcommand is a few calls into the apps' services; nothing here knows
how a page or an import works. Every subcommand ends with the exit statuses
of ``reeldb.errors``: 0 done, 1 done with skipped records, 2 a usage or input
error, 3 a failure part-way (``docs/cli.md``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape

from reeldb.errors import (
    BUSY_RETRY_AFTER,
    EXIT_DONE,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_SKIPPED,
    Busy,
    InvalidInput,
    ReeldbError,
    is_busy,
)

console = Console(stderr=True, highlight=False, soft_wrap=True)

ENVIRONMENT_HELP = """\
environment:
  DATABASE_URL          database to use, e.g. postgres://user@host:5432/reeldb.
                        Without it, reeldb keeps an SQLite file (WAL mode) in REELDB_HOME.
  REELDB_HOME           folder for the SQLite database, the secret key and static files
                        (default: ~/.local/share/reeldb).
  REELDB_SECRET_KEY     Django secret key (default: generated once into REELDB_HOME).
  REELDB_ALLOWED_HOSTS  comma-separated host names the server answers to
                        (default: localhost,127.0.0.1,[::1]).
  REELDB_DEBUG          1 to show Django's debug pages (never in production).
  REDIS_URL             redis://host:6379/0 to keep the cache, rate-limit counts
                        included, in Redis (default: a table in the database).
"""
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
# Python threads per worker: each holds at most one database connection, so
# this bounds connections (workers x threads) as well as concurrency. Beyond
# twice the cores plus one, granian warns that the GIL makes more useless.
DEFAULT_THREADS = min(8, 2 * (os.cpu_count() or 1) + 1)
# Seconds the task worker sleeps when no task is queued: a queued import starts
# within it, and an idle worker costs one small query per interval.
WORKER_INTERVAL = 1.0
# Seconds a child of `reeldb serve` gets to finish its requests or task after SIGTERM.
STOP_TIMEOUT = 10


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reeldb.settings")
    import django

    django.setup()


def _database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.settings_dict['NAME']}"
    return f"{connection.vendor} database {connection.settings_dict['NAME']!r}"


def init_database() -> None:
    """Create the database or migrate it to the current schema, keeping its data."""
    from django.core.management import call_command

    from reeldb.sqlite.sorting import sorts_on_disk

    console.print(f"Migrating {_database_label()}…")
    # A migration that indexes a full-size table sorts all its rows.
    with sorts_on_disk():
        call_command("migrate", interactive=False, verbosity=0)
    # Without REDIS_URL the cache, rate-limit counts included, is a table (settings.py).
    call_command("createcachetable", verbosity=0)
    console.print("[green]Database is up to date.[/green]")


def _pending_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def serve(*, host: str, port: int, workers: int, threads: int, with_worker: bool) -> int:
    """Collect static files, then run granian serving reeldb over WSGI and the task worker.

    Both run as children of this process until either ends or this one is
    told to stop (Ctrl-C or SIGTERM); then both are stopped, so neither
    outlives the other.
    """
    from django.core.management import call_command

    pending = _pending_migrations()
    if pending:
        raise InvalidInput(
            f"{_database_label()} has {pending} unapplied migration(s). Run `reeldb init` first.",
            code="unapplied_migrations",
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    granian = shutil.which("granian") or os.path.join(os.path.dirname(sys.executable), "granian")
    if not os.path.exists(granian):
        raise ReeldbError(
            "granian is not installed: reinstall reeldb (`pip install reeldb`).",
            code="server_missing",
        )
    console.print(
        f"Serving reeldb on http://{host}:{port}/ with {workers} worker(s) "
        f"of {threads} thread(s)" + (" and the task worker" if with_worker else "")
        + "; Ctrl-C stops."
    )  # fmt: skip
    sys.stdout.flush()
    server = [
        granian,
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--backpressure", str(threads),
        "--no-ws",
        "reeldb.wsgi:application",
    ]  # fmt: skip
    commands = [server]
    if with_worker:
        commands.append([sys.executable, "-m", "reeldb.cli", "worker"])
    return _supervise(commands)


def _supervise(commands: list[list[str]]) -> int:
    """Run ``commands`` as children until one ends or a stop signal comes; then stop them all.

    Returns the status of the child that ended first, or 130 when stopped.
    """
    stopping = threading.Event()

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    children = [subprocess.Popen(command) for command in commands]  # noqa: S603 - our own commands
    status = EXIT_INTERRUPTED
    while not stopping.wait(0.5):
        ended = [child.returncode for child in children if child.poll() is not None]
        if ended:
            status = ended[0]
            break
    # The first SIGTERM lets the worker finish its task; a second one stops it
    # part-way, and the task records that before the worker exits.
    for last_resort in (False, False, True):
        running = [child for child in children if child.poll() is None]
        for child in running:
            child.kill() if last_resort else child.terminate()
        for child in running:
            try:
                child.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
    return status


def run_worker() -> int:
    """Run queued background tasks (large history imports) until stopped.

    django-tasks' worker begins the transaction that claims a task outside
    the retry it keeps for a locked database, so a database locked past the
    busy timeout ends it: on SQLite, an import holds the write lock while it
    writes each file. A busy database is waited out and the worker started
    again, so that neither it nor the server beside it (``serve`` stops both
    when one ends) goes down during an import. A stop signal still ends it:
    the worker's own handler exits at once when no task runs.
    """
    from django.core.management import call_command
    from django.db import OperationalError

    while True:
        try:
            call_command("db_worker", interval=WORKER_INTERVAL, reload=False, verbosity=1)
        except OperationalError as error:
            if not is_busy(error):
                raise
            console.print(f"The database is busy ({error}): the worker starts again.")
            time.sleep(WORKER_INTERVAL)
            continue
        return EXIT_DONE


def load_demo() -> int:
    from reeldb.ingest.demo import load_demo_data

    report = load_demo_data()
    for line in report.summary_lines():
        console.print(line)
    refresh_after_import()
    return report.exit_status


def refresh_after_import() -> None:
    """Recompute what is derived from the catalogue in bulk.

    Charts, related titles, the search index and the plot embeddings.
    """
    refresh_charts()
    train_recommendations()
    rebuild_search_index()
    embed_plot_texts()


def rebuild_search_index() -> int:
    """Rebuild the search index from the catalogue, with a bar counting titles and people read."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from reeldb.search.services import rebuild_index

    started = time.perf_counter()
    columns = (TextColumn("Search index"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("index", total=None)
        entries = rebuild_index(
            on_progress=lambda done, total: progress.update(task, completed=done, total=total)
        )
    console.print(
        f"Search index rebuilt: {entries:,} entries in {time.perf_counter() - started:.1f} s."
    )
    return EXIT_DONE


def embed_plot_texts() -> int:
    """Embed the plots and reviews new or changed since the last run, with a bar counting texts."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from reeldb.search.meaning import is_available, is_installed

    if not is_available():
        reason = (
            "turned off (REELDB_SEARCH_BY_MEANING)"
            if is_installed()
            else "not installed (pip install 'reeldb[semantic]')"
        )
        console.print(f"Search by meaning is {reason}: plots not embedded.", markup=False)
        return EXIT_DONE
    from reeldb.search.meaning.services import embed_plot_texts as embed

    started = time.perf_counter()
    columns = (
        TextColumn("Plot embeddings"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("embed", total=None)
        report = embed(
            on_progress=lambda done, total: progress.update(task, completed=done, total=total)
        )
    console.print(
        f"Plot embeddings: {report.embedded:,} texts embedded, {report.unchanged:,} unchanged, "
        f"{report.deleted:,} removed in {time.perf_counter() - started:.1f} s."
    )
    return EXIT_DONE


def train_recommendations() -> int:
    """Learn and store every title's related titles, saying what each step does."""
    from reeldb.recommend.services import train

    with console.status("Recommendations") as status:
        summary = train(progress=lambda step: status.update(f"Recommendations: {step}"))
    console.print(
        f"Recommendations trained: {summary.titles:,} titles related "
        f"({summary.collaborative_titles:,} from ratings) from {summary.ratings:,} ratings "
        f"by {summary.users:,} users in {summary.seconds:.1f} s."
    )
    return EXIT_DONE


def refresh_charts() -> int:
    """Recompute every stored chart from the current ratings, activity and box office."""
    from reeldb.charts.services import refresh_charts as refresh

    started = time.perf_counter()
    written = refresh()
    total = sum(written.values())
    console.print(
        f"Charts refreshed: {len(written):,} charts, {total:,} entries "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return EXIT_DONE


def import_movielens(path: str, *, refresh: bool = True) -> int:
    from reeldb.ingest.movielens import import_movielens as run

    started = time.perf_counter()
    report = run(path, console=console)
    for line in report.summary_lines():
        console.print(line)
    console.print(f"MovieLens loaded in {time.perf_counter() - started:.1f} s.")
    if report.loaded and refresh:
        refresh_after_import()
    return report.exit_status


def import_pages(paths: list[str], *, jobs: int | None) -> int:
    from reeldb.ingest.pages.parallel import default_jobs
    from reeldb.ingest.pages.runner import PageRun

    run = PageRun(console, jobs=default_jobs() if jobs is None else jobs)
    report = run.import_all(paths)
    for line in report.summary_lines():
        console.print(line)
    if report.changed:
        refresh_after_import()  # pages bring box-office figures, published ratings and names
    return report.exit_status


def extract_pages(paths: list[str], *, as_json: bool, jobs: int | None) -> int:
    from reeldb.ingest.pages.parallel import default_jobs
    from reeldb.ingest.pages.runner import PageRun

    run = PageRun(console, jobs=default_jobs() if jobs is None else jobs)
    report = run.extract_all(paths, sys.stdout, as_json=as_json)
    for line in report.summary_lines():
        console.print(line)
    return report.exit_status


def import_imdb(folder: str, *, download: bool, url: str | None, force: bool) -> int:
    from pathlib import Path

    from reeldb.ingest.imdb_datasets import base_url, download_datasets, import_datasets

    path = Path(folder)
    if download:
        download_datasets(path, url=base_url(url), console=console)
    elif not path.is_dir():
        raise InvalidInput(f"{folder} is not a folder: give the folder of the *.tsv.gz files.")
    try:
        report = import_datasets(path, console=console, force=force)
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted[/yellow]: the file being loaded was rolled back, the ones "
            "before it are kept. Run the same command again to finish."
        )
        return EXIT_INTERRUPTED
    for line in report.summary_lines():
        console.print(line)
    if report.loaded:
        refresh_after_import()
    return report.exit_status


def export_catalogue(kind: str, folder: str) -> int:
    """Write the catalogue into ``folder`` (IMDb's dataset files, or JSON lines) with progress."""
    from pathlib import Path

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from reeldb.api.export import export_jsonl
    from reeldb.ingest.exports.imdb import export_imdb

    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{folder} is a file: give a folder to write into.")
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, Any] = {}

        def progress(name: str, rows: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=None)
            bar.update(tasks[name], completed=rows)

        writer = export_imdb if kind == "imdb" else export_jsonl
        summary = writer(path, progress=progress)
    for line in summary.summary_lines():
        console.print(line)
    return EXIT_DONE


IMDB_HELP = """Files: title.basics, name.basics, title.episode, title.ratings, title.akas,
title.crew, title.principals (.tsv.gz or .tsv; any subset, loaded in that order).
Each file loads in one transaction; running again skips files already loaded
(same size and mtime) and refreshes the rest: changed rows updated, new ones
added, titles and people no longer listed removed unless other sources or apps
use them. Bad rows are counted and skipped. See docs/importers/imdb.md.
"""


PAGES_HELP = """Documents may be IMDb title, plot-summary or full-credits pages (saved HTML,
`curl -i` output, or text dumps) and Wikipedia articles about films and series
(plain text, HTML, wikitext, Special:Export XML, or pages-articles.xml.bz2).
Folders are read recursively; - reads standard input.
"""


def _add_pages_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes extracting documents while the main one stores them "
        "(default: one less than the cores, at most 4; 0 extracts in the main process)",
    )


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS,
        help=f"server worker processes (default {DEFAULT_WORKERS})",
    )  # fmt: skip
    parser.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS,
        help=f"threads per worker, one database connection each (default {DEFAULT_THREADS})",
    )  # fmt: skip
    parser.add_argument(
        "--no-worker", action="store_true",
        help="do not start the background task worker (run `reeldb worker` elsewhere)",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reeldb",
        description="reeldb: an open, self-hostable movie and TV database.",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "init",
        help="create the database, or migrate an existing one without losing data",
        description="Create the database, or migrate an existing one to this version's schema. "
        "Safe to run any number of times.",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve_parser = commands.add_parser(
        "serve",
        help="serve the web site with a production server (granian + whitenoise)",
        description="Serve reeldb with granian (WSGI), static files included, and run the "
        "background task worker beside it; Ctrl-C or SIGTERM stops both. "
        "The database must be initialised (`reeldb init`).",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_server_options(serve_parser)
    commands.add_parser(
        "worker",
        help="run background tasks (large history imports); `serve` starts one itself",
        description="Run the tasks the site queues, such as large history imports, until "
        "stopped with Ctrl-C or SIGTERM. `reeldb serve` starts one worker beside the server; "
        "run this instead when the server runs with --no-worker, e.g. on another machine.",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo_parser = commands.add_parser(
        "demo",
        help="initialise, load the demo data, then serve",
        description="Initialise the database, load reeldb's own demo data (films around the "
        "Mexico Trilogy and one series; loading twice changes nothing), then serve it.",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo_parser.add_argument("--no-serve", action="store_true", help="load the data and exit")
    _add_server_options(demo_parser)
    import_parser = commands.add_parser(
        "import", help="fill the catalogue from a source", description="Import from a source."
    )
    sources = import_parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
    pages_parser = sources.add_parser(
        "pages",
        help="saved IMDb pages and Wikipedia articles",
        description="Import saved film pages, one transaction per document, merging documents "
        "about the same title. Prints a line per document, then a summary. Exits 1 when "
        "any document was skipped, 2 when none could be imported.",
        epilog=PAGES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_pages_arguments(pages_parser)
    imdb_parser = sources.add_parser(
        "imdb",
        help="IMDb's non-commercial datasets (the seven *.tsv.gz files)",
        description="Import IMDb's dataset files from FOLDER into the catalogue, or bring an "
        "earlier import up to date. Shows a progress bar per file, then a summary.",
        epilog=IMDB_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imdb_parser.add_argument("folder", metavar="FOLDER", help="folder holding the files")
    imdb_parser.add_argument(
        "--download",
        action="store_true",
        help="first fetch the current files into FOLDER from IMDb's dataset site",
    )
    imdb_parser.add_argument(
        "--base-url",
        metavar="URL",
        help="dataset site for --download (default $REELDB_IMDB_DATASETS_URL, "
        "else https://datasets.imdbws.com/)",
    )
    imdb_parser.add_argument(
        "--force", action="store_true", help="load every file, even those already loaded"
    )
    movielens_parser = sources.add_parser(
        "movielens",
        help="MovieLens ratings: ml-100k, ml-latest(-small) or RecBole atomic files",
        description="Import a MovieLens release: its users become accounts that cannot log "
        "in, its movies are matched to the catalogue (IMDb id, else title and year) or "
        "created, and its ratings (stars x 2, so 1-10) are loaded in blocks. Bad rows are "
        "reported as file:line and skipped; running it again changes nothing. "
        "Charts, related titles and the search index are refreshed afterwards.",
        epilog="PATH is a folder with u.data/u.item/u.user (ml-100k), ratings.csv/movies.csv "
        "(ml-latest, ml-latest-small) or NAME.inter/NAME.item/NAME.user (RecBole). "
        "See docs/importers/movielens.md.",
    )
    movielens_parser.add_argument("path", metavar="PATH", help="the release's folder")
    movielens_parser.add_argument(
        "--no-refresh",
        action="store_true",
        help="load only; refresh charts, related titles and the search index later "
        "(reeldb charts refresh, reeldb recommend train, reeldb search rebuild)",
    )
    export_parser = commands.add_parser(
        "export",
        help="write the catalogue out: IMDb's dataset files or JSON lines",
        description="Write the catalogue into FOLDER, streaming, with a progress line per file.",
    )
    export_parser.add_argument(
        "format",
        choices=("imdb", "jsonl"),
        help="imdb: IMDb's seven *.tsv.gz files, which `reeldb import imdb` reads back "
        "(titles and people with IMDb ids); jsonl: titles.jsonl.gz, one JSON document per "
        "title with every section and its sources, as the API's /api/v1/titles/{id} gives it",
    )
    export_parser.add_argument("folder", metavar="FOLDER", help="folder to write into")
    charts_parser = commands.add_parser(
        "charts",
        help="compute the stored charts (Top 250, most popular, box office…)",
        description="Charts are stored, never computed per request: `reeldb charts refresh` "
        "recomputes them all in one transaction. Imports refresh them too.",
    )
    chart_actions = charts_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    chart_actions.add_parser(
        "refresh",
        help="recompute every chart now",
        description="Recompute Top 250 movies and TV, the genre charts, most popular and "
        "box office from the current data (settings: docs/charts.md).",
    )
    recommend_parser = commands.add_parser(
        "recommend",
        help="train the recommendations (related titles, For you)",
        description="Related titles are stored, never computed per request: `reeldb recommend "
        "train` learns them from every rating and the titles' credits, keywords and series, "
        "and replaces them in one transaction. Imports that change ratings train too "
        "(docs/recommendations.md).",
    )
    recommend_actions = recommend_parser.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    recommend_actions.add_parser(
        "train",
        help="learn and store every title's related titles now",
        description="Fit the models on the current ratings and titles and store the 50 best "
        "related titles of each, with the reason each was chosen.",
    )
    search_parser = commands.add_parser(
        "search",
        help="rebuild the search index behind /find and the search box",
        description="The search index is rebuilt after every import and kept current when a "
        "single title or person is saved; `reeldb search rebuild` rebuilds it on demand, "
        "`reeldb search embed` embeds the plots for search by meaning (docs/search.md).",
    )
    search_actions = search_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    search_actions.add_parser(
        "rebuild",
        help="rebuild the whole index now",
        description="Index every title's names (primary, original, AKAs) and every person's "
        "name again, most popular first, in one transaction: searches answer from the old "
        "index until it is done; then embeds the plots new or changed since (as `embed`).",
    )
    search_actions.add_parser(
        "embed",
        help="embed the plots and reviews new or changed since the last run",
        description="Search by meaning (the `semantic` extra): embed every plot and quoted "
        "review whose text is new or changed since it was embedded, skip the others, and drop "
        "the vectors of texts that are gone. Stale vectors of plots saved since are replaced.",
    )
    images_parser = commands.add_parser(
        "images",
        help="download and store the posters and portraits sources reference",
        description="Pictures are referenced by imports (IMDb pages, Wikipedia infoboxes) and "
        "downloaded separately: `reeldb images fetch` (docs/images.md).",
    )
    image_actions = images_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    fetch_parser = image_actions.add_parser(
        "fetch",
        help="download every pending or failed picture, check it and store its renditions",
        description="Download each picture not yet stored (or that failed before), with a "
        "timeout and a size cap; check it with Pillow (not a picture, too large, a "
        "decompression bomb: rejected); store WebP renditions. A failed download is "
        "reported and tried again on the next run; the run goes on.",
    )
    fetch_parser.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS",
        help="seconds to wait for a server (default REELDB_IMAGE_TIMEOUT, 20)",
    )  # fmt: skip
    extract_parser = commands.add_parser(
        "extract",
        help="print what `import pages` would import, writing nothing",
        description="Print what each document states, writing nothing: a tab-separated line "
        "per document, or with --json one JSON object per line (schema: docs/importers/pages.md).",
        epilog=PAGES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_pages_arguments(extract_parser)
    extract_parser.add_argument("--json", action="store_true", help="one JSON object per line")
    manage_parser = commands.add_parser(
        "manage",
        help="run a Django management command (createsuperuser, dbshell…)",
        description="Run any Django management command against reeldb's settings.",
    )
    manage_parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the command and its arguments"
    )
    return parser


def _serve_with(arguments: argparse.Namespace) -> int:
    return serve(
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        threads=arguments.threads,
        with_worker=not arguments.no_worker,
    )


def _init(_arguments: argparse.Namespace) -> int:
    init_database()
    return EXIT_DONE


def _demo(arguments: argparse.Namespace) -> int:
    init_database()
    status = load_demo()
    if arguments.no_serve:
        return status
    return _serve_with(arguments)


def _import(arguments: argparse.Namespace) -> int:
    if arguments.source == "imdb":
        return import_imdb(
            arguments.folder,
            download=arguments.download,
            url=arguments.base_url,
            force=arguments.force,
        )
    if arguments.source == "movielens":
        return import_movielens(arguments.path, refresh=not arguments.no_refresh)
    return import_pages(arguments.paths, jobs=arguments.jobs)


def _export(arguments: argparse.Namespace) -> int:
    return export_catalogue(arguments.format, arguments.folder)


def _extract(arguments: argparse.Namespace) -> int:
    return extract_pages(arguments.paths, as_json=arguments.json, jobs=arguments.jobs)


def _worker(_arguments: argparse.Namespace) -> int:
    return run_worker()


def _charts(_arguments: argparse.Namespace) -> int:
    return refresh_charts()


def _recommend(_arguments: argparse.Namespace) -> int:
    return train_recommendations()


def _search(arguments: argparse.Namespace) -> int:
    if arguments.action == "embed":
        return embed_plot_texts()
    rebuild_search_index()
    return embed_plot_texts()


def _images(arguments: argparse.Namespace) -> int:
    from reeldb.ingest.images import fetch_images

    summary = fetch_images(
        timeout=arguments.timeout, report=lambda line: console.print(escape(line))
    )
    console.print(
        f"Images: {summary.fetched} fetched, {summary.failed} failed "
        f"(tried again next run), {summary.rejected} rejected."
    )
    return EXIT_SKIPPED if summary.failed or summary.rejected else EXIT_DONE


def _manage(arguments: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["reeldb", *arguments.arguments])
    return EXIT_DONE


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _init,
    "serve": _serve_with,
    "worker": _worker,
    "demo": _demo,
    "import": _import,
    "extract": _extract,
    "export": _export,
    "charts": _charts,
    "recommend": _recommend,
    "search": _search,
    "images": _images,
    "manage": _manage,
}


# polars allocates through jemalloc, read when polars first loads. A bulk
# import frees a block's columns every fraction of a second; with jemalloc's
# defaults it held a sixth more memory than it used, so freed pages go back to
# the kernel at once. That has a price: they are faulted in and zeroed again,
# a fifth of the import's CPU on PostgreSQL at scale 0.1. Kept for two seconds
# instead, they made the full-size import on PostgreSQL peak at 1,264 MiB,
# over its 1 GiB budget.
JEMALLOC_CONF = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; a ``ReeldbError`` is printed and ends it with its exit status.

    A database that stayed locked past the busy timeout (another writer: the
    server, its worker, another import) is ``Busy``, not a traceback: the
    command stopped part-way, and running it again resumes.
    """
    arguments = build_parser().parse_args(argv)
    os.environ.setdefault(*JEMALLOC_CONF)
    _setup_django()
    from django.db import OperationalError

    try:
        return COMMANDS[arguments.command](arguments)
    except OperationalError as error:
        if not is_busy(error):
            raise
        busy = Busy(
            f"The database stayed locked by another writer ({error}). What was committed is "
            "kept; run the same command again in a moment and it goes on from there.",
            retry_after=BUSY_RETRY_AFTER,
        )
        return _fail(busy)
    except ReeldbError as error:
        return _fail(error)
    except Exception:
        # A fault of reeldb's, not of the input: the traceback is for a bug
        # report, and the status tells a script the run failed, not that it
        # skipped records (1).
        traceback.print_exc()
        console.print("[red]reeldb stopped on an unexpected error (above).[/red]")
        return EXIT_FAILURE


def _fail(error: ReeldbError) -> int:
    """Print ``error``'s message and return its exit status."""
    console.print(f"[red]{escape(error.message)}[/red]")
    return error.exit_status


if __name__ == "__main__":
    sys.exit(main())
