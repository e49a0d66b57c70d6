"""Wikipedia layouts and infobox conventions that used to lose facts (issue 34, classes 1 and 2).

Each fixture under ``tests/data/pages/wikipedia/`` is an invented article written
the way Wikipedia structures one: a single ``<page>`` kept out of an export (with
and without the XML declaration and the export's namespace), wikitext whose
infobox values are templates (``{{Film date}}``, ``{{Runtime}}``, ``{{US$}}``,
``{{INRConvert}}``), desktop HTML and a browser's copy of a series. Each test
checks every fact the fixture states that the extraction has a field for; the
same facts are listed for the fidelity benchmark in ``bench/fidelity/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reeldb.cli import main
from reeldb.ingest.pages.documents import Document, iter_documents
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm, DocumentKind, PageExtraction

WIKIPEDIA = Path(__file__).resolve().parents[2] / "data" / "pages" / "wikipedia"


def _only(name: str) -> PageExtraction:
    [document] = iter_documents([str(WIKIPEDIA / name)])
    assert isinstance(document, Document), document
    return extract_document(document)


def _credits(extraction: PageExtraction, category: str) -> list[tuple[str, str]]:
    return [(c.person.name, c.job) for c in extraction.credits if c.category == category]


def _cast(extraction: PageExtraction) -> dict[str, list[str]]:
    return {c.person.name: c.characters for c in extraction.credits if c.category == "actor"}


def _dates(extraction: PageExtraction) -> list[tuple[str, str, str]]:
    return [(d.country, d.date.isoformat(), d.precision) for d in extraction.release_dates]


def _money(extraction: PageExtraction) -> list[tuple[str, int, str, str]]:
    return [(m.kind, m.amount, m.currency, m.region) for m in extraction.box_office]


def _companies(extraction: PageExtraction) -> list[tuple[str, str]]:
    return [(c.name, c.role) for c in extraction.companies]


def _unmapped(extraction: PageExtraction) -> list[tuple[str, str, str]]:
    return [(u.where, u.label, u.value) for u in extraction.unmapped]


# Class 1: a single page saved out of an export -------------------------------------------------


@pytest.fixture(scope="module")
def tidewater() -> PageExtraction:
    return _only("tidewater_crossing.page.xml")


def test_a_single_export_page_of_a_film_is_read_as_its_wikitext(tidewater: PageExtraction) -> None:
    assert (tidewater.kind, tidewater.form) == (DocumentKind.WIKIPEDIA_FILM, DocumentForm.WIKITEXT)
    assert (tidewater.title, tidewater.wikipedia_page) == (
        "Tidewater Crossing",
        "Tidewater Crossing",
    )
    assert (tidewater.year, tidewater.runtime_minutes) == (2016, 104)
    assert (tidewater.genres, tidewater.countries, tidewater.languages) == (
        ["Drama"],
        ["Canada"],
        ["English"],
    )
    assert tidewater.poster_url.endswith("Tidewater_Crossing_poster.jpg?width=640")


def test_a_single_export_page_of_a_film_keeps_its_infobox_crew_and_cast(
    tidewater: PageExtraction,
) -> None:
    assert _credits(tidewater, "director") == [("Marguerite Olsen", "")]
    assert _credits(tidewater, "writer") == [("Marguerite Olsen", ""), ("Daniel Kerrigan", "")]
    assert _credits(tidewater, "producer") == [("Hélène Brassard", "")]
    assert _credits(tidewater, "composer") == [("Ingrid Sauvé", "")]
    assert _credits(tidewater, "cinematographer") == [("Paul Okonjo", "")]
    assert _credits(tidewater, "editor") == [("Rosa Lindqvist", "")]
    assert _cast(tidewater) == {
        "Colin Achebe": ["Abel Mensah"],
        "Naomi Fairweather": ["Claire Dumont"],
        "Luc Tremblay": ["Jean-Marc Pelletier"],
        "Ada Villeneuve": ["Margo"],
    }


def test_a_single_export_page_of_a_film_keeps_dates_money_and_companies(
    tidewater: PageExtraction,
) -> None:
    assert _dates(tidewater) == [("TIFF", "2016-09-10", "day"), ("Canada", "2017-03-03", "day")]
    assert _money(tidewater) == [
        ("budget", 3_200_000, "CAD", ""),
        ("gross", 1_100_000, "USD", "worldwide"),
    ]
    assert _companies(tidewater) == [
        ("Northshore Pictures", "production"),
        ("Mongrel Media", "distribution"),
    ]
    assert tidewater.plots[0].text.startswith("When a spring gale cuts off the last ferry")
    assert tidewater.unmapped == []


def test_a_bare_single_export_page_of_a_series_is_read_as_a_series() -> None:
    series = _only("the_lantern_keepers.page.xml")
    assert (series.kind, series.title, series.title_type) == (
        DocumentKind.WIKIPEDIA_SERIES,
        "The Lantern Keepers",
        "tvSeries",
    )
    # "last_aired = present": the series still runs, so it has no end year.
    assert (series.year, series.end_year, series.seasons, series.episodes) == (2019, None, 3, 18)
    assert series.genres == ["Drama", "Mystery"]
    assert (series.countries, series.languages) == (["Ireland"], ["English", "Irish"])
    assert series.runtime_minutes == 52
    assert _credits(series, "writer") == [("Siobhán Garvey", "creator"), ("Cathal Byrne", "")]
    assert _credits(series, "director") == [("Orla Nic Aodha", "")]
    assert _credits(series, "producer") == [("Maeve Corcoran", "executive producer")]
    assert _credits(series, "composer") == [("Ruairí Flynn", "")]
    assert _cast(series) == {
        "Fionn Delaney": ["Cormac Ó Duinn"],
        "Aoife Mulrooney": ["Nuala Breen"],
        "Tomás Keane": ["Dessie Hanlon"],
    }
    assert series.filming_locations == ["Inishbofin, County Galway"]
    assert _companies(series) == [("Wavebreak Films", "production"), ("RTÉ One", "network")]
    assert _dates(series) == [("Ireland", "2019-03-01", "day")]
    assert series.plots[0].text.startswith("After the automation of the island's lighthouse")


def test_a_prefixed_single_export_page_gives_the_native_and_romanised_titles() -> None:
    series = _only("byeolbit_sikdang.page.xml")
    assert (series.kind, series.title, series.original_title) == (
        DocumentKind.WIKIPEDIA_SERIES,
        "Starlight Diner",
        "별빛 식당",
    )
    assert series.wikipedia_page == "Starlight Diner (South Korean TV series)"
    assert [(aka.title, aka.region) for aka in series.akas] == [("Byeolbit Sikdang", "")]
    assert (series.year, series.end_year, series.episodes, series.runtime_minutes) == (
        2021,
        2021,
        16,
        70,
    )
    assert series.genres == ["Comedy", "Drama", "Romance"]
    assert (series.countries, series.languages) == (["South Korea"], ["Korean"])
    assert _credits(series, "writer") == [("Park Ji-yeon", "")]
    assert _credits(series, "director") == [("Lee Hyun-woo", "")]
    assert _credits(series, "composer") == [("Jung Hae-rin", "")]
    assert _cast(series) == {
        "Kim Seo-ah": ["Han Bo-ra"],
        "Choi Min-jun": ["Seo Jae-hyun"],
        "Yoon Da-eun": ["Oh Mi-ja"],
    }
    assert _companies(series) == [("Moonlit Studio", "production"), ("JTBC", "network")]
    # The end date closes the run; only the premiere is a release.
    assert _dates(series) == [("South Korea", "2021-01-08", "day")]
    assert _unmapped(series) == [("infobox", "website", "https://tv.example.org/starlight")]


# Class 2: infobox values written with templates and local conventions ------------------------


@pytest.fixture(scope="module")
def harvest() -> PageExtraction:
    return _only("the_harvest_moon_affair.wikitext")


def test_a_1950s_film_reads_its_film_date_runtime_and_dollar_templates(
    harvest: PageExtraction,
) -> None:
    assert (harvest.title, harvest.year, harvest.runtime_minutes) == (
        "The Harvest Moon Affair",
        1953,
        98,
    )
    assert _dates(harvest) == [
        ("Venice", "1953-08-27", "day"),
        ("United States", "1953-09-10", "day"),
    ]
    assert _money(harvest) == [
        ("budget", 1_500_000, "USD", ""),
        ("gross", 3_200_000, "USD", "US rentals"),
    ]
    # "film noir crime film": the genre words run past the first "film".
    assert harvest.genres == ["Crime", "Film-Noir"]
    assert (harvest.countries, harvest.languages) == (["United States"], ["English"])


def test_a_1950s_film_credits_screenplay_story_source_and_narrator(
    harvest: PageExtraction,
) -> None:
    assert _credits(harvest, "writer") == [
        ("Ruth Galloway", "screenplay"),
        ("Irving Kessler", "screenplay"),
        ("Ruth Galloway", "story"),
        ("Hollis Crane", "based on"),
    ]
    assert _credits(harvest, "director") == [("Walter Brandt", "")]
    assert _credits(harvest, "producer") == [("Sidney Marlowe", "")]
    assert _credits(harvest, "composer") == [("Franz Weiler", "")]
    assert _credits(harvest, "cinematographer") == [("Leo Castellano", "")]
    assert _credits(harvest, "editor") == [("Harold Beck", "")]
    assert _cast(harvest) == {
        "Dana Whitfield": ["Nora Quill"],
        "Glenn Archer": ["Sheriff Ray Dolan"],
        "Marjorie Lane": ["Edie Voss"],
        "Everett Sloane": ["Narrator"],
        "Carl Benning": ["Amos Tate"],
    }
    assert _companies(harvest) == [
        ("Meridian Pictures", "production"),
        ("Republic Pictures", "distribution"),
    ]
    assert harvest.plots[0].text.startswith("During the harvest of 1952 in California's Central")
    # image_size and border are layout, not facts: nothing is left unmapped.
    assert harvest.unmapped == []


@pytest.fixture(scope="module")
def dhoop() -> PageExtraction:
    return _only("dhoop_ki_chaadar.wikitext")


def test_an_indian_film_reads_crores_and_leaves_out_the_dollar_conversion(
    dhoop: PageExtraction,
) -> None:
    assert _money(dhoop) == [
        ("budget", 45_000_000, "INR", ""),
        ("gross", 210_000_000, "INR", "worldwide"),
    ]


def test_an_indian_film_keeps_month_only_release_dates_as_months(dhoop: PageExtraction) -> None:
    assert _dates(dhoop) == [
        ("India", "1998-03-01", "month"),
        ("United Kingdom", "1998-09-01", "month"),
    ]
    assert dhoop.year == 1998


def test_an_indian_film_keeps_its_crew_roles_cast_and_songs(dhoop: PageExtraction) -> None:
    assert (dhoop.title, dhoop.runtime_minutes, dhoop.genres) == (
        "Dhoop Ki Chaadar",
        156,
        ["Drama", "Romance"],
    )
    assert (dhoop.countries, dhoop.languages) == (["India"], ["Hindi"])
    assert [aka.title for aka in dhoop.akas] == ["A Sheet of Sunlight"]
    assert _credits(dhoop, "writer") == [("Raghav Malhotra", ""), ("Shabana Qureshi", "dialogue")]
    assert _credits(dhoop, "producer") == [("Vikram Sethi", ""), ("Anjali Sethi", "")]
    assert _credits(dhoop, "composer") == [("Nadeem Farooqui", "")]
    assert _credits(dhoop, "cinematographer") == [("Sunil Deshpande", "")]
    assert _credits(dhoop, "editor") == [("Prakash Nair", "")]
    assert _cast(dhoop) == {
        "Aarav Kapoor": ["Kabir Malhotra"],
        "Meera Iyer": ["Gauri Singh"],
        "Kulbhushan Rao": ["Thakur Balwant Singh"],
        "Rekha Joshi": ["Savitri"],
    }
    assert _companies(dhoop) == [
        ("Sethi Films International", "production"),
        ("Eros International", "distribution"),
    ]
    assert [song.title for song in dhoop.soundtracks] == ["Dhoop Ki Chaadar", "Pahadon Ki Rani"]


@pytest.fixture(scope="module")
def salt_marsh() -> PageExtraction:
    return _only("the_salt_marsh_files.wikitext")


def test_a_series_reads_every_television_infobox_row(salt_marsh: PageExtraction) -> None:
    assert (salt_marsh.year, salt_marsh.end_year) == (2014, 2017)
    assert (salt_marsh.seasons, salt_marsh.episodes, salt_marsh.runtime_minutes) == (3, 36, 42)
    assert salt_marsh.genres == ["Crime", "Drama", "Mystery"]
    assert (salt_marsh.countries, salt_marsh.languages) == (["United States"], ["English"])
    assert _dates(salt_marsh) == [("United States", "2014-09-12", "day")]
    assert salt_marsh.filming_locations == ["Beaufort, South Carolina"]
    assert [(s.kind, s.value) for s in salt_marsh.technical_specs] == [
        ("sound_mix", "Dolby Digital 5.1")
    ]
    assert [(s.title, s.credits) for s in salt_marsh.soundtracks] == [("Low Tide", "The Gullies")]
    assert _companies(salt_marsh) == [
        ("Lowcountry Pictures", "production"),
        ("Sony Pictures Television", "production"),
        ("Sony Pictures Television", "distribution"),
        ("AMC", "network"),
    ]


def test_a_series_credits_creator_developer_showrunners_and_crew(
    salt_marsh: PageExtraction,
) -> None:
    assert _credits(salt_marsh, "writer") == [
        ("Denise Harlow", "creator"),
        ("Tanya Brooks", ""),
        ("Gil Navarro", ""),
        ("Marcus Yates", "developed by"),
    ]
    assert _credits(salt_marsh, "producer") == [
        ("Tom Okafor", ""),
        ("Denise Harlow", "executive producer"),
        ("Paul Esposito", "executive producer"),
        ("Ellen Marsh", "executive producer"),
        ("Denise Harlow", "showrunner"),
        ("Paul Esposito", "showrunner"),
    ]
    assert _credits(salt_marsh, "director") == [("Kim Odell", ""), ("Ron Bashir", "")]
    assert _credits(salt_marsh, "composer") == [
        ("Henry Vasquez", ""),
        ("Abigail Stone", "theme music"),
    ]
    assert _credits(salt_marsh, "cinematographer") == [("Renata Silva", "")]
    assert _credits(salt_marsh, "editor") == [("Jake Whitmore", ""), ("Priya Raman", "")]
    assert _cast(salt_marsh) == {
        "Jessica Thornton": ["Leigh Bannister"],
        "Marcus Bell": ["Deputy Cal Greer"],
        "Ana Lucía Reyes": ["Inés Duarte"],
        "Dwayne Carter": ["Sheriff Boyd Pruitt"],
    }


def test_a_series_lists_the_infobox_rows_it_does_not_map(salt_marsh: PageExtraction) -> None:
    # Empty rows (based_on) state nothing; image_alt and list_episodes are layout.
    assert _unmapped(salt_marsh) == [
        ("infobox", "camera", "Single-camera"),
        ("infobox", "picture_format", "HDTV 1080i"),
        ("infobox", "related", "Marsh Country"),
    ]
    assert salt_marsh.to_json()["unmapped"][0] == {
        "where": "infobox",
        "label": "camera",
        "value": "Single-camera",
    }


def test_a_non_english_series_in_desktop_html_reads_its_infobox_table() -> None:
    series = _only("o_farol_das_almas.html")
    assert (series.kind, series.form, series.title) == (
        DocumentKind.WIKIPEDIA_SERIES,
        DocumentForm.HTML,
        "O Farol das Almas",
    )
    # "Portuguese pronunciation" is a link to how to say it, not an original title.
    assert series.original_title == ""
    assert [(aka.title, aka.region) for aka in series.akas] == [("The Lighthouse of Souls", "")]
    # The release range is broken after its dash by a <br>: the end still ends the run.
    assert (series.year, series.end_year, series.seasons, series.episodes) == (2018, 2020, 2, 20)
    assert _dates(series) == [("Brazil", "2018-03-12", "day")]
    assert (series.runtime_minutes, series.countries, series.languages) == (
        50,
        ["Brazil"],
        ["Portuguese"],
    )
    assert _credits(series, "writer") == [("Luísa Barreto", "creator"), ("Otávio Lins", "")]
    assert _credits(series, "director") == [("Renato Cavalcanti", "")]
    assert _credits(series, "producer") == [
        ("Luísa Barreto", "executive producer"),
        ("Fernando Sá", "executive producer"),
    ]
    assert _credits(series, "composer") == [("Heitor Vasconcelos", "")]
    assert _cast(series) == {
        "Camila Torres": ["Marina Duarte"],
        "João Medeiros": ["Tiago Lobo"],
        "Beatriz Fontes": ["Dona Celeste"],
    }
    assert series.filming_locations == ["Florianópolis"]
    assert _companies(series) == [("Maré Alta Filmes", "production"), ("Globoplay", "network")]
    assert _unmapped(series) == [("infobox", "Camera setup", "Single-camera")]


def test_a_series_copied_as_text_reads_rows_past_the_infobox_headings() -> None:
    series = _only("hollow_bay.copied.txt")
    assert (series.kind, series.form, series.title) == (
        DocumentKind.WIKIPEDIA_SERIES,
        DocumentForm.TEXT,
        "Hollow Bay",
    )
    assert (series.year, series.end_year, series.seasons, series.episodes) == (2016, 2018, 2, 16)
    assert (series.runtime_minutes, series.countries, series.languages, series.genres) == (
        55,
        ["Australia"],
        ["English"],
        ["Drama"],
    )
    assert _credits(series, "writer") == [("Bronwyn Ashcroft", "creator"), ("Kieran Doyle", "")]
    assert _credits(series, "director") == [("Samira Haddad", "")]
    assert _credits(series, "producer") == [
        ("Bronwyn Ashcroft", "executive producer"),
        ("Helen Ormsby", "executive producer"),
    ]
    assert _credits(series, "composer") == [("Felix Marchetti", "")]
    assert _cast(series) == {
        "Lachlan Pryce": ["Jack Mercer"],
        "Olivia Nguyen": ["Dr Linh Tran"],
        "Graham Tully": ["Des Kettle"],
    }
    assert series.filming_locations == ["Apollo Bay, Victoria"]
    assert _companies(series) == [("Southerly Screen", "production"), ("ABC TV", "network")]
    assert _dates(series) == [("Australia", "2016-02-06", "day")]
    # A row no table knows, after the known ones, is still a row: it is reported.
    assert _unmapped(series) == [("infobox", "Camera setup", "Single-camera")]
    assert series.plots[0].text.startswith("Fisheries officer Jack Mercer (Lachlan Pryce)")


def test_a_japanese_film_in_html_keeps_its_kanji_title_and_month_only_date() -> None:
    film = _only("kaze_no_todai.html")
    assert (film.title, film.original_title, film.year) == ("Kaze no Tōdai", "風の灯台", 1962)
    # The lead's "lit." and "released in the United States … under the title".
    assert [(aka.title, aka.region) for aka in film.akas] == [
        ("Lighthouse of the Wind", "United States")
    ]
    assert _dates(film) == [
        ("Japan", "1962-04-12", "day"),
        ("United States", "1963-10-01", "month"),
    ]
    assert _money(film) == [
        ("budget", 45_000_000, "JPY", ""),
        ("gross", 210_000_000, "JPY", "worldwide"),
    ]
    assert (film.runtime_minutes, film.countries, film.languages, film.genres) == (
        112,
        ["Japan"],
        ["Japanese"],
        ["Drama"],
    )
    assert _credits(film, "writer") == [
        ("Hideo Mabuchi", "screenplay"),
        ("Kiyoshi Arakawa", "screenplay"),
        ("Setsuko Hamada", "based on"),
    ]
    assert _credits(film, "director") == [("Hideo Mabuchi", "")]
    assert _credits(film, "producer") == [("Tadashi Okubo", "")]
    assert _credits(film, "composer") == [("Ryuichi Takemura", "")]
    assert _credits(film, "cinematographer") == [("Masaru Kondo", "")]
    assert _credits(film, "editor") == [("Fumiko Ono", "")]
    assert _cast(film) == {
        "Michiko Sawada": ["Yukiko Sato"],
        "Ken Ishikura": ["Jiro Hayashi"],
        "Yoshiro Tanabe": ["Genzo Mori"],
        "Haruko Ueda": ["Tome"],
    }
    assert _companies(film) == [("Shinsei Eiga", "production"), ("Toho", "distribution")]
    assert film.plots[0].text.startswith("On a cape in Shimane in 1946, Yukiko")
    assert film.unmapped == []


def test_reeldb_extract_json_lists_the_unmapped_rows_of_a_single_export_page(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = WIKIPEDIA / "byeolbit_sikdang.page.xml"
    assert main(["extract", "--json", "--jobs", "0", str(path)]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert (record["document"], record["kind"], record["title"]) == (
        f"{path}#Starlight Diner (South Korean TV series)",
        "wikipedia_series",
        "Starlight Diner",
    )
    assert record["unmapped"] == [
        {"where": "infobox", "label": "website", "value": "https://tv.example.org/starlight"}
    ]
