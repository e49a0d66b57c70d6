from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from reeldb.catalog.models import DatePrecision, Plot, ReleaseDate, TitleType
from tests.catalog.factories import (
    CreditFactory,
    PersonFactory,
    SourceFactory,
    TitleFactory,
    make_rich_title,
)
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_page(client: Client) -> str:
    make_rich_title()
    response = client.get("/title/tt0112851/")
    assert response.status_code == 200
    return visible_text(response)


@pytest.mark.parametrize(
    "expected",
    [
        "Desperado",
        "1995",
        "1h 44m",
        "7.2 /10",
        "144,553 votes",
        "Metascore 55",
        "Action Thriller",
        "A gunslinger seeks revenge.",
        "Director Robert Rodriguez",
        "Writer Robert Rodriguez (written by)",
        "Stars Antonio Banderas , Carlos Gómez",
        "Antonio Banderas El Mariachi",
        "Carlos Gómez Right Hand (as Carlos Gomez)",
        "A summary paragraph. — Film Fan",
        "Plot keywords guitar case",
        "Taglines He came back to settle the score.",
        "United States: R for strong bloody violence",
        "Trivia Shot in Ciudad Acuña.",
        "Continuity The guitar case changes sides.",
        "El Mariachi: Bless me, father.",
        "Followed by Once Upon a Time in Mexico (2003)",
        "Canción del Mariachi Performed by Los Lobos",
        "Is it a sequel? Yes, to El Mariachi.",
        "25 August 1995 (United States)",
        "Countries of origin United States Mexico",
        "Languages English Spanish",
        "La balada del pistolero (Spain, es)",
        "Ciudad Acuña, Coahuila, Mexico",
        "Production companies Los Hooligans Productions",
        "Budget $7,000,000 (estimated)",
        "Gross (US) $25,625,110",
        "Sound mix SDDS",
        "Aspect ratio 1.85 : 1",
        "Mexico Trilogy Part 2",
        "Sources: reeldb demo data",
    ],
)
def test_the_title_page_shows_each_section(rich_page: str, expected: str) -> None:
    assert expected in rich_page


def test_principal_writers_are_kept_apart_each_with_their_role(client: Client) -> None:
    title = TitleFactory()
    for name, job in (("Quentin Tarantino", "screenplay"), ("Robert Kurtzman", "story")):
        CreditFactory(
            title=title,
            person=PersonFactory(primary_name=name),
            category="writer",
            job=job,
            characters=[],
        )
    # visible_text puts a space where each tag was, before the comma too.
    text = visible_text(client.get(title.get_absolute_url())).replace(" ,", ",")
    assert "Writers Quentin Tarantino (screenplay), Robert Kurtzman (story)" in text


def test_a_release_date_is_shown_as_precisely_as_its_source_states_it(client: Client) -> None:
    title = TitleFactory()
    source = SourceFactory()
    for day, precision, country in (
        (datetime.date(1998, 9, 1), DatePrecision.MONTH, "India"),
        (datetime.date(1999, 1, 1), DatePrecision.YEAR, "Japan"),
        (datetime.date(1999, 3, 5), DatePrecision.DAY, "France"),
    ):
        ReleaseDate.objects.create(
            title=title, source=source, release_date=day, precision=precision, country=country
        )
    text = visible_text(client.get(title.get_absolute_url()))
    assert "September 1998 (India)" in text
    assert "1 September 1998" not in text
    assert "1999 (Japan)" in text
    assert "1 January 1999" not in text
    assert "5 March 1999 (France)" in text


def test_a_series_shows_the_counts_its_source_states_without_episodes_stored(
    client: Client,
) -> None:
    series = TitleFactory(title_type=TitleType.TV_SERIES, stated_seasons=5, stated_episodes=62)
    text = visible_text(client.get(series.get_absolute_url()))
    assert "Episodes 62 episodes · 5 seasons" in text


def test_a_bare_title_shows_no_empty_sections(client: Client) -> None:
    title = TitleFactory(runtime_minutes=None, genres="")
    text = visible_text(client.get(title.get_absolute_url()))
    for heading in (
        "Top cast",
        "Storyline",
        "Did you know",
        "Details",
        "Box office",
        "Technical specs",
        "FAQ",
    ):
        assert heading not in text
    assert "None" not in text
    assert "0 votes" not in text


def test_text_from_the_data_is_escaped(client: Client) -> None:
    title = TitleFactory(primary_title="<script>alert(1)</script>")
    html = client.get(title.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/title/tt9999999/",
        "/title/x'\"<>/",
        "/title/tt0112851x/",
        "/name/nm9999999/",
        "/name/<b>/",
        "/title/rt999999/plotsummary",
        "/nowhere/",
    ],
)
def test_a_missing_or_malformed_page_is_a_404_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "There is no such page here" in response.content.decode()


def test_a_local_id_redirects_to_the_imdb_id(client: Client) -> None:
    title = TitleFactory(tconst="tt0112851")
    response = client.get(f"/title/rt{title.pk}/fullcredits")
    assert response.status_code == 301
    assert response["Location"] == "/title/tt0112851/fullcredits"


def test_the_plot_summary_page_lists_summaries_with_authors_then_the_synopsis(
    client: Client,
) -> None:
    make_rich_title()
    text = visible_text(client.get("/title/tt0112851/plotsummary"))
    assert "Summaries 1 A summary paragraph. — Film Fan" in text
    assert text.index("Film Fan") < text.index(
        "Synopsis Show synopsis (contains spoilers) First part. Second part."
    )


def test_the_full_credits_page_lists_cast_then_crew(client: Client) -> None:
    make_rich_title()
    text = visible_text(client.get("/title/tt0112851/fullcredits"))
    assert "Cast 2 AB Antonio Banderas … El Mariachi" in text
    assert text.index("Cast 2") < text.index("Directed by 1") < text.index("Film editing by 1")


def _series() -> Any:
    series = TitleFactory(
        title_type=TitleType.TV_SERIES, primary_title="Dusk", start_year=2014, end_year=2016
    )
    for season, number in ((1, 1), (1, 2), (2, 1)):
        TitleFactory(
            title_type=TitleType.TV_EPISODE,
            parent=series,
            season_number=season,
            episode_number=number,
            primary_title=f"Episode {season}.{number}",
        )
    return series


def test_the_episode_guide_shows_the_chosen_season(client: Client) -> None:
    series = _series()
    text = visible_text(client.get(f"/title/{series.public_id}/episodes?season=2"))
    assert "Season 2 1 episode" in text
    assert "S2.E1 Episode 2.1" in text
    assert "Episode 1.1" not in text


def test_the_episode_guide_answers_htmx_with_the_episode_list_only(client: Client) -> None:
    series = _series()
    response = client.get(
        f"/title/{series.public_id}/episodes?season=1", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="episode-list">')
    assert "<html" not in html


@pytest.mark.parametrize("season", ["x", "9", "-1"])
def test_the_episode_guide_of_a_missing_season_is_a_404(client: Client, season: str) -> None:
    series = _series()
    assert client.get(f"/title/{series.public_id}/episodes?season={season}").status_code == 404


def test_a_film_has_no_episode_guide(client: Client) -> None:
    assert client.get(f"/title/{TitleFactory().public_id}/episodes").status_code == 404


def test_an_episode_page_links_its_series_and_neighbours(client: Client) -> None:
    series = _series()
    episode = series.episodes.get(season_number=1, episode_number=2)
    Plot.objects.create(title=episode, kind="outline", text="Things happen.", source=episode.source)
    text = visible_text(client.get(episode.get_absolute_url()))
    assert "Dusk S1.E2 All episodes ‹ Previous: Episode 1.1 Next: Episode 2.1 ›" in text


def test_the_person_page_shows_known_for_and_the_filmography_with_characters(
    client: Client,
) -> None:
    person = PersonFactory(
        primary_name="Salma Hayek", birth_year=1966, primary_profession="actress,producer"
    )
    CreditFactory(
        person=person,
        category="actress",
        characters=["Carolina"],
        title__primary_title="Desperado",
        title__start_year=1995,
        title__num_votes=10,
    )
    CreditFactory(
        person=person,
        category="actress",
        characters=["Santanico Pandemonium"],
        title__primary_title="From Dusk Till Dawn",
        title__start_year=1996,
        title__num_votes=5,
    )
    text = visible_text(client.get(person.get_absolute_url()))
    assert "Salma Hayek Actress Born 1966" in text
    # The designed poster (no picture stored) sets the title's type above its name.
    assert "Known for Movie Desperado" in text
    assert text.index("From Dusk Till Dawn 1996 Santanico Pandemonium") < text.index(
        "Desperado 1995 Carolina"
    )


def test_find_returns_titles_and_people_matching_case_insensitively(client: Client) -> None:
    TitleFactory(primary_title="Desperado")
    PersonFactory(primary_name="Antonio Banderas")
    assert "Desperado" in visible_text(client.get("/find", {"q": "desper"}))
    assert "Antonio Banderas" in visible_text(client.get("/find", {"q": "BANDERAS"}))
    assert "Nothing in reeldb matches" in visible_text(client.get("/find", {"q": "zzz"}))


def test_the_results_page_keeps_the_query_in_the_search_box(client: Client) -> None:
    html = client.get("/find", {"q": "el mariachi"}).content.decode()
    assert 'name="q" value="el mariachi"' in html


def test_the_home_page_features_titles_or_explains_how_to_load_some(client: Client) -> None:
    assert "reeldb demo --no-serve" in visible_text(client.get("/"))
    TitleFactory(primary_title="Desperado", num_votes=100)
    assert "Featured titles Movie Desperado" in visible_text(client.get("/"))
