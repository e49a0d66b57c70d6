"""``reeldb images fetch``: download every pending or failed picture, one at a time, never fatally.

Each reference is downloaded with a timeout and a size cap, then handed to
the catalogue's ``store_image``, which checks it with Pillow and stores its
renditions. What cannot be downloaded now (no network, a timeout, a 404, a
5xx) is recorded as failed with the reason and tried again on the next run;
what is downloaded but refused (not a picture, too large, a decompression
bomb) is rejected with the reason and not tried again until its source names
another address. Either way the run goes on with the next reference.
"""

from __future__ import annotations

import importlib.metadata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings

from reeldb.catalog.models import Image, ImageStatus
from reeldb.catalog.renditions import ImageRejected, max_bytes
from reeldb.catalog.services import record_failure, reject_image, store_image

# Wikimedia refuses clients that do not name themselves
# (https://meta.wikimedia.org/wiki/User-Agent_policy).
USER_AGENT = f"reeldb/{importlib.metadata.version('reeldb')} (self-hosted movie database)"
CHUNK = 64 * 1024
PAGE = 200


class DownloadFailed(Exception):
    """A download that did not succeed now and may succeed later."""


@dataclass
class FetchSummary:
    """What one run did: counts, and each failure or rejection as "address: reason"."""

    fetched: int = 0
    failed: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)


def download(url: str, *, timeout: float, limit: int) -> bytes:
    """Return the body at ``url``.

    Raises ``DownloadFailed`` for what may work later, ``ImageRejected`` for
    a body over ``limit`` bytes (told by its header, or counted as it comes).
    """
    if not url.lower().startswith(("http://", "https://")):
        raise ImageRejected(f"not a web address: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ImageRejected(
                    f"the file is {int(declared):,} bytes, over the limit of {limit:,}"
                )
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > limit:
                    raise ImageRejected(f"the file is over the limit of {limit:,} bytes")
            return bytes(body)
    except urllib.error.HTTPError as error:
        raise DownloadFailed(f"HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise DownloadFailed(f"cannot connect: {error.reason}") from error
    except (TimeoutError, ConnectionError, OSError) as error:
        raise DownloadFailed(f"download interrupted: {error}") from error


def pending_images() -> Iterator[Image]:
    """Yield every pending or failed reference with an address, in keyset pages (no OFFSET)."""
    last = 0
    while True:
        page = list(
            Image.objects.filter(pk__gt=last, status__in=[ImageStatus.PENDING, ImageStatus.FAILED])
            .exclude(original_url="")
            .select_related("title", "person")
            .order_by("pk")[:PAGE]
        )
        if not page:
            return
        yield from page
        last = page[-1].pk


def fetch_images(
    *, timeout: float | None = None, report: Callable[[str], None] = lambda _line: None
) -> FetchSummary:
    """Download, check and store every pending or failed picture; return what became of them.

    ``report`` is told of each failure and rejection as it happens.
    """
    summary = FetchSummary()
    wait = float(settings.REELDB_IMAGE_TIMEOUT if timeout is None else timeout)
    for image in pending_images():
        try:
            data = download(image.original_url, timeout=wait, limit=max_bytes())
            store_image(image=image, data=data)
        except DownloadFailed as error:
            record_failure(image=image, reason=str(error))
            summary.failed += 1
            line = f"{image.original_url}: failed, tried again next run: {error}"
        except ImageRejected as error:
            if image.status != ImageStatus.REJECTED:
                # Refused while downloading (too large): store_image never saw it.
                reject_image(image=image, reason=str(error))
            summary.rejected += 1
            line = f"{image.original_url}: rejected: {error}"
        else:
            summary.fetched += 1
            continue
        summary.problems.append(line)
        report(line)
    return summary
