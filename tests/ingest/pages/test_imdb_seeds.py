"""The shared seeds: IMDb's plot-summary (000) and title page (001) of Desperado (1995).

Both are lower-cased text with the site's navigation left in; the facts below
are what the pages state, checked by hand against the seeds.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reeldb.ingest.pages.documents import document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import (
    CompanyLine,
    DocumentKind,
    Money,
    PageExtraction,
    PersonRef,
    Rated,
    Spec,
)
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
PLOT_SEED = SEEDS / "000_816e53a40464de49.txt"
TITLE_SEED = SEEDS / "001_84baa91d154bc2e4.txt"


def extract_seed(path: Path) -> PageExtraction:
    if not path.exists():
        pytest.skip(f"the shared seeds are not checked out: {path} is missing")
    return extract_document(document_from_bytes(path.read_bytes(), str(path)))


@pytest.fixture(scope="module")
def title() -> PageExtraction:
    return extract_seed(TITLE_SEED)


@pytest.fixture(scope="module")
def plot() -> PageExtraction:
    return extract_seed(PLOT_SEED)


def test_title_seed_is_a_lowercased_imdb_title_page(title: PageExtraction) -> None:
    assert title.kind is DocumentKind.IMDB_TITLE
    assert title.lowercased
    assert (title.title, title.year, title.title_type) == ("desperado", 1995, "movie")


def test_title_seed_gives_the_scores(title: PageExtraction) -> None:
    assert (title.rating, title.votes) == (7.2, 144_553)
    assert title.metascore == 55
    assert (title.user_reviews, title.critic_reviews) == (203, 90)
    assert title.popularity_rank == 2415
    # The dump lost the arrow image, so the movement's direction is unknown.
    assert title.popularity_change is None
    assert title.awards == "1 win & 4 nominations."


def test_title_seed_gives_the_overview(title: PageExtraction) -> None:
    assert title.runtime_minutes == 104
    assert title.genres == ["action", "thriller"]
    assert [(d.country, d.date) for d in title.release_dates] == [
        ("United States", datetime.date(1995, 8, 25))
    ]
    assert title.certifications == [
        Rated(
            country="United States",
            rating="r",
            reason="strong bloody violence, a strong sex sequence and language",
        )
    ]
    outline = [p.text for p in title.plots if p.kind == "outline"]
    assert outline == ["a gunslinger is embroiled in a war with a local drug runner."]


def test_title_seed_gives_director_writer_and_the_15_billed_cast(title: PageExtraction) -> None:
    assert [(c.category, c.person.name) for c in title.credits[:2]] == [
        ("director", "robert rodriguez"),
        ("writer", "robert rodriguez"),
    ]
    cast = [(c.person.name, c.characters) for c in title.credits if c.category == "actor"]
    assert cast == [
        ("antonio banderas", ["el mariachi"]),
        ("salma hayek", ["carolina"]),
        ("joaquim de almeida", ["bucho"]),
        ("cheech marin", ["short bartender"]),
        ("steve buscemi", ["buscemi"]),
        ("carlos gómez", ["right hand"]),
        ("quentin tarantino", ["pick-up guy"]),
        ("tito larriva", ["tavo"]),
        ("angel aviles", ["zamira"]),
        ("danny trejo", ["navajas"]),
        ("abraham verduzco", ["niño"]),
        ("carlos gallardo", ["campa"]),
        ("albert michel jr.", ["quino"]),
        ("david alvarado", ["buddy"]),
        ("angela lanza", ["tourist girl"]),
    ]
    gomez = next(c for c in title.credits if c.person.name == "carlos gómez")
    assert gomez.credited_as == "carlos gomez"


def test_title_seed_gives_details_box_office_companies_and_specs(title: PageExtraction) -> None:
    assert title.countries == ["United States"]
    assert title.languages == ["english"]
    assert title.box_office == [
        Money(kind="budget", amount=7_000_000, is_estimated=True),
        Money(kind="gross", amount=25_625_110, region="United States"),
    ]
    assert title.companies == [
        CompanyLine(name="columbia pictures corporation"),
        CompanyLine(name="los hooligans productions"),
    ]
    assert title.technical_specs == [
        Spec(kind="sound_mix", value="dolby stereo", note="as dolby stereo sr"),
        Spec(kind="sound_mix", value="sdds", note="8 channels"),
        Spec(kind="color", value="color", note="technicolor"),
        Spec(kind="aspect_ratio", value="1.85 : 1"),
    ]
    assert title.akas[0].title == "la balada del pistolero"
    assert title.filming_locations == ["coahuíla, mexico"]
    assert title.taglines == ["the explosive new film from robert rodriguez"]
    assert title.keywords[:2] == ["female frontal nudity", "breasts"]


def test_title_seed_gives_the_storyline_with_its_author(title: PageExtraction) -> None:
    summaries = [p for p in title.plots if p.kind == "summary"]
    assert len(summaries) == 1
    assert summaries[0].text.startswith("with this sequel to his prize-winning independent")
    assert summaries[0].author == "tad dibbern"


def test_title_seed_gives_did_you_know_and_faq(title: PageExtraction) -> None:
    assert len(title.trivia) == len(title.goofs) == len(title.quotes) == 1
    assert title.quotes[0][0].startswith("buscemi: [sitting at the counter")
    assert [(c.kind, c.target.title, c.target.year) for c in title.connections] == [
        ("referenced_in", "the expendables 3", 2014)
    ]
    assert title.soundtracks[0].title == "canción del mariachi (morena de mi corazón)"
    assert title.soundtracks[0].credits.startswith("written by cesar rosas")
    assert title.faq == [
        "what is the cannon-like weapon carolina lifts out of the guitar case?",
        "why exactly did el mariachi want to kill bucho?",
        "is this really a sequel?",
    ]


def test_title_seed_gives_the_featured_review(title: PageExtraction) -> None:
    review = title.review
    assert review is not None
    assert review.headline == "robert rodriguez's sequel-cum-remake of el mariachi."
    assert (review.author, review.date) == ("miyagis_sweaty_wifebeater", datetime.date(2005, 8, 16))
    assert review.text.startswith("desperado (1995) was a fun and big budgeted version")
    assert review.text.endswith("enjoy!highly recommended.")
    assert (review.helpful_yes, review.helpful_total) == (28, 38)


def test_title_seed_gives_all_twelve_related_titles(title: PageExtraction) -> None:
    assert [(r.title, r.year, r.rating) for r in title.related] == [
        ("once upon a time in mexico", 2003, 6.4),
        ("el mariachi", 1992, 6.9),
        ("from dusk till dawn", 1996, 7.3),
        ("machete", 2010, 6.6),
        ("planet terror", 2007, 7.1),
        ("the mask of zorro", 1998, 6.7),
        ("grindhouse", 2007, 7.6),
        ("death proof", 2007, 7.1),
        ("jackie brown", 1997, 7.5),
        ("four rooms", 1995, 6.7),
        ("face/off", 1997, 7.3),
        ("machete kills", 2013, 5.6),
    ]
    machete = title.related[3]
    assert machete.genres == ["action", "crime", "thriller"]
    assert machete.outline.startswith("after being set-up and betrayed")
    assert machete.directors == [PersonRef("ethan maniquis"), PersonRef("robert rodriguez")]
    assert [p.name for p in machete.stars] == [
        "danny trejo",
        "michelle rodriguez",
        "robert de niro",
    ]
    grindhouse = title.related[6]
    assert [p.name for p in grindhouse.directors] == ["robert rodriguez", "eli roth"]


def test_plot_seed_gives_three_signed_summaries(plot: PageExtraction) -> None:
    assert plot.kind is DocumentKind.IMDB_PLOT_SUMMARY
    assert (plot.title, plot.year) == ("desperado", 1995)
    assert [(p.kind, p.author) for p in plot.plots] == [
        ("summary", "tad dibbern"),
        ("summary", "neo101"),
        ("summary", "murray chapman"),
    ]
    assert plot.plots[1].text.startswith("after the first movie, el mariachi isn't doing so good.")
    assert plot.plots[2].text == "a gunslinger is embroiled in a war with a local drug runner."


def test_plot_seed_leaves_out_the_synopsis_teaser(plot: PageExtraction) -> None:
    # The page shows only the synopsis's first lines, then "see full synopsis".
    assert not [p for p in plot.plots if p.kind == "synopsis"]
