"""``/find`` with search by meaning: its own page, its blend into "All", hostile queries."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client

from reeldb.catalog.models import Plot, PlotKind
from reeldb.search.meaning import is_available
from reeldb.search.meaning import page as find_meaning
from reeldb.search.meaning import vectors as vector_index
from reeldb.search.meaning.embedding import load_model
from reeldb.search.meaning.services import embed_plot_texts
from reeldb.search.services import rebuild_index
from tests.catalog.factories import SourceFactory, TitleFactory
from tests.html import visible_text

pytestmark = [
    pytest.mark.skipif(
        not is_available(),
        reason="search by meaning needs the semantic extra: pip install 'reeldb[semantic]' "
        "(`make test` installs it)",
    ),
    pytest.mark.django_db,
]

OUTLINES = {
    "Desperado": "A former mariachi with a guitar case full of guns hunts the drug lord "
    "who killed the woman he loved.",
    "From Dusk Till Dawn": "Two fugitive brothers and a family they took hostage hide out in a "
    "Mexican strip bar full of vampires.",
    "Philadelphia": "A lawyer fired because he has AIDS sues his old law firm.",
}
STORY = "a mariachi who carries guns in his guitar case takes revenge on a drug lord"


@pytest.fixture(autouse=True)
def catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three films with an outline each, indexed and embedded; no vector index left over."""
    monkeypatch.setattr(vector_index, "_current", None)
    source = SourceFactory()
    for position, (name, outline) in enumerate(OUTLINES.items()):
        title = TitleFactory(primary_title=name, num_votes=1_000 - position, source=source)
        Plot.objects.create(title=title, source=source, kind=PlotKind.OUTLINE, text=outline)
    rebuild_index()
    embed_plot_texts()


def test_plots_by_meaning_show_the_title_and_the_plot_that_matched() -> None:
    response = Client().get("/find", {"q": STORY, "s": "pl", "mode": "meaning"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Plots by meaning Desperado 1995" in text
    assert OUTLINES["Desperado"] in text
    assert "Philadelphia" not in text


def test_every_other_page_offers_plots_by_meaning() -> None:
    html = Client().get("/find", {"q": "desperado"}).content.decode()
    assert "s=pl&amp;mode=meaning" in html


def test_all_blends_plots_by_meaning_in_for_a_description() -> None:
    load_model()
    text = visible_text(Client().get("/find", {"q": STORY}))
    assert "Plots by meaning Desperado" in text
    assert "Nothing in reeldb matches" not in text


def test_all_does_not_wait_for_the_model_but_starts_loading_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = []
    monkeypatch.setattr(find_meaning, "is_loaded", lambda: False)
    monkeypatch.setattr(find_meaning, "start_loading", lambda: started.append(True))
    text = visible_text(Client().get("/find", {"q": STORY}))
    assert started == [True]
    assert "Nothing in reeldb matches" in text
    assert "plots by meaning finds them by what happens in them" in text


def test_all_shows_no_plots_by_meaning_for_a_name() -> None:
    load_model()
    text = visible_text(Client().get("/find", {"q": "from dusk till dawn"}))
    assert "Titles From Dusk Till Dawn" in text
    assert text.count("Plots by meaning") == 1  # the tab, no section


@pytest.mark.parametrize(
    "query",
    [
        b"",
        b" ",
        b"x" * 10_000,
        b"vampires " * 1_200,
        b"\x00\x01\x1f\x7f vampires in a bar",
        "\u202e\u200b vampires in a Mexican bar".encode(),
        b"\xed\xa0\x80 bar \xff\xfe",  # a surrogate and bytes that are no UTF-8
    ],
)
def test_a_hostile_query_is_a_page_never_an_error(query: bytes) -> None:
    load_model()
    for mode in ("&s=pl&mode=meaning", ""):
        response = Client().get(f"/find?q={quote_from_bytes(query)}{mode}")
        assert response.status_code == 200
