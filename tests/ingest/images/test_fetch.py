"""`reeldb images fetch` against a local HTTP server: stored, failed and rejected pictures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import PIL.Image
import pytest

from reeldb.catalog.models import Image, ImageStatus, SourceKind
from reeldb.catalog.services import get_source, reference_image
from reeldb.cli import main
from reeldb.errors import EXIT_DONE, EXIT_SKIPPED
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.catalog.pictures import png, png_bomb

FILES: dict[str, tuple[str, bytes]] = {
    "/poster.png": ("image/png", png(800, 1200)),
    "/portrait.png": ("image/png", png(300, 400, colour="#3355aa")),
    "/page.html": ("text/html", b"<html><body>Not a picture</body></html>"),
    "/bomb.png": ("image/png", png_bomb()),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path not in FILES:
            self.send_error(404, "Not Found")
            return
        kind, body = FILES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _reference(owner: Any, name: str, url: str) -> Image:
    source = get_source(kind=SourceKind.IMDB_PAGE, name=name)
    return reference_image(owner=owner, source=source, url=url)[0]


@pytest.mark.django_db
def test_fetch_stores_pictures_and_reports_each_failure_and_rejection(
    server: str, media_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = TitleFactory()
    person = PersonFactory()
    poster = _reference(title, "poster page", f"{server}/poster.png")
    portrait = _reference(person, "portrait page", f"{server}/portrait.png")
    page = _reference(TitleFactory(), "html page", f"{server}/page.html")
    bomb = _reference(TitleFactory(), "bomb page", f"{server}/bomb.png")
    missing = _reference(TitleFactory(), "missing page", f"{server}/gone.png")

    status = main(["images", "fetch", "--timeout", "5"])

    err = capsys.readouterr().err
    assert status == EXIT_SKIPPED
    assert "Images: 2 fetched, 1 failed (tried again next run), 2 rejected." in err
    assert f"{server}/gone.png: failed, tried again next run: HTTP 404" in err
    assert f"{server}/page.html: rejected: not an image" in err
    assert f"{server}/bomb.png: rejected: a decompression bomb" in err
    statuses = {image.pk: image for image in Image.objects.all()}
    assert statuses[poster.pk].status == ImageStatus.STORED
    assert statuses[portrait.pk].status == ImageStatus.STORED
    assert statuses[page.pk].status == ImageStatus.REJECTED
    assert statuses[bomb.pk].status == ImageStatus.REJECTED
    assert (statuses[missing.pk].status, statuses[missing.pk].attempts) == (ImageStatus.FAILED, 1)
    title.refresh_from_db()
    names = [r["name"] for r in title.shown_image["renditions"]]
    sizes = [PIL.Image.open(media_root / name).size for name in names]
    assert sizes == [(160, 240), (320, 480), (640, 960)]
    person.refresh_from_db()
    assert person.shown_image["renditions"]


@pytest.mark.django_db
def test_a_failed_download_is_tried_again_on_the_next_run_and_a_rejected_one_is_not(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = _reference(TitleFactory(), "missing page", f"{server}/later.png")
    _reference(TitleFactory(), "html page", f"{server}/page.html")
    assert main(["images", "fetch"]) == EXIT_SKIPPED
    capsys.readouterr()

    FILES["/later.png"] = ("image/png", png(200, 300))
    try:
        status = main(["images", "fetch"])
    finally:
        del FILES["/later.png"]

    assert status == EXIT_DONE
    assert (
        "Images: 1 fetched, 0 failed (tried again next run), 0 rejected." in capsys.readouterr().err
    )
    missing.refresh_from_db()
    assert (missing.status, missing.attempts) == (ImageStatus.STORED, 2)


@pytest.mark.django_db
def test_a_server_that_does_not_answer_is_a_failure_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A port nothing listens on: the connection is refused at once.
    image = _reference(TitleFactory(), "offline", "http://127.0.0.1:9/poster.png")

    assert main(["images", "fetch"]) == EXIT_SKIPPED

    image.refresh_from_db()
    assert image.status == ImageStatus.FAILED
    assert "cannot connect" in image.reason
    assert "1 failed" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_download_over_the_byte_limit_is_rejected(
    server: str, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.REELDB_IMAGE_MAX_BYTES = 1000
    image = _reference(TitleFactory(), "big", f"{server}/poster.png")

    assert main(["images", "fetch"]) == EXIT_SKIPPED

    image.refresh_from_db()
    assert image.status == ImageStatus.REJECTED
    assert "over the limit of 1,000" in image.reason
    capsys.readouterr()
