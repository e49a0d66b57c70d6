"""IMDb's plot-summary and full-credits pages, in each layout, as HTML and as text."""

from __future__ import annotations

from pathlib import Path

from reeldb.ingest.pages.documents import Document, document_from_bytes
from reeldb.ingest.pages.extract import extract_document
from reeldb.ingest.pages.schema import (
    CreditLine,
    DocumentForm,
    DocumentKind,
    PageExtraction,
    PersonRef,
    PlotText,
)

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "pages" / "imdb"


def extract(name: str) -> PageExtraction:
    path = FIXTURES / name
    return extract_document(document_from_bytes(path.read_bytes(), str(path)))


def test_2010s_plot_summary_page_signs_each_summary_from_its_author_box() -> None:
    page = extract("plotsummary_2015.html")
    assert page.kind is DocumentKind.IMDB_PLOT_SUMMARY
    assert (page.title, page.imdb_id) == ("Amélie", "tt0211915")
    assert [(p.kind, p.author) for p in page.plots] == [
        ("summary", "Anonymous"),
        ("summary", "Jean-Marc Rocher"),
    ]
    assert page.plots[1].text == (
        "A shy waitress at a café in Montmartre finds a box of memories hidden in her flat "
        "and resolves to return it."
    )


def test_zebra_list_plot_summary_page_reads_summaries_and_synopsis() -> None:
    page = extract("plotsummary_2019.html")
    assert [(p.kind, p.author) for p in page.plots] == [
        ("summary", "Anonymous"),
        ("summary", "Tad Dibbern"),
        ("synopsis", ""),
    ]
    assert page.plots[2].text.startswith("Neil McCauley and his crew rob an armored car")


def test_react_plot_page_reads_summaries_with_and_without_an_author_and_the_synopsis() -> None:
    page = extract("plotsummary_react.html")
    assert page.kind is DocumentKind.IMDB_PLOT_SUMMARY
    assert page.plots == [
        PlotText(
            kind="summary",
            text="Greed and class discrimination threaten the newly formed symbiotic relationship "
            "between the wealthy Park family and the destitute Kim clan.",
        ),
        PlotText(
            kind="summary",
            text="The Kims, a family of four living in a semi-basement, find work one by one in "
            "the house of the wealthy Parks.",
            author="Jiwon Kang",
        ),
        PlotText(
            kind="synopsis",
            text="Ki-woo, the son of the unemployed Kim family, is hired as an English tutor for "
            "the daughter of the wealthy Park family, and one by one his relatives take the other "
            "jobs in the house.",
        ),
    ]


def test_plot_summary_text_dump_with_capitals_and_a_synopsis() -> None:
    text = (
        "Heat (1995) - Plot Summary - IMDb IMDb Movies TV Celebs Heat (1995) Plot Summary "
        "Showing all 2 plot summaries A group of professional bank robbers start to feel the "
        "heat from police. Written by Anonymous Hunters and their prey: Neil and his crew hunt "
        "big money targets while a detective hunts them down. Written by Tad Dibbern "
        "<dibbern_d@a1.mscf.upenn.edu> Synopsis Neil McCauley and his crew rob an armored car "
        "in Los Angeles, and Lieutenant Vincent Hanna takes the case. See also Taglines"
    )
    page = extract_document(Document(name="heat.txt", text=text, form=DocumentForm.TEXT))
    assert not page.lowercased
    assert [(p.kind, p.author) for p in page.plots] == [
        ("summary", "Anonymous"),
        ("summary", "Tad Dibbern"),
        ("synopsis", ""),
    ]
    assert page.plots[0].text == (
        "A group of professional bank robbers start to feel the heat from police."
    )


def test_2010s_full_credits_page_reads_every_department() -> None:
    page = extract("fullcredits_2010s.html")
    assert page.kind is DocumentKind.IMDB_FULL_CREDITS
    assert page.credits == [
        CreditLine("director", PersonRef("Michael Mann", "nm0000520")),
        CreditLine("writer", PersonRef("Michael Mann", "nm0000520"), job="written by"),
        CreditLine("actor", PersonRef("Al Pacino", "nm0000199"), characters=["Lt. Vincent Hanna"]),
        CreditLine("actor", PersonRef("Robert De Niro", "nm0000134"), characters=["Neil McCauley"]),
        CreditLine("actor", PersonRef("Xander Berkeley", "nm0001014"), characters=["Ralph"]),
        CreditLine("producer", PersonRef("Art Linson", "nm0001727"), job="producer"),
        CreditLine("producer", PersonRef("Michael Mann", "nm0000520"), job="producer"),
        CreditLine("composer", PersonRef("Elliot Goldenthal", "nm0330491")),
        CreditLine("thanks", PersonRef("Chuck Adamson", "nm0000001"), job="technical advisor"),
    ]


def test_react_full_credits_page_reads_every_section() -> None:
    page = extract("fullcredits_react.html")
    assert page.kind is DocumentKind.IMDB_FULL_CREDITS
    assert page.credits == [
        CreditLine("director", PersonRef("Bong Joon Ho", "nm0094435")),
        CreditLine("writer", PersonRef("Bong Joon Ho", "nm0094435"), job="screenplay by"),
        CreditLine("writer", PersonRef("Han Jin-won", "nm5548795"), job="screenplay by"),
        CreditLine("actor", PersonRef("Song Kang-ho", "nm0814280"), characters=["Ki Taek"]),
        CreditLine(
            "actor",
            PersonRef("Park So-dam", "nm5548796"),
            characters=["Ki Jung"],
            credited_as="Park So-Dam",
        ),
        CreditLine(
            "cinematographer",
            PersonRef("Hong Kyung-pyo", "nm1541050"),
            job="director of photography",
        ),
    ]


def test_full_credits_text_dump_reads_departments_by_their_headings() -> None:
    text = (
        "Heat (1995) - Full Cast & Crew - IMDb IMDb Movies TV Heat (1995) Full Cast & Crew "
        "Directed by Michael Mann Writing Credits Michael Mann ... (written by) "
        "Cast (in credits order) verified as complete Al Pacino ... Lt. Vincent Hanna "
        "Robert De Niro ... Neil McCauley Produced by Art Linson ... producer "
        "See also Release Dates"
    )
    page = extract_document(Document(name="heat.txt", text=text, form=DocumentForm.TEXT))
    assert page.kind is DocumentKind.IMDB_FULL_CREDITS
    assert [(c.category, c.person.name, c.job, c.characters) for c in page.credits] == [
        ("director", "Michael Mann", "", []),
        ("writer", "Michael Mann", "written by", []),
        ("actor", "Al Pacino", "", ["Lt. Vincent Hanna"]),
        ("actor", "Robert De Niro", "", ["Neil McCauley"]),
        ("producer", "Art Linson", "producer", []),
    ]


def test_plot_summary_dump_starts_after_the_pages_heading() -> None:
    page = extract("plotsummary_2015_dump.txt")
    assert page.form is DocumentForm.TEXT
    assert [(p.kind, p.author) for p in page.plots] == [
        ("summary", "Anonymous"),
        ("summary", "Jean-Marc Rocher"),
    ]
    assert page.plots[0].text.startswith("Amélie, an innocent and naive girl")


def test_lowercased_full_credits_dump_keeps_jobs_apart_from_headings() -> None:
    page = extract("fullcredits_2010s_dump.txt")
    assert page.lowercased
    assert [(c.category, c.person.name, c.job, c.characters) for c in page.credits] == [
        ("director", "michael mann", "", []),
        ("writer", "michael mann", "written by", []),
        ("actor", "al pacino", "", ["lt. vincent hanna"]),
        ("actor", "robert de niro", "", ["neil mccauley"]),
        ("actor", "xander berkeley", "", ["ralph"]),
        ("producer", "art linson", "producer", []),
        ("producer", "michael mann", "producer", []),
        ("composer", "elliot goldenthal", "", []),
        ("thanks", "chuck adamson", "technical advisor", []),
    ]
