"""Pictures of titles and people: checks, renditions, references and the shown picture."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import PIL.Image
import pytest

from reeldb.catalog.models import Image, ImageStatus, SourceKind
from reeldb.catalog.renditions import ImageRejected, store_renditions
from reeldb.catalog.services import (
    get_source,
    record_failure,
    reference_image,
    store_image,
    upload_image,
)
from reeldb.errors import InvalidInput
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.catalog.pictures import jpeg_with_exif, png, png_bomb


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_it_stores_webp_renditions_at_each_width_keeping_the_aspect(media_root: Path) -> None:
    renditions = store_renditions(png(800, 1200))

    assert [(r.width, r.height) for r in renditions] == [(160, 240), (320, 480), (640, 960)]
    for rendition in renditions:
        stored = PIL.Image.open(media_root / rendition.name)
        assert stored.format == "WEBP"
        assert stored.size == (rendition.width, rendition.height)


def test_a_picture_narrower_than_every_width_is_stored_once_at_its_own_width() -> None:
    renditions = store_renditions(png(120, 90))

    assert [(r.width, r.height) for r in renditions] == [(120, 90)]


def test_it_strips_the_metadata_of_the_original(media_root: Path) -> None:
    original = jpeg_with_exif()
    assert PIL.Image.open(io.BytesIO(original)).getexif()  # the input does carry EXIF

    rendition = store_renditions(original)[0]

    data = (media_root / rendition.name).read_bytes()
    assert not PIL.Image.open(io.BytesIO(data)).getexif()
    assert b"Secret Camera" not in data and b"EXIF" not in data.upper()


def test_it_rejects_a_file_that_is_not_an_image(media_root: Path) -> None:
    with pytest.raises(ImageRejected, match="not an image"):
        store_renditions(b"<html><body>Not found</body></html>")
    assert not media_root.exists() or not any(media_root.rglob("*.webp"))


def test_it_rejects_a_decompression_bomb_before_decoding_it() -> None:
    with pytest.raises(ImageRejected, match="decompression bomb"):
        store_renditions(png_bomb())


def test_it_rejects_a_picture_over_the_pixel_limit(settings: Any) -> None:
    settings.REELDB_IMAGE_MAX_PIXELS = 1000

    with pytest.raises(ImageRejected, match="decompression bomb"):
        store_renditions(png(40, 40))


def test_it_rejects_a_file_over_the_byte_limit(settings: Any) -> None:
    settings.REELDB_IMAGE_MAX_BYTES = 100

    with pytest.raises(ImageRejected, match="over the limit"):
        store_renditions(png())


@pytest.mark.django_db
def test_a_stored_picture_becomes_the_titles_shown_image() -> None:
    title = TitleFactory()
    source = get_source(kind=SourceKind.WIKIPEDIA, name="Article")
    image, _ = reference_image(
        owner=title,
        source=source,
        url="https://example.org/x.png",
        attribution="File:X.png, via Wikimedia Commons",
    )

    store_image(image=image, data=png())

    title.refresh_from_db()
    assert title.shown_image is not None
    assert title.shown_image["attribution"] == "File:X.png, via Wikimedia Commons"
    assert [r["width"] for r in title.shown_image["renditions"]] == [160, 320]
    assert Image.objects.get().status == ImageStatus.STORED


@pytest.mark.django_db
def test_the_best_source_wins_whatever_order_pictures_are_stored_in() -> None:
    title = TitleFactory()
    wiki, _ = reference_image(
        owner=title, source=get_source(kind=SourceKind.WIKIPEDIA, name="A"), url="https://e.org/w"
    )
    page, _ = reference_image(
        owner=title, source=get_source(kind=SourceKind.IMDB_PAGE, name="P"), url="https://e.org/i"
    )
    store_image(image=page, data=png(colour="#111111"))
    store_image(image=wiki, data=png(colour="#eeeeee"))

    title.refresh_from_db()
    assert title.shown_image == page.shown()


@pytest.mark.django_db
def test_a_rejected_file_is_recorded_with_its_reason_and_shows_nothing() -> None:
    person = PersonFactory()
    image, _ = reference_image(
        owner=person, source=get_source(kind=SourceKind.IMDB_PAGE, name="P"), url="https://e.org/p"
    )

    with pytest.raises(ImageRejected):
        store_image(image=image, data=b"GIF89a broken")

    image.refresh_from_db()
    person.refresh_from_db()
    assert image.status == ImageStatus.REJECTED
    assert image.reason and image.attempts == 1
    assert person.shown_image is None


@pytest.mark.django_db
def test_referencing_the_same_address_again_changes_nothing_and_a_new_one_starts_over() -> None:
    title = TitleFactory()
    source = get_source(kind=SourceKind.IMDB_PAGE, name="P")
    image, created = reference_image(owner=title, source=source, url="https://e.org/a")
    record_failure(image=image, reason="HTTP 503")

    again, changed = reference_image(owner=title, source=source, url="https://e.org/a")
    assert created and not changed
    assert again.status == ImageStatus.FAILED and again.attempts == 1

    moved, changed = reference_image(owner=title, source=source, url="https://e.org/b")
    assert changed
    assert (moved.status, moved.attempts, moved.reason) == (ImageStatus.PENDING, 0, "")
    assert Image.objects.count() == 1


@pytest.mark.django_db
def test_an_upload_outranks_an_imported_picture() -> None:
    title = TitleFactory()
    imported, _ = reference_image(
        owner=title, source=get_source(kind=SourceKind.IMDB_PAGE, name="P"), url="https://e.org/i"
    )
    store_image(image=imported, data=png(colour="#111111"))

    uploaded = upload_image(
        owner=title, data=png(colour="#abcdef"), filename="a.png", uploader="ed"
    )

    title.refresh_from_db()
    assert title.shown_image == uploaded.shown()
    assert uploaded.source.kind == SourceKind.USER


@pytest.mark.django_db
def test_an_upload_that_is_not_an_image_is_refused_by_name() -> None:
    title = TitleFactory()

    with pytest.raises(InvalidInput, match=r"notes\.txt was refused: not an image"):
        upload_image(owner=title, data=b"hello", filename="notes.txt", uploader="ed")
    assert not Image.objects.exists()
