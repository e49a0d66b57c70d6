"""IMDb title pages, one fixture per layout: 2008, 2010s, reference, React, series, episode."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from reeldb.ingest.pages.documents import Document, PageError, document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    DocumentForm,
    DocumentKind,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    Spec,
    TitleRef,
)

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"


def extract(name: str) -> PageExtraction:
    """Read a fixture as the importer does (bytes, charset, form) and extract it."""
    path = FIXTURES / name
    return extract_document(document_from_bytes(path.read_bytes(), str(path)))


def crew(extraction: PageExtraction, category: str) -> list[tuple[str, str, str]]:
    return [
        (c.person.name, c.person.imdb_id, c.job)
        for c in extraction.credits
        if c.category == category
    ]


def cast(extraction: PageExtraction) -> list[CreditLine]:
    return [c for c in extraction.credits if c.category == "actor"]


# --- the classic page (2008): div.info blocks with <h5> labels, ISO-8859-1 ---


@pytest.fixture(scope="module")
def classic() -> PageExtraction:
    return extract("classic_2008_film.html")


def test_classic_page_decodes_its_declared_charset_and_reads_the_bare_title(
    classic: PageExtraction,
) -> None:
    assert classic.kind is DocumentKind.IMDB_TITLE
    assert classic.form is DocumentForm.HTML
    assert (classic.title, classic.year, classic.title_type) == ("Y tu mamá también", 2001, "movie")
    assert classic.imdb_id == "tt0245574"
    assert not classic.lowercased


def test_classic_page_reads_its_labelled_blocks(classic: PageExtraction) -> None:
    assert (classic.rating, classic.votes) == (7.7, 87614)
    assert classic.runtime_minutes == 106
    assert classic.genres == ["Drama", "Romance"]
    assert classic.keywords == ["Road Trip", "Friendship", "Beach"]
    assert classic.taglines == ["Life, love, and the pursuit of happiness."]
    assert classic.countries == ["Mexico"]
    assert classic.languages == ["Spanish"]
    assert classic.awards == "Nominated for Oscar. Another 38 wins & 36 nominations"
    assert classic.filming_locations == ["Puerto Escondido, Oaxaca, Mexico"]
    assert classic.companies == [CompanyLine(name="Anhelo Producciones")]
    assert classic.akas == [AlsoKnownAs(title="And Your Mother Too", region="United States")]
    assert classic.plots == [
        PlotText(
            kind="outline",
            text="In Mexico, two teenage boys and an attractive older woman embark on a road "
            "trip and learn a thing or two about life, friendship, sex, and each other.",
        )
    ]
    assert classic.technical_specs == [
        Spec(kind="sound_mix", value="Dolby Digital"),
        Spec(kind="sound_mix", value="SDDS"),
        Spec(kind="color", value="Color"),
        Spec(kind="aspect_ratio", value="1.85 : 1"),
    ]


def test_classic_page_gives_the_mpaa_reason_to_the_us_certificate(classic: PageExtraction) -> None:
    assert classic.certifications == [
        Rated(country="Argentina", rating="16"),
        Rated(country="Mexico", rating="C"),
        Rated(country="United Kingdom", rating="18"),
        Rated(
            country="United States",
            rating="R",
            reason="strong sexual content involving teens, graphic nudity, language and drug use",
        ),
        Rated(country="United States", rating="Unrated"),
    ]
    assert [(d.country, d.date) for d in classic.release_dates] == [
        ("United States", datetime.date(2002, 3, 15))
    ]


def test_classic_page_reads_crew_with_jobs_and_ids(classic: PageExtraction) -> None:
    assert crew(classic, "director") == [("Alfonso Cuarón", "nm0190859", "")]
    assert crew(classic, "writer") == [
        ("Alfonso Cuarón", "nm0190859", "written by"),
        ("Carlos Cuarón", "nm0190861", "written by"),
    ]


def test_classic_page_reads_the_cast_table(classic: PageExtraction) -> None:
    lines = cast(classic)
    assert [(c.person.name, c.person.imdb_id, c.characters) for c in lines[:3]] == [
        ("Maribel Verdú", "nm0000539", ["Luisa Cortés"]),
        ("Gael García Bernal", "nm0305558", ["Julio Zapata"]),
        ("Diego Luna", "nm0551390", ["Tenoch Iturbide"]),
    ]
    assert len(lines) == 6
    assert lines[-1].characters == ["Narrator"]
    assert lines[-1].credited_as == "Daniel Gimenez Cacho"


def test_classic_page_reads_fun_stuff_and_the_user_comment(classic: PageExtraction) -> None:
    assert classic.trivia == ['The title translates to "And your mother too".']
    assert classic.goofs == ["The car's windscreen is cracked and then whole again."]
    assert classic.quotes == [["Julio Zapata: Que la vida es como la espuma."]]
    assert [(c.kind, c.target.title, c.target.year) for c in classic.connections] == [
        ("referenced_in", "Transformers", 2007)
    ]
    assert [s.title for s in classic.soundtracks] == ["Si no te hubieras ido"]
    assert classic.faq == ["What does the title mean?", "Where was it filmed?"]
    review = classic.review
    assert review is not None
    assert (review.headline, review.author, review.date) == (
        "A beautiful road movie",
        "cinephile_mx",
        datetime.date(2002, 4, 14),
    )
    assert review.text.startswith("Cuarón made a film")
    assert review.text.endswith("The three leads are wonderful.")
    assert (review.helpful_yes, review.helpful_total) == (52, 61)


# --- the 2010s layout: #title-overview-widget, div.txt-block, h4.inline; a French film ---


@pytest.fixture(scope="module")
def modern() -> PageExtraction:
    return extract("title_2010s_nonenglish.html")


def test_2010s_page_reads_its_outline_and_its_signed_storyline(modern: PageExtraction) -> None:
    assert [(plot.kind, plot.text[:40], plot.author) for plot in modern.plots] == [
        ("outline", "Amélie is an innocent and naive girl in ", ""),
        ("summary", "Amélie is a story about a girl who grew ", "Jean-Marc Rocher"),
    ]


def test_2010s_page_reads_the_english_and_original_titles(modern: PageExtraction) -> None:
    assert (modern.title, modern.original_title) == (
        "Amélie",
        "Le fabuleux destin d'Amélie Poulain",
    )
    assert (modern.year, modern.imdb_id) == (2001, "tt0211915")


def test_2010s_page_reads_the_overview_scores(modern: PageExtraction) -> None:
    assert (modern.rating, modern.votes) == (8.3, 620110)
    assert modern.metascore == 69
    assert (modern.user_reviews, modern.critic_reviews) == (1027, 195)
    # The arrow is a sprite: only its class says the title fell 42 places.
    assert (modern.popularity_rank, modern.popularity_change) == (385, -42)
    assert modern.awards == "Nominated for 5 Oscars. Another 59 wins & 71 nominations."
    assert modern.runtime_minutes == 122
    assert modern.genres == ["Comedy", "Romance"]


def test_2010s_page_reads_crew_and_cast(modern: PageExtraction) -> None:
    assert crew(modern, "director") == [("Jean-Pierre Jeunet", "nm0000466", "")]
    assert crew(modern, "writer") == [
        ("Guillaume Laurant", "nm0491229", "scenario"),
        ("Jean-Pierre Jeunet", "nm0000466", "scenario"),
    ]
    lines = cast(modern)
    assert [c.person.name for c in lines] == [
        "Audrey Tautou",
        "Mathieu Kassovitz",
        "Rufus",
        "Lorella Cravotta",
        "Serge Merlin",
        "Jamel Debbouze",
    ]
    merlin = lines[4]
    assert merlin.characters == ["Raymond Dufayel", "L'homme de verre"]
    assert merlin.credited_as == "Serge Merlin de Lisle"
    assert merlin.person.imdb_id == "nm0000294"


def test_2010s_page_reads_details_and_box_office(modern: PageExtraction) -> None:
    assert modern.countries == ["France", "Germany"]
    assert modern.languages == ["French", "Russian"]
    assert modern.keywords == ["paris france", "waitress", "garden gnome"]
    assert modern.certifications == [
        Rated(country="United States", rating="R", reason="sexual content")
    ]
    assert modern.box_office == [
        Money(kind="budget", amount=77_000_000, currency="FRF", is_estimated=True),
        Money(kind="opening_weekend", amount=136_470, region="United States"),
        Money(kind="gross", amount=33_201_661, region="United States"),
    ]
    assert [c.name for c in modern.companies] == [
        "Claudie Ossard Productions",
        "UGC",
        "Victoires Productions",
    ]
    assert [s.value for s in modern.technical_specs if s.kind == "sound_mix"] == [
        "DTS",
        "Dolby Digital",
    ]


def test_2010s_page_reads_the_signed_storyline(modern: PageExtraction) -> None:
    summaries = [p for p in modern.plots if p.kind == "summary"]
    assert len(summaries) == 1
    assert summaries[0].text.startswith("Amélie is a story about a girl")
    assert summaries[0].author == "Jean-Marc Rocher"


def test_2010s_page_reads_did_you_know_and_faq(modern: PageExtraction) -> None:
    assert modern.trivia == [
        "Emily Watson was the original choice for Amélie, but she could not speak French."
    ]
    assert modern.quotes == [
        ["Amélie Poulain: Times are hard for dreamers.", "Nino Quincampoix: Who are you?"]
    ]
    assert [(s.title, s.credits) for s in modern.soundtracks] == [
        ("La Valse d'Amélie", "Written by Yann Tiersen Performed by Yann Tiersen")
    ]
    assert modern.faq == ["Is 'Amélie' based on a book?", "Where is the café?"]


def test_2010s_page_reads_the_featured_review(modern: PageExtraction) -> None:
    review = modern.review
    assert review is not None
    assert review.headline == "An enchanting fairy tale of Paris"
    assert (review.author, review.date, review.rating) == (
        "lovely_paris",
        datetime.date(2001, 11, 5),
        10,
    )
    assert (review.helpful_yes, review.helpful_total) == (120, 140)


def test_2010s_page_reads_each_related_card(modern: PageExtraction) -> None:
    first, second = modern.related
    assert (first.title, first.year, first.imdb_id, first.rating) == (
        "Life Is Beautiful",
        1997,
        "tt0118799",
        8.6,
    )
    assert first.genres == ["Comedy", "Drama", "Romance"]
    assert first.outline.startswith("When an open-minded Jewish librarian")
    assert first.directors == [PersonRef(name="Roberto Benigni")]
    assert [p.name for p in first.stars] == [
        "Roberto Benigni",
        "Nicoletta Braschi",
        "Giorgio Cantarini",
    ]
    assert [p.name for p in second.directors] == ["Marc Caro", "Jean-Pierre Jeunet"]


# --- the reference view: td.ipl-zebra-list__label rows ---


@pytest.fixture(scope="module")
def reference() -> PageExtraction:
    return extract("reference_film.html")


def test_reference_view_reads_its_header(reference: PageExtraction) -> None:
    assert (reference.title, reference.year, reference.imdb_id) == ("Heat", 1995, "tt0113277")
    assert (reference.rating, reference.votes, reference.metascore) == (8.3, 640532, 76)
    assert reference.runtime_minutes == 170
    assert reference.genres == ["Action", "Crime", "Drama"]
    assert [(d.country, d.date) for d in reference.release_dates] == [
        ("United States", datetime.date(1995, 12, 15))
    ]


def test_reference_view_reads_its_zebra_tables(reference: PageExtraction) -> None:
    assert crew(reference, "director") == [("Michael Mann", "nm0000520", "")]
    assert crew(reference, "writer") == [("Michael Mann", "nm0000520", "")]
    assert [c.characters[0] for c in cast(reference)] == [
        "Lt. Vincent Hanna",
        "Neil McCauley",
        "Chris Shiherlis",
        "Nate",
    ]
    assert reference.plots == [
        PlotText(
            kind="outline",
            text="A group of high-end professional thieves start to feel the heat from the "
            "LAPD when they unknowingly leave a clue at their latest heist.",
        ),
        PlotText(
            kind="summary",
            text="Hunters and their prey: Neil and his professional criminal crew hunt to "
            "score big money targets while a detective hunts them down.",
            author="Tad Dibbern",
        ),
    ]
    assert reference.keywords == ["heist", "cop", "los angeles california"]
    assert reference.certifications == [
        Rated(country="Germany", rating="16"),
        Rated(country="United States", rating="R", reason="violence and language"),
    ]
    assert reference.akas == [AlsoKnownAs(title="Heat - Ein Mordsteam", region="Germany")]
    assert Spec(kind="color", value="Color", note="Technicolor") in reference.technical_specs


def test_reference_view_reads_every_box_office_figure(reference: PageExtraction) -> None:
    assert reference.box_office == [
        Money(kind="budget", amount=60_000_000, is_estimated=True),
        Money(kind="opening_weekend", amount=8_445_656, region="United States"),
        Money(kind="gross", amount=67_436_818, region="United States"),
        Money(kind="gross", amount=187_436_818, region="worldwide"),
    ]


# --- today's React page: JSON-LD and __NEXT_DATA__; a Korean film ---


@pytest.fixture(scope="module")
def react() -> PageExtraction:
    return extract("react_film_nonenglish.html")


def test_react_page_takes_titles_and_scores_from_its_data(react: PageExtraction) -> None:
    assert (react.title, react.original_title, react.imdb_id) == (
        "Parasite",
        "Gisaengchung",
        "tt6751668",
    )
    assert (react.year, react.runtime_minutes, react.title_type) == (2019, 132, "movie")
    assert (react.rating, react.votes, react.metascore) == (8.5, 951234, 96)
    assert (react.user_reviews, react.critic_reviews) == (3412, 603)
    assert (react.popularity_rank, react.popularity_change) == (212, -31)
    assert react.awards == "310 wins & 267 nominations"
    assert react.certifications == [
        Rated(
            country="United States", rating="R", reason="language, some violence and sexual content"
        )
    ]


def test_react_page_takes_credits_from_its_data(react: PageExtraction) -> None:
    assert crew(react, "director") == [("Bong Joon Ho", "nm0094435", "")]
    assert [name for name, _id, _job in crew(react, "writer")] == ["Bong Joon Ho", "Han Jin-won"]
    lines = cast(react)
    assert len(lines) == 6
    park = lines[4]
    assert (park.person.name, park.person.imdb_id, park.characters, park.credited_as) == (
        "Park So-dam",
        "nm5548796",
        ["Ki Jung"],
        "Park So-Dam",
    )


def test_react_page_takes_details_and_lists_from_its_data(react: PageExtraction) -> None:
    assert react.countries == ["South Korea"]
    assert react.languages == ["Korean", "English", "German"]
    assert react.box_office == [
        Money(kind="budget", amount=11_400_000, is_estimated=True),
        Money(kind="opening_weekend", amount=393_216, region="United States"),
        Money(kind="gross", amount=53_369_749, region="United States"),
        Money(kind="gross", amount=262_676_819, region="worldwide"),
    ]
    assert react.quotes == [
        ["Ki Taek: You know what kind of plan never fails?", "Ki Woo: No plan."]
    ]
    assert [(c.kind, c.target.imdb_id) for c in react.connections] == [("references", "tt0057579")]
    review = react.review
    assert review is not None
    assert (review.author, review.helpful_yes, review.helpful_total) == ("ben_s", 420, 458)
    assert [(r.title, r.imdb_id, r.rating) for r in react.related] == [
        ("Snowpiercer", "tt1706620", 7.1),
        ("Memories of Murder", "tt0353969", 8.1),
    ]


# --- a TV series (React) and an episode (2010s) ---


def test_series_page_reads_its_year_range_creators_and_size() -> None:
    series = extract("react_series.html")
    assert (series.title, series.title_type) == ("Breaking Bad", "tvSeries")
    assert (series.year, series.end_year) == (2008, 2013)
    assert crew(series, "writer") == [("Vince Gilligan", "nm0319213", "creator")]
    assert (series.seasons, series.episodes) == (5, 62)
    assert series.certifications == [Rated(country="", rating="TV-MA")]
    assert series.popularity_change == 5


def test_episode_page_reads_its_series_season_and_episode() -> None:
    episode = extract("episode_2010s.html")
    assert (episode.title, episode.title_type, episode.year) == ("Ozymandias", "tvEpisode", 2013)
    assert episode.series is not None
    assert (episode.series.title, episode.series.imdb_id) == ("Breaking Bad", "tt0903747")
    assert (episode.season, episode.episode) == (5, 14)
    assert episode.runtime_minutes == 47
    assert episode.genres == ["Crime", "Drama", "Thriller"]
    assert crew(episode, "director") == [("Rian Johnson", "nm0413875", "")]
    assert crew(episode, "writer")[0] == ("Vince Gilligan", "nm0319213", "created by")
    # Anna Gunn stars but the "first billed only" cast stops before her.
    assert [(c.person.name, c.characters) for c in cast(episode)] == [
        ("Bryan Cranston", ["Walter White"]),
        ("Aaron Paul", ["Jesse Pinkman"]),
        ("Anna Gunn", []),
    ]


# --- a text dump of the 2010s layout that keeps its capitals ---


@pytest.fixture(scope="module")
def dump() -> PageExtraction:
    return extract("title_2010s_dump_cased.txt")


def test_cased_text_dump_is_read_as_written(dump: PageExtraction) -> None:
    assert dump.form is DocumentForm.TEXT
    assert not dump.lowercased
    assert (dump.title, dump.year) == ("Heat", 1995)
    assert (dump.rating, dump.votes, dump.metascore) == (8.2, 512317, 76)
    assert (dump.popularity_rank, dump.popularity_change) == (412, 23)
    assert dump.genres == ["Action", "Crime", "Drama"]
    assert dump.certifications == [
        Rated(country="United States", rating="R", reason="violence and language")
    ]
    assert [c.name for c in dump.companies] == [
        "Warner Bros.",
        "Regency Enterprises",
        "Forward Pass",
    ]


def test_cased_text_dump_splits_the_cast_by_the_shape_of_names(dump: PageExtraction) -> None:
    assert [(c.person.name, c.characters) for c in cast(dump)] == [
        ("Al Pacino", ["Lt. Vincent Hanna"]),
        ("Robert De Niro", ["Neil McCauley"]),
        ("Val Kilmer", ["Chris Shiherlis"]),
        ("Jon Voight", ["Nate"]),
        ("Tom Sizemore", ["Michael Cheritto"]),
        ("Diane Venora", ["Justine Hanna"]),
        ("Amy Brenneman", ["Eady"]),
    ]


def test_cased_text_dump_reads_cards_and_review(dump: PageExtraction) -> None:
    assert [(r.title, r.year, r.rating) for r in dump.related] == [
        ("The Departed", 2006, 8.5),
        ("Casino", 1995, 8.2),
    ]
    assert dump.related[0].outline.startswith("An undercover cop")
    assert [p.name for p in dump.related[1].stars] == [
        "Robert De Niro",
        "Sharon Stone",
        "Joe Pesci",
    ]
    review = dump.review
    assert review is not None
    assert (review.headline, review.author, review.date) == (
        "A masterpiece of the crime genre",
        "cinemaniac_la",
        datetime.date(2004, 3, 2),
    )
    assert review.text == (
        "Mann's film is long but never slow, and the two leads are at the top of their game."
    )


# --- bad input and speed ---


def test_a_truncated_page_is_a_page_error() -> None:
    markup = (FIXTURES / "title_2010s_nonenglish.html").read_bytes()
    with pytest.raises(PageError, match="truncated"):
        extract_document(document_from_bytes(markup[: len(markup) // 2], "cut.html"))


def test_an_imdb_page_without_a_title_is_a_page_error() -> None:
    markup = b"<html><head><title>IMDb</title></head><body><div>nothing</div><p>x</p></body></html>"
    with pytest.raises(PageError):
        extract_document(document_from_bytes(markup, "empty.html"))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_each_fixture_extracts_with_its_title(name: str) -> None:
    # Speed is checked by ratios of CPU times (test_imdb_fuzz.assert_linear), not a fixed time.
    assert extract(name).title


def test_react_page_saved_without_its_scripts_is_read_from_its_markup() -> None:
    markup = (FIXTURES / "react_film_nonenglish.html").read_text(encoding="utf-8")
    bare = re.sub(r"<script[^>]*>.*?</script>", "", markup, flags=re.DOTALL)
    page = extract_document(Document(name="bare.html", text=bare, form=DocumentForm.HTML))
    assert (page.title, page.original_title, page.year) == ("Parasite", "Gisaengchung", 2019)
    assert page.runtime_minutes == 132
    assert page.genres == ["Drama", "Thriller"]
    # "951K" is rounded: the page no longer states the count.
    assert (page.rating, page.votes) == (8.5, None)
    assert (page.popularity_rank, page.popularity_change) == (212, -31)
    assert crew(page, "director") == [("Bong Joon Ho", "nm0094435", "")]
    assert [(c.person.name, c.characters) for c in cast(page)] == [
        ("Song Kang-ho", ["Ki Taek"]),
        ("Lee Sun-kyun", ["Dong Ik"]),
    ]
    assert page.countries == ["South Korea"]
    assert page.box_office[0] == Money(kind="budget", amount=11_400_000, is_estimated=True)


@pytest.mark.parametrize(
    "numbering",
    [
        {"episodeNumber": {"seasonNumber": 5, "episodeNumber": 14}},
        # 2023 onwards: the season as text, under "displayableEpisodeNumber".
        {
            "displayableEpisodeNumber": {
                "displayableSeason": {"text": "5", "season": "5"},
                "episodeNumber": {"text": "14", "episodeNumber": 14},
            }
        },
    ],
)
def test_react_episode_data_names_its_series_season_and_number(
    numbering: dict[str, object],
) -> None:
    data = {
        "props": {
            "pageProps": {
                "aboveTheFoldData": {
                    "id": "tt2301451",
                    "titleText": {"text": "Ozymandias"},
                    "titleType": {"id": "tvEpisode"},
                    "releaseYear": {"year": 2013},
                    "series": {
                        "series": {
                            "id": "tt0903747",
                            "titleText": {"text": "Breaking Bad"},
                            "releaseYear": {"year": 2008},
                        },
                        **numbering,
                    },
                },
                "mainColumnData": {},
            }
        }
    }
    markup = (
        '<html><head><title>"Breaking Bad" Ozymandias (TV Episode 2013) - IMDb</title></head>'
        f'<body><h1>Ozymandias</h1><script id="__NEXT_DATA__" type="application/json">'
        f"{json.dumps(data)}</script></body></html>"
    )
    page = extract_document(Document(name="ep.html", text=markup, form=DocumentForm.HTML))
    assert (page.title, page.title_type, page.imdb_id) == ("Ozymandias", "tvEpisode", "tt2301451")
    assert page.series == TitleRef(
        title="Breaking Bad", year=2008, imdb_id="tt0903747", title_type="tvSeries"
    )
    assert (page.season, page.episode) == (5, 14)


def test_classic_series_and_episode_heads_name_their_type() -> None:
    series = extract_document(
        Document(
            name="lost.html",
            text='<html><head><title>"Lost" (2004)</title>'
            '<link rel="canonical" href="http://www.imdb.com/title/tt0411008/"></head>'
            '<body><div class="info"><h5>Creators:</h5><a href="/name/nm0000000/">'
            "J.J. Abrams</a>, Jeffrey Lieber</div><p>TV Series 2004-2010</p></body></html>",
            form=DocumentForm.HTML,
        )
    )
    assert (series.title, series.title_type, series.year) == ("Lost", "tvSeries", 2004)
    assert [(c.person.name, c.job) for c in series.credits] == [
        ("J.J. Abrams", "creator"),
        ("Jeffrey Lieber", "creator"),
    ]
    episode = extract_document(
        Document(
            name="pilot.txt",
            text='"Lost" Pilot: Part 1 (2004) IMDb Original Air Date: 22 September 2004 '
            "(Season 1, Episode 1) Director: J.J. Abrams",
            form=DocumentForm.TEXT,
        )
    )
    assert (episode.title, episode.title_type) == ("Pilot: Part 1", "tvEpisode")
    assert episode.series is not None and episode.series.title == "Lost"
    assert (episode.season, episode.episode) == (1, 1)


def test_classic_page_as_a_text_dump_reads_labels_with_their_more_links() -> None:
    dump = extract("classic_2008_dump.txt")
    assert dump.form is DocumentForm.TEXT
    assert (dump.title, dump.year, dump.rating, dump.votes) == (
        "Y tu mamá también",
        2001,
        7.7,
        87614,
    )
    assert dump.genres == ["Drama", "Romance"]
    assert dump.keywords == ["Road Trip", "Friendship", "Beach"]
    assert dump.taglines == ["Life, love, and the pursuit of happiness."]
    assert dump.companies == [CompanyLine(name="Anhelo Producciones")]
    assert dump.akas == [AlsoKnownAs(title="And Your Mother Too", region="United States")]
    assert dump.trivia == ['The title translates to "And your mother too".']
    assert dump.quotes == [["Julio Zapata: Que la vida es como la espuma."]]
    assert [s.title for s in dump.soundtracks] == ["Si no te hubieras ido"]
    assert dump.faq == ["What does the title mean?", "Where was it filmed?"]
    lines = cast(dump)
    # The dump kept its lines: each cast line's first words are the name, three-word ones too.
    assert [(line.person.name, line.characters) for line in lines] == [
        ("Maribel Verdú", ["Luisa Cortés"]),
        ("Gael García Bernal", ["Julio Zapata"]),
        ("Diego Luna", ["Tenoch Iturbide"]),
        ("Marta Aura", ["Enriqueta 'Queta' Allende"]),
        ("Diana Bracho", ["Silvia Allende de Iturbide"]),
        ("Daniel Giménez Cacho", ["Narrator"]),
    ]
    assert lines[-1].credited_as == "Daniel Gimenez Cacho"
    review = dump.review
    assert review is not None
    assert (review.headline, review.author, review.date) == (
        "A beautiful road movie",
        "cinephile_mx",
        datetime.date(2002, 4, 14),
    )
    assert review.text.endswith("The three leads are wonderful.")
    assert (review.helpful_yes, review.helpful_total) == (52, 61)


def test_lowercased_episode_dump_reads_series_numbers_and_a_cast_that_ends_at_details() -> None:
    dump = extract("episode_2010s_dump.txt")
    assert dump.lowercased
    assert (dump.title, dump.title_type) == ("ozymandias", "tvEpisode")
    assert dump.series is not None and dump.series.title == "breaking bad"
    assert (dump.season, dump.episode) == (5, 14)
    assert [(c.person.name, c.characters) for c in cast(dump)] == [
        ("bryan cranston", ["walter white"]),
        ("aaron paul", ["jesse pinkman"]),
        ("anna gunn", []),
    ]
    # The line under the title: "tv-ma | 47min | crime, drama, thriller | episode aired …".
    assert (dump.runtime_minutes, dump.genres) == (47, ["crime", "drama", "thriller"])
    assert [c.rating for c in dump.certifications] == ["tv-ma"]
    assert [p.text for p in dump.plots if p.kind == "outline"] == [
        "everyone copes with radically changed circumstances."
    ]
    assert dump.countries == ["United States"]
    assert [(d.country, d.date) for d in dump.release_dates] == [
        ("United States", datetime.date(2013, 9, 15))
    ]


def test_lowercased_dump_of_todays_page_reads_the_json_its_scripts_left() -> None:
    dump = extract("react_film_dump.txt")
    assert dump.form is DocumentForm.TEXT
    assert dump.lowercased
    assert (dump.title, dump.original_title, dump.imdb_id) == (
        "parasite",
        "gisaengchung",
        "tt6751668",
    )
    assert (dump.rating, dump.votes, dump.metascore) == (8.5, 951234, 96)
    assert (dump.popularity_rank, dump.popularity_change) == (212, -31)
    assert crew(dump, "director") == [("bong joon ho", "nm0094435", "")]
    park = cast(dump)[4]
    assert (park.person.name, park.characters, park.credited_as) == (
        "park so-dam",
        ["ki jung"],
        "park so-dam",
    )
    assert dump.box_office[0] == Money(kind="budget", amount=11_400_000, is_estimated=True)
    assert dump.quotes == [["ki taek: you know what kind of plan never fails?", "ki woo: no plan."]]
    assert [(r.title, r.imdb_id) for r in dump.related] == [
        ("snowpiercer", "tt1706620"),
        ("memories of murder", "tt0353969"),
    ]


def test_react_page_keeps_every_keyword_its_data_and_its_json_ld_state(
    react: PageExtraction,
) -> None:
    # The page data lists the first three; the JSON-LD all five.
    assert react.keywords == [
        "class differences",
        "poverty",
        "basement",
        "rich family",
        "con artist",
    ]


def test_react_dump_dates_the_release_in_the_country_its_details_name() -> None:
    dump = extract("react_film_dump.txt")
    assert [(d.country, d.date) for d in dump.release_dates] == [
        ("United States", datetime.date(2019, 11, 8))
    ]
