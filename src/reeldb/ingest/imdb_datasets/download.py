"""Fetch the current dataset files from IMDb's dataset site.

Each file is streamed to ``NAME.tsv.gz.part`` beside its final name and
renamed only when whole, so an interrupted download never leaves a truncated
file that looks complete. The base URL is configurable (``--base-url`` or
``REELDB_IMDB_DATASETS_URL``) for mirrors and for tests.
"""

from __future__ import annotations

import os
import shutil
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from reeldb.errors import ReeldbError
from reeldb.ingest.imdb_datasets.rows import DATASET_NAMES

DEFAULT_BASE_URL = "https://datasets.imdbws.com/"
BASE_URL_VARIABLE = "REELDB_IMDB_DATASETS_URL"
CHUNK_BYTES = 1 << 20
TIMEOUT_S = 60


class DownloadError(ReeldbError):
    """A file could not be fetched; the message names it and why.

    The dataset site failed, not the operator: a run stops with ``EXIT_FAILURE``
    and the next one fetches what is missing.
    """

    default_code = "download_failed"
    status = HTTPStatus.BAD_GATEWAY


def base_url(explicit: str | None = None) -> str:
    """Return the dataset site to fetch from: ``explicit``, the environment, else IMDb's."""
    url = explicit or os.environ.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"{url!r} is not an http(s) URL: set {BASE_URL_VARIABLE} or --base-url")
    return url if url.endswith("/") else f"{url}/"


def download_datasets(
    folder: Path,
    *,
    url: str,
    names: tuple[str, ...] = DATASET_NAMES,
    console: Console | None = None,
) -> list[Path]:
    """Download ``NAME.tsv.gz`` for each name from ``url`` into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        disable=console is None,
    ) as progress:
        for name in names:
            filename = f"{name}.tsv.gz"
            target = folder / filename
            partial = folder / f"{filename}.part"
            address = urljoin(url, filename)
            try:
                with urlopen(address, timeout=TIMEOUT_S) as response, partial.open("wb") as out:  # noqa: S310 - scheme checked in base_url
                    length = response.headers.get("Content-Length")
                    task = progress.add_task(
                        f"download {filename}", total=int(length) if length else None
                    )
                    while chunk := response.read(CHUNK_BYTES):
                        out.write(chunk)
                        progress.advance(task, len(chunk))
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise DownloadError(f"cannot fetch {address}: {error}") from error
            shutil.move(partial, target)
            paths.append(target)
    return paths
