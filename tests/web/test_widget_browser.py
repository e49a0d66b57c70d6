"""The rating widget: framed by another site, where the rest of reeldb refuses to be."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ELSEWHERE = """<!doctype html>
<html><head><title>A film blog</title></head>
<body style="font-family: serif; padding: 2rem">
  <h1>My favourite westerns</h1>
  <p>Desperado, rated on reeldb:</p>
  <iframe id="light" src="{base}/widget/title/tt0112851" width="300" height="90"></iframe>
  <iframe id="dark" src="{base}/widget/title/tt0112851?theme=dark" width="300" height="90"></iframe>
  <iframe id="page" src="{base}/title/tt0112851/" width="300" height="90"></iframe>
</body></html>
"""


@pytest.fixture
def blog(served_demo: str, tmp_path: Path) -> Iterator[str]:
    """Serve a page embedding the widget from another origin (another port); return its URL."""
    (tmp_path / "westerns.html").write_text(ELSEWHERE.format(base=served_demo), encoding="utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/westerns.html"
    finally:
        server.shutdown()
        server.server_close()


def test_another_site_embeds_the_widget_but_not_the_title_page(
    served_demo: str, blog: str, page: Page, output_path: str
) -> None:
    page.goto(blog)

    light = page.frame_locator("#light")
    expect(light.locator(".widget__title")).to_contain_text("Desperado (1995)")
    expect(light.locator(".widget__rating")).to_contain_text("7.2/10")
    expect(light.locator(".widget__link")).to_have_attribute(
        "href", f"{served_demo}/title/tt0112851/"
    )
    expect(page.frame_locator("#dark").locator("body.widget--dark")).to_have_count(1)
    framed_page = page.frame(url=f"{served_demo}/title/tt0112851/")
    assert framed_page is None or framed_page.locator("h1").count() == 0
    page.screenshot(path=f"{output_path}/widget-on-another-site.png")


def test_the_title_page_gives_the_code_and_the_json_says_the_same(
    served_demo: str, page: Page
) -> None:
    page.goto(f"{served_demo}/title/tt0112851/")

    code = page.locator(".share__code").input_value()
    with urlopen(f"{served_demo}/widget/title/tt0112851.json", timeout=10) as answer:  # noqa: S310
        facts = json.load(answer)

    assert f'src="{served_demo}/widget/title/tt0112851"' in code
    assert facts["rating"] == "7.2"
    assert facts["votes"] == 144553
    # The previews load lazily, once scrolled to.
    page.locator("#share").scroll_into_view_if_needed()
    expect(page.frame_locator(".share__preview").first.locator(".widget__title")).to_contain_text(
        "Desperado"
    )
