"""Quotes, plots and bios on the demo: found by the words inside them, the words marked."""

from __future__ import annotations

import pytest
from django.test import Client

from reeldb.search.index.category_hits import PassageHit
from reeldb.search.index.finding import find
from reeldb.search.index.highlight import snippet
from reeldb.search.models import SearchText, TextKind
from tests.html import find_results_text

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db]


def passages(query: str, kind: str) -> list[PassageHit]:
    found = find(query, kinds=(kind,), limit=50).groups[0].hits
    assert all(isinstance(hit, PassageHit) for hit in found)
    return list(found)  # type: ignore[arg-type]


def title_of(hit: PassageHit) -> str:
    assert hit.title is not None
    return str(hit.title.title.primary_title)


def test_a_plot_is_found_by_a_word_inside_it_with_the_word_marked() -> None:
    found = passages("guitar", TextKind.PLOT)
    assert {title_of(hit) for hit in found[:2]} == {"El Mariachi", "Desperado"}
    assert all("<mark>guitar</mark>" in hit.snippet for hit in found)


def test_a_title_with_several_matching_plots_is_one_hit() -> None:
    titles = [title_of(hit) for hit in passages("guitar case", TextKind.PLOT)]
    assert len(titles) == len(set(titles))


def test_a_summary_hit_names_its_author() -> None:
    found = passages("hitman broken jail", TextKind.PLOT)
    assert title_of(found[0]) == "El Mariachi"
    assert found[0].passage.detail == "Summary by reeldb demo"


def test_a_quote_is_found_with_its_speaker() -> None:
    found = passages("mexican", TextKind.QUOTE)
    assert title_of(found[0]) == "Once Upon a Time in Mexico"
    assert found[0].snippet == (
        "Sands: Are you a <mark>Mexican</mark> or a <mark>Mexican</mark>&#x27;t?"
    )


def test_a_bio_is_found_and_shows_the_person() -> None:
    found = passages("san antonio filmmaker", TextKind.BIO)
    assert found[0].person is not None
    assert found[0].person.person.primary_name == "Robert Rodriguez"
    assert "<mark>San</mark> <mark>Antonio</mark>" in found[0].snippet


def test_the_last_word_matches_as_a_prefix_and_every_word_must_match() -> None:
    assert passages("guit", TextKind.PLOT)
    assert not passages("guitar zzzzqx", TextKind.PLOT)


def test_the_plots_page_shows_titles_snippets_and_marks() -> None:
    response = Client().get("/find", {"q": "guitar", "s": "pl"})
    results = find_results_text(response)
    assert results.startswith("Plots")
    assert "El Mariachi" in results
    assert "<mark>guitar</mark>" in response.content.decode()


def test_all_shows_quotes_bios_and_plots_after_the_name_categories() -> None:
    results = find_results_text(Client().get("/find", {"q": "mariachi"}))
    headings = ["Titles", "Keywords", "Characters", "Bios", "Plots"]
    positions = [results.find(f"{heading} ") for heading in headings]
    assert -1 not in positions, results
    assert positions == sorted(positions)


def test_the_index_holds_every_quote_plot_and_bio_of_the_demo() -> None:
    counts = {kind: SearchText.objects.filter(kind=kind).count() for kind in TextKind}
    assert counts[TextKind.BIO] == 32
    assert counts[TextKind.QUOTE] >= 3
    assert counts[TextKind.PLOT] > counts[TextKind.QUOTE]


def test_a_snippet_is_the_text_around_the_first_match() -> None:
    words = [f"w{n}" for n in range(200)]
    shown = snippet(" ".join([*words[:100], "guitar", *words[100:]]), ["guitar"])
    assert shown == "…" + " ".join([*words[90:100], "<mark>guitar</mark>", *words[100:125]]) + "…"
    assert snippet("no match here", ["zz"]) == "no match here"


def test_a_snippet_near_the_end_is_still_full_and_escaped() -> None:
    words = [f"w{n}" for n in range(100)]
    shown = snippet(" ".join(words) + " <i>guitar</i>\nend", ["guitar"])
    assert shown.startswith("…w68 ")
    assert shown.endswith("&lt;i&gt;<mark>guitar</mark>&lt;/i&gt;<br>end")


def test_a_snippet_stays_in_the_paragraph_of_its_match() -> None:
    text = "First part ends here.\n\nThe Mariachi leaves carrying his guitar case.\n\nAfter."
    assert snippet(text, ["guitar"]) == (
        "…The Mariachi leaves carrying his <mark>guitar</mark> case.…"
    )
