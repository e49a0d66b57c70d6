"""The poster and portraits a saved page names, and how they reach the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reeldb.catalog.models import Image, ImageStatus, Person, Title
from reeldb.ingest.pages import store
from reeldb.ingest.pages.documents import Document
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.imdb.pictures import picture_url
from reeldb.ingest.pages.schema import DocumentForm, PageExtraction

DATA = Path(__file__).parents[2] / "data" / "pages"
AMAZON = "https://m.media-amazon.com/images/M/MV5BYjA1@"


def _react_page(*, json_ld_image: object, og_image: str = "") -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "url": "/title/tt0112851/",
        "name": "Desperado",
        "image": json_ld_image,
        "genre": ["Action", "Thriller"],
    }
    return f"""<!DOCTYPE html><html><head>
<title>Desperado (1995) - IMDb</title>
<link rel="canonical" href="https://www.imdb.com/title/tt0112851/">
{f'<meta property="og:image" content="{og_image}">' if og_image else ""}
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body>
<h1>Desperado</h1>
<section data-testid="title-cast">
 <div data-testid="title-cast-item">
  <div data-testid="title-cast-item__avatar"><div class="ipc-media">
   <img alt="Antonio Banderas" src="{AMAZON}banderas._V1_QL75_UX140_CR0,1,140,140_.jpg">
  </div><a href="/name/nm0000104/" aria-label="Antonio Banderas"></a></div>
  <a data-testid="title-cast-item__actor" href="/name/nm0000104/">Antonio Banderas</a>
  <span>El Mariachi</span>
 </div>
 <div data-testid="title-cast-item">
  <div data-testid="title-cast-item__avatar"><div class="ipc-media">
   <img alt="Salma Hayek" src="https://m.media-amazon.com/images/S/sash/nopicture.png">
  </div><a href="/name/nm0000161/"></a></div>
  <a data-testid="title-cast-item__actor" href="/name/nm0000161/">Salma Hayek</a>
  <span>Carolina</span>
 </div>
</section>
</body></html>"""


def _extract(
    text: str, name: str = "page.html", form: DocumentForm = DocumentForm.HTML
) -> PageExtraction:
    return extract_document(Document(name=name, text=text, form=form))


def test_imdbs_sized_addresses_become_the_640_pixel_one() -> None:
    assert picture_url(f"{AMAZON}x._V1_UX67_CR0,0,67,98_AL_.jpg") == f"{AMAZON}x._V1_SX640.jpg"
    assert picture_url("https://example.org/poster.jpg") == "https://example.org/poster.jpg"
    assert picture_url("//upload.wikimedia.org/a.png") == "https://upload.wikimedia.org/a.png"


@pytest.mark.parametrize(
    "raw",
    [
        "x.jpg",
        "/images/poster.jpg",
        "",
        "javascript:alert(1)",
        "https://m.media-amazon.com/images/S/sash/nopicture.png",
    ],
)
def test_relative_addresses_and_placeholders_are_no_picture(raw: str) -> None:
    assert picture_url(raw) == ""


def test_a_react_page_states_its_poster_in_json_ld_and_portraits_beside_cast_links() -> None:
    extraction = _extract(
        _react_page(
            json_ld_image=f"{AMAZON}poster._V1_.jpg", og_image=f"{AMAZON}other._V1_FMjpg.jpg"
        )
    )

    assert extraction.poster_url == f"{AMAZON}poster._V1_SX640.jpg"
    portraits = {c.person.imdb_id: c.person.image_url for c in extraction.credits}
    assert portraits["nm0000104"] == f"{AMAZON}banderas._V1_SX640.jpg"
    assert portraits.get("nm0000161", "") == ""  # IMDb's "no picture" placeholder


def test_og_image_names_the_poster_when_json_ld_has_none() -> None:
    extraction = _extract(_react_page(json_ld_image=None, og_image=f"{AMAZON}og._V1_.jpg"))

    assert extraction.poster_url == f"{AMAZON}og._V1_SX640.jpg"


def test_the_poster_block_names_the_poster_on_a_page_without_embedded_data() -> None:
    page = f"""<html><head><title>Desperado (1995) - IMDb</title>
<link rel="canonical" href="https://www.imdb.com/title/tt0112851/"></head><body>
<div class="poster"><a href="/title/tt0112851/mediaviewer/rm1"><img alt="Desperado Poster"
 src="{AMAZON}p._V1_UX182_CR0,0,182,268_AL_.jpg"></a></div>
<h1>Desperado (1995)</h1><div class="credit_summary_item"><h4 class="inline">Director:</h4>
<a href="/name/nm0001675/">Robert Rodriguez</a></div>
<table class="cast_list"><tr><td class="primary_photo"><a href="/name/nm0000104/"><img
 alt="Antonio Banderas" src="https://m.media-amazon.com/images/G/01/imdb/images/nopicture/32x44/name.png"
 loadlate="{AMAZON}ab._V1_UY44_CR1,0,32,44_AL_.jpg"></a></td>
<td><a href="/name/nm0000104/">Antonio Banderas</a></td><td class="ellipsis">...</td>
<td class="character">El Mariachi</td></tr></table></body></html>"""

    extraction = _extract(page)

    assert extraction.poster_url == f"{AMAZON}p._V1_SX640.jpg"
    portraits = {c.person.imdb_id: c.person.image_url for c in extraction.credits}
    assert portraits.get("nm0000104") == f"{AMAZON}ab._V1_SX640.jpg"
    assert portraits.get("nm0001675", "") == ""  # no picture beside the director's link


def test_a_text_dump_without_embedded_data_states_no_picture() -> None:
    text = (DATA / "imdb" / "classic_2008_dump.txt").read_text()

    extraction = _extract(text, "dump.txt", DocumentForm.TEXT)

    assert extraction.poster_url == ""
    assert all(not credit.person.image_url for credit in extraction.credits)


@pytest.mark.parametrize(
    "value", ["La noche del faro poster.jpg", "[[File:La_noche_del_faro_poster.jpg|250px]]"]
)
def test_a_wikipedia_infobox_image_is_a_commons_file_with_its_credit_line(value: str) -> None:
    article = f"""{{{{Infobox film
| name = La noche del faro
| image = {value}
| director = [[Ana Ruiz]]
| released = 2004
}}}}
'''La noche del faro''' is a 2004 Spanish drama film directed by Ana Ruiz.
"""
    extraction = _extract(article, "faro.wiki", DocumentForm.WIKITEXT)

    assert extraction.poster_url == (
        "https://commons.wikimedia.org/wiki/Special:FilePath/La_noche_del_faro_poster.jpg?width=640"
    )
    assert (
        extraction.poster_attribution == "File:La noche del faro poster.jpg, via Wikimedia Commons"
    )


def test_a_saved_wikipedia_page_names_its_infobox_file() -> None:
    text = (DATA / "wikipedia" / "the_quiet_orchard.html").read_text()

    extraction = _extract(text, "orchard.html")

    assert extraction.poster_attribution == "File:Quiet orchard poster.jpg, via Wikimedia Commons"
    assert extraction.poster_url.endswith("/Special:FilePath/Quiet_orchard_poster.jpg?width=640")


def _images() -> list[tuple[str, str, str]]:
    return sorted(
        (
            image.title.primary_title if image.title else image.person.primary_name,  # type: ignore[union-attr]
            image.original_url,
            image.status,
        )
        for image in Image.objects.select_related("title", "person")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("in_bulk", [False, True])
def test_importing_a_page_records_its_pictures_to_fetch_once(in_bulk: bool) -> None:
    extraction = _extract(_react_page(json_ld_image=f"{AMAZON}poster._V1_.jpg"))

    for _run in range(2):
        if in_bulk:
            list(store.import_extractions([("page.html", extraction)]))
        else:
            store.import_extraction(extraction)

    assert _images() == [
        ("Antonio Banderas", f"{AMAZON}banderas._V1_SX640.jpg", ImageStatus.PENDING),
        ("Desperado", f"{AMAZON}poster._V1_SX640.jpg", ImageStatus.PENDING),
    ]
    assert Title.objects.get().shown_image is None
    assert Person.objects.get(nconst="nm0000104").shown_image is None
