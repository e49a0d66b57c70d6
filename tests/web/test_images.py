"""Pictures on pages: stored images with srcset, designed posters, credit lines, staff uploads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reeldb.catalog.models import Image, SourceKind
from reeldb.catalog.services import commons_attribution, get_source, reference_image, store_image
from reeldb.web.security import CONTENT_SECURITY_POLICY, policy_for_media
from tests.catalog.factories import CreditFactory, PersonFactory, TitleFactory
from tests.catalog.pictures import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _with_picture(owner: Any, *, attribution: str = "") -> None:
    source = get_source(kind=SourceKind.WIKIPEDIA, name=f"article about {owner}")
    image, _ = reference_image(
        owner=owner, source=source, url="https://example.org/p.png", attribution=attribution
    )
    store_image(image=image, data=png(800, 1200))


def _staff(client: Client) -> None:
    user = get_user_model().objects.create_user("editor", is_staff=True)
    client.force_login(user)


def test_a_title_with_a_stored_picture_shows_it_with_srcset_and_its_size(client: Client) -> None:
    title = TitleFactory(primary_title="Desperado")
    _with_picture(title, attribution=commons_attribution("Desperado poster.jpg"))

    markup = client.get(title.get_absolute_url()).content.decode()

    img = re.search(r'<img class="poster poster--image"[^>]*>', markup)
    assert img is not None
    tag = img.group(0)
    assert re.search(
        r'srcset="/media/images/\S+-160\.webp 160w, \S+-320\.webp 320w, \S+-640\.webp 640w"', tag
    )
    assert 'width="640" height="960"' in tag
    assert 'loading="lazy"' in tag
    assert 'alt="Poster of Desperado (1995)"' in tag
    assert "File:Desperado poster.jpg, via Wikimedia Commons" in markup


def test_a_stored_picture_is_served_from_media(client: Client) -> None:
    title = TitleFactory()
    _with_picture(title)
    name = title.shown_image["renditions"][0]["name"]

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/media/../settings.py").status_code == 404


def test_a_title_without_a_picture_shows_a_designed_poster_in_its_genres_colours(
    client: Client,
) -> None:
    title = TitleFactory(primary_title="Quiet Orchard", genres="Horror,Drama")

    markup = client.get(title.get_absolute_url()).content.decode()

    poster = re.search(
        r'<div class="poster poster--designed[^"]*" style="([^"]*)" aria-hidden="true">', markup
    )
    assert poster is not None
    # Horror's red fading to drama's blue; "Orchard", 7 letters, sizes the type.
    assert poster.group(1) == "--hue: 0; --hue2: 215; --word: 7"
    assert '<img class="poster' not in markup


def test_a_card_prints_the_title_once_to_the_eye(client: Client) -> None:
    with_picture = TitleFactory(primary_title="Pictured Film", num_votes=10)
    _with_picture(with_picture)
    TitleFactory(primary_title="Designed Film", num_votes=20)

    markup = client.get("/").content.decode()

    # Without a picture the poster sets the title in type (hidden from screen
    # readers) and the caption is for screen readers only.
    assert '<span class="card__title visually-hidden">Designed Film</span>' in markup
    assert '<span class="card__title">Pictured Film</span>' in markup
    assert markup.count('<span class="poster__title">Designed Film</span>') == 1
    assert '<span class="poster__title">Pictured Film</span>' not in markup


def test_a_person_with_a_stored_portrait_shows_it_in_cast_lists(client: Client) -> None:
    credit = CreditFactory(person=PersonFactory(primary_name="Salma Hayek"))
    _with_picture(credit.person)

    markup = client.get(credit.title.get_absolute_url()).content.decode()

    assert re.search(r'<img class="avatar avatar--image"[^>]*alt="Photo of Salma Hayek"', markup)


def test_only_staff_see_the_upload_form(client: Client) -> None:
    title = TitleFactory()

    assert "Upload a poster" not in client.get(title.get_absolute_url()).content.decode()
    _staff(client)
    assert "Upload a poster" in client.get(title.get_absolute_url()).content.decode()


def test_staff_upload_a_poster_that_becomes_the_shown_picture(client: Client) -> None:
    title = TitleFactory()
    _staff(client)
    upload = SimpleUploadedFile("poster.png", png(400, 600), content_type="image/png")

    response = client.post(f"{title.get_absolute_url()}image", {"image": upload}, follow=True)

    assert response.redirect_chain[-1][0] == title.get_absolute_url()
    assert "Picture saved." in response.content.decode()
    title.refresh_from_db()
    assert [r["width"] for r in title.shown_image["renditions"]] == [160, 320]


def test_an_upload_that_is_not_a_picture_is_refused_with_a_message(client: Client) -> None:
    person = PersonFactory()
    _staff(client)
    upload = SimpleUploadedFile("notes.png", b"not really a png", content_type="image/png")

    response = client.post(f"{person.get_absolute_url()}image", {"image": upload}, follow=True)

    assert "notes.png was refused: not an image" in response.content.decode()
    assert not Image.objects.exists()


def test_a_visitor_cannot_upload(client: Client) -> None:
    title = TitleFactory()
    upload = SimpleUploadedFile("poster.png", png(), content_type="image/png")

    response = client.post(f"{title.get_absolute_url()}image", {"image": upload})

    assert response.status_code == 403
    assert not Image.objects.exists()


def test_pictures_in_a_bucket_may_load_from_its_origin_and_nowhere_else() -> None:
    policy = policy_for_media("https://media.example.net/reeldb/")

    assert "img-src 'self' https://media.example.net;" in policy
    assert policy_for_media("/media/") == CONTENT_SECURITY_POLICY
