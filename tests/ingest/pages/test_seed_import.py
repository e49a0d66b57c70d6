"""The three Desperado seeds, imported by `reeldb import pages`, make one rich, correct title.

The seeds are an IMDb plot-summary page and title page (lower-cased text dumps
with the site's navigation) and the Wikipedia article (plain text). They live
in ``../shared/seeds/``; these tests skip, saying so, where it is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from reeldb.catalog.folding import fold
from reeldb.catalog.models import (
    Credit,
    Person,
    Plot,
    Recommendation,
    Source,
    Title,
    TitleClaim,
)
from reeldb.cli import main
from tests.conftest import SHARED
from tests.html import visible_text

SEEDS = SHARED / "seeds"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed pages are not at {SEEDS}"),
]

BILLED_CAST = [
    ("Antonio Banderas", "El Mariachi"),
    ("Salma Hayek", "Carolina"),
    ("Joaquim de Almeida", "Bucho"),
    ("Cheech Marin", "Short Bartender"),
    ("Steve Buscemi", "Buscemi"),
    ("Carlos Gómez", "Right Hand"),
    ("Quentin Tarantino", "Pick-up Guy"),
    ("Tito Larriva", "Tavo"),
    ("Angel Aviles", "Zamira"),
    ("Danny Trejo", "Navajas"),
    ("Abraham Verduzco", "Niño"),
    ("Carlos Gallardo", "Campa"),
]
RELATED_TITLES = {
    ("Once Upon a Time in Mexico", 2003),
    ("El Mariachi", 1992),
    ("From Dusk till Dawn", 1996),
}


def _seed_paths() -> list[str]:
    return [str(path) for path in sorted(SEEDS.iterdir())]


@pytest.fixture
def import_seeds() -> Callable[..., int]:
    """Return a function that runs `reeldb import pages` on the seeds and returns its status."""

    def run(*extra: str) -> int:
        return main(["import", "pages", *extra, *_seed_paths()])

    return run


@pytest.fixture
def desperado(import_seeds: Callable[..., int]) -> Title:
    assert import_seeds() == 0
    return Title.objects.get(folded_title="desperado")


def _page(client: Client, title: Title, suffix: str = "") -> str:
    response = client.get(title.get_absolute_url() + suffix)
    assert response.status_code == 200
    return visible_text(response)


def test_the_three_seeds_make_one_film(desperado: Title) -> None:
    assert Title.objects.filter(folded_title="desperado").count() == 1
    assert desperado.title_type == "movie"
    assert desperado.primary_title == "Desperado"
    assert desperado.start_year == 1995
    assert Source.objects.filter(title_keys__title=desperado).distinct().count() == 3


def test_the_title_keeps_the_published_scores(desperado: Title) -> None:
    assert float(desperado.average_rating or 0) == 7.2
    assert desperado.num_votes == 144_553
    assert desperado.metascore == 55
    assert desperado.runtime_minutes == 104
    assert desperado.genre_list == ["Action", "Thriller"]
    # The page's sentence, without its full stop: the title page sets it in a line of its own.
    assert desperado.awards_summary == "1 win & 4 nominations"


def test_the_title_page_shows_what_the_seeds_state(desperado: Title, client: Client) -> None:
    page = _page(client, desperado)
    for expected in (
        "7.2 /10",
        "144,553 votes",
        "Metascore 55",
        "1h 44m",
        "Action Thriller",
        "25 August 1995",
        "Budget $7,000,000 (estimated)",
        "$25,625,110",
        "Columbia Pictures Corporation",
        "Los Hooligans Productions",
        "Dolby Stereo",
        "SDDS",
        "Technicolor",
        "1.85 : 1",
        "28 of 38 people found this review helpful",
    ):
        assert expected in page, expected
    assert "R Strong bloody violence" in page


def test_robert_rodriguez_directs_and_writes_under_one_name(desperado: Title) -> None:
    crew = Credit.objects.filter(title=desperado, category__in=["director", "writer"])
    assert {(c.category, c.person.primary_name) for c in crew} == {
        ("director", "Robert Rodriguez"),
        ("writer", "Robert Rodriguez"),
    }
    assert Person.objects.filter(folded_name=fold("Robert Rodriguez")).count() == 1


def test_the_billed_cast_keeps_imdbs_order_and_wikipedias_capitals(
    desperado: Title, client: Client
) -> None:
    cast = list(
        Credit.objects.filter(title=desperado, source__kind="imdb_page", category="actor")
        .select_related("person")
        .order_by("ordering")
    )
    assert len(cast) == 15
    billed = [(credit.person.primary_name, credit.characters[0]) for credit in cast]
    assert billed[: len(BILLED_CAST)] == BILLED_CAST
    assert "Antonio Banderas El Mariachi" in _page(client, desperado)


def test_a_person_named_on_several_pages_is_one_person(desperado: Title) -> None:
    for name in ("Antonio Banderas", "Salma Hayek", "Danny Trejo", "Carlos Gallardo"):
        assert Person.objects.filter(folded_name=fold(name)).count() == 1, name


def test_the_plot_summary_page_has_three_signed_summaries_and_wikipedias_synopsis(
    desperado: Title, client: Client
) -> None:
    summaries = Plot.objects.filter(title=desperado, kind="summary", source__kind="imdb_page")
    authors = {plot.author for plot in summaries}
    assert {"Tad Dibbern", "Neo101", "Murray Chapman"} <= authors
    synopsis = Plot.objects.get(title=desperado, kind="synopsis")
    assert synopsis.source.kind == "wikipedia"
    assert synopsis.text.startswith("An unnamed American man (Steve Buscemi)")
    page = _page(client, desperado, "plotsummary")
    assert "— Tad Dibbern" in page
    assert "Synopsis" in page


def test_the_twelve_related_titles_are_linked(desperado: Title) -> None:
    related = Recommendation.objects.filter(title=desperado).select_related("target")
    assert related.count() == 12
    assert {(r.target.primary_title, r.target.start_year) for r in related} >= RELATED_TITLES
    mexico = Title.objects.get(folded_title=fold("Once Upon a Time in Mexico"))
    assert float(mexico.average_rating or 0) == 6.4


def test_every_source_keeps_its_value_and_the_page_names_it(
    desperado: Title, client: Client
) -> None:
    claims = TitleClaim.objects.filter(title=desperado, field="primary_title")
    assert {claim.source.kind for claim in claims} == {"imdb_page", "wikipedia"}
    sources = _page(client, desperado, "sources")
    assert "IMDb page" in sources
    assert "Wikipedia" in sources


def test_importing_the_seeds_again_changes_nothing(
    desperado: Title, import_seeds: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    counts = {model: model.objects.count() for model in (Title, Person, Credit, Plot)}
    capsys.readouterr()
    assert import_seeds() == 0
    assert "documents: 3 read, 3 loaded, 0 changed" in capsys.readouterr().err
    assert {model: model.objects.count() for model in counts} == counts


def test_a_bad_document_is_reported_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "note.txt").write_text("A shopping list: eggs, milk, bread.\n")
    status = main(["import", "pages", str(tmp_path), *_seed_paths()])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{tmp_path / 'empty.html'}: empty document" in err
    assert f"{tmp_path / 'binary.bin'}: binary file" in err
    assert f"{tmp_path / 'note.txt'}: unknown kind" in err
    assert "documents: 6 read, 3 loaded" in err
    assert "skipped: 3" in err
    assert main(["import", "pages", str(tmp_path)]) == 2
