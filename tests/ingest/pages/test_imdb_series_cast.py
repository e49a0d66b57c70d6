"""A series' top cast on IMDb's 2021–2022 React title page: every actor with every character.

Four invented titles, one per form the page takes: a 2021 series page with its
scripts' data, a 2022 series page saved without scripts, a lower-cased text
dump of a 2021 series page, and a 2022 film page whose actors play several
characters, with "(as …)", "(voice)" and "(uncredited)". The page's data
(``__NEXT_DATA__``) is exact where present; the markup, or the text, is read
when it is not, and fills in what the data leaves out.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reeldb.catalog.folding import fold
from reeldb.catalog.models import Title
from reeldb.cli import main
from reeldb.ingest.pages.cast import cast_line, credited_as, merge_cast, split_cast
from reeldb.ingest.pages.documents import Document, PageError, document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import (
    AlsoKnownAs,
    CompanyLine,
    CreditLine,
    Dated,
    DocumentForm,
    Money,
    PageExtraction,
    PersonRef,
    PlotText,
    Rated,
    Spec,
    Unmapped,
)
from tests.html import visible_text
from tests.ingest.pages.test_imdb_fuzz import assert_linear

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"
NEW_FIXTURES = [
    "react_2021_series.html",
    "react_2022_series_noscript.html",
    "react_2021_series_dump.txt",
    "react_2022_film.html",
]
SCRIPTS = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)

Cast = list[tuple[str, str, list[str], str]]


def extract(name: str) -> PageExtraction:
    """Read a fixture as the importer does (bytes, charset, form) and extract it."""
    path = FIXTURES / name
    return extract_document(document_from_bytes(path.read_bytes(), str(path)))


def extract_without_scripts(name: str) -> PageExtraction:
    """Read a fixture's HTML as saved without its scripts: no JSON-LD, no ``__NEXT_DATA__``."""
    markup = SCRIPTS.sub("", (FIXTURES / name).read_text(encoding="utf-8"))
    return extract_document(Document(name=name, text=markup, form=DocumentForm.HTML))


def cast(extraction: PageExtraction) -> Cast:
    return [
        (c.person.name, c.person.imdb_id, c.characters, c.credited_as)
        for c in extraction.credits
        if c.category == "actor"
    ]


def crew(extraction: PageExtraction) -> list[tuple[str, str, str, str]]:
    return [
        (c.category, c.person.name, c.person.imdb_id, c.job)
        for c in extraction.credits
        if c.category != "actor"
    ]


SALTMARSH_CAST: Cast = [
    ("Olwen Prys", "nm10512210", ["Captain Edda Marsh"], ""),
    ("Jonah K. Whitlock", "nm10512211", ["Silas Crane", "The Heron"], ""),
    ("Marisol de la Fuente", "nm10512212", ["Dr. Nell Arden"], "Marisol Fuente"),
    ("Tobias Renner Jr.", "nm10512213", ["Young Silas"], ""),
    ("Priya Anand-Hale", "nm10512214", ["The Tide"], ""),
    ("Declan Moorcroft", "nm10512215", ["Constable Ferris"], ""),
    ("Ruth Abernathy", "nm10512216", ["Granny Marsh", "Narrator"], ""),
    ("Felix Oyelaran", "nm10512217", ["Harbourmaster Quayle"], ""),
]
CINDER_CAST: Cast = [
    ("Caleb Ortland", "nm12830410", ["Jesse Cole"], ""),
    ("Noor Haddad", "nm12830411", ["Delphine Marchetti", "Del"], ""),
    ("Wendell Pike", "nm12830412", ["Sheriff Abe Lowry"], "Wendell J. Pike"),
    ("Lucía Ferrer-Quintana", "nm12830413", ["Rosa Vidal"], ""),
    ("Bram van der Linde", "nm12830414", ["Pastor Elias Moe"], ""),
    ("Hattie McCrae", "nm12830415", ["Young Delphine"], ""),
    ("Otis Granger-Bell", "nm12830416", ["Old Jesse", "Narrator"], ""),
    # Only an episode line: the page names no character for her.
    ("Marguerite Osei", "nm12830417", [], ""),
]
ASHBY_CAST: Cast = [
    ("winifred ashcombe", "nm11740030", ["margaret pell"], ""),
    ("samuel t. achebe", "nm11740031", ["father aldous", "the beekeeper"], ""),
    ("anneliese van rooyen", "nm11740032", ["marta pell"], "anneliese rooyen"),
    ("imogen hartley-cross", "nm11740033", ["dr. ruth calloway"], ""),
    ("ferdinand osei jr.", "nm11740034", ["young tomas pell"], ""),
    ("lorcan baptiste", "nm11740035", ["constable hobb", "hobb's father"], ""),
    ("elsie marchbanks", "nm11740036", ["the orchard"], ""),
    ("gideon wolcott", "nm11740037", ["auctioneer"], ""),
]
CARTOGRAPHER_CAST: Cast = [
    ("Agnes Thorvald", "nm13301101", ["Mira Lenk"], ""),
    ("Rafael Okonkwo-Serra", "nm13301102", ["Tomas Ferrand", "The Cartographer"], ""),
    ("Kenji Aldana", "nm13301103", ["Captain Brann", "Old Brann", "Narrator"], ""),
    ("Beatrix Quint", "nm13301104", ["Lumen"], "Bea Quint"),
    ("Desmond O'Reilly-Vance", "nm13301105", ["Harbour Clerk"], ""),
    ("Yusuf Demir", "nm13301106", ["Customs Officer", "Bosun"], "Yusuf K. Demir"),
    ("Clara Nightingale", "nm13301107", ["Young Mira"], ""),
    ("Piet de Groot", "nm13301108", ["Lighthouse Keeper", "Voice on the Radio"], ""),
]


# --- a 2021 series page with its data: "The Saltmarsh Wardens" ---


@pytest.fixture(scope="module")
def saltmarsh() -> PageExtraction:
    return extract("react_2021_series.html")


def test_2021_series_names_itself_its_years_and_its_size(saltmarsh: PageExtraction) -> None:
    assert (saltmarsh.title, saltmarsh.imdb_id, saltmarsh.title_type) == (
        "The Saltmarsh Wardens",
        "tt14820376",
        "tvSeries",
    )
    assert (saltmarsh.year, saltmarsh.end_year) == (2021, 2022)
    assert (saltmarsh.seasons, saltmarsh.episodes) == (2, 16)
    assert saltmarsh.original_title == ""


def test_2021_series_gives_every_cast_member_every_character(saltmarsh: PageExtraction) -> None:
    assert cast(saltmarsh) == SALTMARSH_CAST


def test_2021_series_gives_its_creators_as_writers(saltmarsh: PageExtraction) -> None:
    assert crew(saltmarsh) == [
        ("writer", "Ines Calloway", "nm10512201", "creator"),
        ("writer", "Teodor Brandt", "nm10512202", "creator"),
    ]


def test_2021_series_reads_scores_and_hero(saltmarsh: PageExtraction) -> None:
    assert (saltmarsh.rating, saltmarsh.votes) == (7.9, 12_418)
    assert (saltmarsh.user_reviews, saltmarsh.critic_reviews) == (87, 14)
    assert (saltmarsh.popularity_rank, saltmarsh.popularity_change) == (412, 58)
    assert saltmarsh.runtime_minutes == 52
    assert saltmarsh.genres == ["Crime", "Drama", "Mystery"]
    assert saltmarsh.certifications == [Rated(country="", rating="TV-MA")]
    assert saltmarsh.awards == "2 wins & 7 nominations"
    assert saltmarsh.plots[0] == PlotText(
        kind="outline",
        text="When a drowned stranger washes up on the Essex marshes, a weary coastguard captain "
        "and a disgraced naturalist uncover a smuggling ring older than the sea wall.",
    )


def test_2021_series_takes_the_storyline_and_its_author_from_the_data(
    saltmarsh: PageExtraction,
) -> None:
    summaries = [p for p in saltmarsh.plots if p.kind == "summary"]
    assert len(summaries) == 1
    assert summaries[0].text.startswith("Captain Edda Marsh has kept the Blackwater")
    assert summaries[0].author == "Tidewrack Films"
    assert saltmarsh.keywords == [
        "smuggling",
        "coastguard",
        "salt marsh",
        "essex england",
        "drowning",
    ]
    assert saltmarsh.taglines == ["Some secrets rise with the tide."]


def test_2021_series_reads_its_details(saltmarsh: PageExtraction) -> None:
    assert saltmarsh.release_dates == [
        Dated(country="United Kingdom", date=datetime.date(2021, 3, 4))
    ]
    assert saltmarsh.countries == ["United Kingdom", "Belgium"]
    assert saltmarsh.languages == ["English", "Flemish"]
    assert saltmarsh.akas == [AlsoKnownAs(title="Les gardiens des marais")]
    assert saltmarsh.filming_locations == ["Mersea Island, Essex, England, UK"]
    assert saltmarsh.companies == [
        CompanyLine(name="Tidewrack Films"),
        CompanyLine(name="Brackwater Pictures"),
        CompanyLine(name="Flandria Screen"),
    ]
    assert saltmarsh.technical_specs == [
        Spec(kind="sound_mix", value="Dolby Digital"),
        Spec(kind="color", value="Color"),
        Spec(kind="aspect_ratio", value="2.00 : 1"),
    ]


def test_2021_series_reads_did_you_know(saltmarsh: PageExtraction) -> None:
    assert saltmarsh.trivia == [
        "The sea wall seen in every episode was built on a disused sugar-beet quay."
    ]
    assert saltmarsh.goofs == [
        "The tide tables on Ferris's desk change between shots in the third episode."
    ]
    assert saltmarsh.quotes == [
        ["Captain Edda Marsh: The marsh keeps what it takes, and gives it back when it likes."]
    ]


def test_2021_series_data_notes_the_section_it_does_not_map(saltmarsh: PageExtraction) -> None:
    assert Unmapped("section", "detailsExternalLinks", "Official site") in saltmarsh.unmapped


def test_2021_series_saved_without_scripts_reads_the_same_cast_from_its_cards() -> None:
    # 2021 cards: one link holds every character, "(as …)" sits beside it,
    # and the episode line follows in a toggle of its own.
    bare = extract_without_scripts("react_2021_series.html")
    assert cast(bare) == SALTMARSH_CAST
    assert crew(bare) == [
        ("writer", "Ines Calloway", "nm10512201", "creator"),
        ("writer", "Teodor Brandt", "nm10512202", "creator"),
    ]


# --- a 2022 series page saved without scripts: "The Cinder Road" ---


@pytest.fixture(scope="module")
def cinder() -> PageExtraction:
    return extract("react_2022_series_noscript.html")


def test_2022_series_without_data_gives_every_character_a_line_of_its_own(
    cinder: PageExtraction,
) -> None:
    # 2022 cards: a link for each character, notes inside the last one, the
    # episode line right after them in the same box.
    assert cast(cinder) == CINDER_CAST


def test_2022_series_without_data_reads_its_head_hero_and_creator(cinder: PageExtraction) -> None:
    assert (cinder.title, cinder.imdb_id, cinder.title_type) == (
        "The Cinder Road",
        "tt16109452",
        "tvSeries",
    )
    assert (cinder.year, cinder.end_year) == (2022, None)
    assert cinder.runtime_minutes == 44
    assert cinder.genres == ["Drama", "Western"]
    # "3.4K" is rounded: the page states no count of votes.
    assert (cinder.rating, cinder.votes) == (8.1, None)
    assert (cinder.popularity_rank, cinder.popularity_change) == (1287, -143)
    assert cinder.plots[0].text.startswith("In 1889 a widowed rancher")
    assert crew(cinder) == [("writer", "Amara Whitfield", "nm12830401", "creator")]


def test_2022_series_without_data_reads_its_details_blocks(cinder: PageExtraction) -> None:
    assert [(d.country, d.date) for d in cinder.release_dates] == [
        ("United States", datetime.date(2022, 9, 18))
    ]
    assert cinder.countries == ["United States", "Canada"]
    assert cinder.languages == ["English", "Spanish"]
    assert cinder.akas == [AlsoKnownAs(title="Camino de cenizas")]
    assert cinder.filming_locations == ["Drumheller, Alberta, Canada"]
    assert [c.name for c in cinder.companies] == ["Kettle Creek Productions", "Old Post Pictures"]
    assert cinder.taglines == ["Every road out of Cinder burns behind you."]
    assert cinder.trivia == [
        "Every exterior was shot within forty miles of the production office in Drumheller."
    ]
    assert cinder.quotes == [["Jesse Cole: There's no law out here but the kind you carry."]]


def test_2022_series_without_data_reads_its_storyline_keywords_and_size(
    cinder: PageExtraction,
) -> None:
    [summary] = [plot for plot in cinder.plots if plot.kind == "summary"]
    assert summary.author == "Kettle Creek Productions"
    assert summary.text.startswith("Delphine Marchetti buried her brother")
    assert summary.text.endswith("rather she had stayed home.")
    assert cinder.keywords == ["revenge", "frontier justice", "1880s", "wildfire"]
    assert (cinder.seasons, cinder.episodes) == (1, 10)


# --- a lower-cased text dump of a 2021 series page: "Ashby Cross" ---


@pytest.fixture(scope="module")
def ashby() -> PageExtraction:
    return extract("react_2021_series_dump.txt")


def test_series_dump_reads_the_cast_from_the_data_its_scripts_left(ashby: PageExtraction) -> None:
    assert ashby.form is DocumentForm.TEXT
    assert ashby.lowercased
    assert (ashby.title, ashby.imdb_id, ashby.title_type) == (
        "ashby cross",
        "tt13992064",
        "tvSeries",
    )
    assert cast(ashby) == ASHBY_CAST
    assert crew(ashby) == [("writer", "halvard lindqvist", "nm11740021", "creator")]


def test_series_dump_reads_its_facts_from_lower_cased_data(ashby: PageExtraction) -> None:
    assert (ashby.year, ashby.end_year, ashby.runtime_minutes) == (2021, 2022, 58)
    assert (ashby.rating, ashby.votes) == (8.0, 6127)
    assert (ashby.seasons, ashby.episodes) == (2, 12)
    assert ashby.genres == ["drama", "mystery"]
    assert ashby.release_dates == [Dated(country="United Kingdom", date=datetime.date(2021, 10, 3))]
    assert ashby.countries == ["United Kingdom"]
    assert ashby.akas == [AlsoKnownAs(title="der stille obstgarten")]
    assert [c.name for c in ashby.companies] == ["ashby cross films", "mayfly television"]
    assert ashby.taglines == ["nothing here has aged a day."]
    assert ashby.goofs == ["marta's wristwatch changes wrists between shots in the first episode."]


def test_series_dump_without_its_data_reads_the_cast_after_top_cast_with_no_colon() -> None:
    text = (FIXTURES / "react_2021_series_dump.txt").read_text(encoding="utf-8")
    decoder, words, start = json.JSONDecoder(), [], 0
    for found in re.finditer(r'\{"', text):
        if found.start() < start:
            continue
        try:
            _value, end = decoder.raw_decode(text, found.start())
        except ValueError:
            continue
        words.append(text[start : found.start()])
        start = end
    words.append(text[start:])
    without_data = extract_document(
        Document(name="dump", text=" ".join(words), form=DocumentForm.TEXT)
    )
    assert "{" not in " ".join(words)
    assert [(name, characters) for name, _id, characters, _as in cast(without_data)] == [
        (name, characters) for name, _id, characters, _as in ASHBY_CAST
    ]


def _dump_cast_zone() -> str:
    text = (FIXTURES / "react_2021_series_dump.txt").read_text(encoding="utf-8")
    return text[text.index(" top cast ") + len(" top cast ") : text.index(" all cast & crew ")]


def test_series_dump_text_alone_splits_the_cast_at_its_episode_lines() -> None:
    # Without the data, each person's entry ends with "N episodes • years";
    # names are told by their shape: initials, particles, "Jr.".
    lines = split_cast(_dump_cast_zone(), {})
    assert [(c.person.name, c.characters, c.credited_as) for c in lines] == [
        (name, characters, credited) for name, _id, characters, credited in ASHBY_CAST
    ]


def test_series_dump_text_uses_the_names_the_page_states_elsewhere() -> None:
    # Three words with nothing to mark them as one name: only the page's
    # other mentions ("Stars: …", JSON-LD) tell where the name ends.
    zone = "mary kate olsen the widow 2 episodes • 2021 per lund the diver 1 episode • 2022"
    lines = split_cast(zone, {fold("mary kate olsen"): "nm19990021"})
    assert [(c.person.name, c.person.imdb_id, c.characters) for c in lines] == [
        ("mary kate olsen", "nm19990021", ["the widow"]),
        ("per lund", "", ["the diver"]),
    ]


# --- a 2022 film page: "The Glass Cartographer" ---


@pytest.fixture(scope="module")
def cartographer() -> PageExtraction:
    return extract("react_2022_film.html")


def test_2022_film_gives_each_actor_every_character_and_credited_name(
    cartographer: PageExtraction,
) -> None:
    assert cast(cartographer) == CARTOGRAPHER_CAST


def test_2022_film_keeps_each_writers_role(cartographer: PageExtraction) -> None:
    assert crew(cartographer) == [
        ("director", "Saoirse Delacroix-Byrne", "nm13301090", ""),
        ("writer", "Saoirse Delacroix-Byrne", "nm13301090", "screenplay"),
        ("writer", "Matthias Kohl", "nm13301091", "novel"),
    ]


def test_2022_film_reads_scores_and_details(cartographer: PageExtraction) -> None:
    assert (cartographer.title, cartographer.imdb_id, cartographer.title_type) == (
        "The Glass Cartographer",
        "tt15398214",
        "movie",
    )
    assert (cartographer.year, cartographer.runtime_minutes) == (2022, 118)
    assert (cartographer.rating, cartographer.votes, cartographer.metascore) == (7.3, 48_912, 71)
    assert cartographer.genres == ["Adventure", "Drama", "Fantasy"]
    assert cartographer.certifications == [
        Rated(
            country="United States",
            rating="PG-13",
            reason="peril, some violence and brief strong language",
        )
    ]
    assert cartographer.release_dates == [
        Dated(country="United States", date=datetime.date(2022, 10, 14))
    ]
    assert cartographer.countries == ["United Kingdom", "Ireland", "Netherlands"]
    assert cartographer.languages == ["English", "Dutch"]
    assert cartographer.akas == [AlsoKnownAs(title="De glazen cartograaf")]
    assert cartographer.filming_locations == ["Cobh, County Cork, Ireland"]
    assert [c.name for c in cartographer.companies] == [
        "Northlight Pictures",
        "Harbourglass Films",
        "Lage Landen Film",
    ]
    assert cartographer.keywords[:2] == ["cartography", "based on novel"]
    assert cartographer.taglines == ["Every map is a promise. Some are warnings."]


def test_2022_film_reads_its_box_office(cartographer: PageExtraction) -> None:
    assert cartographer.box_office == [
        Money(kind="budget", amount=32_000_000, is_estimated=True),
        Money(kind="opening_weekend", amount=9_318_442, region="United States"),
        Money(kind="gross", amount=41_207_655, region="United States"),
        Money(kind="gross", amount=96_540_118, region="worldwide"),
    ]


def test_2022_film_saved_without_scripts_reads_the_same_cast_and_roles() -> None:
    bare = extract_without_scripts("react_2022_film.html")
    assert cast(bare) == CARTOGRAPHER_CAST
    assert crew(bare) == [
        ("director", "Saoirse Delacroix-Byrne", "nm13301090", ""),
        ("writer", "Saoirse Delacroix-Byrne", "nm13301090", "screenplay"),
        ("writer", "Matthias Kohl", "nm13301091", "novel"),
    ]


# --- how the data and the markup combine ---


def _react_page(cards: str, cast_edges: list[dict[str, object]]) -> PageExtraction:
    data = {
        "props": {
            "pageProps": {
                "aboveTheFoldData": {
                    "id": "tt19990001",
                    "titleText": {"text": "Lowtide"},
                    "titleType": {"id": "tvSeries"},
                    "releaseYear": {"year": 2022},
                },
                "mainColumnData": {"cast": {"edges": [{"node": n} for n in cast_edges]}},
            }
        }
    }
    script = (
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
        if cast_edges
        else ""
    )
    markup = (
        "<html><head><title>Lowtide (TV Series 2022– ) - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/title/tt19990001/"/></head><body>'
        f'<section data-testid="title-cast">{cards}</section>{script}</body></html>'
    )
    return extract_document(Document(name="lowtide.html", text=markup, form=DocumentForm.HTML))


def _card(actor: str, nconst: str, inside: str) -> str:
    return (
        f'<div data-testid="title-cast-item"><a data-testid="title-cast-item__actor" '
        f'href="/name/{nconst}/">{actor}</a>{inside}</div>'
    )


def _node(name: str, nconst: str, characters: list[str], notes: list[str]) -> dict[str, object]:
    return {
        "name": {"id": nconst, "nameText": {"text": name}},
        "characters": [{"name": c} for c in characters] or None,
        "attributes": [{"text": n} for n in notes] or None,
        "episodeCredits": {"total": 4, "yearRange": {"year": 2022}},
    }


def test_an_episode_line_inside_the_characters_link_is_not_a_character() -> None:
    page = _react_page(
        _card(
            "Ida Brandt",
            "nm19990011",
            '<a data-testid="cast-item-characters-link" href="/title/tt19990001/characters/'
            'nm19990011"><span>Warden Holt</span> <span>4 episodes • 2022</span></a>',
        ),
        [],
    )
    assert cast(page) == [("Ida Brandt", "nm19990011", ["Warden Holt"], "")]


def test_a_character_without_a_page_of_its_own_is_read_from_its_span() -> None:
    page = _react_page(
        _card(
            "Ida Brandt",
            "nm19990011",
            '<span data-testid="title-cast-item__characters">Ferry Pilot</span>'
            "<span>1 episode • 2022</span>",
        ),
        [],
    )
    assert cast(page) == [("Ida Brandt", "nm19990011", ["Ferry Pilot"], "")]


def test_the_data_wins_and_the_markup_fills_what_it_leaves_out() -> None:
    cards = _card(
        "Ida Brandt",
        "nm19990011",
        '<a data-testid="cast-item-characters-link">Warden Holt</a><span>(as Ida B. Brandt)</span>',
    ) + _card("Per Lund", "nm19990012", '<a data-testid="cast-item-characters-link">The Diver</a>')
    page = _react_page(
        cards,
        # The data names Ida's credited name, leaves out her character and Per.
        [_node("Ida Brandt", "nm19990011", [], ["as Ida Brandt-Holm", "voice"])],
    )
    assert cast(page) == [
        ("Ida Brandt", "nm19990011", ["Warden Holt"], "Ida Brandt-Holm"),
        ("Per Lund", "nm19990012", ["The Diver"], ""),
    ]


@pytest.mark.parametrize("notes", [["voice", "as P. Lund"], ["as P. Lund", "voice"]])
def test_notes_beside_the_credited_name_are_not_part_of_it(notes: list[str]) -> None:
    page = _react_page("", [_node("Per Lund", "nm19990012", ["The Diver"], notes)])
    assert cast(page) == [("Per Lund", "nm19990012", ["The Diver"], "P. Lund")]


def test_credited_as_reads_a_note_with_or_without_brackets() -> None:
    assert credited_as("as Bea Quint") == "Bea Quint"
    assert credited_as("(as Bea Quint)") == "Bea Quint"
    assert credited_as("(uncredited as Bea)") == "Bea"
    assert credited_as("voice") == ""


def test_merge_cast_keeps_the_datas_order_and_adds_the_markups_others() -> None:
    exact = [CreditLine("actor", PersonRef("B", "nm0000002"), characters=["Two"])]
    stated = [
        CreditLine("actor", PersonRef("A", "nm0000001"), characters=["One"]),
        CreditLine("actor", PersonRef("B", "nm0000002"), characters=["Other"], credited_as="Bee"),
    ]
    merged = merge_cast(exact, stated)
    assert [(c.person.name, c.characters, c.credited_as) for c in merged] == [
        ("B", ["Two"], "Bee"),
        ("A", ["One"], ""),
    ]


# --- imported and shown ---


@pytest.mark.django_db
def test_an_imported_series_shows_each_cast_member_with_their_characters(client: Client) -> None:
    assert main(["import", "pages", "--jobs", "0", str(FIXTURES / "react_2021_series.html")]) == 0
    series = Title.objects.get(tconst="tt14820376")
    response = client.get(series.get_absolute_url())
    assert response.status_code == 200
    page = visible_text(response)
    for name, _id, characters, credited in SALTMARSH_CAST:
        assert f"{name} {' / '.join(characters)}" in page
        if credited:
            assert f"(as {credited})" in page


@pytest.mark.django_db
def test_an_imported_series_page_without_data_shows_its_cast_too(client: Client) -> None:
    path = FIXTURES / "react_2022_series_noscript.html"
    assert main(["import", "pages", "--jobs", "0", str(path)]) == 0
    page = visible_text(client.get(Title.objects.get(tconst="tt16109452").get_absolute_url()))
    assert "Noor Haddad Delphine Marchetti / Del" in page
    assert "Wendell Pike Sheriff Abe Lowry (as Wendell J. Pike)" in page


# --- hostile input: only PageError may leave the readers ---


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NEW_FIXTURES), data=st.data())
def test_a_mangled_new_fixture_gives_an_extraction_or_a_page_error(
    name: str, data: st.DataObject
) -> None:
    page = (FIXTURES / name).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        start = data.draw(st.integers(min_value=0, max_value=len(page) - 1))
        end = data.draw(st.integers(min_value=start, max_value=min(len(page), start + 3000)))
        junk = data.draw(
            st.sampled_from(["", "</div>", "<a>", " / ", "(as ", " episodes • ", "•", "{", "\x00"])
        )
        page = page[:start] + junk + page[end:]
    form = DocumentForm.TEXT if name.endswith(".txt") else DocumentForm.HTML
    try:
        extraction = extract_document(Document(name=name, text=page, form=form))
    except PageError:
        return
    assert all(isinstance(c, str) for line in extraction.credits for c in line.characters)
    json.dumps(extraction.to_json())


CARD_WORDS = st.sampled_from(
    [
        " ", " / ", "(voice)", "(as X Y)", "(", ")", "8 episodes", " • ", "2021–2022", "1 episode",
        "Jr.", "van", "T.", "anne", "marie", "…", "...", "|", "\n",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(CARD_WORDS | st.text(max_size=12), max_size=40))
def test_the_text_cast_reader_takes_any_text(parts: list[str]) -> None:
    zone = "".join(parts)
    for line in split_cast(zone, {"anne marie": "nm0000001"}):
        assert line.person.name
        assert all(c.strip() == c and c for c in line.characters)
    cast_line("Anne Marie", zone, {})


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["text", "name", "id", "year", "month", "day", "edges", "node"]),
            children,
        )
    ),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None)
@given(
    node=st.dictionaries(
        st.sampled_from(["name", "characters", "attributes", "episodeCredits"]), JSON_VALUES
    ),
    release=JSON_VALUES,
    extra=st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=3),
)
def test_page_data_of_any_shape_gives_an_extraction(
    node: dict[str, object], release: object, extra: dict[str, object]
) -> None:
    data = {
        "props": {
            "pageProps": {
                "aboveTheFoldData": {"titleText": {"text": "Lowtide"}, **extra},
                "mainColumnData": {
                    "cast": {"edges": [{"node": node}]},
                    "releaseDate": release,
                    "writers": [{"credits": [node]}],
                    **extra,
                },
            }
        }
    }
    markup = (
        "<html><head><title>Lowtide (2022) - IMDb</title></head><body><h1>Lowtide</h1>"
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
        "</body></html>"
    )
    try:
        extraction = extract_document(Document(name="x.html", text=markup, form=DocumentForm.HTML))
    except PageError:
        return
    json.dumps(extraction.to_json())


def test_a_page_of_unclosed_cast_cards_extracts_in_linear_time() -> None:
    # Each unclosed card holds all the ones after it (four times 60 stays within the
    # nesting limit, REELDB_PAGE_MAX_DEPTH).
    card = (
        '<div data-testid="title-cast-item"><a data-testid="title-cast-item__actor" '
        'href="/name/nm19990011/">Ida Brandt</a><div><a data-testid="cast-item-characters-link">'
        "Warden Holt</a> (as Ida B.) <span>4 episodes • 2022</span>"
    )
    assert_linear(
        lambda units: (
            "<html><head><title>Lowtide (TV Series 2022– ) - IMDb</title></head>"
            f"<body>{card * units}</body></html>"
        ),
        DocumentForm.HTML,
        60,
    )
