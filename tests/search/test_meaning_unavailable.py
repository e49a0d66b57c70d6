"""Without the ``semantic`` extra search by meaning is not offered, and nothing fails.

These tests run whether the extra is installed or not: they make search see
it as missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from reeldb.cli import main
from reeldb.search.meaning import embedding, finding
from reeldb.search.meaning.finding import reads_like_description
from reeldb.search.services import rebuild_index
from tests.catalog.factories import TitleFactory
from tests.html import find_results_text, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_the_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every module see the extra as missing, as it is when torch is not installed."""
    monkeypatch.setattr(embedding, "find_spec", lambda module: None)
    embedding.is_installed.cache_clear()
    yield
    embedding.is_installed.cache_clear()


@pytest.mark.usefixtures("without_the_extra")
def test_find_offers_no_search_by_meaning_and_answers_a_meaning_link_with_plots_by_words() -> None:
    TitleFactory(primary_title="Desperado")
    rebuild_index()
    names = Client().get("/find", {"q": "desperado"})
    plots = Client().get("/find", {"q": "desperado", "s": "pl", "mode": "meaning"})
    assert [names.status_code, plots.status_code] == [200, 200]
    assert find_results_text(names).startswith("Titles Desperado")
    assert find_results_text(plots).startswith("No plots match")
    for response in (names, plots):
        assert "by meaning" not in visible_text(response)
        assert "mode=meaning" not in response.content.decode()


@pytest.mark.usefixtures("without_the_extra")
def test_finding_by_meaning_finds_nothing_and_embeds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_model(texts: object) -> None:
        raise AssertionError("the model was asked for")

    monkeypatch.setattr(finding, "embed", no_model)
    assert finding.find_by_meaning("vampires in a mexican strip bar", limit=5) == []


@pytest.mark.usefixtures("without_the_extra")
def test_embedding_says_the_extra_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "embed"]) == 0
    printed = capsys.readouterr()
    assert "pip install 'reeldb[semantic]'" in printed.out + printed.err


def test_turned_off_in_the_settings_it_is_not_offered(settings: Any) -> None:
    settings.REELDB_SEARCH_BY_MEANING = False
    TitleFactory(primary_title="Desperado")
    rebuild_index()
    response = Client().get("/find", {"q": "desperado", "s": "pl", "mode": "meaning"})
    assert response.status_code == 200
    assert "by meaning" not in visible_text(response)


@pytest.mark.parametrize(
    ("query", "is_description"),
    [
        ("vampires in bars", False),
        ("vampires in a mexican bar", True),
        ("  Vampires,  in a MEXICAN bar!  ", True),
        ("the good the bad and the ugly", False),
        ("The Good, the Bad and the Ugly", False),
        ("", False),
    ],
)
def test_a_query_reads_like_a_description_with_four_words_not_a_name(
    query: str, is_description: bool
) -> None:
    TitleFactory(primary_title="The Good, the Bad and the Ugly")
    rebuild_index()
    assert reads_like_description(query) is is_description
