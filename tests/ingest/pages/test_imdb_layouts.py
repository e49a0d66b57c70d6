"""IMDb's 2010-2014 title page, its episode page and the reference view: writers and details.

One fixture per form, read field by field: the 2012 title page's "Writers:"
block with roles and "2 more credits", its lower-cased text dump, a 2013
episode page whose writers carry "(developed by)" and "(comic book)", the
2018 reference view with every writer in its credits table, and a 2014
series page with "45 min" and a release date stated to the month only.
Then the parsers those forms need, one edge at a time.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from reeldb.ingest.pages.documents import Document, document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.imdb import dom, textpage
from reeldb.ingest.pages.imdb.fields import (
    PEOPLE_SEPARATOR,
    apply_values,
    field_of_label,
    is_unmapped,
    people,
    split_outside_brackets,
)
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    Dated,
    DocumentForm,
    DocumentKind,
    Money,
    PageExtraction,
    PlotText,
    Rated,
    Spec,
    TitleRef,
    Unmapped,
)
from reeldb.ingest.pages.text import parse_partial_date, parse_runtime

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"


def extract(name: str) -> PageExtraction:
    """Read a fixture as the importer does (bytes, charset, form) and extract it."""
    path = FIXTURES / name
    return extract_document(document_from_bytes(path.read_bytes(), str(path)))


def crew(extraction: PageExtraction, category: str) -> list[tuple[str, str]]:
    return [(c.person.name, c.job) for c in extraction.credits if c.category == category]


def crew_ids(extraction: PageExtraction, category: str) -> list[str]:
    return [c.person.imdb_id for c in extraction.credits if c.category == category]


def cast(extraction: PageExtraction) -> list[tuple[str, list[str]]]:
    return [(c.person.name, c.characters) for c in extraction.credits if c.category == "actor"]


def blank() -> PageExtraction:
    return PageExtraction(kind=DocumentKind.IMDB_TITLE, form=DocumentForm.TEXT, title="Film")


# --- the 2012 title page: div.infobar, "Writers:" with roles and "2 more credits" ---


@pytest.fixture(scope="module")
def film() -> PageExtraction:
    return extract("writers_2012_film.html")


def test_2012_page_reads_its_head_and_infobar(film: PageExtraction) -> None:
    assert (film.kind, film.form) == (DocumentKind.IMDB_TITLE, DocumentForm.HTML)
    assert (film.title, film.year, film.title_type, film.imdb_id) == (
        "Salt Road",
        2012,
        "movie",
        "tt9120451",
    )
    assert film.runtime_minutes == 118
    assert film.genres == ["Drama", "Thriller"]
    assert film.release_dates == [Dated(country="United States", date=datetime.date(2012, 9, 14))]


def test_2012_page_reads_its_star_box(film: PageExtraction) -> None:
    assert (film.rating, film.votes, film.metascore) == (7.2, 48317, 64)
    assert (film.user_reviews, film.critic_reviews) == (212, 98)


def test_2012_page_reads_each_writer_with_the_role_as_the_job(film: PageExtraction) -> None:
    assert crew(film, "director") == [("Mara Ellison", "")]
    assert crew(film, "writer") == [("Tomas Reyne", "screenplay"), ("Mara Ellison", "story")]
    assert crew_ids(film, "writer") == ["nm9100002", "nm9100001"]
    assert not any("credit" in name for name, _job in crew(film, "writer"))


def test_2012_page_reads_its_cast_table(film: PageExtraction) -> None:
    assert cast(film) == [
        ("Ada Quill", ["Nell Cardiff"]),
        ("Jonah Barrow", ["Silas Kemp"]),
        ("Lena Fairweather", ["Agnes Cardiff"]),
        ("Walt Brennigan", ["Inspector Duff"]),
    ]


def test_2012_page_reads_its_outline_and_signed_storyline(film: PageExtraction) -> None:
    assert film.plots == [
        PlotText(
            kind="outline",
            text="A disgraced customs officer and a salt trader's daughter race across the "
            "frozen prairie to expose a smuggling ring before the spring thaw.",
        ),
        PlotText(
            kind="summary",
            text="When a customs officer is framed for the disappearance of a grain shipment, "
            "he turns to the one person who knows every road across the salt flats. Together "
            "they follow the smugglers north, where the ice will not hold for long.",
            author="prairiefan",
        ),
    ]
    assert film.keywords == ["smuggling", "prairie", "customs officer"]
    assert film.taglines == ["The ice remembers everything."]
    assert film.certifications == [
        Rated(country="United States", rating="R", reason="violence and some language")
    ]


def test_2012_page_reads_details_box_office_and_specs(film: PageExtraction) -> None:
    assert film.countries == ["United States", "Canada"]
    assert film.languages == ["English", "French"]
    assert film.akas == [AlsoKnownAs(title="La route du sel")]
    assert film.filming_locations == ["Winnipeg, Manitoba, Canada"]
    assert film.box_office == [
        Money(kind="budget", amount=18_000_000, is_estimated=True),
        Money(kind="opening_weekend", amount=2_104_332, region="United States"),
        Money(kind="gross", amount=11_620_118, region="United States"),
    ]
    assert film.companies == [
        CompanyLine(name="Northern Lantern Films"),
        CompanyLine(name="Brinewater Pictures"),
    ]
    assert film.technical_specs == [
        Spec(kind="sound_mix", value="Dolby Digital"),
        Spec(kind="color", value="Color"),
        Spec(kind="aspect_ratio", value="2.35 : 1"),
    ]
    assert film.trivia == ["The salt flats were built on a frozen lake outside Winnipeg."]
    assert film.goofs == ["A 1990s pickup truck is parked behind the 1978 customs post."]


def test_2012_page_lists_no_navigation_as_unmapped(film: PageExtraction) -> None:
    # "Official Sites:" and "Parents Guide:" are the page's links, not facts.
    assert film.unmapped == []


def test_2012_text_dump_reads_what_the_page_does() -> None:
    dump = extract("writers_2012_film_dump.txt")
    assert (dump.form, dump.lowercased) == (DocumentForm.TEXT, True)
    assert (dump.title, dump.year, dump.runtime_minutes) == ("salt road", 2012, 118)
    assert dump.genres == ["drama", "thriller"]
    assert (dump.rating, dump.votes, dump.metascore) == (7.2, 48317, 64)
    assert crew(dump, "director") == [("mara ellison", "")]
    assert crew(dump, "writer") == [("tomas reyne", "screenplay"), ("mara ellison", "story")]
    assert [name for name, _characters in cast(dump)] == [
        "ada quill",
        "jonah barrow",
        "lena fairweather",
        "walt brennigan",
    ]
    assert [p.kind for p in dump.plots] == ["outline", "summary"]
    assert dump.plots[0].text.startswith("a disgraced customs officer")
    assert dump.release_dates == [Dated(country="United States", date=datetime.date(2012, 9, 14))]
    assert dump.countries == ["United States", "canada"]
    assert dump.akas == [AlsoKnownAs(title="la route du sel")]
    assert [m.amount for m in dump.box_office] == [18_000_000, 2_104_332, 11_620_118]
    assert [c.name for c in dump.companies] == ["northern lantern films", "brinewater pictures"]
    assert dump.trivia == ["the salt flats were built on a frozen lake outside winnipeg."]


# --- the 2013 episode page: h2.tv_header, writers with "(developed by)" and "(comic book)" ---


@pytest.fixture(scope="module")
def episode() -> PageExtraction:
    return extract("writers_2013_episode.html")


def test_2013_episode_names_its_series_season_and_number(episode: PageExtraction) -> None:
    assert (episode.title, episode.title_type, episode.year) == (
        "The Long Tide",
        "tvEpisode",
        2013,
    )
    assert episode.imdb_id == "tt9120467"
    assert episode.series == TitleRef(
        title="Iron Harbor", imdb_id="tt9120460", title_type="tvSeries"
    )
    assert (episode.season, episode.episode) == (2, 7)


def test_2013_episode_reads_every_writer_with_their_credit(episode: PageExtraction) -> None:
    assert crew(episode, "director") == [("Pell Garrison", "")]
    assert crew(episode, "writer") == [
        ("Dana Whitcomb", "developed by"),
        ("Oren Kask", "created by"),
        ("Lise Marlow", "comic book"),
        ("Judd Farrow", "teleplay"),
        ("Renata Vos", "story by"),
    ]
    assert crew_ids(episode, "writer") == [
        "nm9100012",
        "nm9100013",
        "nm9100014",
        "nm9100015",
        "nm9100016",
    ]


def test_2013_episode_reads_its_overview_and_details(episode: PageExtraction) -> None:
    assert (episode.rating, episode.votes) == (8.4, 3211)
    assert (episode.user_reviews, episode.critic_reviews) == (9, 4)
    assert episode.runtime_minutes == 44
    assert episode.genres == ["Action", "Crime", "Drama"]
    assert episode.certifications == [Rated(country="", rating="TV-14")]
    assert episode.plots == [
        PlotText(
            kind="outline",
            text="With the harbour blockaded, Captain Reyes strikes a deal with the smugglers "
            "she swore to hang.",
        )
    ]
    assert cast(episode) == [
        ("Carmen Olivar", ["Captain Ines Reyes"]),
        ("Theo Lindgren", ["Harbourmaster Voss"]),
        ("Bess Amadi", ["Tamsin Grey"]),
    ]
    assert episode.release_dates == [
        Dated(country="United States", date=datetime.date(2013, 11, 3))
    ]
    assert (episode.countries, episode.languages) == (["United States"], ["English"])
    assert episode.filming_locations == ["Halifax, Nova Scotia, Canada"]
    assert episode.companies == [CompanyLine(name="Tidewater Television")]


# --- the 2018 reference view: two writers in the overview, all five in "Writing Credits" ---


@pytest.fixture(scope="module")
def reference() -> PageExtraction:
    return extract("writers_reference_2018.html")


def test_reference_view_reads_every_writer_of_its_credits_table(
    reference: PageExtraction,
) -> None:
    assert crew(reference, "writer") == [
        ("Paul Amaro", "screenplay"),
        ("Nika Sato", "screenplay"),
        ("Hedda Lindqvist", 'based on the novel "Orchard, Glass and Stone" by'),
        ("Bram Delacroix", "characters"),
        ("Yusuf Demir", "story and adaptation"),
    ]
    assert crew_ids(reference, "writer") == [
        "nm9100022",
        "nm9100023",
        "nm9100024",
        "nm9100025",
        "nm9100029",
    ]
    # The overview's director is the credits table's too: one line.
    assert crew(reference, "director") == [("Ines Halvorsen", "")]


def test_reference_view_reads_its_header_and_zebra_tables(reference: PageExtraction) -> None:
    assert (reference.title, reference.year, reference.imdb_id) == (
        "Glass Orchard",
        2017,
        "tt9120475",
    )
    assert (reference.rating, reference.votes, reference.metascore) == (6.8, 21406, 58)
    assert (reference.user_reviews, reference.critic_reviews) == (187, 96)
    assert reference.runtime_minutes == 111
    assert reference.genres == ["Drama", "Mystery"]
    assert reference.release_dates == [
        Dated(country="United States", date=datetime.date(2017, 10, 6))
    ]
    assert [name for name, _characters in cast(reference)] == [
        "Wren Castellano",
        "Matthias Oduya",
        "Hazel Tremaine",
    ]
    assert reference.plots == [
        PlotText(
            kind="outline",
            text="An orchard keeper's daughter returns to the family farm and finds every "
            "tree replaced by a sculpture of glass.",
        ),
        PlotText(
            kind="summary",
            text="After her father's funeral, June Aldane finds the orchard she grew up in "
            "turned to glass, and a stranger in the farmhouse who claims he planted it.",
            author="orchardist",
        ),
    ]
    assert reference.keywords == ["orchard", "glass", "inheritance"]
    assert reference.taglines == ["Nothing grows here but the truth."]
    assert reference.certifications == [
        Rated(
            country="United States",
            rating="PG-13",
            reason="thematic elements and brief strong language",
        )
    ]
    assert reference.akas == [AlsoKnownAs(title="Der gläserne Garten", region="Germany")]
    assert (reference.countries, reference.languages) == (
        ["United States", "Norway"],
        ["English", "Norwegian"],
    )
    assert reference.filming_locations == ["Hardanger, Norway"]
    assert reference.box_office == [
        Money(kind="budget", amount=9_500_000, is_estimated=True),
        Money(kind="gross", amount=14_882_310, region="worldwide"),
    ]
    assert reference.unmapped == []


# --- the 2014 series page: "45 min", "September 1998 (India)", seasons and episodes ---


@pytest.fixture(scope="module")
def series() -> PageExtraction:
    return extract("details_2014_series.html")


def test_2014_series_reads_its_years_creators_and_size(series: PageExtraction) -> None:
    assert (series.title, series.title_type, series.imdb_id) == (
        "Monsoon Ledger",
        "tvSeries",
        "tt9120482",
    )
    assert (series.year, series.end_year) == (1998, 2003)
    assert crew(series, "writer") == [("Anil Varghese", "creator"), ("Meera Sethi", "creator")]
    assert (series.seasons, series.episodes) == (5, 110)
    assert cast(series) == [
        ("Ravi Menon", ["Keshav Rao"]),
        ("Kavya Iyer", ["Lakshmi Rao"]),
        ("Arjun Pillai", ["Seth Damodar"]),
    ]


def test_2014_series_reads_its_runtime_and_a_release_month_without_a_day(
    series: PageExtraction,
) -> None:
    assert series.runtime_minutes == 45
    assert series.release_dates == [
        Dated(country="India", date=datetime.date(1998, 9, 1), precision="month")
    ]


def test_2014_series_reads_its_overview_and_details(series: PageExtraction) -> None:
    assert (series.rating, series.votes) == (8.1, 2904)
    assert series.genres == ["Crime", "Drama"]
    assert [p.kind for p in series.plots] == ["outline", "summary"]
    assert series.plots[0].text.startswith("A junior clerk in a Bombay trading house")
    assert series.plots[1].author == "ledgerkeeper"
    assert series.keywords == ["bombay", "clerk", "monsoon"]
    assert (series.countries, series.languages) == (["India"], ["Hindi", "English"])
    assert series.akas == [AlsoKnownAs(title="Barsaat Ka Bahikhata")]
    assert series.filming_locations == ["Film City, Goregaon, Mumbai, Maharashtra, India"]
    assert series.companies == [CompanyLine(name="Sethi Varghese Productions")]
    assert series.technical_specs == [
        Spec(kind="sound_mix", value="Stereo"),
        Spec(kind="color", value="Color"),
    ]


def test_2014_series_lists_a_label_no_field_takes_as_unmapped(series: PageExtraction) -> None:
    assert series.unmapped == [
        Unmapped(where="details", label="Sound Editing Studio", value="Kolaba Sound Works")
    ]
    assert series.to_json()["unmapped"] == [
        {"where": "details", "label": "Sound Editing Studio", "value": "Kolaba Sound Works"}
    ]


def test_2014_series_text_dump_reads_what_the_page_does() -> None:
    dump = extract("details_2014_series_dump.txt")
    assert (dump.title, dump.title_type, dump.year, dump.end_year) == (
        "monsoon ledger",
        "tvSeries",
        1998,
        2003,
    )
    assert dump.runtime_minutes == 45
    assert dump.genres == ["crime", "drama"]
    assert dump.release_dates == [
        Dated(country="india", date=datetime.date(1998, 9, 1), precision="month")
    ]
    assert (dump.seasons, dump.episodes) == (5, 110)
    assert crew(dump, "writer") == [("anil varghese", "creator"), ("meera sethi", "creator")]
    assert [p.kind for p in dump.plots] == ["outline", "summary"]
    assert dump.companies == [CompanyLine(name="sethi varghese productions")]


# --- people lists: roles, brackets and "more credits" ---


def test_people_take_the_bracket_after_a_name_as_the_job() -> None:
    found = people("Tomas Reyne (screenplay), Mara Ellison (story)", {"tomas reyne": "nm1"})
    assert [(p.name, p.imdb_id, job) for p, job in found] == [
        ("Tomas Reyne", "nm1", "screenplay"),
        ("Mara Ellison", "", "story"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "A Name (teleplay) | 2 more credits »",
        "A Name (teleplay), and 2 more credits",
        "A Name (teleplay) and 1 more credit",
        "A Name (teleplay) | 12 more credits",
    ],
)
def test_more_credits_is_never_a_person(value: str) -> None:
    assert [(p.name, job) for p, job in people(value, {})] == [("A Name", "teleplay")]


def test_a_job_keeps_the_separators_inside_its_brackets() -> None:
    found = people(
        'Hedda Lindqvist (based on the novel "Orchard, Glass and Stone" by) & '
        "Yusuf Demir (story and adaptation)",
        {},
    )
    assert [(p.name, job) for p, job in found] == [
        ("Hedda Lindqvist", 'based on the novel "Orchard, Glass and Stone" by'),
        ("Yusuf Demir", "story and adaptation"),
    ]


def test_several_brackets_after_a_name_join_into_one_job() -> None:
    found = people("Jim Smith (novel) (as James Smith)", {})
    assert [(p.name, job) for p, job in found] == [("Jim Smith", "novel, as James Smith")]


def test_an_unclosed_bracket_does_not_swallow_the_people_after_it_forever() -> None:
    assert split_outside_brackets("a (b, c", PEOPLE_SEPARATOR) == ["a (b, c"]
    assert split_outside_brackets("a) b, c", PEOPLE_SEPARATOR) == ["a) b", "c"]


def test_crew_blocks_of_one_label_merge_by_person_and_job() -> None:
    extraction = blank()
    values = {
        "writers": [
            "Paul Amaro | Nika Sato (screenplay)",
            "Paul Amaro (screenplay) | Nika Sato (screenplay) | Nika Sato (story)",
        ]
    }
    apply_values(values, extraction, {}, has_cast=False)
    assert crew(extraction, "writer") == [
        ("Paul Amaro", "screenplay"),
        ("Nika Sato", "screenplay"),
        ("Nika Sato", "story"),
    ]


# --- HTML people blocks: links part what the text runs together ---


def test_a_zebra_row_of_writers_on_separate_lines_is_read_by_its_links() -> None:
    tree = LexborHTMLParser(
        '<table><tr><td class="ipl-zebra-list__label">Writers</td><td>'
        '<a href="/name/nm0000001/">Ann Lee</a> (novel)<br>'
        '<a href="/name/nm0000002/">Bo Park</a> (screenplay)<br>'
        '<a href="/name/nm0000003/">Cy Diaz</a></td></tr></table>'
    )
    assert dom.labelled_blocks(tree).values["writers"] == [
        "Ann Lee (novel) | Bo Park (screenplay) | Cy Diaz"
    ]


def test_a_block_naming_someone_without_a_link_keeps_its_text() -> None:
    tree = LexborHTMLParser(
        '<div class="txt-block"><h4 class="inline">Writers:</h4> '
        '<a href="/name/nm0000001/">Ann Lee</a> (story), Bo Park (screenplay)</div>'
    )
    assert dom.labelled_blocks(tree).values["writers"] == ["Ann Lee (story), Bo Park (screenplay)"]


def test_a_credits_table_after_its_heading_gives_every_row_and_job() -> None:
    tree = LexborHTMLParser(
        "<h4>Writing Credits <span>(WGA)</span></h4>\n<table>"
        '<tr><td class="name"><a href="/name/nm0000001/">Ann Lee</a></td><td>...</td>'
        '<td class="credit">(screenplay) &amp;</td></tr>'
        '<tr><td colspan="3"></td></tr>'
        '<tr><td class="name"><a href="/name/nm0000002/">Bo Park</a></td><td>...</td>'
        '<td class="credit">(characters)</td></tr></table>'
        "<h4>Cast</h4><table><tr><td><a href='/name/nm0000003/'>Cy Diaz</a></td></tr></table>"
    )
    blocks = dom.labelled_blocks(tree)
    assert blocks.values == {"writers": ["Ann Lee (screenplay) | Bo Park (characters)"]}
    assert blocks.unmapped == []


# --- unmapped labels ---


@pytest.mark.parametrize(
    ("label", "is_a_fact"),
    [
        ("Sound Editing Studio:", True),
        ("Crazy Credits", True),
        ("Production Co:", False),
        ("Official Sites:", False),
        ("Parents Guide:", False),
        ("Years:", False),
        ("Details", False),
        ("12:", False),
        ("", False),
    ],
)
def test_only_labels_of_facts_no_field_takes_are_unmapped(label: str, is_a_fact: bool) -> None:
    assert is_unmapped(label) is is_a_fact


def test_unmapped_blocks_are_labelled_ones_not_table_cells() -> None:
    tree = LexborHTMLParser(
        '<div class="txt-block"><h4 class="inline">Sound Editing Studio:</h4> Kolaba Works</div>'
        '<li class="ipc-metadata-list__item"><span class="ipc-metadata-list-item__label">'
        "Stunt Rigging</span><div>Harbour Rigs Ltd</div></li>"
        '<table class="cast_list"><tr><td><a href="/name/nm0000001/">Ann Lee</a></td>'
        "<td>Nurse</td></tr></table>"
    )
    assert dom.labelled_blocks(tree).unmapped == [
        ("Sound Editing Studio", "Kolaba Works"),
        ("Stunt Rigging", "Harbour Rigs Ltd"),
    ]


def test_each_unmapped_label_is_listed_once_under_details() -> None:
    markup = (
        "<html><head><title>Film (2012) - IMDb</title></head><body>"
        '<div class="txt-block"><h4 class="inline">Sound Editing Studio:</h4> One</div>'
        '<div class="txt-block"><h4 class="inline">Sound Editing Studio:</h4> Two</div>'
        '<div class="txt-block"><h4 class="inline">Production Co:</h4> Three Films</div>'
        "</body></html>"
    )
    page = extract_document(Document(name="film.html", text=markup, form=DocumentForm.HTML))
    assert page.unmapped == [Unmapped(where="details", label="Sound Editing Studio", value="One")]
    assert page.companies == [CompanyLine(name="Three Films")]


# --- details: runtimes, dates, certificates, seasons ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 August 1995", (datetime.date(1995, 8, 25), "day")),
        ("September 1998", (datetime.date(1998, 9, 1), "month")),
        ("Sept. 1998", (datetime.date(1998, 9, 1), "month")),
        ("1998", (datetime.date(1998, 1, 1), "year")),
        ("Smarch 1998", None),
        ("September", None),
        ("0998", None),
        ("", None),
    ],
)
def test_a_partial_date_says_how_much_of_it_the_page_states(
    text: str, expected: tuple[datetime.date, str] | None
) -> None:
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("value", "minutes", "cuts"),
    [
        ("45 min", 45, []),
        ("45 min (24 episodes)", 45, []),
        (
            "120 min | 135 min (director's cut)",
            120,
            [Spec("runtime", "120 min"), Spec("runtime", "135 min", "director's cut")],
        ),
    ],
)
def test_the_first_runtime_is_the_titles_and_every_cut_a_spec(
    value: str, minutes: int, cuts: list[Spec]
) -> None:
    extraction = blank()
    apply_values({"runtime": [value]}, extraction, {}, has_cast=False)
    assert extraction.runtime_minutes == minutes
    assert extraction.technical_specs == cuts
    assert extraction.unmapped == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("September 1998 (India)", Dated("India", datetime.date(1998, 9, 1), precision="month")),
        ("1998 (USA)", Dated("United States", datetime.date(1998, 1, 1), precision="year")),
        ("14 September 2012 (USA)", Dated("United States", datetime.date(2012, 9, 14))),
    ],
)
def test_a_release_date_keeps_its_precision(value: str, expected: Dated) -> None:
    extraction = blank()
    apply_values({"release_date": [value]}, extraction, {}, has_cast=False)
    assert extraction.release_dates == [expected]


def test_a_certificate_without_a_country_is_kept() -> None:
    extraction = blank()
    apply_values({"certification": ["TV-14"]}, extraction, {}, has_cast=False)
    assert extraction.certifications == [Rated(country="", rating="TV-14")]


def test_seasons_are_the_run_of_numbers_after_the_label() -> None:
    extraction = blank()
    values = {"seasons": ["5 4 3 2 1 years: 2003 2002 ravi menon (110 episodes, 1998-2003)"]}
    apply_values(values, extraction, {}, has_cast=False)
    assert extraction.seasons == 5


# --- the 2010-2014 infobar as text ---


@pytest.mark.parametrize(
    ("line", "runtime", "genres", "release"),
    [
        (
            "salt road (2012) r 118 min - drama | thriller - 14 september 2012 (usa) 7.2",
            118,
            ["drama", "thriller"],
            Dated("United States", datetime.date(2012, 9, 14)),
        ),
        (
            "ledger (tv series 1998–2003) tv series - 45 min - crime | drama 8.1",
            45,
            ["crime", "drama"],
            None,
        ),
        (
            "tide (tv episode 2013) tv-14 44 min - sci-fi | drama - episode aired 3 november 2013",
            44,
            ["sci-fi", "drama"],
            Dated("", datetime.date(2013, 11, 3)),
        ),
        (
            "ledger (1998) 45 min - drama - september 1998 (india)",
            45,
            ["drama"],
            Dated("india", datetime.date(1998, 9, 1), precision="month"),
        ),
    ],
)
def test_the_2010s_infobar_gives_runtime_genres_and_release(
    line: str, runtime: int, genres: list[str], release: Dated | None
) -> None:
    extraction = blank()
    textpage.infobar(line, extraction)
    assert extraction.runtime_minutes == runtime
    assert extraction.genres == genres
    assert extraction.release_dates == ([release] if release else [])


def test_the_infobar_outline_is_the_text_between_the_reviews_and_the_crew() -> None:
    extraction = blank()
    textpage.infobar(
        "film (2012) 90 min - drama reviews: 3 user | 1 critic a quiet story about "
        "a lighthouse. director: ann lee",
        extraction,
    )
    assert extraction.plots == [PlotText(kind="outline", text="a quiet story about a lighthouse.")]


def test_an_episode_guide_gives_the_series_episode_count() -> None:
    extraction = blank()
    textpage.episode_count("episode guide 1,110 episodes seasons: 5", extraction)
    assert extraction.episodes == 1110


# --- a 1998 film on the 2013 page: a year-only release date and two runtimes ---


def test_2013_page_of_a_1998_film_keeps_a_year_only_date_and_lists_its_cuts() -> None:
    film = extract("details_2013_film.html")
    assert (film.title, film.year, film.imdb_id) == ("Cinder Mile", 1998, "tt9120490")
    assert film.release_dates == [
        Dated(country="United States", date=datetime.date(1998, 1, 1), precision="year")
    ]
    assert film.runtime_minutes == 120
    assert [(s.value, s.note) for s in film.technical_specs if s.kind == "runtime"] == [
        ("120 min", ""),
        ("135 min", "director's cut"),
    ]
    assert crew(film, "writer") == [("Clara Voigt", "novel"), ("Gideon Marsh", "screenplay")]
    assert crew(film, "director") == [("Gideon Marsh", "")]
    assert cast(film) == [("Russell Kane", ["Eli Stroud"]), ("Opal Whitfield", ["Martha Cole"])]
    assert (film.rating, film.votes, film.user_reviews, film.critic_reviews) == (6.5, 1877, 41, 12)
    assert film.genres == ["Western"]
    assert film.certifications == [
        Rated(country="United States", rating="R", reason="western violence")
    ]
    assert [p.kind for p in film.plots] == ["outline"]
    assert film.filming_locations == ["Durango, Colorado, USA"]
    assert film.box_office == [Money(kind="budget", amount=6_200_000, is_estimated=True)]
    assert film.companies == [CompanyLine(name="Long Rail Pictures")]


# --- a 2014 mini-series: "50 min (6 episodes)" ---


def test_2014_mini_series_reads_a_runtime_with_its_episode_count() -> None:
    series = extract("details_2014_miniseries.html")
    assert (series.title, series.title_type, series.year) == (
        "The Quarry Letters",
        "tvMiniSeries",
        2009,
    )
    assert (series.runtime_minutes, series.episodes) == (50, 6)
    assert series.unmapped == []
    assert crew(series, "writer") == [("Gwen Pritchard", "")]
    assert cast(series) == [("Owain Harries", ["Dafydd Rees"]), ("Nia Bevan", ["Catrin Rees"])]
    assert series.genres == ["Drama", "History"]
    assert (series.countries, series.languages) == (["United Kingdom"], ["English", "Welsh"])
    assert series.release_dates == [
        Dated(country="United Kingdom", date=datetime.date(2009, 10, 4))
    ]
    assert series.companies == [CompanyLine(name="Llechi Films")]


def test_every_technical_spec_kind_has_its_label() -> None:
    tree = LexborHTMLParser(
        "<table>"
        '<tr><td class="ipl-zebra-list__label">Laboratory</td><td>DeLuxe, Hollywood</td></tr>'
        '<tr><td class="ipl-zebra-list__label">Negative Format</td><td>35 mm</td></tr>'
        '<tr><td class="ipl-zebra-list__label">Cinematographic Process</td>'
        "<td>Panavision (anamorphic)</td></tr>"
        '<tr><td class="ipl-zebra-list__label">Printed Film Format</td><td>35 mm</td></tr>'
        "</table>"
    )
    blocks = dom.labelled_blocks(tree)
    extraction = blank()
    apply_values(blocks.values, extraction, {}, has_cast=False)
    assert blocks.unmapped == []
    assert extraction.technical_specs == [
        Spec(kind="negative_format", value="35 mm"),
        Spec(kind="laboratory", value="DeLuxe, Hollywood"),
        Spec(kind="cinematographic_process", value="Panavision", note="anamorphic"),
        Spec(kind="printed_film_format", value="35 mm"),
    ]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("UK:60 min", 60),
        ("USA:118 min | Argentina:120 min", 118),
        ("1h 44min", 104),
        ("none", None),
    ],
)
def test_a_runtime_is_read_after_the_country_the_2008_page_puts_first(
    text: str, minutes: int | None
) -> None:
    assert parse_runtime(text) == minutes


def test_the_2008_page_dates_a_series_by_its_original_air_date_without_a_country() -> None:
    assert field_of_label("Original Air Date:") == "release_date"
    extraction = blank()
    apply_values(
        {"release_date": ["12 September 2004 (Season 1, Episode 1)"]},
        extraction,
        {},
        has_cast=False,
    )
    assert extraction.release_dates == [Dated(country="", date=datetime.date(2004, 9, 12))]


def test_2020_reference_view_of_a_series_reads_its_headed_tables_companies_and_size() -> None:
    series = extract("fidelity_reference_2020_series.html")
    assert (series.seasons, series.episodes) == (3, 18)
    # "Series Directed by", "Series Music by": headings wrapped in <header>; the
    # "(9 episodes, 2019-2022)" after a name counts episodes and is no job.
    assert crew(series, "director") == [("Agnieszka Wolak", ""), ("Rhodri Emlyn", "")]
    assert crew(series, "composer") == [("Ondine Marrable", "")]
    # The overview's "Creators:" and the table's "(created by)" are one credit each.
    assert crew(series, "writer") == [
        ("Bronwen Askew", "created by"),
        ("Idris Malhotra", "created by"),
        ("Ffion Beddoe", "written by"),
        ("Callum Teague", "written by"),
    ]
    assert series.companies == [
        CompanyLine("Chwarel Films", "production"),
        CompanyLine("Severn Street Television", "production"),
        CompanyLine("British Broadcasting Corporation (BBC)", "distribution"),
    ]
