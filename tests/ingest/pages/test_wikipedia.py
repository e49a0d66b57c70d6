"""The Wikipedia extractor, field by field, on small articles in each form it reads.

The fixtures under ``tests/data/pages/wikipedia/`` are invented articles written
in the structure of real ones (infobox templates or tables, lead sentence,
sections), so the extractor is held to the structure and not to any one film.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reeldb.ingest.pages.documents import Document, PageError, iter_documents
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import DocumentForm, DocumentKind, PageExtraction
from reeldb.ingest.pages.wikipedia.dates import read_dates
from reeldb.ingest.pages.wikipedia.infobox import PRESENTATIONAL_ROWS, infobox_key, row_field
from reeldb.ingest.pages.wikipedia.money import money_region, read_money
from reeldb.ingest.pages.wikipedia.runtime import read_runtime
from reeldb.ingest.pages.wikipedia.templates import render

DATA = Path(__file__).resolve().parents[2] / "data" / "pages"
WIKIPEDIA = DATA / "wikipedia"
SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "002_1c3fc8aaf98fa8a5.txt"


def _extract(path: Path) -> list[PageExtraction]:
    """Return the extraction of every document in ``path``, failing on any that is not read."""
    extractions = []
    for item in iter_documents([str(path)]):
        assert isinstance(item, Document), item
        extractions.append(extract_document(item))
    return extractions


def _only(path: Path) -> PageExtraction:
    [extraction] = _extract(path)
    return extraction


def _credits(extraction: PageExtraction, category: str) -> list[str]:
    return [c.person.name for c in extraction.credits if c.category == category]


def _characters(extraction: PageExtraction) -> dict[str, list[str]]:
    return {c.person.name: c.characters for c in extraction.credits if c.category == "actor"}


def _wikitext(body: str, title: str = "") -> PageExtraction:
    return extract_document(
        Document(name="test.wiki", text=body, form=DocumentForm.WIKITEXT, page_title=title)
    )


# Wikitext ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def faro() -> PageExtraction:
    return _only(WIKIPEDIA / "la_noche_del_faro.wikitext")


def test_a_wikitext_film_keeps_its_non_english_title_with_its_capitals(
    faro: PageExtraction,
) -> None:
    assert faro.kind is DocumentKind.WIKIPEDIA_FILM
    assert faro.form is DocumentForm.WIKITEXT
    assert faro.title == "La noche del faro"
    assert faro.title_type == "movie"
    assert faro.lowercased is False


def test_a_wikitext_film_takes_year_genres_and_facts_from_lead_and_infobox(
    faro: PageExtraction,
) -> None:
    assert faro.year == 2004
    assert faro.genres == ["Drama", "Mystery"]
    assert faro.runtime_minutes == 108
    assert faro.countries == ["Argentina"]
    assert faro.languages == ["Spanish"]


def test_a_wikitext_film_credits_its_crew_from_the_infobox(faro: PageExtraction) -> None:
    assert _credits(faro, "director") == ["Lucía Ferreyra"]
    # The lead's "written by Ferreyra and Tomás Ibarra" names the director by surname.
    assert _credits(faro, "writer") == ["Lucía Ferreyra", "Tomás Ibarra"]
    assert _credits(faro, "producer") == ["Martín Quiroga", "Delfina Sosa"]
    assert _credits(faro, "composer") == ["Gustavo Leiva"]
    assert _credits(faro, "cinematographer") == ["Nicolás Arce"]
    # The editor's <ref> is dropped, not read as part of her name.
    assert _credits(faro, "editor") == ["Paula Gendler"]


def test_a_wikitext_film_names_characters_from_its_cast_list(faro: PageExtraction) -> None:
    assert _characters(faro) == {
        "Valeria Montes": ["Inés Acuña"],
        "Joaquín Peralta": ["Julián"],
        "Rosa Villalba": ["Doña Elvira"],
        "Héctor Benítez": ["Ramiro Acuña"],
    }


def test_a_wikitext_film_reads_its_film_date_template_with_places(faro: PageExtraction) -> None:
    dates = [(d.country, d.date.isoformat()) for d in faro.release_dates]
    assert dates == [("Argentina", "2004-09-16"), ("Berlin", "2005-02-11")]


def test_a_wikitext_film_reads_money_and_companies(faro: PageExtraction) -> None:
    money = [(m.kind, m.amount, m.currency) for m in faro.box_office]
    assert money == [("budget", 2_100_000, "USD"), ("gross", 4_350_000, "USD")]
    companies = [(c.name, c.role) for c in faro.companies]
    assert companies == [
        ("Faro Sur Producciones", "production"),
        ("Patagonik", "production"),
        ("Buena Vista International", "distribution"),
    ]


def test_a_wikitext_film_takes_its_plot_section_as_the_synopsis(faro: PageExtraction) -> None:
    [plot] = faro.plots
    assert plot.kind == "synopsis"
    assert plot.text.startswith("After twenty years in Buenos Aires, Inés Acuña (Valeria Montes)")
    assert plot.text.endswith("leaves on the last ferry with the logbook.")
    assert "<ref" not in plot.text and "[[" not in plot.text


def test_a_wikitext_film_finds_its_sequel_and_its_trilogy(faro: PageExtraction) -> None:
    assert [(c.kind, c.target.title, c.target.year) for c in faro.connections] == [
        ("followed_by", "Mareas de invierno", 2007)
    ]
    assert [(m.name, m.position) for m in faro.collections] == [("Costa Atlántica Trilogy", 1)]


def test_a_wikitext_film_keeps_production_and_release_but_not_references(
    faro: PageExtraction,
) -> None:
    assert faro.production_notes[0].startswith("Ferreyra wrote the first draft in 1999")
    assert any("bandoneón" in note for note in faro.production_notes)
    assert any("Panorama section" in note for note in faro.production_notes)
    notes = " ".join(faro.production_notes)
    assert "Reflist" not in notes and "IMDb" not in notes and "Category" not in notes
    assert faro.trivia == [
        "The film is the first entry in the Costa Atlántica Trilogy and was followed by "
        "Mareas de invierno (2007). It premiered at the San Sebastián International Film "
        "Festival in September 2004."
    ]


def test_an_article_without_an_infobox_is_read_from_its_lead_sentence() -> None:
    extraction = _wikitext(
        "'''Tin Crown''' is a 1961 Italian [[adventure film]] directed by Aldo Benedetti.\n\n"
        "== Plot ==\nA goldsmith (Marco Ruggeri) forges a crown for a king who never comes.\n"
    )
    assert (extraction.title, extraction.year, extraction.genres) == (
        "Tin Crown",
        1961,
        ["Adventure"],
    )
    assert _credits(extraction, "director") == ["Aldo Benedetti"]
    assert _characters(extraction) == {"Marco Ruggeri": []}


def test_the_page_title_loses_its_disambiguation_when_the_infobox_has_no_name() -> None:
    body = "{{Infobox film\n| director = Ana Ruiz\n}}\n'''Ember''' is a 2012 film by Ana Ruiz."
    assert _wikitext(body, title="Ember (2012 film)").title == "Ember"
    assert _wikitext(body, title="Ember (2012 film)").wikipedia_page == "Ember (2012 film)"


def test_wikitext_about_something_else_is_an_unknown_kind() -> None:
    with pytest.raises(PageError, match=r"test\.wiki: unknown kind"):
        _wikitext("'''Mevagissey''' is a village in [[Cornwall]].\n\n== History ==\nOld.")


# Export: a series, a film, and the pages passed over ---------------------------------------


@pytest.fixture(scope="module")
def harbour_export() -> list[PageExtraction]:
    return _extract(WIKIPEDIA / "harbour_export.xml")


def test_an_export_yields_only_its_film_and_series_articles(
    harbour_export: list[PageExtraction],
) -> None:
    # The redirect, the village (another infobox) and the talk page are passed over.
    assert [(e.title, e.kind) for e in harbour_export] == [
        ("Harbour Lights", DocumentKind.WIKIPEDIA_SERIES),
        ("Salt Road", DocumentKind.WIKIPEDIA_FILM),
    ]


def test_a_series_reads_its_television_infobox(harbour_export: list[PageExtraction]) -> None:
    series = harbour_export[0]
    assert series.wikipedia_page == "Harbour Lights (TV series)"
    assert series.title_type == "tvSeries"
    assert (series.year, series.end_year) == (2011, 2015)
    assert (series.seasons, series.episodes) == (4, 26)
    assert series.genres == ["Drama"]
    assert series.runtime_minutes == 58
    assert [(c.name, c.role) for c in series.companies] == [
        ("Tidewater Pictures", "production"),
        ("BBC One", "network"),
    ]
    # The start date carries no place: it is the country of origin's. The last
    # aired date ends the run (the end year) and is no release.
    assert [(d.country, d.date.isoformat()) for d in series.release_dates] == [
        ("United Kingdom", "2011-03-04")
    ]


def test_a_series_credits_its_creator_writers_and_cast(
    harbour_export: list[PageExtraction],
) -> None:
    series = harbour_export[0]
    creators = [c.person.name for c in series.credits if c.job == "creator"]
    assert creators == ["Margaret Pell"]
    assert _credits(series, "writer") == ["Margaret Pell", "Owen Hartley"]
    assert _credits(series, "composer") == ["Rachel Dunmore"]
    assert _characters(series) == {
        "Imogen Carr": ["Nell Tregarth"],
        "Daniel Okafor": ["Sam Adeyemi"],
        "Sarah Whitlock": ["Jo Pascoe"],
        "Peter Bannon": ["Father Lowry"],
    }


def test_a_series_takes_its_premise_as_the_synopsis_and_finds_its_spin_off(
    harbour_export: list[PageExtraction],
) -> None:
    series = harbour_export[0]
    assert [p.text[:40] for p in series.plots] == ["When Nell Tregarth (Imogen Carr) inherit"]
    assert [(c.kind, c.target.title, c.target.year) for c in series.connections] == [
        ("spin_off", "Lifeboat", 2016)
    ]
    assert not any("Series overview" in note for note in series.production_notes)


def test_a_film_in_an_export_keeps_pounds_and_its_lead_cast(
    harbour_export: list[PageExtraction],
) -> None:
    film = harbour_export[1]
    assert (film.year, film.genres) == (2019, ["Comedy", "Drama"])
    assert [(m.kind, m.amount, m.currency) for m in film.box_office] == [
        ("budget", 1_200_000, "GBP"),
        ("gross", 3_400_000, "GBP"),
    ]
    assert _characters(film) == {"Tom Ashdown": ["Frank"], "Ruth Mensah": ["Dami"]}
    assert _credits(film, "director") == _credits(film, "writer") == ["Hannah Bright"]


# HTML ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orchard() -> PageExtraction:
    return _only(WIKIPEDIA / "the_quiet_orchard.html")


@pytest.mark.parametrize(
    "named",
    [
        '<script>mw.config.set({"wgWikibaseItemId":"Q90000001"});</script>',
        '<a href="https://www.wikidata.org/wiki/Special:EntityPage/Q90000001">Wikidata item</a>',
    ],
)
def test_a_saved_page_names_its_wikidata_item(tmp_path: Path, named: str) -> None:
    markup = (WIKIPEDIA / "the_quiet_orchard.html").read_text()
    # A link to another item in the article is not the article's own.
    other = '<a href="https://www.wikidata.org/wiki/Q42">Douglas Adams</a></body>'
    page = tmp_path / "orchard.html"
    page.write_text(markup.replace("</head>", f"{named}</head>").replace("</body>", other))
    assert _only(page).wikidata_id == "Q90000001"


def test_a_page_without_its_item_names_none(orchard: PageExtraction) -> None:
    assert orchard.wikidata_id == ""


def test_an_html_article_reads_its_infobox_table(orchard: PageExtraction) -> None:
    assert orchard.form is DocumentForm.HTML
    assert (orchard.title, orchard.year, orchard.runtime_minutes) == (
        "The Quiet Orchard",
        1987,
        112,
    )
    assert _credits(orchard, "director") == ["Agnes Hollis"]
    # "Based on The Orchard Wall by Mary Dunstan": the novel's author is a writer too.
    assert [(c.person.name, c.job) for c in orchard.credits if c.category == "writer"] == [
        ("Agnes Hollis", "screenplay"),
        ("Peter Vance", "screenplay"),
        ("Mary Dunstan", "based on"),
    ]
    assert _credits(orchard, "producer") == ["Leonard Ashe"]
    assert _credits(orchard, "composer") == ["Howard Keel"]
    assert _credits(orchard, "editor") == ["Miriam Shaw"]
    assert [(c.name, c.role) for c in orchard.companies] == [
        ("Greenleaf Films", "production"),
        ("Rank Organisation", "distribution"),
    ]
    assert [(m.kind, m.amount, m.currency) for m in orchard.box_office] == [
        ("budget", 2_500_000, "GBP"),
        ("gross", 6_100_000, "GBP"),
    ]


def test_an_html_release_date_takes_its_place_not_its_hidden_iso_copy(
    orchard: PageExtraction,
) -> None:
    assert [(d.country, d.date.isoformat()) for d in orchard.release_dates] == [
        ("Cannes", "1987-05-14"),
        ("United Kingdom", "1987-09-04"),
    ]


def test_an_html_cast_list_wins_over_the_shorter_names_in_the_plot(
    orchard: PageExtraction,
) -> None:
    assert _characters(orchard) == {
        "Clara Renfrew": ["Harriet Lowe"],
        "James Thornbury": ["Thomas Greer"],
        "Evelyn Marsh": ["Maud Lowe"],
        "Arthur Bellamy": ["the vicar"],
    }


def test_an_html_article_keeps_its_sections_apart(orchard: PageExtraction) -> None:
    [plot] = orchard.plots
    assert plot.text.startswith("In 1919 Kent, the widowed Harriet Lowe")
    assert "[1]" not in plot.text and "edit" not in plot.text
    assert orchard.production_notes == [
        "Hollis spent four years raising the budget, and the film was shot in the autumn of "
        "1986 in an orchard near Faversham that had been in the same family since 1820."
    ]
    assert [(c.kind, c.target.title, c.target.year) for c in orchard.connections] == [
        ("remade_as", "Orchard Wall", 2003)
    ]


def test_a_curl_saved_latin1_page_reads_accents_and_an_older_skin() -> None:
    film = _only(WIKIPEDIA / "l_ete_des_cerises.curl-i.html")
    assert (film.title, film.year, film.genres) == ("L'Été des cerises", 1974, ["Comedy", "Drama"])
    assert _credits(film, "director") == ["René Marchal"]
    assert _credits(film, "writer") == ["René Marchal", "Françoise Aubry"]
    assert _credits(film, "cinematographer") == ["Jean-Noël Carré"]
    assert _characters(film) == {
        "Amélie Dufresne": ["Sylvie Ménard"],
        "Loïc Ménard": ["Bruno Lacaze"],
        "Gérard Poulain": ["Auguste Ménard"],
    }
    assert [(d.country, d.date.isoformat()) for d in film.release_dates] == [
        ("France", "1974-07-03")
    ]
    assert [(m.name, m.position) for m in film.collections] == [("Saisons cycle", 3)]
    assert film.plots[0].text.startswith("Every July the Ménard family")


# Plain text -----------------------------------------------------------------------------------


def test_a_plain_text_series_copied_from_a_browser_keeps_its_headings() -> None:
    series = _only(DATA / "forms" / "kitchen_island.utf16.txt")
    assert (series.kind, series.form) == (DocumentKind.WIKIPEDIA_SERIES, DocumentForm.TEXT)
    assert (series.title, series.wikipedia_page) == ("Kitchen Island", "Kitchen Island")
    assert (series.year, series.end_year, series.seasons, series.episodes) == (2008, 2010, 3, 52)
    assert series.countries == ["United States"]
    assert series.genres == ["Comedy"]
    # Without an infobox, "that aired on NBC" names the network.
    assert [(c.name, c.role) for c in series.companies] == [("NBC", "network")]
    assert [c.person.name for c in series.credits if c.job == "creator"] == [
        "Dana Whitcombe",
        "Luis Ortega",
    ]
    assert _characters(series) == {
        "Molly Brandt": ["Jess Kowalski"],
        "Kevin Osei": ["Andre Kowalski"],
        "Frank Delacroix": ["Walt Beaumont"],
        "Tessa Yuen": ["Priya Shah"],
    }
    assert series.plots[0].text.startswith("After losing their jobs in Boston")
    assert [(c.kind, c.target.title) for c in series.connections] == [("spin_off", "Dock Street")]
    assert series.production_notes[0].startswith("Whitcombe and Ortega had written")
    assert not any("NBC renews" in note for note in series.production_notes)


def test_a_lead_names_its_stars_and_ends_each_name_at_the_sentence() -> None:
    extraction = extract_document(
        Document(
            name="t.txt",
            form=DocumentForm.TEXT,
            text="Paper Moon Road is a 1999 Canadian drama film directed by Ines Roy. It stars "
            "Lee Park, Albert Michel, Jr. and J. R. Hale. It was shot in Quebec.",
        )
    )
    assert _credits(extraction, "actor") == ["Lee Park", "Albert Michel, Jr.", "J. R. Hale"]


@pytest.mark.skipif(not SEED.exists(), reason=f"the shared seed {SEED} is absent")
def test_the_desperado_seed_is_read_as_plain_text() -> None:
    film = _only(SEED)
    assert (film.title, film.year, film.genres) == ("Desperado", 1995, ["Action", "Thriller"])
    assert _credits(film, "director") == _credits(film, "writer") == ["Robert Rodriguez"]
    characters = _characters(film)
    assert characters["Salma Hayek"] == ["Carolina"]
    assert characters["Danny Trejo"] == ["Navajas"]
    assert characters["Albert Michel, Jr."] == ["Quino"]
    assert [(c.kind, c.target.title, c.target.year) for c in film.connections] == [
        ("follows", "El Mariachi", 1992)
    ]
    assert [(m.name, m.position) for m in film.collections] == [("Mexico Trilogy", 2)]
    assert film.plots[0].text.startswith("An unnamed American man (Steve Buscemi)")


def test_the_lead_gives_the_original_title_and_a_literal_translation() -> None:
    extraction = _wikitext(
        "{{Infobox film\n| name = The Salt Wife\n| budget = {{nowrap|$2.5 million}}\n"
        "| released = 3 May 1998\n| country = Brazil\n}}\n"
        "'''''The Salt Wife''''' ({{lang-pt|A Mulher do Sal}}; {{lit|The Woman of Salt}}) "
        "is a 1998 Brazilian drama film directed by Helena Prado.<ref>{{cite web|title=x}}"
    )
    assert extraction.title == "The Salt Wife"
    assert extraction.original_title == "A Mulher do Sal"
    assert [aka.title for aka in extraction.akas] == ["The Woman of Salt"]
    # The unclosed <ref> at the end loses only itself.
    assert _credits(extraction, "director") == ["Helena Prado"]
    assert [(m.kind, m.amount) for m in extraction.box_office] == [("budget", 2_500_000)]
    assert [(d.country, d.date.isoformat()) for d in extraction.release_dates] == [
        ("Brazil", "1998-05-03")
    ]


def test_an_html_series_is_told_from_a_film_by_its_infobox_rows() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Dock Street (TV series) - Wikipedia</title></head>"
        '<body><div class="mw-parser-output"><table class="infobox"><tbody>'
        "<tr><th>Created by</th><td>Dana Whitcombe</td></tr>"
        "<tr><th>Starring</th><td><ul><li>Kevin Osei</li><li>Tessa Yuen</li></ul></td></tr>"
        "<tr><th>Country of origin</th><td>United States</td></tr>"
        "<tr><th>No. of seasons</th><td>2</td></tr><tr><th>No. of episodes</th><td>20</td></tr>"
        "<tr><th>Original network</th><td>NBC</td></tr>"
        "<tr><th>Release</th><td>January 9, 2011 – May 2, 2012</td></tr>"
        "</tbody></table><p><i><b>Dock Street</b></i> is an American television sitcom that "
        "aired on NBC.</p></div></body></html>"
    )
    series = extract_document(Document(name="dock.html", text=html, form=DocumentForm.HTML))
    assert (series.kind, series.title, series.title_type) == (
        DocumentKind.WIKIPEDIA_SERIES,
        "Dock Street",
        "tvSeries",
    )
    assert (series.year, series.end_year, series.seasons, series.episodes) == (2011, 2012, 2, 20)
    assert [c.person.name for c in series.credits if c.job == "creator"] == ["Dana Whitcombe"]
    assert _credits(series, "actor") == ["Kevin Osei", "Tessa Yuen"]
    assert [(c.name, c.role) for c in series.companies] == [("NBC", "network")]
    assert [(d.country, d.date.isoformat()) for d in series.release_dates] == [
        ("United States", "2011-01-09")
    ]


def test_a_browser_copy_of_an_article_reads_its_infobox_rows() -> None:
    film = _only(DATA / "forms" / "copper_valley.copied.txt")
    assert (film.form, film.title, film.year, film.genres) == (
        DocumentForm.TEXT,
        "Copper Valley",
        1983,
        ["Western"],
    )
    assert _credits(film, "director") == ["Ruth Alder"]
    assert _credits(film, "writer") == ["Ruth Alder", "Owen Fisk"]
    assert _credits(film, "composer") == ["Nils Berg"]
    assert _characters(film) == {"Grace Holm": ["Ada Price"], "David Quill": ["Tom Reese"]}
    assert (film.runtime_minutes, film.countries, film.languages) == (
        97,
        ["United States"],
        ["English"],
    )
    assert [(d.country, d.date.isoformat()) for d in film.release_dates] == [
        ("United States", "1983-03-04")
    ]
    assert [(m.kind, m.amount) for m in film.box_office] == [
        ("budget", 3_000_000),
        ("gross", 11_200_000),
    ]
    assert film.plots[0].text.startswith("A widowed rancher, Ada Price (Grace Holm)")


def test_a_release_date_without_a_place_takes_the_country_the_lead_names() -> None:
    body = "{{Infobox film\n| released = {{Film date|2012|5|4}}\n}}\n'''Ember''' is a 2012 "
    chilean = _wikitext(body + "Chilean-Argentine drama film directed by Ana Ruiz.")
    assert chilean.countries == ["Chile", "Argentina"]
    assert [(d.country, d.date.isoformat()) for d in chilean.release_dates] == [
        ("Chile", "2012-05-04")
    ]
    # With no country anywhere the date keeps no country.
    nowhere = _wikitext(body + "drama film directed by Ana Ruiz.")
    assert nowhere.countries == []
    assert [(d.country, d.date.isoformat()) for d in nowhere.release_dates] == [("", "2012-05-04")]


@pytest.mark.parametrize(
    ("budget", "money"),
    [
        ("{{US$|63}} million", (63_000_000, "USD", False)),
        ("{{INR|40}} crore", (400_000_000, "INR", False)),
        ("₹2.5 crore", (25_000_000, "INR", False)),
        ("A$5 million", (5_000_000, "AUD", False)),
        ("HK$40&nbsp;million", (40_000_000, "HKD", False)),
        ("CN¥300 million", (300_000_000, "CNY", False)),
        ("₩5 billion", (5_000_000_000, "KRW", False)),
        ("€3,5 millions", (3_500_000, "EUR", False)),
        ("$5–7 million", (5_000_000, "USD", True)),
        ("est. $20 million", (20_000_000, "USD", True)),
    ],
)
def test_an_infobox_budget_keeps_its_currency_and_scale(
    budget: str, money: tuple[int, str, bool]
) -> None:
    extraction = _wikitext(
        f"{{{{Infobox film\n| name = Ember\n| budget = {budget}\n}}}}\n'''Ember''' is a 2012 film."
    )
    [found] = extraction.box_office
    assert (found.kind, found.amount, found.currency, found.is_estimated) == ("budget", *money)


def test_a_page_saved_from_the_mobile_site_keeps_its_sections() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Salt Road - Wikipedia</title></head><body>"
        '<div id="mw-content-text"><div class="mw-parser-output"><section class="mf-section-0">'
        '<table class="infobox"><tbody><tr><th>Directed by</th><td>Hannah Bright</td></tr>'
        "</tbody></table><p><b>Salt Road</b> is a 2019 British road film directed by Hannah "
        'Bright.</p></section><div class="mw-heading mw-heading2 section-heading">'
        '<h2 id="Plot">Plot</h2></div><section class="mf-section-1"><p>Frank (Tom Ashdown) '
        'drives to Essex.</p></section><div class="mw-heading mw-heading2 section-heading">'
        '<h2 id="Cast">Cast</h2></div><section class="mf-section-2"><ul><li>Tom Ashdown as '
        "Frank Hale</li></ul></section></div></div></body></html>"
    )
    film = extract_document(Document(name="m.html", text=html, form=DocumentForm.HTML))
    assert (film.title, film.year, film.countries) == ("Salt Road", 2019, ["United Kingdom"])
    assert [p.text for p in film.plots] == ["Frank (Tom Ashdown) drives to Essex."]
    assert _characters(film) == {"Tom Ashdown": ["Frank Hale"]}
    assert _credits(film, "director") == ["Hannah Bright"]


# Infobox values: the parsers each form's items go through ------------------------------------


@pytest.mark.parametrize(
    ("name", "positional", "named", "rendered"),
    [
        ("runtime", ["118"], {}, "118 minutes"),
        ("runtime", ["1", "58"], {}, "118 minutes"),
        ("runtime", ["two hours"], {}, None),
        ("duration", [], {"h": "1", "m": "58", "s": "30"}, "118 minutes"),
        ("film date", ["1953", "8", "27", "Venice", "1953", "9", "10", "United States"], {},
         "27 August 1953 (Venice)<br />10 September 1953 (United States)"),
        ("film date", ["1998", "3", "", "India"], {"df": "y"}, "March 1998 (India)"),
        ("film date", ["1998"], {}, "1998"),
        ("film date", ["TBA"], {}, None),
        ("start date", ["2019", "3", "1"], {"df": "y"}, "1 March 2019"),
        ("start date and age", ["2019", "2", "30"], {}, "February 2019"),
        ("end date", ["2017", "4", "2", "12", "00"], {}, "2 April 2017"),
        ("us$", ["1.5 million"], {}, "USD 1.5 million"),
        ("inrconvert", ["80", "c"], {}, "INR 80 crore"),
        ("inrconvert", ["5", "l", "2010"], {}, "INR 5 lakh"),
        ("based on", ["''Sea''", "Ann Hale", "Bo Li"], {}, "''Sea''<br />by Ann Hale<br />Bo Li"),
        ("cite web", ["x"], {}, None),
    ],
)  # fmt: skip
def test_a_value_template_renders_as_wikipedia_shows_it(
    name: str, positional: list[str], named: dict[str, str], rendered: str | None
) -> None:
    assert render(name, positional, named) == rendered


@pytest.mark.parametrize(
    ("item", "dates"),
    [
        ("27 August 1953 (Venice)", [(1953, 8, 27, "Venice", False)]),
        ("August 27, 1953 (1953-08-27) (Venice Film Festival)",
         [(1953, 8, 27, "Venice Film Festival", False)]),
        ("March 1998 (India)", [(1998, 3, None, "India", False)]),
        ("October 1963 (1963-10) (United States)", [(1963, 10, None, "United States", False)]),
        ("1998", [(1998, None, None, "", False)]),
        ("4 March 2011 – 1 June 2015", [(2011, 3, 4, "", False), (2015, 6, 1, "", True)]),
        ("1 March 2019 – present", [(2019, 3, 1, "", False)]),
        ("TBA", []),
        ("12 May 0001", []),
    ],
)  # fmt: skip
def test_a_release_item_gives_dates_as_precise_as_it_states_them(
    item: str, dates: list[tuple[int, int | None, int | None, str, bool]]
) -> None:
    assert [(d.year, d.month, d.day, d.place, d.ends_run) for d in read_dates(item)] == dates


def test_a_date_without_its_day_is_a_release_of_month_precision_on_its_first_day() -> None:
    [stated] = read_dates("September 1998")
    dated = stated.dated(home="India")
    assert (dated.country, dated.date.isoformat(), dated.precision) == (
        "India",
        "1998-09-01",
        "month",
    )


@pytest.mark.parametrize(
    ("item", "minutes"),
    [
        ("118 minutes", 118),
        ("118 min.", 118),
        ("118", 118),
        ("1 hour 58 minutes", 118),
        ("2 hours 10 minutes", 130),
        ("Approx. 2 hours and 10 minutes", 130),
        ("2h", 120),
        ("45–48 minutes", 45),
        ("45-48 min", 45),
        ("132 minutes (theatrical) 155 minutes (director's cut)", 132),
        ("Varies", None),
        ("0 minutes", None),
    ],
)
def test_an_infobox_running_time_gives_one_figure_in_minutes(
    item: str, minutes: int | None
) -> None:
    assert read_runtime(item) == minutes


@pytest.mark.parametrize(
    ("item", "money"),
    [
        ("$7–8 million", (7_000_000, "USD", True)),
        ("$5 million[1]", (5_000_000, "USD", False)),
        ("$5 million[note 2]", (5_000_000, "USD", False)),
        ("₹80 crore (US$11 million)", (800_000_000, "INR", False)),
        ("INR 4.5 crore", (45_000_000, "INR", False)),
        ("₹5 lakh", (500_000, "INR", False)),
        ("US$5 million (est.)", (5_000_000, "USD", True)),
    ],
)
def test_an_infobox_figure_is_read_before_its_notes_and_conversions(
    item: str, money: tuple[int, str, bool]
) -> None:
    assert read_money(item) == money


@pytest.mark.parametrize(
    ("item", "region"),
    [("$1.2 million (United States)", "United States"), ("$5 million (est.)", ""),
     ("₹80 crore (US$11 million)", ""), ("$4 million[1]", "")],
)  # fmt: skip
def test_a_figure_names_its_region_in_parentheses_that_hold_no_number(
    item: str, region: str
) -> None:
    assert money_region(item) == region


def test_gross_figures_on_lines_of_their_own_are_each_kept_with_their_region() -> None:
    extraction = _wikitext(
        "{{Infobox film\n| gross = $1.2 million (United States)<ref>x</ref><br />"
        "₹10 crore (India)<br />(US$1.4 million)\n| budget = ₹8 crore<br />₹9 crore\n}}\n"
        "'''Ember''' is a 2012 film."
    )
    assert [(m.kind, m.amount, m.currency, m.region) for m in extraction.box_office] == [
        ("budget", 80_000_000, "INR", ""),
        ("gross", 1_200_000, "USD", "United States"),
        ("gross", 100_000_000, "INR", "India"),
    ]


@pytest.mark.parametrize(
    ("key", "field"),
    [("num_seasons", "seasons"), ("No. of seasons", "seasons"), ("Original network", "network"),
     ("first_aired", "released"), ("Executive producers", "executive producer"),
     ("Production companies", "production company"), ("caption", None), ("camera", None)],
)  # fmt: skip
def test_a_row_is_one_field_whether_wikitext_or_a_rendered_label_names_it(
    key: str, field: str | None
) -> None:
    assert row_field(infobox_key(key)) == field


def test_rows_that_are_layout_are_not_reported_as_unmapped() -> None:
    extraction = _wikitext(
        "{{Infobox film\n| name = Ember\n| image = Ember.jpg\n| caption = A poster\n"
        "| alt = Flames\n| image_size = 200px\n| border = yes\n| italic_title = no\n"
        "| budget = unknown\n| runtime = TBA\n| rating = PG\n| released = \n}}\n"
        "'''Ember''' is a 2012 film."
    )
    # Rows with a field whose value could not be read are reported too; an empty row states nothing.
    assert [(u.label, u.value) for u in extraction.unmapped] == [
        ("budget", "unknown"),
        ("runtime", "TBA"),
        ("rating", "PG"),
    ]
    layout = {"image", "caption", "alt", "image size", "border", "italic title"}
    assert layout <= PRESENTATIONAL_ROWS


def test_a_writer_credited_for_several_jobs_keeps_a_line_for_each() -> None:
    extraction = _wikitext(
        "{{Infobox film\n| screenplay = Ana Ruiz\n| story = {{ubl|Ana Ruiz|Leo Park}}\n}}\n"
        "'''Ember''' is a 2012 film written by Ana Ruiz."
    )
    assert [(c.person.name, c.job) for c in extraction.credits if c.category == "writer"] == [
        ("Ana Ruiz", "screenplay"),
        ("Ana Ruiz", "story"),
        ("Leo Park", "story"),
    ]
