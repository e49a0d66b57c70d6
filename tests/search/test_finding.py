from __future__ import annotations

import pytest

from reeldb.search.index.finding import (
    MATCHES_PER_HIT,
    SUGGESTION_READ_FACTOR,
    find,
    suggest,
)
from reeldb.search.index.suggestions import SHOWN
from reeldb.search.models import EntryKind
from reeldb.search.services import rebuild_index
from tests.catalog.factories import TitleFactory

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db]
ALL = (EntryKind.TITLE, EntryKind.EPISODE, EntryKind.NAME)


def first_title(query: str) -> str:
    results = find(query, kinds=(EntryKind.TITLE,), limit=10)
    hits = results.groups[0].hits
    assert hits, f"nothing found for {query!r}"
    title = hits[0].summary.title  # type: ignore[union-attr]
    return f"{title.primary_title} ({title.start_year})"


def first_name(query: str) -> str:
    hits = find(query, kinds=(EntryKind.NAME,), limit=10).groups[0].hits
    assert hits, f"nothing found for {query!r}"
    return str(hits[0].summary.person.primary_name)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("desperado", "Desperado (1995)"),
        ("Desperado", "Desperado (1995)"),
        ("desparado", "Desperado (1995)"),
        ("desperado 1995", "Desperado (1995)"),
        ("desperado (1995)", "Desperado (1995)"),
        ("el mariachi", "El Mariachi (1992)"),
        ("mariachi", "El Mariachi (1992)"),
        ("from dusk till dawn", "From Dusk Till Dawn (1996)"),
        ("kill bill vol 1", "Kill Bill: Vol. 1 (2003)"),
    ],
)
def test_find_puts_the_meant_title_first(query: str, expected: str) -> None:
    assert first_title(query) == expected


def test_a_title_written_with_its_article_last_is_found_by_its_exact_name() -> None:
    TitleFactory(primary_title="The Mask", title_type="movie", start_year=1994, num_votes=1)
    rebuild_index()
    assert first_title("Mask, The") == "The Mask (1994)"


def test_among_equally_popular_titles_one_starting_with_the_query_comes_first() -> None:
    TitleFactory(primary_title="A Nightmare on Elm Street", title_type="movie", start_year=1984)
    TitleFactory(primary_title="Street Fighter", title_type="movie", start_year=1994)
    rebuild_index()
    assert first_title("stre") == "Street Fighter (1994)"


def test_a_misspelt_word_with_an_apostrophe_is_corrected_as_one_word() -> None:
    TitleFactory(primary_title="Schindler's List", title_type="movie", start_year=1993)
    rebuild_index()
    assert first_title("Schindlre's List") == "Schindler's List (1993)"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banderas", "Antonio Banderas"),
        ("bandreas", "Antonio Banderas"),
        ("zoe bell", "Zoë Bell"),
        ("Zoë Bell", "Zoë Bell"),
        ("ZOE BELL", "Zoë Bell"),
        ("rodriguez", "Robert Rodriguez"),
        ("alvaro rodriguez", "Álvaro Rodríguez"),
        ("joseph gordon levitt", "Joseph Gordon-Levitt"),
        ("gordonlevitt", "Joseph Gordon-Levitt"),
    ],
)
def test_find_puts_the_meant_person_first(query: str, expected: str) -> None:
    assert first_name(query) == expected


def test_suggest_offers_desperado_for_desp() -> None:
    names = [s.name for s in suggest("desp")]
    assert names[0] == "Desperado"


def test_suggest_mixes_titles_and_people_most_popular_first() -> None:
    found = suggest("sin")
    assert found[0].name == "Sin City"
    assert found[0].url == "/title/tt0401792/"
    assert [(s.kind, s.name) for s in suggest("pulp")][:1] == [("tt", "Pulp Fiction")]


def test_suggest_finds_titles_behind_more_popular_matches_of_other_kinds() -> None:
    """Its read of every kind is cut short by episodes here: titles are read again on their own."""
    for number in range(SHOWN * MATCHES_PER_HIT * SUGGESTION_READ_FACTOR):
        TitleFactory(primary_title=f"Zorkon {number}", title_type="tvEpisode", num_votes=1000)
    TitleFactory(primary_title="Zorkon Rising", title_type="movie", num_votes=1)
    rebuild_index()
    assert [s.name for s in suggest("zorko")] == ["Zorkon Rising"]


def test_a_misspelt_word_is_searched_as_the_words_it_may_mean() -> None:
    results = find("desparado", kinds=(EntryKind.TITLE,), limit=10)
    assert results.corrected
    assert "<mark>Desperado</mark>" in results.groups[0].hits[0].name


def test_all_groups_titles_episodes_and_people_in_imdbs_order() -> None:
    results = find("dusk", kinds=ALL, limit=8)
    assert [group.kind for group in results.groups] == ["tt", "ep", "nm"]
    assert results.groups[0].hits[0].summary.title.primary_title == "From Dusk Till Dawn"  # type: ignore[union-attr]


def test_a_title_hit_names_its_director_and_stars() -> None:
    hit = find("desperado", kinds=(EntryKind.TITLE,), limit=1).groups[0].hits[0]
    assert "Dir. Robert Rodriguez" in hit.detail  # type: ignore[union-attr]
    assert "Antonio Banderas" in hit.detail  # type: ignore[union-attr]


def test_a_person_hit_names_the_titles_they_are_known_for() -> None:
    hit = find("robert rodriguez", kinds=(EntryKind.NAME,), limit=1).groups[0].hits[0]
    assert "Known for El Mariachi (1992)" in hit.detail


def test_nothing_matches_an_unknown_word() -> None:
    assert find("zzzzqqq", kinds=ALL, limit=8).is_empty


def test_suggest_gives_at_most_eight_with_a_url_and_a_subtitle() -> None:
    found = suggest("a")
    assert len(found) <= 8
    desperado = suggest("desp")[0]
    assert (desperado.id, desperado.kind, desperado.year) == ("tt0112851", "tt", 1995)
    assert desperado.subtitle == "1995"
    banderas = suggest("bander")[0]
    assert banderas.name == "Antonio Banderas"
    assert banderas.url == "/name/nm0000104/"
