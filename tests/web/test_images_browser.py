"""Pictures in a real browser: a stored poster loads from `reeldb serve` with srcset and size."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import run_reeldb, serving

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Stores a poster for Desperado and a portrait for Antonio Banderas as a staff
# upload would, through the same service: the demo ships no pictures.
STORE_PICTURES = """
import io
import PIL.Image
from reeldb.catalog.models import Person, Title
from reeldb.catalog.services import upload_image

def picture(width, height, colour):
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()

upload_image(owner=Title.objects.get(tconst="tt0112851"), data=picture(800, 1200, "#8e44ad"),
             filename="poster.png", uploader="test")
upload_image(owner=Person.objects.get(nconst="nm0000104"), data=picture(300, 300, "#16a085"),
             filename="portrait.png", uploader="test")
"""


@pytest.fixture
def served_demo_with_pictures(demo_env: dict[str, str]) -> Iterator[str]:
    stored = run_reeldb(demo_env, "manage", "shell", "-c", STORE_PICTURES)
    assert stored.returncode == 0, stored.stderr
    with serving(demo_env) as url:
        yield url


def test_a_stored_poster_loads_with_srcset_and_size_and_other_titles_get_designed_posters(
    served_demo_with_pictures: str, page: Page, output_path: str
) -> None:
    page.goto(f"{served_demo_with_pictures}/title/tt0112851/")

    poster = page.locator(".hero img.poster")
    expect(poster).to_be_visible()
    expect(poster).to_have_attribute("width", "640")
    expect(poster).to_have_attribute("height", "960")
    expect(poster).to_have_attribute("loading", "lazy")
    srcset = poster.get_attribute("srcset") or ""
    assert [entry.split()[-1] for entry in srcset.split(", ")] == ["160w", "320w", "640w"]
    # The browser chose a rendition and decoded it: the file was served.
    assert poster.evaluate("img => img.complete && img.naturalWidth > 0")
    assert poster.evaluate("img => img.currentSrc").endswith(("-320.webp", "-640.webp"))
    portrait = page.locator(
        "#cast img.avatar", has=page.locator("xpath=self::*[@alt='Photo of Antonio Banderas']")
    )
    expect(portrait).to_be_visible()
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(output_path) / "title-with-poster.png"))

    page.goto(f"{served_demo_with_pictures}/title/tt0116367/")
    designed = page.locator(".hero .poster--designed")
    expect(designed).to_be_visible()
    expect(designed).to_have_attribute("aria-hidden", "true")
    expect(designed.locator(".poster__title")).to_have_text("From Dusk Till Dawn")
    expect(page.locator(".hero img.poster")).to_have_count(0)
    page.screenshot(path=str(Path(output_path) / "title-designed-poster.png"))
