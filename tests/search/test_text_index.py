"""The long-text index: kept current by the catalogue's saves and deletes, rebuilt, ranked."""

from __future__ import annotations

import pytest

from reeldb.catalog.models import Plot, PlotKind, Quote, Title
from reeldb.search.index.category_hits import PassageHit
from reeldb.search.index.finding import find
from reeldb.search.index.passages import Passage, _blended
from reeldb.search.models import SearchText, TextKind
from reeldb.search.services import rebuild_index
from reeldb.search.texts import rebuild_text_index
from tests.catalog.factories import PersonFactory, SourceFactory, TitleFactory

pytestmark = pytest.mark.django_db


def found_titles(query: str, kind: str) -> list[str]:
    hits = find(query, kinds=(kind,), limit=10).groups[0].hits
    return [
        hit.title.title.primary_title for hit in hits if isinstance(hit, PassageHit) and hit.title
    ]


def plot(title: Title, text: str, *, kind: str = PlotKind.OUTLINE, author: str = "") -> Plot:
    return Plot.objects.create(
        title=title, kind=kind, text=text, author=author, source=SourceFactory()
    )


def test_a_saved_plot_is_found_at_once_and_a_deleted_one_is_not() -> None:
    film = TitleFactory(primary_title="Desperado")
    outline = plot(film, "A mariachi hunts a drug lord.")
    assert found_titles("drug lord", TextKind.PLOT) == ["Desperado"]
    outline.text = "A musician looks for revenge."
    outline.save()
    assert found_titles("drug lord", TextKind.PLOT) == []
    assert found_titles("revenge", TextKind.PLOT) == ["Desperado"]
    outline.delete()
    assert SearchText.objects.count() == 0


def test_accents_fold_both_ways() -> None:
    plot(TitleFactory(primary_title="Accented"), "Un ñandú über alles.")
    plot(TitleFactory(primary_title="Plain"), "A nandu uber alles.")
    assert sorted(found_titles("nandu", TextKind.PLOT)) == ["Accented", "Plain"]
    assert sorted(found_titles("ÑANDÚ Über", TextKind.PLOT)) == ["Accented", "Plain"]


def test_a_quote_is_indexed_with_its_speakers_and_leaves_with_its_title() -> None:
    film = TitleFactory(primary_title="Once Upon a Time in Mexico")
    Quote.objects.create(
        title=film,
        source=SourceFactory(),
        lines=[{"character": "Sands", "text": "Are you a Mexican?"}, {"text": "No."}],
    )
    assert SearchText.objects.get().text == "Sands: Are you a Mexican?\nNo."
    assert found_titles("sands mexican", TextKind.QUOTE) == ["Once Upon a Time in Mexico"]
    film.delete()
    assert SearchText.objects.count() == 0


def test_a_bio_follows_its_person() -> None:
    person = PersonFactory(primary_name="Robert Rodriguez", bio="Born in San Antonio.")
    assert SearchText.objects.get(kind=TextKind.BIO).target_id == person.pk
    person.bio = ""
    person.save()
    assert not SearchText.objects.filter(kind=TextKind.BIO).exists()
    person.bio = "Founded Troublemaker Studios."
    person.save()
    hits = find("troublemaker", kinds=(TextKind.BIO,), limit=5).groups[0].hits
    assert [hit.person.person.pk for hit in hits if isinstance(hit, PassageHit) and hit.person] == [
        person.pk
    ]
    person.delete()
    assert not SearchText.objects.exists()


def test_a_summary_keeps_its_author_and_a_synopsis_its_kind() -> None:
    film = TitleFactory(num_votes=5)
    plot(film, "Words.", kind=PlotKind.SUMMARY, author="Jane")
    plot(film, "More words.", kind=PlotKind.SYNOPSIS)
    assert sorted(SearchText.objects.values_list("detail", "popularity")) == [
        ("Summary by Jane", 5),
        ("Synopsis", 5),
    ]


def test_a_rebuild_reads_every_text_again_with_current_votes() -> None:
    film = TitleFactory(num_votes=1)
    plot(film, "A guitar case full of guns.")
    Title.objects.filter(pk=film.pk).update(num_votes=900)  # no signal
    SearchText.objects.all().delete()
    rebuild_index()
    assert list(SearchText.objects.values_list("popularity", flat=True)) == [900]
    assert rebuild_text_index() == 1


def test_every_word_goes_in_quoted_so_search_syntax_is_plain_text() -> None:
    plot(TitleFactory(primary_title="Near"), "near and or not kind folded")
    for query in ["NEAR(a b)", "kind : pl", 'folded : "x"', "and OR not", "a:* & !b | (c"]:
        find(query, kinds=(TextKind.PLOT, TextKind.QUOTE, TextKind.BIO), limit=5)
    assert found_titles("NEAR and OR not", TextKind.PLOT) == ["Near"]
    assert found_titles("kind: folded", TextKind.PLOT) == ["Near"]


def passage(pk: int, relevance: float, popularity: int) -> Passage:
    return Passage(pk, "pl", pk, pk, "", "", popularity, relevance)


def test_popularity_breaks_near_ties_but_not_a_far_better_match() -> None:
    close = [passage(1, 1.0, 10), passage(2, 0.95, 100_000)]
    assert [p.id for p in _blended(close)] == [2, 1]
    far = [passage(1, 10.0, 10), passage(2, 1.0, 100_000)]
    assert [p.id for p in _blended(far)] == [1, 2]
